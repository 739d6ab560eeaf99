// The one browser suite: launches the engine's browser once, then loads every tests/*.test.mjs, whose
// tests share it (one page each). Started by run.mjs with node's TAP reporter; never run it by hand
// without the DELTAG_* environment that run.mjs sets.
import fs from 'node:fs';
import path from 'node:path';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startBrowser, stopBrowser } from './lib/session.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

before(startBrowser, { timeout: 60000 });
after(stopBrowser, { timeout: 30000 });

const dir = path.join(HERE, 'tests');
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort()) {
  await import(path.join(dir, file));
}
