// The widget benchmark behind tests/bench/widget: starts the release server with the demo, drives
// headless Chromium (Playwright), prints figures. No asserts: numbers to compare across commits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startDeltagServer, widgetStaticDirs } from '../browser/lib/servers.mjs';
import { startWireProxy } from './wire_proxy.mjs';
import { lighthouseFigures } from './lighthouse.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const require = createRequire(path.join(ROOT, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const opts = { server: path.join(ROOT, 'build/native-release/server-stub/deltag-server'), wasm: path.join(ROOT, 'build/wasm-release/wasm') };
for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const IDLE_MS = 5000;
const FIRST_FRAME_RUNS = 7;

// Runs before any page script: counts WebGL draws, and wraps the widget module's _deltag_frame to
// count frames and time each one. The factory global is trapped so the wrap happens on creation.
function hooks() {
  const b = window.__bench = { firstDraw: null, draws: 0, frames: 0, frameMs: [], firstFrame: null, ready: null };
  const mark = () => performance.now();
  for (const proto of [window.WebGL2RenderingContext && WebGL2RenderingContext.prototype].filter(Boolean)) {
    for (const name of ['drawElements', 'drawArrays']) {
      const orig = proto[name];
      proto[name] = function (...args) { b.draws += 1; if (b.firstDraw === null) b.firstDraw = mark(); return orig.apply(this, args); };
    }
  }
  document.addEventListener('deltag:ready', () => { if (b.ready === null) b.ready = mark(); }, true);
  let factory;
  Object.defineProperty(window, 'DeltagModule', { configurable: true, get: () => factory, set(f) {
    factory = (o) => f(o).then((inst) => {
      // Emscripten's export stub replaces Module._deltag_frame with the raw wasm export on its first
      // call; an accessor keeps our timing wrapper in front of whatever is assigned.
      let frame = inst._deltag_frame;
      const wrapper = (...args) => {
        const t0 = mark();
        try { return frame(...args); } finally {
          const t1 = mark();
          b.frames += 1; b.frameMs.push(t1 - t0);
          if (b.firstFrame === null) b.firstFrame = t1;
        }
      };
      Object.defineProperty(inst, '_deltag_frame', { configurable: true, get: () => wrapper, set: (fn) => { frame = fn; } });
      return inst;
    });
  } });
}

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(page, fn, timeout = 30000) {
  await page.waitForFunction(fn, null, { timeout, polling: 50 });
}

// The widget asks for event data in the language it shows (?lang=): the event's own language here.
// What one event's registration fetches: the page's scripts, style and wasm (no font file since
// issue 12: the browser draws the text in the page's own font), then the
// event's data and catalog in its language and, with an organisation picker, the lists.
// overlay.js only when the page fetched it: a build's glue carries it (wasm/CMakeLists.txt).
let overlaySeparate = true;
async function registrationFiles(base, eventId, lang) {
  const files = [['embed.js', 'embed.js'], ...(overlaySeparate ? [['overlay.js', 'overlay.js']] : []), ['deltag.css', 'deltag.css'],
    ['deltag-widget.js', 'deltag-widget.js'], ['deltag-widget.wasm', 'deltag-widget.wasm'],
    [`event JSON (${lang})`, `api/v1/events/${eventId}?lang=${lang}`],
    [`catalog (${lang})`, `api/v1/catalogs/${lang}`]];
  // The widget fetches a country's municipality list when the form has an organisation picker.
  const event = await (await fetch(new URL(`api/v1/events/${eventId}?lang=${lang}`, base))).json();
  const countries = new Set();
  for (const f of event.event.form.fields) {
    if (f.type === 'organisation') for (const c of (f.countries && f.countries.length ? f.countries : ['se', 'dk'])) countries.add(c);
  }
  for (const c of countries) files.push([`municipalities (${c})`, `api/v1/organisations/${c}`]);
  return files;
}

async function gzipBytes(base, rel) {
  const res = await fetch(new URL(rel, base));
  if (!res.ok) return null;
  const buf = Buffer.from(await res.arrayBuffer());
  return { raw: buf.length, gzip: gz(buf) };
}

async function sizes(base, eventId, lang) {
  console.log('\n## Bytes a registration needs (gzip -9)');
  let total = 0;
  for (const [what, rel] of await registrationFiles(base, eventId, lang)) {
    const b = await gzipBytes(base, rel);
    if (!b) { console.log(`${what.padEnd(20)} missing (for /${rel})`); continue; }
    total += b.gzip;
    console.log(`${what.padEnd(20)} ${String(b.raw).padStart(8)} B raw  ${String(b.gzip).padStart(7)} B gzip`);
  }
  console.log(`${'total'.padEnd(20)} ${' '.repeat(15)} ${String(total).padStart(7)} B gzip (${kb(total)})`);
}

// The same total for every event the server has, in its own language: the goal holds for each.
async function sizesPerEvent(base, events) {
  console.log('\n## The same total for each event (its default language)');
  for (const e of events) {
    const lang = e.event.default_language || 'sv';
    let total = 0;
    for (const [, rel] of await registrationFiles(base, e.event.id, lang)) total += (await gzipBytes(base, rel) || { gzip: 0 }).gzip;
    console.log(`${e.event.id.padEnd(44)} ${lang}  ${String(total).padStart(7)} B gzip (${kb(total)})`);
  }
}

// Whether loading the widget's page requests `pathname`.
async function pageFetches(browser, pageUrl, pathname) {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  const seen = new Set();
  page.on('request', (r) => seen.add(new URL(r.url()).pathname));
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForSelector('.deltag-ready', { timeout: 30000 });
  await ctx.close();
  return seen.has(pathname);
}

// One page load: when the first WebGL draw (and for the widget the first DOM sync) happened.
async function loadOnce(browser, pageUrl, widget) {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  await page.addInitScript(hooks);
  await page.goto(pageUrl, { waitUntil: 'load' });
  await waitFor(page, widget ? () => window.__bench.ready !== null && window.__bench.firstDraw !== null : () => window.__bench.firstDraw !== null);
  const b = await page.evaluate(() => window.__bench);
  await ctx.close();
  return b;
}

// The widget and the baseline load in turns, so both see the same moments of a shared, noisy
// machine; the ratio of the medians is the figure to compare.
async function firstFrames(browser, pages) {
  const runs = pages.map(() => []);
  for (let i = 0; i < FIRST_FRAME_RUNS; i += 1) {
    for (let k = 0; k < pages.length; k += 1) runs[k].push(await loadOnce(browser, pages[k].url, pages[k].widget));
  }
  const medians = pages.map((p, k) => {
    const fd = runs[k].map((r) => r.firstDraw);
    console.log(`${p.label.padEnd(34)} first WebGL draw ${median(fd).toFixed(0)} ms (runs ${fd.map((x) => x.toFixed(0)).join(', ')})` +
      (p.widget ? `; event list synced to the DOM ${median(runs[k].map((r) => r.ready)).toFixed(0)} ms` : ''));
    return median(fd);
  });
  if (medians.length === 2) console.log(`ratio widget / minimal: ${(medians[0] / medians[1]).toFixed(2)}x`);
}

async function idleAndTyping(browser, base, eventId) {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  await page.addInitScript(hooks);
  await page.goto(new URL(`e/${eventId}`, base).href, { waitUntil: 'load' });
  await waitFor(page, () => window.__bench.ready !== null);
  await sleep(1000);
  const idle0 = await page.evaluate(() => ({ frames: window.__bench.frames, draws: window.__bench.draws }));
  await sleep(IDLE_MS);
  const idle1 = await page.evaluate(() => ({ frames: window.__bench.frames, draws: window.__bench.draws }));
  console.log('\n## Idle');
  console.log(`frames during ${IDLE_MS / 1000} s idle on the event page: ${idle1.frames - idle0.frames} (_deltag_frame calls), WebGL draws ${idle1.draws - idle0.draws}`);

  // Typing: open the form, type into the first text field, time every frame.
  const clickItem = (id) => page.evaluate((itemId) => { const el = [...document.querySelectorAll('.deltag-root *')].find((e) => e.__deltagItem === itemId && /^(BUTTON|A|INPUT)$/.test(e.tagName)); if (el) { el.focus(); return true; } return false; }, id);
  if (!(await clickItem('b-signup'))) { console.log('typing: no sign-up button on the event page, skipped'); await ctx.close(); return; }
  await page.keyboard.press('Enter');
  await waitFor(page, () => [...document.querySelectorAll('.deltag-root *')].some((e) => e.__deltagItem === 'f-name'));
  await clickItem('f-name');
  await sleep(300);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  await page.evaluate(() => { window.__bench.frameMs = []; window.__bench.frames = 0; });
  // Every keystroke makes a new text run (the field's value) for the browser to rasterise and the
  // run atlas to place: Latin, then names in other scripts (issue 12).
  const text = 'Anna-Karin Sjöström Áiluš, Göteborgs stad; Олена Шевченко Nguyễn Thị Ελένη 王芳 محمد ייִדיש';
  await page.keyboard.type(text, { delay: 40 });
  await sleep(500);
  const b = await page.evaluate(() => window.__bench);
  const m1 = await metrics();
  const per = (k) => ((m1[k] - m0[k]) * 1000 / Math.max(1, b.frames)).toFixed(2);
  console.log('\n## Typing');
  console.log(`${text.length} characters typed, ${b.frames} frames: CPU per frame (performance.now around _deltag_frame) median ${median(b.frameMs).toFixed(2)} ms, p90 ${pct(b.frameMs, 0.9).toFixed(2)} ms, max ${Math.max(...b.frameMs).toFixed(2)} ms`);
  console.log(`CDP Performance per frame while typing: TaskDuration ${per('TaskDuration')} ms, ScriptDuration ${per('ScriptDuration')} ms, LayoutDuration ${per('LayoutDuration')} ms`);
  await ctx.close();
}

// [SECTION] What the browser receives (issue 13): every byte the server sends (status lines, headers,
// encoded bodies) for /e/<event> in a fresh browser, page, scripts, wasm, data and the service
// worker's fetches, until the widget is ready, the worker has kept the offline copy and the
// network has been quiet for a second; then the same page again (repeat visit). Counted by a TCP
// proxy in front of the server (wire_proxy.mjs). Beside each first visit: what it would be with
// the same headers and every body brotli -q 11, the floor of compression alone.
const QUIET_MS = 1000;
const FIRST_VISIT_GOAL = 120 * 1024;
const REPEAT_VISIT_GOAL = 8 * 1024;

async function visitUntilIdle(page, proxy, url) {
  const mark = proxy.mark();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.deltag-ready', { timeout: 30000 });
  await page.waitForSelector('html[data-deltag-offline-ready]', { state: 'attached', timeout: 30000 }).catch(() => {});
  let count = -1;
  let bytes = -1;
  for (;;) {
    await sleep(QUIET_MS);
    const now = proxy.since(mark);
    const total = now.reduce((n, e) => n + e.bytes, 0);
    if (now.length === count && total === bytes) return now;
    count = now.length;
    bytes = total;
  }
}

async function brotliBody(base, entry) {
  if (entry.status !== 200 || entry.method !== 'GET') return 0;
  // Once more on a closed connection: node keeps idle connections longer than the server (5 s).
  let res;
  for (let attempt = 0; !res; attempt += 1) {
    try {
      res = await fetch(new URL(entry.path, base), { headers: { 'Accept-Encoding': 'identity' } });
    } catch (e) {
      if (attempt >= 2) throw new Error(`${entry.path}: ${e.cause || e.message}`);
    }
  }
  return zlib.brotliCompressSync(Buffer.from(await res.arrayBuffer()), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

function printEntries(entries) {
  for (const e of entries) {
    console.log(`  ${String(e.status).padStart(3)} ${String(e.bytes).padStart(7)} B (${String(e.headerBytes).padStart(4)} B headers)  ${e.method} ${e.path}`);
  }
}

async function wireBytes(browser, base, events, verbose) {
  const proxy = await startWireProxy(base);
  console.log('\n## What the browser receives for /e/<event> (headers + encoded bodies, service worker included)');
  console.log(`goal: first visit <= ${FIRST_VISIT_GOAL} B, repeat visit <= ${REPEAT_VISIT_GOAL} B`);
  const rows = [];
  try {
    for (const e of events) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      const url = new URL(`e/${e.event.id}`, proxy.url).href;
      const first = await visitUntilIdle(page, proxy, url);
      const repeat = await visitUntilIdle(page, proxy, url);
      await ctx.close();
      const sum = (xs) => xs.reduce((n, x) => n + x.bytes, 0);
      let brotli = 0;
      for (const x of first) brotli += x.headerBytes + (x.status === 200 ? await brotliBody(base, x) : x.bytes - x.headerBytes);
      const row = { id: e.event.id, first: sum(first), firstRequests: first.length, brotli, repeat: sum(repeat), repeatRequests: repeat.length };
      rows.push(row);
      console.log(`${row.id.padEnd(44)} first ${String(row.first).padStart(7)} B (${row.firstRequests} requests; bodies as brotli -q 11: ${row.brotli} B)` +
        `  repeat ${String(row.repeat).padStart(6)} B (${row.repeatRequests} requests)`);
      if (verbose && rows.length === 1) {
        console.log(' first visit:');
        printEntries(first);
        console.log(' repeat visit:');
        printEntries(repeat);
      }
    }
  } finally {
    await proxy.stop();
  }
  const worst = (k) => Math.max(...rows.map((r) => r[k]));
  console.log(`worst first visit ${worst('first')} B (goal ${FIRST_VISIT_GOAL} B, ${worst('first') <= FIRST_VISIT_GOAL ? 'met' : 'missed'}), ` +
    `with brotli bodies ${worst('brotli')} B; worst repeat visit ${worst('repeat')} B (goal ${REPEAT_VISIT_GOAL} B, ${worst('repeat') <= REPEAT_VISIT_GOAL ? 'met' : 'missed'})`);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deltag-bench-widget-'));
  const server = await startDeltagServer({ binary: path.resolve(opts.server), root: ROOT, db: path.join(tmp, 'bench.db'),
    staticDirs: [...widgetStaticDirs(ROOT, opts.wasm), path.join(HERE, 'pages')],
    adminToken: 'bench-admin-token-not-secret', log: path.join(tmp, 'server.log') });
  let browser = null;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const events = (await (await fetch(new URL('api/v1/events', server.url))).json()).events;
    const open = events.find((e) => e.availability.state === 'open') || events[0];
    const eventId = open.event.id;
    console.log(`# Deltag widget benchmark: Chromium ${browser.version()} (SwiftShader), event "${eventId}", ${os.cpus().length} cores`);
    // The byte list is fetched from the server, so it measures what is served: minified files
    // when the build made its dist folder, the readable sources otherwise (said here).
    const dist = widgetStaticDirs(ROOT, opts.wasm)[0];
    console.log(fs.existsSync(dist) ? `scripts and styles from ${path.relative(ROOT, dist)} (minified)` : `no ${path.relative(ROOT, dist)}: scripts and styles are web/'s sources, not minified`);
    overlaySeparate = await pageFetches(browser, new URL(`e/${eventId}`, server.url).href, '/overlay.js');
    if (!overlaySeparate) console.log('overlay.js: inside deltag-widget.js (the page does not fetch it)');
    if (process.env.DELTAG_BENCH_ONLY === 'lighthouse') {
      await lighthouseFigures([{ url: new URL(`e/${eventId}`, server.url).href, label: 'Deltag widget (/e/<event>)' },
        { url: new URL('minimal.html', server.url).href, label: 'deltag-minimal (one ImGui window)' }], CHROMIUM_ARGS,
      Number(process.env.DELTAG_LIGHTHOUSE_RUNS || 3));
      return;
    }
    // DELTAG_BENCH_ONLY=text: bytes, first frame and typing only (issue 12's budgets), no wire or Lighthouse.
    const textOnly = process.env.DELTAG_BENCH_ONLY === 'text';
    if (!textOnly) await wireBytes(browser, server.url, events, true);
    if (process.env.DELTAG_BENCH_ONLY === 'wire') return;
    await sizes(server.url, eventId, open.event.default_language || 'sv');
    await sizesPerEvent(server.url, events);
    console.log(`\n## Navigation to first frame (median of ${FIRST_FRAME_RUNS}, in turns, same run, same flags)`);
    const pages = [{ url: new URL(`e/${eventId}`, server.url).href, label: 'Deltag widget (/e/<event>)', widget: true }];
    if (fs.existsSync(path.join(path.resolve(opts.wasm), 'deltag-minimal.js'))) {
      pages.push({ url: new URL('minimal.html', server.url).href, label: 'deltag-minimal (one ImGui window)', widget: false });
    } else {
      console.log(`deltag-minimal: not built in ${opts.wasm}, no baseline`);
    }
    await firstFrames(browser, pages);
    await idleAndTyping(browser, server.url, eventId);
    if (!textOnly) await lighthouseFigures(pages, CHROMIUM_ARGS, Number(process.env.DELTAG_LIGHTHOUSE_RUNS || 3));
  } finally {
    if (browser) await browser.close();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`bench widget: ${e.stack || e}`); process.exit(1); });
