// The mails the test server sent: without --smtp it writes each one as an .eml file
// (<outbox id>-<kind>.eml) into its mail folder, so a test reads exactly what a mail server
// would have received and follows the manage link a visitor would click.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './inpage.mjs';

export const mailDir = process.env.DELTAG_MAIL_DIR || '';

// Every mail of `kind` (confirmation, promoted, application_accepted, ...) addressed to `address`.
export function mailsTo(address, kind) {
  if (!mailDir || !fs.existsSync(mailDir)) return [];
  return fs.readdirSync(mailDir).filter((f) => f.endsWith(`-${kind}.eml`)).sort().map((f) => {
    const raw = fs.readFileSync(path.join(mailDir, f), 'utf8');
    const head = raw.slice(0, raw.search(/\r\n\r\n/));
    return { file: f, raw, head };
  }).filter((m) => /^To:.*$/mi.test(m.head) && m.head.match(/^To:.*$/mi)[0].toLowerCase().includes(address.toLowerCase()));
}

// Waits until `address` has a mail of `kind` (the sender sends within a second) and returns them all.
export async function waitForMail(address, kind, timeout = 20000) {
  let found = [];
  await waitFor(`a ${kind} mail to ${address}`, async () => (found = mailsTo(address, kind)).length > 0, { timeout });
  return found;
}

// The manage link in a mail's plain-text part: <base>/manage#<reference>.<token>.
export function manageLinkIn(mail) {
  const m = mail.raw.replace(/=\r\n/g, '').match(/\/manage#(DLT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\.([0-9a-f]{64})/);
  assert(m, `no manage link in ${mail.file}`);
  return { reference: m[1], token: m[2] };
}

function assert(ok, what) { if (!ok) throw new Error(what); }
