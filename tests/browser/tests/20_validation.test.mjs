// Issue #5: invalid input shows the catalog's message next to the field and in the error summary;
// aria-invalid and aria-describedby are set; the status region announces the result; nothing is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents, availability } from '../lib/api.mjs';
import { message } from '../lib/catalog.mjs';
import { inPage, waitFor } from '../lib/inpage.mjs';
import { withPage, hasApi, artifactPath, skipWithoutApi, engine } from '../lib/session.mjs';
import { openForm, pickEvent, item, waitForItem, liveText, tabUntil, focusAndEnter } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events, { needs: ['email'] });

test('invalid input shows the catalog message at the field and in the summary, with aria-invalid, aria-describedby and an announcement', { timeout: 90000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip(`${engine}: no open first-come demo event with an e-mail field`); return; }
  const requiredText = event.form.fields.find((f) => f.required && f.type === 'text');
  const emailField = event.form.fields.find((f) => f.type === 'email');
  const before = await availability(event.id);
  await withPage(t, {}, async (page) => {
    await openForm(page, event.id);
    const lang = await inPage(page, 'widgetLang');

    // Leaving a field with a wrong e-mail shows its message at once (live validation on blur).
    await inPage(page, 'focusItem', `f-${emailField.id}`);
    await page.type('inte-en-adress');
    await page.press('Tab');
    const emailMsg = message(lang, 'email.invalid');
    const email = await waitForItem(page, `f-${emailField.id}`, { where: (d) => d.invalid === 'true' });
    assert.ok(email.describedby.includes(emailMsg), `e-mail field described by "${emailMsg}", got "${email.describedby}"`);

    // Submitting shows the summary (focused, alert) listing each error with the catalog's text.
    await focusAndEnter(page, 'b-submit');
    const summary = await waitForItem(page, 's-summary', { timeout: 10000 });
    await waitFor('focus on the error summary', async () => (await inPage(page, 'activeItem')).item === 's-summary', { timeout: 5000 });
    const summaryText = summary.text;
    const label = (f) => f.label[lang] || Object.values(f.label)[0];
    assert.ok(summaryText.includes(`${label(emailField)}: ${emailMsg}`), `summary lists the e-mail error: ${summaryText}`);
    if (requiredText) {
      const reqMsg = message(lang, 'field.required');
      assert.ok(summaryText.includes(`${label(requiredText)}: ${reqMsg}`), `summary lists the missing ${requiredText.id}: ${summaryText}`);
      const field = await item(page, `f-${requiredText.id}`);
      assert.equal(field.invalid, 'true', `${requiredText.id} has aria-invalid`);
      assert.ok(field.describedby.includes(reqMsg), `${requiredText.id} described by the required message: ${field.describedby}`);
      assert.equal(field.label, label(requiredText), 'the field keeps its label');
    }
    await page.screenshot(artifactPath('form-errors.png'));

    // The summary's link takes the keyboard user to the field.
    await tabUntil(page, 'the summary link to the e-mail field', (d) => d.tag === 'a' && d.text.startsWith(label(emailField)), { max: 12 });
    await page.press('Enter');
    await waitFor('focus on the e-mail field', async () => (await inPage(page, 'activeItem')).item === `f-${emailField.id}`, { timeout: 5000 });

    // Nothing reached the server.
    const after = await availability(event.id);
    assert.deepEqual([after.confirmed, after.waitlisted], [before.confirmed, before.waitlisted]);

    // The failed submit is announced through the widget's status region (role=status or role=alert),
    // not only by the focus move to the summary.
    const live = await liveText(page);
    assert.ok(live.polite.length + live.assertive.length > 0,
      `the status region announces the failed submit; the live regions are empty (${JSON.stringify(live)})`);
  });
});
