// Reads the server's state through its public and admin API (node side), so tests can check that what
// the visitor saw is what the server holds. Contract: the HTTP API in the team's common brief.
import { baseUrl, adminToken } from './session.mjs';

const api = (rel) => new URL(`api/v1/${rel}`, baseUrl).href;

async function getJson(rel) {
  const res = await fetch(api(rel), { headers: { accept: 'application/json' } });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* keep null */ }
  if (!res.ok || body === null) throw new Error(`GET ${rel}: ${res.status} ${text.slice(0, 200)}`);
  return body;
}

// [{event, availability}] of every event the server serves.
export async function listEvents() {
  return (await getJson('events')).events;
}

export async function getEvent(id) {
  return getJson(`events/${encodeURIComponent(id)}`);
}

export async function availability(id) {
  return (await getEvent(id)).availability;
}

// The admin CSV as rows of cells (first row: header). A small RFC 4180 parser: quotes, doubled quotes, CRLF; the
// separator (',' or ';', as Excel in Sweden and Denmark expects) is read off the header line.
export async function registrationsCsv(id) {
  const res = await fetch(api(`admin/events/${encodeURIComponent(id)}/registrations.csv`),
    { headers: { authorization: `Bearer ${adminToken}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET registrations.csv of ${id}: ${res.status} ${text.slice(0, 200)}`);
  return parseCsv(text);
}

export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0];
  const sep = (firstLine.split(';').length > firstLine.split(',').length) ? ';' : ',';
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// The CSV rows (as header->cell objects) whose cells contain `needle` (e.g. the unique e-mail typed).
export async function rowsContaining(id, needle) {
  const [header, ...rows] = await registrationsCsv(id);
  return rows.filter((r) => r.some((cell) => cell.includes(needle)))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
