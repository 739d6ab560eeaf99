// Minifies one script or stylesheet the browser loads (web/*.js, web/*.css, the emscripten glue)
// into the build's dist folder, which the server serves before web/; several scripts given are
// joined into one, in order. Run by wasm/CMakeLists.txt. Depends on node and the packages pinned
// in this folder's package-lock.json only.
//   node minify.mjs <input.js|input.css>... <output>
import fs from 'node:fs';
import path from 'node:path';
import { minify as minifyJs } from 'terser';
import { minify as minifyCss } from 'csso';

// Local names are mangled, property names never: the emscripten glue reaches the wasm exports
// and the host reaches the module through properties (Module["_deltag_frame"], Deltag.Overlay).
// Top-level names stay too: classic scripts share the page's global scope (DeltagModule,
// window.Deltag). Nothing here produces eval or new Function, so the CSP story is unchanged.
const TERSER = {
  compress: { passes: 2 },
  mangle: true,
  toplevel: false,
  format: { comments: false },
};

// Structure-preserving only: csso's restructuring merges rules across the file, which can
// reorder the cascade, and measured 10 bytes larger after gzip on deltag.css anyway.
const CSSO = { restructure: false };

async function minified(file, text) {
  if (file.endsWith('.css')) return minifyCss(text, CSSO).css;
  if (file.endsWith('.js')) return (await minifyJs(text, TERSER)).code;
  throw new Error(`${file}: neither .js nor .css`);
}

async function main() {
  const args = process.argv.slice(2);
  const output = args.pop();
  const inputs = args;
  if (!inputs.length || !output) throw new Error('usage: node minify.mjs <input.js|input.css>... <output>');
  if (inputs.length > 1 && !inputs.every((f) => f.endsWith('.js'))) throw new Error('only scripts are joined');
  // Each script is a classic script of its own (an IIFE or top-level vars): joined with ';' so
  // one without a trailing semicolon cannot run into the next.
  const text = inputs.map((f) => fs.readFileSync(f, 'utf8')).join('\n;\n');
  const out = await minified(inputs[0], text);
  if (!out) throw new Error(`${inputs.join(' + ')}: the minifier returned nothing`);
  // Written next to the output and renamed: a failed run never leaves a half-written file
  // that a later build would take as up to date.
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const tmp = `${output}.tmp`;
  fs.writeFileSync(tmp, out.endsWith('\n') ? out : `${out}\n`);
  fs.renameSync(tmp, output);
}

main().catch((e) => {
  console.error(`minify: ${e.message || e}`);
  process.exit(1);
});
