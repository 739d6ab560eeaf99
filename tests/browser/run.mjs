#!/usr/bin/env node
// Runs the browser suite in one engine: starts a display if the engine needs one, the Deltag server
// (or, without --server, a plain static server for the harness checks), then the suite under node:test.
//   node tests/browser/run.mjs --engine chromium|firefox|webkit --server <deltag-server> --wasm <dir> [--grep re]
// Prints node's TAP summary (# pass N / # fail M); exits non-zero when a test failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDeltagServer, startStaticServer } from './lib/servers.mjs';
import { startXvfb } from './lib/xvfb.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const ENGINES = ['chromium', 'firefox', 'webkit'];
// Engines that only get WebGL2 headful (TOOLCHAIN.md: no WebGL in headless Firefox; WebKitGTK has no headless mode).
const NEEDS_DISPLAY = new Set(['firefox', 'webkit']);

function parseArgs(argv) {
  const opts = { engine: 'chromium', server: '', wasm: path.join(ROOT, 'build/wasm-release/wasm'), grep: '' };
  for (let i = 0; i < argv.length; i += 1) {
    const [key, inline] = argv[i].split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (key === '--engine') opts.engine = value();
    else if (key === '--server') opts.server = value();
    else if (key === '--wasm') opts.wasm = value();
    else if (key === '--grep') opts.grep = value();
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!ENGINES.includes(opts.engine)) throw new Error(`--engine must be one of ${ENGINES.join(', ')}`);
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const artifacts = path.join(HERE, 'artifacts', opts.engine);
  fs.rmSync(artifacts, { recursive: true, force: true }); // this run's pictures and logs only
  fs.mkdirSync(artifacts, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `deltag-browser-${opts.engine}-`));
  const cleanups = [];
  const cleanup = async () => { for (const f of cleanups.reverse()) await f().catch(() => {}); fs.rmSync(tmp, { recursive: true, force: true }); };
  process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
  process.on('SIGTERM', () => cleanup().then(() => process.exit(143)));

  let exitCode = 1;
  try {
    const staticDirs = [path.join(ROOT, 'web'), path.resolve(opts.wasm), path.join(ROOT, '.deps/fonts'), path.join(HERE, 'fixtures')];
    const adminToken = `bt-${process.pid}-${Date.now()}`;
    let server;
    if (opts.server) {
      const binary = path.resolve(opts.server);
      if (!fs.existsSync(binary)) throw new Error(`server binary not found: ${binary}`);
      server = await startDeltagServer({ binary, root: ROOT, db: path.join(tmp, 'deltag.db'), staticDirs,
        adminToken, log: path.join(artifacts, 'server.log') });
    } else {
      server = await startStaticServer(staticDirs);
    }
    cleanups.push(() => server.stop());

    const env = { ...process.env, DELTAG_ENGINE: opts.engine, DELTAG_BASE_URL: server.url,
      DELTAG_HAS_API: server.hasApi ? '1' : '0', DELTAG_ADMIN_TOKEN: adminToken, DELTAG_ARTIFACTS: artifacts,
      DELTAG_ROOT: ROOT, DELTAG_WASM_DIR: path.resolve(opts.wasm), LIBGL_ALWAYS_SOFTWARE: '1' };
    if (NEEDS_DISPLAY.has(opts.engine) && !process.env.DELTAG_USE_DISPLAY) {
      const xvfb = await startXvfb();
      cleanups.push(() => xvfb.stop());
      env.DISPLAY = xvfb.display;
    }
    const args = ['--test-reporter=tap', '--test-reporter-destination=stdout'];
    if (opts.grep) args.push(`--test-name-pattern=${opts.grep}`);
    args.push(path.join(HERE, 'suite.mjs'));
    console.log(`# engine ${opts.engine}, server ${server.url}${server.hasApi ? '' : ' (static only: API tests skip)'}`);
    exitCode = await new Promise((resolve) => {
      const child = spawn(process.execPath, args, { env, stdio: 'inherit' });
      cleanups.push(async () => { if (child.exitCode === null) child.kill('SIGTERM'); });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } catch (err) {
    console.log(`not ok 1 - harness could not start: ${err.message}`);
    console.log('# pass 0');
    console.log('# fail 1');
    exitCode = 1;
  } finally {
    await cleanup();
  }
  console.log(`# ${opts.engine} suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(exitCode);
}

main();
