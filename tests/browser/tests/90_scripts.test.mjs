// Issue 12 part 1: the browser rasterises every text the widget draws. Names in Cyrillic,
// Vietnamese, Greek, Chinese, Arabic, Yiddish and Sami letters typed into the name field are drawn
// on the canvas as the browser itself draws them in the same font (no '?' for a missing glyph): the
// field's pixels match a reference canvas's fillText of the string within a tolerance. Each name
// validates and reaches the server as NFC, byte for byte, in the admin CSV.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents, rowsContaining } from '../lib/api.mjs';
import { fillFormByKeyboard } from '../lib/fill.mjs';
import { inPage, sleep, waitFor } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, engine } from '../lib/session.mjs';
import { openForm, pickEvent, item, waitForItem } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events, { needs: ['name', 'email'] });

export const NAMES = ['Олена Шевченко', 'Nguyễn Thị Minh Khai', 'Ελένη Παπαδοπούλου', '王芳', 'محمد الأحمد', 'ייִדיש',
  'Ǥǥ Ʒʒ Áile Ŋuolja'].map((s) => s.normalize('NFC'));

// Tolerance: the grey-level difference summed over the field's inside, at the best alignment within
// 4 device px, relative to the reference's ink (sum of 255 - grey). The same text in the same font
// differs by antialiasing only; other glyphs ('?' for each letter, as before issue 12) differ by
// about their whole ink.
const MAX_RELATIVE_DIFF = 0.25;

// In the page: one widget frame, and in the same animation frame (before the compositor takes the
// WebGL buffer) the canvas's pixels inside the field; then the browser's own fillText of the text in
// the widget container's font at the field's text position, and the best-aligned difference.
function compareField({ field, text, decoy }) {
  const root = document.querySelector('.deltag-root');
  const canvas = root.querySelector('canvas');
  const input = [...root.querySelectorAll('.deltag-overlay *')].find((e) => e.__deltagItem === field && e.tagName === 'INPUT');
  if (!input) return { error: `no input for ${field}` };
  return new Promise((resolve) => {
    window.Deltag.page.requestFrame(1);
    requestAnimationFrame(() => {
      const cr = canvas.getBoundingClientRect();
      const ir = input.getBoundingClientRect();
      const s = canvas.width / cr.width;
      const inset = 3;
      const x0 = Math.round((ir.x - cr.x + inset) * s), y0 = Math.round((ir.y - cr.y + inset) * s);
      const w = Math.round((ir.width - 2 * inset) * s), h = Math.round((ir.height - 2 * inset) * s);
      const grab = document.createElement('canvas');
      grab.width = w; grab.height = h;
      const g = grab.getContext('2d');
      g.drawImage(canvas, x0, y0, w, h, 0, 0, w, h);
      const shot = g.getImageData(0, 0, w, h).data;
      const M = 4;
      const family = getComputedStyle(root).fontFamily;
      const reference = (str) => {
        const c = document.createElement('canvas');
        c.width = w + 2 * M; c.height = h + 2 * M;
        const ctx = c.getContext('2d');
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, c.width, c.height);
        ctx.fillStyle = '#1b1b1b'; // the theme's text colour
        ctx.font = `${16 * s}px ${family}`;
        ctx.textBaseline = 'alphabetic';
        const m = ctx.measureText(str);
        const px = 16 * s;
        const a = m.fontBoundingBoxAscent || 0.8 * px, d = m.fontBoundingBoxDescent || 0.2 * px;
        const boxTop = ((ir.height - 16) / 2 - inset) * s; // the layout's text box: 16 px tall, centred
        ctx.fillText(str, M + (10 - inset) * s, M + boxTop + (px - (a + d)) / 2 + a);
        return ctx.getImageData(0, 0, c.width, c.height).data;
      };
      const grey = (d, i) => (d[i] + d[i + 1] + d[i + 2]) / 3;
      const best = (ref) => {
        let refInk = 0;
        for (let y = 0; y < h; y += 1) {
          for (let x = 0; x < w; x += 1) refInk += 255 - grey(ref, ((y + M) * (w + 2 * M) + x + M) * 4);
        }
        let min = Infinity;
        for (let dy = -M; dy <= M; dy += 1) {
          for (let dx = -M; dx <= M; dx += 1) {
            let sum = 0;
            for (let y = 0; y < h; y += 1) {
              for (let x = 0; x < w; x += 1) {
                sum += Math.abs(grey(shot, (y * w + x) * 4) - grey(ref, ((y + M + dy) * (w + 2 * M) + x + M + dx) * 4));
              }
            }
            min = Math.min(min, sum);
          }
        }
        return min / Math.max(1, refInk);
      };
      let ink = 0;
      for (let i = 0; i < shot.length; i += 4) ink += 255 - grey(shot, i);
      resolve({ diff: best(reference(text)), decoyDiff: best(reference(decoy)), ink: ink / (w * h), w, h });
    });
  });
}

test('names in seven scripts are drawn on the canvas as the browser draws them, in the page\'s font', { timeout: 180000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip(`${engine}: no open demo event with name and e-mail fields`); return; }
  await withPage(t, {}, async (page) => {
    await openForm(page, event.id);
    for (const name of NAMES) {
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
      await sleep(200);
      const decoy = [...name].map((c) => (c === ' ' ? ' ' : '?')).join('');
      const r = await page.evaluate(compareField, { field: 'f-name', text: name, decoy });
      assert.ok(!r.error, r.error);
      assert.ok(r.ink > 0.2, `${name}: the canvas draws ink in the field (${r.ink.toFixed(2)} grey levels on average)`);
      assert.ok(r.diff <= MAX_RELATIVE_DIFF,
        `${name}: the canvas differs from the browser's own rendering by ${r.diff.toFixed(3)} of its ink (at most ${MAX_RELATIVE_DIFF}); '?'s would differ by ${r.decoyDiff.toFixed(3)}`);
      assert.ok(r.decoyDiff > 2 * r.diff, `${name}: the comparison tells the name from question marks (${r.diff.toFixed(3)} vs ${r.decoyDiff.toFixed(3)})`);
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
