// Issue #5: axe-core (WCAG 2.0/2.1/2.2 A and AA tags) finds no violation in the list, the form, the form
// with errors, and the confirmed and waitlisted results. axe alone proves little for a canvas UI
// (WEB_NOTES.md), which is why the keyboard, error and announcement tests exist beside this one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents, getEvent } from '../lib/api.mjs';
import { runAxe, formatViolations } from '../lib/axe.mjs';
import { message } from '../lib/catalog.mjs';
import { fillFormByKeyboard } from '../lib/fill.mjs';
import { inPage } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, engine } from '../lib/session.mjs';
import { openWidgetPage, openForm, pickEvent, waitForItem, focusAndEnter } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const openEvent = pickEvent(events, { needs: ['email'] });

async function assertNoViolations(page, what) {
  const v = await runAxe(page);
  assert.equal(v.length, 0, `${engine}, ${what}:\n${formatViolations(v)}`);
}

async function signUp(page, event, unique) {
  await openForm(page, event.id);
  await inPage(page, 'focusItem', 'l-back');
  await fillFormByKeyboard(page, event.form, { unique });
  await page.press('Enter');
  return waitForItem(page, 'h-result', { timeout: 30000 });
}

test('axe: no violations in the event list', async (t) => {
  if (skipWithoutApi(t)) return;
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, 'index.html');
    await assertNoViolations(page, 'the list');
  });
});

test('axe: no violations in the form, and none in the form showing errors', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!openEvent) { t.skip(`${engine}: no open demo event`); return; }
  await withPage(t, {}, async (page) => {
    await openForm(page, openEvent.id);
    await assertNoViolations(page, 'the form');
    await focusAndEnter(page, 'b-submit');
    await waitForItem(page, 's-summary', { timeout: 10000 });
    await assertNoViolations(page, 'the form with errors');
  });
});

test('axe: no violations in the confirmed result', { timeout: 90000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!openEvent) { t.skip(`${engine}: no open demo event`); return; }
  await withPage(t, {}, async (page) => {
    await signUp(page, openEvent, `${engine}-axe-c-${Date.now().toString(36)}`);
    await assertNoViolations(page, 'the confirmed result');
  });
});

// The waiting list needs a full event: fill the one with the fewest seats left through the API first
// (and give the seats back afterwards, so later tests see the demo as it was).
const fillable = () => events.filter(({ event, availability: a }) => a.state === 'open' && event.waitlist && event.mode !== 'application' &&
  a.seats_left !== null && a.seats_left <= 400).sort((x, y) => x.availability.seats_left - y.availability.seats_left)[0];

test('axe: no violations in the waitlisted result', { timeout: 180000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  const candidate = fillable();
  if (!candidate) { t.skip(`${engine}: no open demo event with a waiting list and at most 400 seats`); return; }
  const { event } = candidate;
  const { fillUp, undo } = await import('../lib/fill_up.mjs');
  const made = await fillUp(event);
  try {
    assert.equal((await getEvent(event.id)).availability.state, 'full', `${event.id} is full after ${made.length} registrations`);
    await withPage(t, {}, async (page) => {
      const h = await signUp(page, event, `${engine}-axe-w-${Date.now().toString(36)}`);
      assert.equal(h.label, message(await inPage(page, 'widgetLang'), 'widget.result.waitlisted'));
      await assertNoViolations(page, 'the waitlisted result');
    });
  } finally {
    await undo(made);
  }
});
