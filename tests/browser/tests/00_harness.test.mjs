// Checks the harness itself in this engine, on plain fixture pages: the driver's script, keyboard, wheel,
// touch and screenshot reach a real page, and axe really runs (it must find a planted violation).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { runAxe, formatViolations } from '../lib/axe.mjs';
import { inPage, waitFor } from '../lib/inpage.mjs';
import { withPage, url, artifactPath, skipUnless, engine } from '../lib/session.mjs';

test('harness: the engine opens a page, runs script, draws WebGL2 and takes a screenshot', async (t) => {
  await withPage(t, {}, async (page) => {
    await page.goto(url('driver_check.html'));
    const log = await page.evaluate(() => window.driverLog);
    assert.equal(log.webgl2, true, 'WebGL2 context');
    assert.equal(await page.evaluate((a) => a.x * 2, { x: 21 }), 42);
    const file = artifactPath('harness-driver-check.png');
    fs.rmSync(file, { force: true });
    await page.screenshot(file);
    const png = fs.readFileSync(file);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
  });
});

test('harness: typed text, Tab, Shift+Tab and Backspace reach the focused field', async (t) => {
  await withPage(t, {}, async (page) => {
    await page.goto(url('driver_check.html'));
    await inPage(page, 'focusById', 'name');
    await page.type('Åsa Nilsson');
    await page.press('Tab');
    await page.type('Kiruna');
    await page.press('Shift+Tab');
    assert.equal((await inPage(page, 'active')).id, 'name');
    await page.press('End');
    await page.press('Backspace');
    assert.equal((await inPage(page, 'byId', 'name')).value, 'Åsa Nilsso');
    assert.equal((await inPage(page, 'byId', 'town')).value, 'Kiruna');
  });
});

test('harness: the mouse wheel scrolls the page', async (t) => {
  if (skipUnless(t, 'wheel')) return;
  await withPage(t, {}, async (page) => {
    await page.goto(url('driver_check.html'));
    await page.wheel(200, 200, 0, 300);
    const s = await waitFor('the page to scroll', async () => { const v = await inPage(page, 'scroll'); return v.y > 0 && v; });
    assert.ok(s.y > 0);
  });
});

test('harness: a touch tap on a button is one click with pointerType touch', async (t) => {
  if (skipUnless(t, 'touch')) return;
  await withPage(t, { touch: true }, async (page) => {
    await page.goto(url('driver_check.html'));
    const r = (await inPage(page, 'byId', 'go')).rect;
    await page.tap(r.x + r.w / 2, r.y + r.h / 2);
    const log = await waitFor('the click', async () => { const l = await page.evaluate(() => window.driverLog); return l.clicks > 0 && l; });
    assert.deepEqual([log.clicks, log.pointerTypes], [1, ['touch']]);
  });
});

test('harness: axe runs in this engine and reports a planted missing label', async (t) => {
  await withPage(t, {}, async (page) => {
    await page.goto(url('axe_broken.html'));
    const violations = await runAxe(page);
    assert.deepEqual(violations.map((v) => v.id), ['label'], formatViolations(violations));
    await page.goto(url('driver_check.html'));
    const clean = await runAxe(page);
    assert.deepEqual(clean, [], `${engine}: ${formatViolations(clean)}`);
  });
});

test('harness: a page asked for devicePixelRatio 2 gets it', async (t) => {
  if (skipUnless(t, 'dpr')) return;
  await withPage(t, { width: 800, height: 600, dpr: 2 }, async (page) => {
    await page.goto(url('driver_check.html'));
    assert.equal(await page.evaluate(() => window.devicePixelRatio), 2);
  });
});
