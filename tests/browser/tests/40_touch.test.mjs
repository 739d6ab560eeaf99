// Issue #5: with touch emulation a tap on a control activates it exactly once, and a tap on empty space
// does nothing (not even a stale activation of the last control, the GLFW bug in WEB_NOTES.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents } from '../lib/api.mjs';
import { idPart } from '../lib/fill.mjs';
import { inPage, waitFor, sleep } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, skipUnless, engine } from '../lib/session.mjs';
import { openWidgetPage, item, waitForItem, pickEvent } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events, { needs: ['consent'] }) || pickEvent(events, { needs: ['checkbox_group'] }) || pickEvent(events);

// Records clicks from now on (capture phase, before the overlay sees them): the item id of the widget
// control clicked, or "-" for a click that reached no control (the canvas, the layer, the page).
const countClicks = (page) => page.evaluate(() => {
  window.__btClicks = [];
  document.addEventListener('click', (e) => {
    let el = e.target;
    while (el && !(el.__deltagItem && /^(BUTTON|A|INPUT|SELECT|TEXTAREA|LI)$/.test(el.tagName))) el = el.parentElement;
    window.__btClicks.push(el ? el.__deltagItem : '-');
  }, true);
});
const controlClicks = async (page) => (await clicks(page)).filter((c) => c !== '-');
const clicks = (page) => page.evaluate(() => window.__btClicks);
const center = (d) => ({ x: d.rect.x + d.rect.w / 2, y: d.rect.y + d.rect.h / 2 });

async function tapItem(page, id) {
  await page.evaluate((dom) => { const el = [...document.querySelectorAll('.deltag-root *')].find((e) => e.__deltagItem === dom); el.scrollIntoView({ block: 'center' }); }, id);
  await sleep(150);
  const d = await item(page, id);
  const p = center(d);
  await page.tap(p.x, p.y);
}

test('with touch, a tap on a button or checkbox activates it once and a tap on empty space does nothing', { timeout: 90000 }, async (t) => {
  if (skipWithoutApi(t) || skipUnless(t, 'touch')) return;
  if (!event) { t.skip(`${engine}: no open demo event`); return; }
  const box = event.form.fields.find((f) => f.type === 'consent' || f.type === 'checkbox' || f.type === 'checkbox_group');
  await withPage(t, { touch: true, width: 400, height: 800 }, async (page) => {
    await openWidgetPage(page, 'index.html');
    await countClicks(page);

    // Empty space on the list: nothing happens.
    const empty = await inPage(page, 'emptyPoint');
    assert.ok(empty, 'there is empty space over the widget to tap');
    await page.tap(empty.x, empty.y);
    await sleep(400);
    assert.deepEqual(await controlClicks(page), [], 'no control was clicked');
    assert.ok(await item(page, `l-event-${event.id}`), 'still on the list');

    await tapItem(page, `l-event-${event.id}`);
    await waitForItem(page, 'b-signup');
    await tapItem(page, 'b-signup');
    await waitForItem(page, 'h-form');
    assert.deepEqual(await controlClicks(page), [`l-event-${event.id}`, 'b-signup'], 'two taps, one click each');

    if (box) {
      const id = box.type === 'checkbox_group' ? `f-${box.id}-${idPart(box.options[0].value)}` : `f-${box.id}`;
      await tapItem(page, id);
      await waitForItem(page, id, { where: (d) => d.checked, timeout: 5000 });
      // Then empty space: the checkbox must stay checked (no stale second activation).
      const p = await inPage(page, 'emptyPoint');
      if (p) await page.tap(p.x, p.y);
      await sleep(500);
      assert.equal((await item(page, id)).checked, true, 'the checkbox stays checked after a tap on empty space');
      assert.ok(await item(page, 'h-form'), 'still on the form');
    }
    const all = await controlClicks(page);
    assert.equal(all.length, box ? 3 : 2, `one click per tap on a control: ${JSON.stringify(all)}`);
  });
});
