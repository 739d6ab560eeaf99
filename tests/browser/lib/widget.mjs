// Deltag-specific steps on top of the driver: wait for the widget, find its items, move with the keyboard
// alone, and read the live regions. Item ids and roles come from wasm/web/bridge_protocol.md.
import { inPage, waitFor } from './inpage.mjs';
import { url } from './session.mjs';

// Loads a page and waits until every widget on it has synced its first item list (embed.js adds
// .deltag-ready) and no widget still shows the loading line. embed.js starts a widget only near the
// viewport, so a widget below the fold is scrolled to (and the page back to the top afterwards).
export async function openWidgetPage(page, rel, { timeout = 30000 } = {}) {
  await page.goto(url(rel));
  let scrolled = false;
  await waitFor(`the widget on ${rel} to be ready`, async () => {
    const ws = await inPage(page, 'widgetState');
    if (ws.some((w) => w.classes.includes('deltag-failed'))) throw new Error(`widget failed to start on ${rel}`);
    const waiting = ws.findIndex((w) => !w.classes.includes('deltag-ready'));
    if (waiting >= 0) {
      scrolled = (await page.evaluate((i) => {
        const el = document.querySelectorAll('.deltag-root')[i];
        const r = el.getBoundingClientRect();
        if (r.top < innerHeight && r.bottom > 0) return false;
        el.scrollIntoView({ block: 'start' });
        return true;
      }, waiting)) || scrolled;
      return false;
    }
    return ws.length > 0 && !(await inPage(page, 'item', 't-loading'));
  }, { timeout });
  if (scrolled) await page.evaluate(() => window.scrollTo(0, 0));
}

export const item = (page, id) => inPage(page, 'item', id);
export const activeItem = (page) => inPage(page, 'activeItem');

export function waitForItem(page, id, { timeout = 15000, where = (d) => true } = {}) {
  return waitFor(`item ${id}`, async () => { const d = await item(page, id); return d && where(d) && d; }, { timeout });
}

export function waitForNoItem(page, id, { timeout = 15000 } = {}) {
  return waitFor(`item ${id} to go away`, async () => !(await item(page, id)), { timeout });
}

// Presses Tab (or Shift+Tab) until the focused element satisfies `pred`; fails after `max` presses,
// naming the focus path, so a keyboard trap or a missing tab stop shows in the message.
export async function tabUntil(page, what, pred, { max = 60, back = false } = {}) {
  const path = [];
  for (let i = 0; i < max; i += 1) {
    const cur = await activeItem(page);
    if (cur && pred(cur)) return cur;
    await page.press(back ? 'Shift+Tab' : 'Tab');
    const next = await activeItem(page);
    path.push(next ? (next.item || `${next.tag}#${next.id}`) : 'none');
  }
  throw new Error(`no focus stop for ${what} after ${max} ${back ? 'Shift+Tab' : 'Tab'} presses; focus went ${path.join(' > ')}`);
}

export const tabToItem = (page, id, opts) => tabUntil(page, `item ${id}`, (d) => d.item === id, opts);

// The text of the widget's live regions right now: {polite: [...], assertive: [...]}.
export async function liveText(page) {
  const regions = await inPage(page, 'live');
  return {
    polite: regions.filter((r) => r.role === 'status' || r.live === 'polite').map((r) => r.text).filter(Boolean),
    assertive: regions.filter((r) => r.role === 'alert' || r.live === 'assertive').map((r) => r.text).filter(Boolean),
  };
}

// From the list page to the event's form, activating with Enter (focus put on each control directly:
// the pure Tab walk is the sign-up test's job).
export async function openForm(page, eventId, { listPage = 'index.html' } = {}) {
  await openWidgetPage(page, listPage);
  await focusAndEnter(page, `l-event-${eventId}`);
  await waitForItem(page, 'b-signup');
  await focusAndEnter(page, 'b-signup');
  await waitForItem(page, 'h-form');
}

export async function focusAndEnter(page, id) {
  const d = await inPage(page, 'focusItem', id);
  if (!d || d.item !== id) throw new Error(`could not focus item ${id} (focus is on ${d && (d.item || d.tag)})`);
  await page.press('Enter');
}

// An event the form tests can use: open, first come first served, with the fields they need.
export function pickEvent(events, { needs = [] } = {}) {
  const ok = events.find(({ event, availability: a }) => a.state === 'open' && event.mode !== 'application' &&
    needs.every((fid) => event.form.fields.some((f) => f.id === fid || f.type === fid)));
  return ok ? ok.event : null;
}
