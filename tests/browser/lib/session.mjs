// The suite's shared state: one browser per engine for the whole run, one page per test, the server's
// address, and helpers for skipping with a reason and keeping artifacts of failures.
import fs from 'node:fs';
import path from 'node:path';

export const engine = process.env.DELTAG_ENGINE || 'chromium';
export const baseUrl = process.env.DELTAG_BASE_URL || 'http://127.0.0.1:8080/';
export const hasApi = process.env.DELTAG_HAS_API === '1';
export const adminToken = process.env.DELTAG_ADMIN_TOKEN || '';
export const artifacts = process.env.DELTAG_ARTIFACTS || path.resolve('artifacts', engine);
export const repoRoot = process.env.DELTAG_ROOT || path.resolve('../..');
export const wasmDir = process.env.DELTAG_WASM_DIR || '';

let browser = null;

export async function startBrowser() {
  const { launch } = await import(`../drivers/${engine}.mjs`);
  const t0 = Date.now();
  browser = await launch();
  console.log(`# ${engine} ${browser.version} launched in ${Date.now() - t0} ms`);
  return browser;
}

export async function stopBrowser() {
  if (browser) await browser.close();
  browser = null;
}

export function driver() {
  if (!browser) throw new Error('browser not started');
  return browser;
}

// The reason an engine cannot run a check, for the skip message ("firefox: ...").
export function unsupported(capability) {
  const b = driver();
  if (b.capabilities[capability]) return null;
  return `${engine}: ${(b.reasons && b.reasons[capability]) || `${capability} not available`}`;
}

// Skips the test with a reason unless every capability is there; returns true when skipped.
export function skipUnless(t, ...capabilities) {
  for (const c of capabilities) {
    const reason = unsupported(c);
    if (reason) { t.skip(reason); return true; }
  }
  return false;
}

export function skipWithoutApi(t) {
  if (hasApi) return false;
  t.skip(`${engine}: no Deltag server binary given (--server), static files only`);
  return true;
}

export function url(rel) {
  return new URL(rel, baseUrl).href;
}

export function artifactPath(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

// Runs fn with a fresh page; on failure keeps a screenshot and the page's console next to the other artifacts.
export async function withPage(t, options, fn) {
  const page = await driver().newPage(options);
  try {
    return await fn(page);
  } catch (err) {
    const base = `failed-${slug(t.name)}`;
    await page.screenshot(artifactPath(`${base}.png`)).catch(() => {});
    fs.writeFileSync(artifactPath(`${base}.console.txt`), page.consoleLines.join('\n'));
    throw err;
  } finally {
    await page.close().catch(() => {});
  }
}
