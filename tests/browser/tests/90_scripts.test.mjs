// Issue 12 parts 1 and 2: names in Cyrillic, Vietnamese, Greek, Chinese, Arabic, Yiddish and Sami
// letters are shown as the browser itself draws them (no '?' for a missing glyph), both where the
// visitor types them and where the widget's canvas draws text:
// - typed into the name field, the field on screen (a screenshot: since part 2 the DOM input shows
//   its value, 86_text_fields.test.mjs) matches the browser's own fillText of the string in the
//   input's computed font at its text position;
// - the canvas draws the same seven strings as session titles of a fixture event
//   (fixtures/events/skriftprov-sju-skrifter.json) as fillText draws them in the widget's font.
// Each name also validates and reaches the server as NFC, byte for byte, in the admin CSV.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents, rowsContaining } from '../lib/api.mjs';
import { fillFormByKeyboard } from '../lib/fill.mjs';
import { inPage, sleep, waitFor } from '../lib/inpage.mjs';
import { readPng } from '../lib/png.mjs';
import { withPage, hasApi, skipWithoutApi, engine, artifactPath } from '../lib/session.mjs';
import { openForm, openWidgetPage, pickEvent, item, waitForItem, focusAndEnter } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events, { needs: ['name', 'email'] });

export const NAMES = ['Олена Шевченко', 'Nguyễn Thị Minh Khai', 'Ελένη Παπαδοπούλου', '王芳', 'محمد الأحمد', 'ייִדיש',
  'Ǥǥ Ʒʒ Áile Ŋuolja'].map((s) => s.normalize('NFC'));

// The fixture event whose sessions are titled with NAMES, in this order (its JSON names the test).
const SCRIPT_EVENT = 'skriftprov-sju-skrifter';
const SESSIONS = ['cyrl', 'vi', 'grek', 'hani', 'arab', 'yid', 'sami'];

// Tolerance: the darkness difference summed over the compared box, at the best alignment within
// a few device px, relative to the reference's ink (its summed darkness). The same text in the same
// font differs by antialiasing only; other glyphs ('?' for each letter, as before issue 12) differ
// by about their whole ink.
const MAX_RELATIVE_DIFF = 0.25;

const decoyOf = (name) => [...name].map((c) => (c === ' ' ? ' ' : '?')).join('');

// Darkness of a pixel: 255 - its brightest channel, so coloured marks the browser adds of its own
// (a spell-checker's red underline under a name it does not know) do not count as ink.
const dark = (r, g, b) => 255 - Math.max(r, g, b);

// Relative difference of `shot` (w x h darkness values) and `ref` ((w + 2m) x (h + 2m), the same
// box with a margin of m) at their best alignment, over the reference's ink in the box.
export function bestDiff(shot, ref, w, h, m) {
  const rw = w + 2 * m;
  let refInk = 0;
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) refInk += ref[(y + m) * rw + x + m];
  let min = Infinity;
  for (let dy = -m; dy <= m; dy += 1) {
    for (let dx = -m; dx <= m; dx += 1) {
      let sum = 0;
      for (let y = 0; y < h; y += 1) {
        const row = (y + m + dy) * rw + m + dx;
        for (let x = 0; x < w; x += 1) sum += Math.abs(shot[y * w + x] - ref[row + x]);
      }
      min = Math.min(min, sum);
    }
  }
  return min / Math.max(1, refInk);
}

// In the page: the browser's own fillText of each string on the box's background colour, in
// `font` and `color`, its left end at x (or its right end, for rtl) and its line box (the font's
// ascent + descent) centred in [lineTop, lineTop + lineHeight), all in device px of the w x h box,
// returned as darkness values with a margin of m on every side. Self-contained (runs in the page).
function referenceInks({ texts, font, color, background, w, h, m, x, rtl, lineTop, lineHeight, letterSpacing }) {
  const c = document.createElement('canvas');
  c.width = w + 2 * m; c.height = h + 2 * m;
  const ctx = c.getContext('2d');
  return texts.map((str) => {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.fillStyle = color;
    ctx.font = font;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    if (letterSpacing && 'letterSpacing' in ctx) ctx.letterSpacing = letterSpacing;
    const mt = ctx.measureText(str);
    const px = parseFloat(/(\d+(\.\d+)?)px/.exec(font)[1]);
    const a = mt.fontBoundingBoxAscent || 0.8 * px, d = mt.fontBoundingBoxDescent || 0.2 * px;
    ctx.fillText(str, m + (rtl ? x - mt.width : x), m + lineTop + (lineHeight - (a + d)) / 2 + a);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const out = new Array(c.width * c.height);
    for (let i = 0; i < out.length; i += 1) out[i] = 255 - Math.max(data[4 * i], data[4 * i + 1], data[4 * i + 2]);
    return out;
  });
}

// The most frequent colour of an RGBA-ish reader over a box: the background text is drawn on.
function background(pixelAt, w, h) {
  const counts = new Map();
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) {
    const key = pixelAt(x, y).slice(0, 3).join(',');
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const [key] = [...counts.entries()].sort((p, q) => q[1] - p[1])[0];
  return `rgb(${key})`;
}

// The name field's box and how the browser lays its text out (CSS px, viewport).
function fieldLayout(field) {
  const input = [...document.querySelectorAll('.deltag-root .deltag-overlay input')].find((e) => e.__deltagItem === field);
  if (!input) return { error: `no input for ${field}` };
  const r = input.getBoundingClientRect();
  const cs = getComputedStyle(input);
  const n = (v) => parseFloat(v) || 0;
  let rtl = cs.direction === 'rtl';
  try { rtl = input.matches(':dir(rtl)'); } catch (e) { /* no :dir(): the computed direction */ }
  return { x: r.left, y: r.top, w: r.width, h: r.height, innerWidth, value: input.value, rtl, color: cs.color,
    fontStyle: cs.fontStyle, fontWeight: cs.fontWeight, fontSize: n(cs.fontSize), fontFamily: cs.fontFamily,
    letterSpacing: cs.letterSpacing === 'normal' ? '' : cs.letterSpacing, scrollLeft: input.scrollLeft,
    left: n(cs.borderLeftWidth) + n(cs.paddingLeft), right: n(cs.borderRightWidth) + n(cs.paddingRight),
    top: n(cs.borderTopWidth) + n(cs.paddingTop), bottom: n(cs.borderBottomWidth) + n(cs.paddingBottom) };
}

// What is on screen inside the name field (a screenshot, cropped clear of the frame the canvas
// draws) against fillText of the name and of its decoy at the input's text position.
async function compareFieldOnScreen(page, name, shotName) {
  const f = await page.evaluate(fieldLayout, 'f-name');
  assert.ok(!f.error, f.error);
  assert.equal(f.value, name, 'the field holds the name');
  const file = artifactPath(shotName);
  await page.screenshot(file);
  const img = readPng(file);
  const dpr = img.width / f.innerWidth;
  const inset = 4;
  const x0 = Math.round((f.x + inset) * dpr), y0 = Math.round((f.y + inset) * dpr);
  const w = Math.round((f.w - 2 * inset) * dpr), h = Math.round((f.h - 2 * inset) * dpr);
  const shot = new Array(w * h);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) shot[y * w + x] = dark(...img.at(x0 + x, y0 + y));
  const m = Math.ceil(4 * dpr);
  const textX = f.rtl ? f.w - f.right - inset + f.scrollLeft : f.left - inset - f.scrollLeft;
  const [ref, decoyRef] = await page.evaluate(referenceInks, {
    texts: [name, decoyOf(name)], font: `${f.fontStyle} ${f.fontWeight} ${f.fontSize * dpr}px ${f.fontFamily}`,
    color: f.color, background: background((x, y) => img.at(x0 + x, y0 + y), w, h), w, h, m, rtl: f.rtl,
    x: textX * dpr, lineTop: (f.top - inset) * dpr, lineHeight: (f.h - f.top - f.bottom) * dpr,
    letterSpacing: f.letterSpacing && `${parseFloat(f.letterSpacing) * dpr}px` });
  const ink = shot.reduce((a, v) => a + v, 0) / (w * h);
  return { diff: bestDiff(shot, ref, w, h, m), decoyDiff: bestDiff(shot, decoyRef, w, h, m), ink, w, h };
}

test('names in seven scripts typed into the name field show on screen as the browser draws them, in the field\'s font', { timeout: 180000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip(`${engine}: no open demo event with name and e-mail fields`); return; }
  await withPage(t, {}, async (page) => {
    await openForm(page, event.id);
    for (const [i, name] of NAMES.entries()) {
      // The previous name out of the field, as a visitor's select-all and delete would.
      await page.evaluate(() => {
        const el = [...document.querySelectorAll('.deltag-root input')].find((e) => e.__deltagItem === 'f-name');
        el.value = '';
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
      });
      await inPage(page, 'focusItem', 'f-name');
      const typed = await inPage(page, 'compose', { steps: [name.slice(0, 1)], final: name });
      assert.equal(typed.value, name);
      await inPage(page, 'focusItem', 'f-email'); // the name field without focus: no caret
      await sleep(200);
      assert.equal((await item(page, 'f-name')).value, name, 'the App kept the name');
      assert.notEqual((await item(page, 'f-name')).invalid, 'true', `${name} validates`);
      await inPage(page, 'focusItem', 'l-back');
      await sleep(300);
      const r = await compareFieldOnScreen(page, name, `scripts-field-${i}.png`);
      t.diagnostic(`${engine} field ${SESSIONS[i]}: diff ${r.diff.toFixed(3)}, '?' ${r.decoyDiff.toFixed(3)}, ink ${r.ink.toFixed(2)} (${r.w}x${r.h})`);
      assert.ok(r.ink > 0.2, `${name}: the field shows ink (${r.ink.toFixed(2)} darkness on average)`);
      assert.ok(r.diff <= MAX_RELATIVE_DIFF,
        `${name}: the field on screen differs from the browser's own rendering by ${r.diff.toFixed(3)} of its ink (at most ${MAX_RELATIVE_DIFF}); '?'s would differ by ${r.decoyDiff.toFixed(3)}`);
      assert.ok(r.decoyDiff > 2 * r.diff, `${name}: the comparison tells the name from question marks (${r.diff.toFixed(3)} vs ${r.decoyDiff.toFixed(3)})`);
    }
  });
});

// In the page: one widget frame, and in the same animation frame (before the compositor takes the
// WebGL buffer) the canvas's pixels inside an item's box, as RGB, in device px.
function canvasBox(itemId) {
  const root = document.querySelector('.deltag-root');
  const canvas = root.querySelector('canvas');
  const el = [...root.querySelectorAll('.deltag-overlay *')].find((e) => e.__deltagItem === itemId);
  if (!el) return { error: `no element for ${itemId}` };
  return new Promise((resolve) => {
    window.Deltag.page.requestFrame(1);
    requestAnimationFrame(() => {
      const cr = canvas.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const s = canvas.width / cr.width;
      const x0 = Math.round((r.x - cr.x) * s), y0 = Math.round((r.y - cr.y) * s);
      const w = Math.round(r.width * s), h = Math.round(r.height * s);
      const grab = document.createElement('canvas');
      grab.width = w; grab.height = h;
      const g = grab.getContext('2d');
      g.drawImage(canvas, x0, y0, w, h, 0, 0, w, h);
      const d = g.getImageData(0, 0, w, h).data;
      const rgb = new Array(w * h * 3);
      for (let i = 0; i < w * h; i += 1) { rgb[3 * i] = d[4 * i]; rgb[3 * i + 1] = d[4 * i + 1]; rgb[3 * i + 2] = d[4 * i + 2]; }
      const own = root.getAttribute('data-font');
      resolve({ w, h, s, rgb, family: own || getComputedStyle(root).fontFamily, scale: parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1 });
    });
  });
}

test('the canvas draws text in seven scripts as the browser draws it: session titles of a fixture event', { timeout: 120000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  assert.ok(events.some(({ event: e }) => e.id === SCRIPT_EVENT), `the server has the fixture event ${SCRIPT_EVENT}`);
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, 'index.html');
    await focusAndEnter(page, `l-event-${SCRIPT_EVENT}`);
    await waitForItem(page, 'h-title');
    for (const [i, name] of NAMES.entries()) {
      const id = `t-session-${SESSIONS[i]}-title`;
      const it = await waitForItem(page, id);
      assert.equal(it.text, name, `${id} carries the name`);
      await sleep(100);
      const c = await page.evaluate(canvasBox, id);
      assert.ok(!c.error, c.error);
      const at = (x, y) => c.rgb.slice(3 * (y * c.w + x), 3 * (y * c.w + x) + 3);
      const shot = new Array(c.w * c.h);
      for (let y = 0; y < c.h; y += 1) for (let x = 0; x < c.w; x += 1) shot[y * c.w + x] = dark(...at(x, y));
      // A session title is an emphasised line (bold, 16 px at text scale 1) at the box's left end
      // (wasm/draw/render_imgui_draw.cpp), its line box somewhere in the item's box: the alignment
      // search covers where exactly.
      const px = 16 * c.scale * c.s;
      const m = Math.ceil(Math.max(4 * c.s, (c.h - px) / 2 + 2));
      const [ref, decoyRef] = await page.evaluate(referenceInks, {
        texts: [name, decoyOf(name)], font: `bold ${px}px ${c.family}`, color: '#1b1b1b', // the theme's text colour
        background: background(at, c.w, c.h), w: c.w, h: c.h, m, rtl: false, x: 0, lineTop: (c.h - px) / 2, lineHeight: px });
      const diff = bestDiff(shot, ref, c.w, c.h, m), decoyDiff = bestDiff(shot, decoyRef, c.w, c.h, m);
      const ink = shot.reduce((a, v) => a + v, 0) / (c.w * c.h);
      // How much darker the canvas's text is than the reference's (1: as dark): tells a gamma or
      // weight difference from a shape one when the diff is high.
      let refInk = 0;
      for (let y = 0; y < c.h; y += 1) for (let x = 0; x < c.w; x += 1) refInk += ref[(y + m) * (c.w + 2 * m) + x + m];
      const inkRatio = (ink * c.w * c.h) / Math.max(1, refInk);
      t.diagnostic(`${engine} canvas ${SESSIONS[i]}: diff ${diff.toFixed(3)}, '?' ${decoyDiff.toFixed(3)}, ink ${ink.toFixed(2)} (${c.w}x${c.h}), ink ratio ${inkRatio.toFixed(2)}`);
      assert.ok(ink > 0.2, `${name}: the canvas draws ink in the title's box (${ink.toFixed(2)} darkness on average)`);
      assert.ok(diff <= MAX_RELATIVE_DIFF,
        `${name}: the canvas differs from the browser's own rendering by ${diff.toFixed(3)} of its ink (at most ${MAX_RELATIVE_DIFF}); '?'s would differ by ${decoyDiff.toFixed(3)}`);
      assert.ok(decoyDiff > 2 * diff, `${name}: the comparison tells the name from question marks (${diff.toFixed(3)} vs ${decoyDiff.toFixed(3)})`);
    }
  });
});

test('each of the seven names validates and reaches the server as NFC, byte for byte', { timeout: 600000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip(`${engine}: no open demo event with name and e-mail fields`); return; }
  for (const [i, name] of NAMES.entries()) {
    const unique = `${engine}-script${i}-${Date.now().toString(36)}`;
    const email = `bt-${unique}@example.se`;
    await withPage(t, {}, async (page) => {
      await openForm(page, event.id);
      await inPage(page, 'focusItem', 'f-name');
      await inPage(page, 'compose', { steps: [name.slice(0, 1)], final: name });
      // Answers given to fillFormByKeyboard are ones already entered: the e-mail goes in here.
      await inPage(page, 'focusItem', 'f-email');
      await inPage(page, 'paste', { text: email });
      await inPage(page, 'focusItem', 'l-back');
      await fillFormByKeyboard(page, event.form, { unique, given: { name, email } });
      await page.press('Enter');
      await waitForItem(page, 'h-result', { timeout: 30000 });
    });
    const rows = await waitFor(`the registration of ${email}`, async () => {
      const r = await rowsContaining(event.id, email);
      return r.length ? r : null;
    }, { timeout: 10000 });
    assert.equal(rows.length, 1, `one registration for ${name}`);
    const cell = Object.values(rows[0]).find((v) => v.normalize('NFC') === name);
    assert.ok(cell !== undefined, `${name} is in the CSV row ${JSON.stringify(rows[0])}`);
    assert.ok(Buffer.from(cell, 'utf8').equals(Buffer.from(name, 'utf8')), `${name} comes back as NFC, byte for byte`);
  }
});
