// Fills a Deltag sign-up form with the keyboard alone (Tab, typing, Space, arrows, Enter), driven by the
// event's form definition from the API. Returns the answers it gave, so the test can find them on the server.
import { activeItem, item } from './widget.mjs';
import { inPage, waitFor, sleep } from './inpage.mjs';

// Options ids are built like view_form.cpp does: lower case [a-z0-9_-].
export function idPart(value) {
  return [...value].map((c) => (/[a-z0-9_-]/.test(c) ? c : /[A-Z]/.test(c) ? c.toLowerCase() : '_')).join('');
}

// A municipality every organisation field can find, per country its field allows.
const ORG_QUERY = { se: 'Göteborg', dk: 'Aarhus' };

function textValue(field, unique) {
  switch (field.type) {
    case 'email': return `bt-${unique}@example.se`;
    case 'phone': return '+46 70 123 45 67';
    case 'number': return String(field.min ?? 1);
    case 'textarea': return 'Inga frågor i förväg.';
    default:
      if (field.id === 'name' || field.autocomplete === 'name') return `Test ${unique}`;
      return field.min_length ? 'x'.repeat(field.min_length) : 'Testsvar';
  }
}

function isVisible(field, answers) {
  const v = field.visible_if;
  if (!v) return true;
  const a = answers[v.field];
  if (Array.isArray(a)) return a.some((x) => v.values.includes(x));
  return v.values.includes(a);
}

// Fields whose answer the form needs: required ones, plus every text field (so the visitor's
// details reach the server), and checkbox groups with a minimum.
function wanted(field) {
  return field.required || ['text', 'email', 'phone', 'textarea'].includes(field.type) || (field.min_selected ?? 0) > 0;
}

// Walks the form from its top with Tab (fields in `given` were answered by the caller already). At each stop decides from the focused item what a person would do.
export async function fillFormByKeyboard(page, form, { unique, given = {}, maxStops = 120 } = {}) {
  const answers = { ...given };
  const done = new Set(Object.keys(given));
  const fieldOf = (itemId) => form.fields.find((f) => itemId === `f-${f.id}` || itemId.startsWith(`f-${f.id}-`));
  const pending = () => form.fields.filter((f) => wanted(f) && isVisible(f, answers) && !done.has(f.id));
  const path = [];
  for (let stop = 0; stop < maxStops; stop += 1) {
    await page.press('Tab');
    const cur = await activeItem(page);
    const id = cur ? cur.item : '';
    path.push(id || (cur ? `${cur.tag}#${cur.id}` : 'none'));
    if (id === 'b-submit') {
      if (pending().length === 0) return { answers, submitStop: cur };
      continue; // a field appeared later in the order (visible_if); go round again
    }
    const field = id ? fieldOf(id) : null;
    if (!field || done.has(field.id) || !wanted(field) || !isVisible(field, answers)) continue;
    if (field.type === 'organisation' && id === `f-${field.id}`) {
      answers[field.id] = await chooseOrganisation(page, field);
    } else if (field.type === 'radio') {
      // One tab stop per radio group; Space checks the focused option.
      if (!cur.checked) await page.press('Space');
      const opt = field.options.find((o) => id === `f-${field.id}-${idPart(o.value)}`);
      answers[field.id] = opt ? opt.value : undefined;
    } else if (field.type === 'checkbox_group') {
      const opt = field.options.find((o) => id === `f-${field.id}-${idPart(o.value)}`);
      if (!cur.checked) await page.press('Space');
      answers[field.id] = [...(answers[field.id] || []), opt.value];
      if (answers[field.id].length < (field.min_selected ?? 1)) continue;
    } else if (field.type === 'checkbox' || field.type === 'consent') {
      if (!cur.checked) await page.press('Space');
      answers[field.id] = true;
    } else if (field.type === 'select') {
      const opt = field.options[0];
      const label = Object.values(opt.label)[0];
      await page.type(cur.options.find((o) => o.value === opt.value)?.label || label);
      answers[field.id] = opt.value;
    } else if (field.type === 'date') {
      continue; // none of the demo forms requires a date; typing into date inputs differs per engine
    } else {
      const value = textValue(field, unique);
      await page.type(value);
      answers[field.id] = value;
    }
    done.add(field.id);
    // Let the App see the change (input -> frame -> sync) before reading the DOM again.
    await sleep(50);
  }
  throw new Error(`did not reach the submit button with every field answered; pending ${pending().map((f) => f.id).join(', ')}; focus went ${path.join(' > ')}`);
}

// The organisation combobox (web/overlay.js): type part of a name, ArrowDown highlights the first
// suggestion (aria-activedescendant, focus stays in the input), Enter chooses it.
async function chooseOrganisation(page, field) {
  const country = (field.countries && field.countries[0]) || 'se';
  const query = ORG_QUERY[country] || ORG_QUERY.se;
  const combo = `f-${field.id}`;
  await page.type(query.slice(0, 4));
  const prefix = `o-${field.id}-${country}-`;
  // Wait for the list that answers the whole typed prefix, not a stale one from its first letters:
  // the first item of the list for "Göt" also starts with "Göte", so the list must also be the same
  // on two reads a frame apart (under load the last letter's list came a frame later and replaced it).
  const fold = (x) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  let previous = '';
  await waitFor(`suggestions for "${query.slice(0, 4)}"`, async () => {
    const o = await inPage(page, 'options', `${combo}-list`);
    const ok = o && o.length > 0 && o[0].item.startsWith(prefix) && fold(o[0].label).startsWith(fold(query.slice(0, 4)));
    const key = ok ? JSON.stringify(o.map((x) => x.item)) : '';
    const stable = ok && key === previous;
    previous = key;
    return stable && o;
  }, { timeout: 8000, interval: 150 });
  await page.press('ArrowDown');
  // The suggestion a person sees highlighted is the one Enter chooses.
  const chosen = await waitFor('the first suggestion to be highlighted', async () => {
    const a = await activeItem(page);
    if (!a || a.item !== combo || !a.activedescendant) return false;
    const o = await inPage(page, 'options', `${combo}-list`);
    return o && o.length > 0 && a.activedescendant.endsWith(o[0].item) && o[0];
  }, { timeout: 5000 });
  await page.press('Enter');
  await waitFor(`the combobox to show ${chosen.label}`, async () => {
    const c = await item(page, combo);
    return c && c.value === chosen.label && c;
  }, { timeout: 8000 });
  return { country, code: chosen.item.slice(prefix.length) };
}

