// WebKitGTK driver: selenium-webdriver talking to Debian's WebKitWebDriver, which runs MiniBrowser headful
// on the run's Xvfb display. Implements the suite's driver interface; knows nothing of Deltag.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { Builder, Capabilities, Key, By, Origin } from 'selenium-webdriver';
import { splitChord } from './keys.mjs';
import { stopProcess } from '../lib/xvfb.mjs';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const KEY = { Tab: Key.TAB, Enter: Key.ENTER, Space: Key.SPACE, Backspace: Key.BACK_SPACE, Escape: Key.ESCAPE,
  ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT,
  Home: Key.HOME, End: Key.END, Shift: Key.SHIFT, Control: Key.CONTROL, Alt: Key.ALT };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebKitWebDriver did not listen on ${port}`);
}

// One WebKitWebDriver + MiniBrowser per device scale: GTK takes the scale from GDK_SCALE at start-up,
// so devicePixelRatio 2 means a second browser (started only when a test asks for it).
async function startSession(scale) {
  const port = await freePort();
  const env = { ...process.env };
  if (scale !== 1) env.GDK_SCALE = String(scale);
  const service = spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore', env });
  await waitForPort(port, 10000);
  const caps = new Capabilities({ browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } });
  const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(caps).build();
  return { driver, service, window: await driver.getWindowHandle() };
}

export async function launch() {
  const sessions = new Map([[1, await startSession(1)]]);
  const version = (await sessions.get(1).driver.getCapabilities()).get('browserVersion');
  return {
    name: 'webkit',
    version: `WebKitGTK ${version}`,
    capabilities: { touch: false, offline: false, viewport: true, narrowViewport: false, dpr: true, wheel: true, cdp: false,
      composition: true, clipboard: false, mediaEmulation: false },
    reasons: {
      mediaEmulation: 'WebDriver classic has no media feature emulation (forced colours, contrast, colour scheme) in WebKitWebDriver',
      touch: 'WebKitWebDriver accepts touch pointer actions but delivers no pointer or click events',
      offline: 'WebDriver classic has no network emulation in WebKitWebDriver',
      narrowViewport: 'MiniBrowser\'s window cannot be narrower than its toolbar (447 px), so a 320 px viewport is out of reach',
      cdp: 'no Chrome DevTools Protocol in WebKit',
      clipboard: 'no clipboard permission or paste shortcut delivery over WebKitWebDriver',
    },
    // One window per scale: MiniBrowser's WebDriver session is a single browsing context that we
    // reset between tests (storage cleared, then about:blank).
    async newPage({ width = 1024, height = 768, dpr = 1, touch = false } = {}) {
      if (touch) throw new Error('touch emulation is not available in WebKitGTK over WebDriver');
      if (!Number.isInteger(dpr)) throw new Error(`WebKitGTK takes integer device scales only (GDK_SCALE), not ${dpr}`);
      if (!sessions.has(dpr)) sessions.set(dpr, await startSession(dpr));
      const { driver, window } = sessions.get(dpr);
      await driver.switchTo().window(window);
      await driver.get('about:blank');
      const page = wrap(driver);
      await page.setViewport(width, height);
      return page;
    },
    async close() {
      for (const { driver, service } of sessions.values()) {
        await driver.quit().catch(() => {});
        await stopProcess(service);
      }
    },
  };
}

function wrap(driver) {
  const consoleLines = [];
  const actions = () => driver.actions({ async: true });
  const api = {
    raw: driver,
    consoleLines,
    goto: (url) => driver.get(url),
    url: () => driver.getCurrentUrl(),
    evaluate: (fn, arg) => driver.executeScript(`return (${fn.toString()}).apply(null, arguments)`, arg),
    evaluateSource: (source) => driver.executeScript(`return ${source}`),
    click: async (selector) => driver.findElement(By.css(selector)).click(),
    type: (text) => actions().sendKeys(text).perform(),
    async press(chord) {
      const { modifiers, key } = splitChord(chord);
      let a = actions();
      for (const m of modifiers) a = a.keyDown(KEY[m]);
      a = a.sendKeys(KEY[key] ?? key);
      for (const m of [...modifiers].reverse()) a = a.keyUp(KEY[m]);
      await a.perform();
    },
    tap: async () => { throw new Error('touch is not available in WebKitGTK over WebDriver'); },
    // WebKitWebDriver delivers only the first wheel action of a session unless the input state is
    // released in between (seen in 2.50): release, move the mouse there, then scroll.
    async wheel(x, y, dx, dy) {
      await driver.actions().clear();
      await actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).perform();
      await actions().scroll(Math.round(x), Math.round(y), Math.round(dx), Math.round(dy), Origin.VIEWPORT).perform();
    },
    mouseClick: (x, y) => actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).click().perform(),
    async screenshot(path) { fs.writeFileSync(path, await driver.takeScreenshot(), 'base64'); },
    setOffline: async () => { throw new Error('offline emulation is not available in WebKitGTK over WebDriver'); },
    // WebDriver sizes the outer window; correct by the chrome's size so the page gets the asked CSS width.
    async setViewport(width, height) {
      await driver.manage().window().setRect({ width, height });
      const inner = await driver.executeScript('return [innerWidth, innerHeight, outerWidth, outerHeight]');
      const [iw, ih] = inner;
      if (iw !== width || ih !== height) {
        await driver.manage().window().setRect({ width: width + (width - iw), height: height + (height - ih) });
      }
    },
    // Each test starts as a first-time visitor: same window, so forget what this test stored.
    async close() {
      await driver.executeScript('try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}').catch(() => {});
      await driver.get('about:blank').catch(() => {});
    },
  };
  return api;
}
