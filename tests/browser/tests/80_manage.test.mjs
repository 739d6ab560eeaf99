// Issue 14: the manage link and the staff page in a real browser. From a manage link a visitor
// cancels (after a confirmation step) and the first person on the waiting list gets the seat; hands
// the seat to a colleague; the staff sign in with the admin token and accept one application to
// seed 001 (opened under its own id in the test events folder) and decline another. axe finds no
// violation on either page. No request carries the token in a URL, and the server log has none.
// The mails are read as the server wrote them (lib/mail.mjs): the cancelling visitor follows the
// link of their confirmation mail, the promoted person gets one mail, each applicant the right one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { listEvents, getEvent, rowsContaining } from '../lib/api.mjs';
import { runAxe, formatViolations } from '../lib/axe.mjs';
import { message } from '../lib/catalog.mjs';
import { fillUp, undo, payloadFor } from '../lib/fill_up.mjs';
import { waitFor } from '../lib/inpage.mjs';
import { mailDir, mailsTo, waitForMail, manageLinkIn } from '../lib/mail.mjs';
import { OPEN_APPLICATION } from '../lib/servers.mjs';
import { withPage, hasApi, skipWithoutApi, engine, url, adminToken, artifactPath } from '../lib/session.mjs';

const events = hasApi ? await listEvents() : [];
let counter = 0;

async function signUpApi(event) {
  const { key, body } = payloadFor(event, 9000 + (counter += 1));
  const res = await fetch(url(`api/v1/events/${encodeURIComponent(event.id)}/registrations`),
    { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
  const j = await res.json();
  assert.equal(res.status, 201, `sign-up to ${event.id}: ${JSON.stringify(j)}`);
  const emailField = event.form.fields.find((f) => f.type === 'email');
  return { reference: j.reference, token: j.cancel_token, status: j.status, email: body.answers[emailField.id], lang: body.locale };
}

async function statusOf(who) {
  const res = await fetch(url(`api/v1/registrations/${who.reference}`), { headers: { authorization: `Bearer ${who.token}` } });
  return (await res.json()).status;
}

const manageUrl = (who) => url(`manage#${who.reference}.${who.token}`);
const text = (page, selector) => page.evaluate((s) => { const e = document.querySelector(s); return e ? e.textContent : null; }, selector);
const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const focus = (page, selector) => page.evaluate((s) => { document.querySelector(s).focus(); return document.activeElement === document.querySelector(s); }, selector);

async function waitText(page, selector, expected, what) {
  return waitFor(`${what} (${selector} = "${expected}")`, async () => (await text(page, selector)) === expected, { timeout: 20000 });
}

async function assertNoViolations(page, what) {
  const v = await runAxe(page);
  assert.equal(v.length, 0, `${engine}, ${what}:\n${formatViolations(v)}`);
}

// The token was only ever in the fragment and a header: never in a URL the page fetched, never logged.
async function assertTokenNotLeaked(page, token) {
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).concat([document.referrer]));
  for (const u of fetched) assert.ok(!u.includes(token), `${engine}: the token is in a requested URL: ${u}`);
  const log = fs.readFileSync(artifactPath('server.log'), 'utf8');
  assert.ok(log.length > 0 && !log.includes(token), `${engine}: the server log holds the token`);
}

// The first-come event with a waiting list and the fewest seats left (fewest made-up sign-ups to fill).
function smallestWaitlistEvent() {
  const open = events.filter(({ event, availability: a }) => a.state === 'open' && event.waitlist && event.mode !== 'application'
    && typeof a.seats_left === 'number' && !event.max_per_organisation);
  open.sort((x, y) => x.availability.seats_left - y.availability.seats_left);
  return open.length ? open[0].event : null;
}

test('from a manage link a visitor cancels after confirming, and the next person on the waiting list gets the seat', { timeout: 180000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  const event = smallestWaitlistEvent();
  if (!event) { t.skip(`${engine}: no open demo event with a waiting list`); return; }
  const made = await fillUp(event);
  const next = await signUpApi(await getEvent(event.id).then((e) => e.event));
  try {
    assert.equal(next.status, 'waitlisted');
    assert.ok(mailDir, 'the server writes its mails to a folder');
    // The link the visitor clicks is the one in their confirmation mail.
    const [confirmation] = await waitForMail(made[0].email, 'confirmation');
    const who = { ...manageLinkIn(confirmation), lang: event.default_language || 'sv' };
    assert.equal(who.reference, made[0].reference);
    await withPage(t, {}, async (page) => {
      await page.goto(manageUrl(who));
      await waitText(page, '#status', message(who.lang, 'manage.status.confirmed'), 'the confirmed status');
      await assertNoViolations(page, 'the manage page');
      assert.ok(await focus(page, '#cancel'));
      await page.press('Enter');
      await waitFor('focus on the confirmation question', async () => (await activeId(page)) === 'confirm-text');
      assert.equal(await text(page, '#confirm-text'), message(who.lang, 'manage.cancel_confirm'));
      await assertNoViolations(page, 'the manage page asking to confirm');
      await page.press('Tab');
      assert.equal(await activeId(page), 'confirm-yes');
      await page.press('Enter');
      await waitText(page, '#status', message(who.lang, 'manage.status.cancelled'), 'the cancelled status');
      assert.equal(await text(page, '#notice'), message(who.lang, 'manage.cancel_done'), 'the status region says it');
      assert.equal(await statusOf(who), 'cancelled');
      assert.equal(await statusOf(next), 'confirmed', 'the first on the waiting list was promoted');
      await assertTokenNotLeaked(page, who.token);
    });
    // The promoted person is told, exactly once, with a link that is theirs; the canceller gets a receipt.
    const promoted = await waitForMail(next.email, 'promoted');
    await new Promise((r) => setTimeout(r, 1500)); // a second mail would have come by now
    assert.equal(mailsTo(next.email, 'promoted').length, 1, 'exactly one promotion mail');
    assert.deepEqual(manageLinkIn(promoted[0]), { reference: next.reference, token: next.token });
    assert.equal((await waitForMail(made[0].email, 'cancelled')).length, 1, 'one cancellation receipt');
  } finally {
    await undo(made.slice(1).concat([next]));
  }
});

test('from a manage link a visitor hands the seat to a colleague', { timeout: 120000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  const entry = events.find(({ event, availability: a }) => a.state === 'open' && event.mode !== 'application'
    && event.form.fields.some((f) => f.type === 'email') && event.form.fields.some((f) => f.autocomplete === 'name'));
  if (!entry) { t.skip(`${engine}: no open demo event with name and e-mail fields`); return; }
  const who = await signUpApi(entry.event);
  const colleague = `kollega-${engine}-${Date.now().toString(36)}@example.se`;
  await withPage(t, {}, async (page) => {
    await page.goto(manageUrl(who));
    await waitText(page, '#status', message(who.lang, `manage.status.${who.status}`), 'the status');
    assert.ok(await focus(page, '#colleague-name'));
    await page.type('Kim Kollega');
    await page.press('Tab');
    assert.equal(await activeId(page), 'colleague-email');
    await page.type(colleague);
    await page.press('Enter');
    await waitText(page, '#status', message(who.lang, 'manage.status.handed_over'), 'the handed-over status');
    assert.equal(await text(page, '#notice'), message(who.lang, 'manage.handover.done', { name: 'Kim Kollega' }));
    assert.equal(await statusOf(who), 'handed_over');
    const rows = await rowsContaining(entry.event.id, colleague);
    assert.equal(rows.length, 1, 'the colleague has one registration');
    await assertTokenNotLeaked(page, who.token);
  });
});

test('axe: no violations on the manage page when the link does not work, with "send me my link again"', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  await withPage(t, {}, async (page) => {
    await page.goto(url(`manage#DLT-AAAA-BBBB-CCCC.${'0'.repeat(64)}`));
    await waitFor('the resend form', async () => page.evaluate(() => !document.getElementById('resend').hidden));
    await assertNoViolations(page, 'the manage page with a broken link');
    assert.ok(await focus(page, '#resend-email'));
    await page.type('nobody@example.se');
    await page.press('Enter');
    const lang = await page.evaluate(() => document.documentElement.lang);
    await waitText(page, '#notice', message(lang, 'manage.resend.done'), 'the same answer for any address');
  });
});

test('on the staff page the organiser accepts one application to seed 001 and declines another', { timeout: 180000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  const entry = events.find(({ event }) => event.id === OPEN_APPLICATION);
  if (!entry) { t.skip(`${engine}: the test events folder has no ${OPEN_APPLICATION}`); return; }
  const a = await signUpApi(entry.event);
  const b = await signUpApi(entry.event);
  assert.equal(a.status, 'received');
  await withPage(t, {}, async (page) => {
    await page.goto(url('staff'));
    const lang = await page.evaluate(() => document.documentElement.lang);
    await assertNoViolations(page, 'the staff sign-in page');
    assert.ok(await focus(page, '#token'));
    await page.type(adminToken);
    await page.press('Enter');
    await waitFor('the events page', async () => (await page.url()).endsWith('/staff/events'));
    await page.goto(url(`staff/events/${OPEN_APPLICATION}`));
    await waitFor('the registrations', async () => (await page.evaluate(() => document.body.textContent)).includes(a.reference));
    await assertNoViolations(page, 'the staff page');

    assert.ok(await focus(page, '#message'));
    await page.type('Välkommen till referensgruppen!');
    assert.ok(await focus(page, `button[value="accept|${a.reference}"]`));
    await page.press('Enter');
    const decided = message(lang, 'staff.done.decided', { n: 1 });
    await waitText(page, '.notice p', decided, 'the accepted notice');
    assert.ok(await focus(page, `button[value="decline|${b.reference}"]`));
    await page.press('Enter');
    await waitFor('the declined notice', async () => (await text(page, '.notice p')) === decided
      && (await page.evaluate((r) => !document.querySelector(`button[value="decline|${r}"]`), b.reference)));
    await assertNoViolations(page, 'the staff page after the decisions');
  });
  assert.equal(await statusOf(a), 'confirmed');
  assert.equal(await statusOf(b), 'declined');
  // Each applicant gets the right mail, in Swedish (seed 001's language), the organiser's words in
  // the acceptance; the manage link in each is the applicant's own.
  const accepted = await waitForMail(a.email, 'application_accepted');
  const declined = await waitForMail(b.email, 'application_declined');
  assert.equal(mailsTo(a.email, 'application_declined').length, 0);
  assert.equal(mailsTo(b.email, 'application_accepted').length, 0);
  const body = (m) => m.raw.replace(/=\r\n/g, '');
  assert.match(body(accepted[0]), /Content-Language: sv|lang="sv"/);
  assert.ok(body(accepted[0]).includes('Välkommen till referensgruppen!'), 'the organiser\'s message');
  assert.ok(body(accepted[0]).includes('är beviljad'), 'the Swedish acceptance');
  assert.ok(body(declined[0]).includes('har tyvärr inte beviljats'), 'the Swedish refusal');
  assert.equal(manageLinkIn(accepted[0]).reference, a.reference);
  assert.equal(manageLinkIn(declined[0]).reference, b.reference);
});
