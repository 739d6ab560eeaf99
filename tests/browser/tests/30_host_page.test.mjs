// Issue #5: on the host-form page the host's own fields keep working with the widget on the page
// (typing, Tab, Backspace; no keys leak into the widget), and the wheel over the widget scrolls the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inPage, waitFor, sleep } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, skipUnless } from '../lib/session.mjs';
import { openWidgetPage } from '../lib/widget.mjs';

const HOST_PAGE = 'demo/host-form.html';

// The host page's own text inputs, outside any widget, in document order.
const hostInputs = (page) => page.evaluate(() => [...document.querySelectorAll('input, textarea')]
  .filter((el) => !el.closest('.deltag-root') && ['text', 'email', 'tel', 'search', 'textarea', ''].includes(el.type) && el.tabIndex >= 0 && !el.disabled)
  .map((el) => el.id));

test('on the host-form page, typing, Tab and Backspace work in the host\'s own fields and never reach the widget', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, HOST_PAGE);
    const ids = await hostInputs(page);
    assert.ok(ids.length >= 2, `the host page has two text fields of its own with ids (found ${JSON.stringify(ids)})`);
    const [first, second] = ids;
    t.diagnostic(`host fields: ${ids.join(', ')}`);
    const widgetValuesBefore = (await inPage(page, 'items')).filter((d) => d.tag === 'input').map((d) => d.value);

    await inPage(page, 'focusById', first);
    await page.type('Åsa Öberg');
    await page.press('Backspace');
    await page.press('Tab');
    const afterTab = await inPage(page, 'active');
    assert.equal(afterTab.id, second, 'Tab moves to the host\'s next field');
    await page.type('Sámi 12');
    await page.press('Backspace');
    await page.press('Backspace');
    await page.press('Shift+Tab');
    assert.equal((await inPage(page, 'active')).id, first, 'Shift+Tab goes back');

    assert.equal((await inPage(page, 'byId', first)).value, 'Åsa Öber');
    assert.equal((await inPage(page, 'byId', second)).value, 'Sámi ');
    await sleep(300);
    const widgetValuesAfter = (await inPage(page, 'items')).filter((d) => d.tag === 'input').map((d) => d.value);
    assert.deepEqual(widgetValuesAfter, widgetValuesBefore, 'no keystroke reached the widget\'s fields');
  });
});

test('on the host-form page, the mouse wheel over the widget scrolls the page', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t) || skipUnless(t, 'wheel')) return;
  // Tall enough that the widget's canvas shows at the top of the page: WebKitWebDriver aims wheel
  // actions at document coordinates, so they only land right while the page is not scrolled yet.
  await withPage(t, { width: 1024, height: 900 }, async (page) => {
    await openWidgetPage(page, HOST_PAGE);
    const canvas = (await inPage(page, 'canvases'))[0];
    assert.ok(canvas, 'the widget has a canvas');
    await page.evaluate(() => window.scrollTo(0, 0));
    await sleep(200);
    const start = await inPage(page, 'scroll');
    assert.ok(start.max - start.y > 100, `the page can scroll down (${JSON.stringify(start)})`);
    const top = await page.evaluate(() => document.querySelector('.deltag-root canvas').getBoundingClientRect().top);
    assert.ok(top < 900 - 150, `the widget's canvas starts in view (top ${top})`);
    const point = await inPage(page, 'emptyPoint', { minY: 150 });
    assert.ok(point, 'there is empty space over the widget to put the mouse on');
    // Each wheel event with the page's scroll position as it arrived; prevented is read after every
    // listener ran (a bubbling listener on window, added last).
    await page.evaluate(() => {
      window.__btWheel = [];
      window.addEventListener('wheel', (e) => window.__btWheel.push({ target: `${e.target.tagName}.${e.target.className}`,
        widget: !!e.target.closest('.deltag-root'), prevented: e.defaultPrevented, scrollY: window.scrollY }));
    });
    await page.wheel(point.x, point.y, 0, 200);
    // Chromium scrolls on its compositor before the event reaches script, so scrollY in the event
    // may already be the new one: the scroll is measured against the start.
    const end = await waitFor('the page to scroll', async () => {
      const s = await inPage(page, 'scroll');
      return s.y > start.y && s;
    }, { timeout: 5000 })
      .catch(async (e) => { throw new Error(`${e.message}; wheel at ${JSON.stringify(point)} from ${JSON.stringify(start)}; wheel events seen: ${JSON.stringify(await page.evaluate(() => window.__btWheel))}`); });
    assert.ok(end.y > start.y);
    // WebKitWebDriver sometimes delivers a first wheel event at the pointer's old place (the page's
    // header, measured); what matters is that every event over the widget was left to the page.
    const seen = await page.evaluate(() => window.__btWheel);
    const overWidget = seen.filter((w) => w.widget);
    assert.ok(overWidget.length > 0 && overWidget.every((w) => !w.prevented), `the wheel went over the widget, not cancelled: ${JSON.stringify(seen)}`);
  });
});
