// Issue #5: the organisation combobox follows the WAI-ARIA combobox pattern for Escape: with its
// list open, Escape closes the list (aria-expanded false, the listbox gone) and keeps the typed
// text and the focus in the input; a second Escape clears the typing that chose nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents } from '../lib/api.mjs';
import { inPage, waitFor } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, engine } from '../lib/session.mjs';
import { openForm, pickEvent, item, activeItem, waitForNoItem } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events, { needs: ['organisation'] });

test('Escape closes the open organisation list, focus stays in the input; a second Escape clears it', { timeout: 90000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip(`${engine}: no open first-come demo event with an organisation field`); return; }
  const field = event.form.fields.find((f) => f.type === 'organisation');
  const combo = `f-${field.id}`;
  const query = (field.countries || ['se'])[0] === 'dk' ? 'Aarh' : 'Göte';
  await withPage(t, {}, async (page) => {
    await openForm(page, event.id);
    const focused = await inPage(page, 'focusItem', combo);
    assert.equal(focused.item, combo, 'focus is in the combobox');
    await page.type(query);
    await waitFor('the suggestion list to open', async () => {
      const c = await item(page, combo);
      const o = await inPage(page, 'options', `${combo}-list`);
      return c && c.expanded === 'true' && o && o.length > 1 && c.value === query;
    }, { timeout: 10000 });

    await page.press('Escape');
    await waitForNoItem(page, `${combo}-list`, { timeout: 5000 });
    const closed = await waitFor('aria-expanded=false', async () => {
      const c = await item(page, combo);
      return c && c.expanded === 'false' && c;
    }, { timeout: 5000 });
    assert.equal(closed.value, query, 'the typed text stays');
    assert.equal(closed.activedescendant, '', 'no option is highlighted any more');
    const active = await activeItem(page);
    assert.equal(active && active.item, combo, `focus stays in the input (focus on ${active && (active.item || active.tag)})`);

    await page.press('Escape');
    const cleared = await waitFor('the second Escape to clear the input', async () => {
      const c = await item(page, combo);
      return c && c.value === '' && c;
    }, { timeout: 5000 });
    assert.equal(cleared.expanded, 'false');
    assert.equal((await activeItem(page)).item, combo, 'focus still in the input');
  });
});
