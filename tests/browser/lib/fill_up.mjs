// Makes a demo event full by registering made-up people through the public API (node side), so the
// waiting-list result can be tested. Each has its own free-text organisation, to stay under any
// per-organisation limit; undo() cancels them again. Only for the test's own temporary server.
import crypto from 'node:crypto';
import { baseUrl } from './session.mjs';
import { getEvent } from './api.mjs';

function answerFor(field, n) {
  switch (field.type) {
    case 'email': return `bt-fill-${n}-${crypto.randomBytes(3).toString('hex')}@example.se`;
    case 'phone': return '+46 70 123 45 67';
    case 'number': return String(field.min ?? 1);
    case 'date': return field.min_date || '2026-06-01';
    case 'radio': case 'select': return field.options[0].value;
    case 'checkbox_group': return field.options.slice(0, Math.max(1, field.min_selected ?? 1)).map((o) => o.value);
    case 'checkbox': case 'consent': return true;
    case 'organisation': return { other: `Testorganisation ${n}` };
    default: return field.min_length ? 'x'.repeat(field.min_length) : `Fyllnad ${n}`;
  }
}

export function payloadFor(event, n) {
  const answers = {};
  const consents = {};
  for (const f of event.form.fields) {
    if (f.visible_if) continue; // conditional fields: answered below, only when the answers show them
    answers[f.id] = answerFor(f, n);
    if (f.type === 'consent' && f.consent_version) consents[f.id] = f.consent_version;
  }
  for (const f of event.form.fields.filter((x) => x.visible_if)) {
    const a = answers[f.visible_if.field];
    const shown = Array.isArray(a) ? a.some((v) => f.visible_if.values.includes(v)) : f.visible_if.values.includes(a);
    if (shown) answers[f.id] = answerFor(f, n);
  }
  const key = `bt-fill-${n}-${crypto.randomBytes(8).toString('hex')}`;
  return { key, body: { event: event.id, answers, locale: event.default_language || 'sv', consents,
    idempotency_key: key, fill_ms: 30000, honeypot: '' } };
}

// Registers people until the event is full; returns what undo() needs to give the seats back.
export async function fillUp(event) {
  const made = [];
  for (let n = 0; n < 500; n += 1) {
    const { availability } = await getEvent(event.id);
    if (availability.state !== 'open') return made;
    const { key, body } = payloadFor(event, n);
    const res = await fetch(new URL(`api/v1/events/${encodeURIComponent(event.id)}/registrations`, baseUrl),
      { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`filling ${event.id}: registration ${n} got ${res.status} ${text}`);
    const { reference, cancel_token: token } = JSON.parse(text);
    const emailField = event.form.fields.find((f) => f.type === 'email');
    made.push({ reference, token, email: emailField ? body.answers[emailField.id] : undefined });
  }
  throw new Error(`filling ${event.id}: still open after 500 registrations`);
}

// Cancels the made-up registrations, so later tests find the event as it was.
export async function undo(made) {
  for (const { reference, token } of made) {
    await fetch(new URL(`api/v1/registrations/${encodeURIComponent(reference)}/cancel`, baseUrl),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  }
}
