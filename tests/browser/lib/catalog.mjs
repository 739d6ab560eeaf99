// The catalogs' texts on the test side, read from the repo's JSON files (never copied into tests), so a
// test can assert that the widget shows exactly the catalog's message for an error code.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './session.mjs';

const DIRS = ['shared/catalogs', 'wasm/catalogs', 'web/catalogs'];
const cache = new Map();

export function catalog(lang) {
  if (cache.has(lang)) return cache.get(lang);
  const merged = {};
  const name = new RegExp(`(^|[._-])${lang}\\.json$`);
  for (const dir of DIRS) {
    const full = path.join(repoRoot, dir);
    if (!fs.existsSync(full)) continue;
    for (const f of fs.readdirSync(full).filter((n) => name.test(n)).sort()) {
      const data = JSON.parse(fs.readFileSync(path.join(full, f), 'utf8'));
      flatten(data, '', merged);
    }
  }
  cache.set(lang, merged);
  return merged;
}

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') flatten(v, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
}

// The catalog text for key with {param}s filled in; throws for a key the catalog lacks.
export function message(lang, key, params = {}) {
  const text = catalog(lang)[key];
  if (typeof text !== 'string') throw new Error(`catalog ${lang} has no key ${key}`);
  return text.replace(/\{(\w+)\}/g, (m, p) => (p in params ? String(params[p]) : m));
}
