// Firefox ESR driver: puppeteer-core over WebDriver BiDi, headful on the run's Xvfb display (headless
// Firefox has no WebGL here, TOOLCHAIN.md). Implements the suite's driver interface; knows nothing of Deltag.
import puppeteer from 'puppeteer-core';
import { splitChord } from './keys.mjs';

export async function launch() {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr',
    headless: false, protocol: 'webDriverBiDi', args: ['--width=1280', '--height=1000'],
    extraPrefsFirefox: { 'dom.disable_open_during_load': false } });
  return {
    name: 'firefox',
    version: await browser.version(),
    capabilities: { touch: true, offline: true, viewport: true, narrowViewport: true, dpr: true, wheel: true, cdp: false,
      composition: true, clipboard: true, mediaEmulation: false },
    reasons: {
      mediaEmulation: 'puppeteer-core emulates media features over CDP only (not WebDriver BiDi), and Firefox\'s forced colours are a profile preference fixed at launch',
    },
    async newPage({ width = 1024, height = 768, dpr = 1, touch = false } = {}) {
      // One user context per test: fresh storage, as a first-time visitor has.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width, height, deviceScaleFactor: dpr, hasTouch: touch });
      return wrap(page, context);
    },
    close: () => browser.close(),
  };
}

function wrap(page, context) {
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
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
      for (const m of modifiers) await page.keyboard.down(m);
      await page.keyboard.press(key === 'Space' ? ' ' : key); // puppeteer's BiDi keyboard knows ' ', not 'Space'
      for (const m of modifiers.reverse()) await page.keyboard.up(m);
    },
    tap: (x, y) => page.touchscreen.tap(x, y),
    async wheel(x, y, dx, dy) { await page.mouse.move(x, y); await page.mouse.wheel({ deltaX: dx, deltaY: dy }); },
    async mouseClick(x, y) { await page.mouse.click(x, y); },
    screenshot: (path) => page.screenshot({ path }),
    setOffline: (offline) => page.setOfflineMode(offline),
    setViewport: (width, height, dpr = 1) => page.setViewport({ width, height, deviceScaleFactor: dpr }),
    close: () => context.close(),
  };
}
