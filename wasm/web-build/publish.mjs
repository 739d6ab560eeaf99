// Writes the build's dist folder, what the server serves before web/ (issue 13): the widget's wasm,
// glue and styles and the page scripts under content-hashed names (name.<10 hex of SHA-256>.ext,
// served as immutable), the files that name them (embed.js, sw.js, the standalone and kiosk pages)
// rewritten to those names, and a brotli (quality 11) and gzip (-9) copy of every file, made here
// with Debian's brotli and gzip so the server never compresses per request. Run by
// wasm/CMakeLists.txt after the minifying; depends on node, brotli and gzip only.
//   node publish.mjs <dist> <minified-folder> <wasm-file> <web-folder>
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Hashed in this order: a file is hashed after the names it refers to are rewritten in it.
const HASHED = ['deltag-widget.wasm', 'deltag.css', 'pages.css', 'kiosk.css',
  'deltag-widget.js', 'standalone.js', 'kiosk.js'];
// Stable names: the loader hosts link, the service worker (its URL is its identity), the overlay
// for pages without the glue, and the pages. They name the hashed files.
const STABLE = ['embed.js', 'sw.js', 'overlay.js', 'standalone.html', 'kiosk.html'];
const COMPRESSED = /\.(js|css|html|wasm|json|svg)$/;

const hashOf = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 10);
const hashedName = (name, hash) => name.replace(/(\.[a-z0-9]+)$/, `.${hash}$1`);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A name as a whole string or path end inside quotes: 'x.css', "/x.css" (never part of a longer name).
function rewrite(text, names) {
  for (const [from, to] of Object.entries(names)) {
    text = text.replace(new RegExp(`(?<=['"/])${escape(from)}(?=['"?#])`, 'g'), to);
  }
  return text;
}

// Written only when the bytes differ, so the ETag (size and time) of an unchanged file stays.
function write(file, bytes) {
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes)) return false;
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
  return true;
}

// The .br and .gz copies of a file, kept only when smaller; made again when the file is newer.
function compressCopies(file) {
  const size = fs.statSync(file).size;
  const mtime = fs.statSync(file).mtimeMs;
  for (const [ext, cmd, args] of [['.br', 'brotli', ['-q', '11', '-c', file]], ['.gz', 'gzip', ['-9', '-n', '-c', file]]]) {
    const copy = file + ext;
    if (fs.existsSync(copy) && fs.statSync(copy).mtimeMs >= mtime) continue;
    const bytes = execFileSync(cmd, args, { maxBuffer: 64 << 20 });
    if (bytes.length < size) write(copy, bytes);
    else fs.rmSync(copy, { force: true });
  }
}

function main() {
  const [dist, minified, wasmFile, web] = process.argv.slice(2);
  if (!web) throw new Error('usage: node publish.mjs <dist> <minified-folder> <wasm-file> <web-folder>');
  const source = (name) => {
    if (name === 'deltag-widget.wasm') return wasmFile;
    if (name.endsWith('.html')) return path.join(web, name);
    return path.join(minified, name);
  };
  fs.mkdirSync(dist, { recursive: true });
  const names = {};
  const keep = new Set();
  for (const name of HASHED) {
    let bytes = fs.readFileSync(source(name));
    if (/\.(js|css)$/.test(name)) bytes = Buffer.from(rewrite(bytes.toString('utf8'), names));
    const hashed = hashedName(name, hashOf(bytes));
    write(path.join(dist, hashed), bytes);
    // The plain name too, for hosts and tools that link it (revalidated, never immutable).
    write(path.join(dist, name), bytes);
    names[name] = hashed;
    keep.add(hashed).add(name);
  }
  for (const name of STABLE) {
    const text = rewrite(fs.readFileSync(source(name), 'utf8'), names);
    write(path.join(dist, name), Buffer.from(text));
    keep.add(name);
  }
  write(path.join(dist, 'manifest.json'), Buffer.from(`${JSON.stringify(names, null, 1)}\n`));
  keep.add('manifest.json');
  // Earlier builds' hashed files go: an old URL is then a 404, never stale bytes.
  const ours = new RegExp(`^(${HASHED.map((n) => escape(n.replace(/\.[a-z0-9]+$/, ''))).join('|')})\\.[0-9a-f]{10}\\.[a-z0-9]+(\\.br|\\.gz)?$`);
  for (const file of fs.readdirSync(dist)) {
    const base = file.replace(/\.(br|gz)$/, '');
    if (ours.test(file) && !keep.has(base)) fs.rmSync(path.join(dist, file));
  }
  for (const file of keep) if (COMPRESSED.test(file)) compressCopies(path.join(dist, file));
}

try {
  main();
} catch (e) {
  console.error(`publish: ${e.message || e}`);
  process.exit(1);
}
