// Issue #5: a visitor completes each demo event's sign-up with the keyboard alone (Tab, typing, Space,
// Enter), starting from the event list, sees the result, and the server holds exactly that registration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents, availability, rowsContaining } from '../lib/api.mjs';
import { message } from '../lib/catalog.mjs';
import { fillFormByKeyboard } from '../lib/fill.mjs';
import { inPage } from '../lib/inpage.mjs';
import { withPage, hasApi, engine, artifactPath, skipWithoutApi } from '../lib/session.mjs';
import { openWidgetPage, tabToItem, waitForItem, item, liveText } from '../lib/widget.mjs';

const LIST_PAGE = 'index.html';
const events = hasApi ? await listEvents() : [];
const canSignUp = (a) => a.state === 'open' || (a.state === 'full' && a.waitlist_open);

// What the result screen must say for the server's answer ("confirmed" etc.), from the event's rules.
function expectedStatus(event, a) {
  if (a.state === 'full') return 'waitlisted';
  return event.mode === 'application' ? 'received' : 'confirmed';
}

if (!hasApi) test('keyboard sign-up of each demo event', (t) => { skipWithoutApi(t); });

let firstScreenshots = true;
for (const { event } of events) {
  test(`a visitor signs up to "${event.id}" with the keyboard alone and the server holds exactly that registration`, { timeout: 120000 }, async (t) => {
    const before = await availability(event.id);
    if (!canSignUp(before)) {
      t.skip(`${engine}: "${event.id}" is ${before.state} in the demo data (its closed view is checked separately)`);
      return;
    }
    const unique = `${engine}-${event.id.slice(0, 20)}-${Date.now().toString(36)}`;
    await withPage(t, {}, async (page) => {
      await openWidgetPage(page, LIST_PAGE);
      const lang = await inPage(page, 'widgetLang');
      if (firstScreenshots) await page.screenshot(artifactPath('list.png'));

      await tabToItem(page, `l-event-${event.id}`);
      await page.press('Enter');
      await waitForItem(page, 'b-signup');
      await tabToItem(page, 'b-signup');
      await page.press('Enter');
      await waitForItem(page, 'h-form');

      const { answers } = await fillFormByKeyboard(page, event.form, { unique });
      await page.press('Enter');

      const status = expectedStatus(event, before);
      const heading = await waitForItem(page, 'h-result', { timeout: 30000 });
      assert.equal(heading.label, message(lang, `widget.result.${status}`), 'result heading');
      const focused = await inPage(page, 'activeItem');
      assert.equal(focused.item, 'h-result', 'focus moves to the result heading so it is read out');
      const ref = await item(page, 't-reference');
      assert.ok(ref && ref.text.length > 0, 'a reference is shown');
      if (firstScreenshots) { await page.screenshot(artifactPath('confirmation.png')); firstScreenshots = false; }
      const live = await liveText(page);
      assert.ok(live.polite.length + live.assertive.length > 0, `the status region announces the result (${JSON.stringify(live)})`);

      const after = await availability(event.id);
      const counter = status === 'waitlisted' ? 'waitlisted' : 'confirmed';
      if (status !== 'received') assert.equal(after[counter], before[counter] + 1, `${counter} count on the server`);
      const email = answers.email;
      assert.ok(email, 'the form has an e-mail field that was filled');
      const rows = await rowsContaining(event.id, email);
      assert.equal(rows.length, 1, `exactly one registration with ${email} in the admin CSV`);
      const row = Object.values(rows[0]).join(' | ');
      for (const [fid, value] of Object.entries(answers)) {
        if (typeof value !== 'string' || value.length <= 3) continue;
        // The server stores phone numbers normalised (digits, leading +): compare the digits.
        const phone = event.form.fields.find((f) => f.id === fid)?.type === 'phone';
        const digits = (x) => x.replace(/\D/g, '');
        if (phone) assert.ok(digits(row).includes(digits(value)), `the server row has ${fid} = ${value}: ${row}`);
        else assert.ok(row.includes(value), `the server row has ${fid} = ${value}: ${row}`);
      }
    });
  });
}

for (const { event, availability: a } of events.filter((e) => !canSignUp(e.availability))) {
  test(`the ${a.state} event "${event.id}" shows its state and offers no sign-up button`, async (t) => {
    await withPage(t, {}, async (page) => {
      await openWidgetPage(page, LIST_PAGE);
      const lang = await inPage(page, 'widgetLang');
      await tabToItem(page, `l-event-${event.id}`);
      await page.press('Enter');
      const avail = await waitForItem(page, 't-availability');
      const key = a.state === 'full' ? 'widget.avail.full' : `widget.avail.${a.state}`;
      if (a.state !== 'not_open_yet') assert.equal(avail.text, message(lang, key));
      assert.equal(await item(page, 'b-signup'), null);
    });
  });
}
