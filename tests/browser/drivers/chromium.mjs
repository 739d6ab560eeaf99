// Chromium driver: Playwright over CDP with Debian's /usr/bin/chromium, headless with SwiftShader WebGL2.
// Implements the suite's driver interface (tests/browser/README.md); must not know about Deltag.
import { chromium } from 'playwright-core';
import { splitChord } from './keys.mjs';

const ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'];

export async function launch() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  return {
    name: 'chromium',
    version: browser.version(),
    capabilities: { touch: true, offline: true, viewport: true, narrowViewport: true, dpr: true, wheel: true, cdp: true,
      composition: true, clipboard: true, mediaEmulation: true, ime: true },
    async newPage({ width = 1024, height = 768, dpr = 1, touch = false } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr,
        hasTouch: touch, isMobile: false });
      const page = await context.newPage();
      return wrap(page, context);
    },
    close: () => browser.close(),
  };
}

function wrap(page, context) {
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  // Non-GET requests and their outcome, with the time: what a failed offline test needs to see.
  const stamp = () => new Date().toISOString().slice(11, 23);
  page.on('request', (r) => { if (r.method() !== 'GET') consoleLines.push(`${stamp()} request: ${r.method()} ${r.url()}`); });
  page.on('requestfailed', (r) => consoleLines.push(`${stamp()} requestfailed: ${r.method()} ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) consoleLines.push(`${stamp()} navigated: ${f.url()}`); });
  return {
    raw: page,
    consoleLines,
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    url: () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    evaluateSource: (source) => page.evaluate(source),
    click: (selector) => page.click(selector),
    type: (text) => page.keyboard.type(text),
    async press(chord) {
      const { modifiers, key } = splitChord(chord);
      await page.keyboard.press([...modifiers, key].join('+'));
    },
    tap: (x, y) => page.touchscreen.tap(x, y),
    async wheel(x, y, dx, dy) { await page.mouse.move(x, y); await page.mouse.wheel(dx, dy); },
    async mouseClick(x, y) { await page.mouse.click(x, y); },
    screenshot: (path) => page.screenshot({ path }),
    setOffline: (offline) => context.setOffline(offline),
    // { forcedColors: 'active'|'none', colorScheme: 'light'|'dark', contrast: 'more'|'no-preference' }
    emulateMedia: (features) => page.emulateMedia(features),
    async setViewport(width, height, dpr) {
      if (dpr === undefined) return page.setViewportSize({ width, height });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: dpr, mobile: false });
    },
    async cdpMetrics() {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    },
    // A real IME composition through the browser's input pipeline (CDP Input.imeSetComposition):
    // the browser itself draws the composition's underline in the focused field.
    async imeSetComposition(text) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    },
    async imeCommit(text) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Input.insertText', { text });
    },
    close: () => context.close(),
  };
}
