// Issue #5: text typed through an IME composition (simulated with composition events, as Android and
// CJK/dead-key input produce them) and pasted text arrive in the field, in the App and on the server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents, rowsContaining } from '../lib/api.mjs';
import { fillFormByKeyboard } from '../lib/fill.mjs';
import { inPage, sleep } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, engine } from '../lib/session.mjs';
import { openForm, pickEvent, item, waitForItem } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events, { needs: ['name', 'email'] });

test('text from an IME composition and from a paste arrives in the fields and reaches the server', { timeout: 120000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip(`${engine}: no open first-come demo event with name and e-mail fields`); return; }
  const unique = `${engine}-ime-${Date.now().toString(36)}`;
  const composed = `Máret Áiluš ${unique}`;
  const pasted = `bt-paste-${unique}@example.se`;
  await withPage(t, {}, async (page) => {
    await openForm(page, event.id);

    // Composition: intermediate states must not be taken as typed text, the final one must.
    await inPage(page, 'focusItem', 'f-name');
    const afterCompose = await inPage(page, 'compose', { steps: ['M', 'Ma', 'Má', 'Már', 'Máre'], final: composed });
    assert.equal(afterCompose.value, composed);
    await inPage(page, 'focusItem', 'f-email');
    const afterPaste = await inPage(page, 'paste', { text: pasted });
    assert.equal(afterPaste.value, pasted);
    // Leaving the field makes the App re-render it from its own state: the values must survive.
    await page.press('Tab');
    await sleep(300);
    assert.equal((await item(page, 'f-name')).value, composed, 'the App kept the composed name');
    assert.equal((await item(page, 'f-email')).value, pasted, 'the App kept the pasted e-mail');
    assert.notEqual((await item(page, 'f-email')).invalid, 'true', 'the pasted e-mail is valid');

    // Complete the rest with the keyboard and submit: the server gets exactly these strings.
    await inPage(page, 'focusItem', 'l-back');
    await fillFormByKeyboard(page, event.form, { unique, given: { name: composed, email: pasted } });
    await page.press('Enter');
    await waitForItem(page, 'h-result', { timeout: 30000 });
    const rows = await rowsContaining(event.id, pasted);
    assert.equal(rows.length, 1, 'one registration with the pasted e-mail');
    assert.ok(Object.values(rows[0]).includes(composed), `the composed name is on the server: ${JSON.stringify(rows[0])}`);
  });
});

