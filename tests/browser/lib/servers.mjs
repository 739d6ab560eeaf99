// Starts what the browser talks to: the real Deltag server binary on a free port with a temp DB, or,
// without a binary, a plain static file server (harness checks only). Knows nothing about the browsers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { stopProcess } from './xvfb.mjs';

const LISTENING = /Deltag listening on (http:\/\/127\.0\.0\.1:\d+\/)/;

// The folders the widget is served from, first match wins, in the order ./deltag demo uses: the
// build's dist (minified scripts and styles, beside its wasm folder: build/<preset>/dist), web/
// (pages and demo files), the wasm folder (.wasm); no font since issue 12. A build without dist (configured with
// -DDELTAG_MINIFY=OFF) serves the readable sources: the server skips a missing folder.
export function widgetStaticDirs(root, wasmDir) {
  const wasm = path.resolve(wasmDir);
  return [path.join(path.dirname(wasm), 'dist'), path.join(root, 'web'), wasm];
}

// The demo's events and forms copied to `dir`, the suite's fixture events, plus seed 001 (the reference-group application)
// opened under its own id (`OPEN_APPLICATION`): the demo keeps seed 001 closed, and the tests
// still sign up for it end to end and decide on it on the staff page (issue 14).
export const OPEN_APPLICATION = 'referensgrupp-mot-rasism-test';

export function makeTestEvents(root, dir) {
  for (const sub of ['events', 'forms']) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    for (const f of fs.readdirSync(path.join(root, 'shared/demo', sub)).filter((n) => n.endsWith('.json')))
      fs.copyFileSync(path.join(root, 'shared/demo', sub, f), path.join(dir, sub, f));
  }
  const seed = JSON.parse(fs.readFileSync(path.join(root, 'shared/demo/events/referensgrupp-mot-rasism.json'), 'utf8'));
  seed.id = OPEN_APPLICATION;
  delete seed.demo; // an open demo event: its dates move into the coming weeks like the others'
  fs.writeFileSync(path.join(dir, 'events', `${OPEN_APPLICATION}.json`), JSON.stringify(seed, null, 1));
  // The suite's own events (fixtures/events): closed, so no form test picks them, with texts the
  // canvas must draw as the browser does (90_scripts.test.mjs: session titles in seven scripts).
  const own = path.join(root, 'tests/browser/fixtures/events');
  for (const f of fs.readdirSync(own).filter((n) => n.endsWith('.json'))) fs.copyFileSync(path.join(own, f), path.join(dir, 'events', f));
  return dir;
}

export function startDeltagServer({ binary, root, db, staticDirs, adminToken, log, events, catalogs }) {
  const args = ['--port', '0', '--db', db, '--events', events || path.join(root, 'shared/demo'), '--demo',
    ...(catalogs ? ['--catalogs', catalogs] : []),
    ...staticDirs.flatMap((d) => ['--static', d]), '--min-fill-ms', '0', '--rate-limit', '100000/min'];
  const logStream = fs.createWriteStream(log);
  logStream.write(`$ ${binary} ${args.join(' ')}\n`);
  // ASan's leak check at exit is the server suite's business, not the browser suite's.
  const env = { ...process.env, DELTAG_ADMIN_TOKEN: adminToken, ASAN_OPTIONS: 'detect_leaks=0' };
  const proc = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`server printed no "Deltag listening on" line in 20 s: ${seen.slice(0, 500)}`)); }, 20000);
    const onData = (chunk) => {
      logStream.write(chunk);
      if (timer === null) return;
      seen += chunk;
      const m = LISTENING.exec(seen);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1], hasApi: true, proc, stop: () => stopProcess(proc).then(() => logStream.end()) });
    };
    proc.stdout.on('data', onData);
    let errText = '';
    proc.stderr.on('data', (chunk) => { logStream.write(chunk); errText += chunk; });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.on('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? sig}) before listening: ${(seen + errText).slice(0, 500)}`)); });
  });
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml', '.png': 'image/png' };

export function startStaticServer(dirs) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    for (const dir of dirs) {
      const file = path.join(dir, rel);
      if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"code":"not_found"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`, hasApi: false,
    stop: () => new Promise((r) => server.close(() => r())),
  })));
}
