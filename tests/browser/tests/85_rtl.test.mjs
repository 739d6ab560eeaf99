// Issue 12 part 3: in a right-to-left widget language (yi, and ar for the Arabic path) the whole flow
// (list, event, form with errors, result) is mirrored: the overlay root carries dir="rtl" and the
// language, labels and fields share their right edge, check marks sit at the right, the language
// switch moves to the left, fields get their own direction; a visitor signs up with the keyboard
// alone and axe finds nothing. Screenshots land in artifacts/<engine>/rtl-<lang>-*.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents, rowsContaining } from '../lib/api.mjs';
import { runAxe, formatViolations } from '../lib/axe.mjs';
import { fillFormByKeyboard, idPart } from '../lib/fill.mjs';
import { inPage, sleep } from '../lib/inpage.mjs';
import { readPng } from '../lib/png.mjs';
import { withPage, hasApi, skipWithoutApi, engine, artifactPath } from '../lib/session.mjs';
import { openWidgetPage, tabToItem, waitForItem } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
// An open first-come event whose form has a check box (its mark must sit at the right) and e-mail.
const BOXES = ['checkbox', 'consent', 'checkbox_group'];
const event = (events.find(({ event: e, availability: a }) => a.state === 'open' && e.mode !== 'application' &&
  e.form.fields.some((f) => f.type === 'email') && e.form.fields.some((f) => BOXES.includes(f.type))) || {}).event;
// The item of the form's first check box: a group's first option, or the box itself.
function firstBox(form) {
  const f = form.fields.find((x) => BOXES.includes(x.type));
  return f.type === 'checkbox_group' ? `f-${f.id}-${idPart(f.options[0].value)}` : `f-${f.id}`;
}

// Geometry of the widget's overlay: every positioned item (not the sr-only honeypot, not the
// language switch), the language buttons, and the stage.
function geometry(page) {
  return page.evaluate(() => {
    const overlay = document.querySelector('.deltag-overlay');
    const stage = overlay.closest('.deltag-stage').getBoundingClientRect();
    const box = (el) => { const r = el.getBoundingClientRect(); return { id: el.__deltagItem, left: r.left, right: r.right, top: r.top, w: r.width, h: r.height }; };
    const items = [...overlay.querySelectorAll('.deltag-item')]
      .filter((el) => !el.classList.contains('deltag-sr-only') && el.getBoundingClientRect().width > 0);
    const lang = items.filter((el) => /^b-lang-/.test(el.__deltagItem || ''));
    return {
      dir: overlay.getAttribute('dir'), lang: overlay.getAttribute('lang'),
      stage: { left: stage.left, right: stage.right, w: stage.width },
      column: items.filter((el) => !lang.includes(el)).map(box), langButtons: lang.map(box),
      fields: [...overlay.querySelectorAll('input, textarea')].filter((c) => c.type !== 'checkbox' && c.type !== 'radio')
        .map((c) => ({ id: c.__deltagItem, type: c.type, dir: c.getAttribute('dir') })),
    };
  });
}

// Right to left, every item of the column ends at the column's right edge (its start), the language
// switch sits at the left (its end), and nothing reaches past the stage.
function assertMirrored(g, lang, screen) {
  assert.equal(g.dir, 'rtl', `${screen}: the overlay root has dir="rtl"`);
  assert.equal(g.lang, lang, `${screen}: the overlay root has lang="${lang}"`);
  const pad = g.stage.w < 400 ? 12 : 20;
  const start = g.stage.right - pad;
  const off = g.column.filter((b) => Math.abs(b.right - start) > 1.5);
  assert.deepEqual(off.map((b) => `${b.id} right=${b.right.toFixed(1)}`), [],
    `${screen}: every label, text and field ends at the right edge ${start} (the stage is ${g.stage.left}..${g.stage.right})`);
  assert.ok(g.column.length >= 3, `${screen}: items were measured (${g.column.length})`);
  for (const b of g.langButtons) assert.ok(b.left >= g.stage.left + pad - 1 && b.right < g.stage.left + g.stage.w / 2,
    `${screen}: the language choice ${b.id} sits at the left end (${b.left}..${b.right})`);
}

const near = ([r, g, b], [R, G, B]) => Math.abs(r - R) + Math.abs(g - G) + Math.abs(b - B) < 60;
const ACCENT = [0x1d, 0x4f, 0x7a]; // the fixture page's data-accent: a checked box is filled with it

function accentPixels(img, x0, x1, y0, y1, dpr) {
  let n = 0;
  for (let y = Math.ceil(y0 * dpr); y < y1 * dpr; y += 1)
    for (let x = Math.ceil(x0 * dpr); x < x1 * dpr; x += 1) if (near(img.at(x, y), ACCENT)) n += 1;
  return n;
}

for (const lang of ['yi', 'ar']) {
  test(`in ${lang} the list, event, form with errors and result are mirrored, and a visitor signs up with the keyboard alone`, { timeout: 180000 }, async (t) => {
    if (skipWithoutApi(t)) return;
    if (!event) { t.skip(`${engine}: no open first-come demo event with an e-mail field and a checkbox`); return; }
    const unique = `${engine}-rtl-${lang}-${Date.now().toString(36)}`;
    await withPage(t, {}, async (page) => {
      const axe = async (what) => {
        const v = await runAxe(page);
        assert.equal(v.length, 0, `${engine}, ${lang}, ${what}:\n${formatViolations(v)}`);
      };
      await openWidgetPage(page, `rtl.html?lang=${lang}`);
      assertMirrored(await geometry(page), lang, 'the list');
      await page.screenshot(artifactPath(`rtl-${lang}-list.png`));
      await axe('the list');

      await tabToItem(page, `l-event-${event.id}`);
      await page.press('Enter');
      await waitForItem(page, 'b-signup');
      await sleep(200);
      assertMirrored(await geometry(page), lang, 'the event');
      await page.screenshot(artifactPath(`rtl-${lang}-event.png`));

      await tabToItem(page, 'b-signup');
      await page.press('Enter');
      await waitForItem(page, 'h-form');
      // Submitting the empty form shows every error and the summary.
      await tabToItem(page, 'b-submit');
      await page.press('Enter');
      await waitForItem(page, 's-summary');
      await sleep(200);
      const errors = await geometry(page);
      assertMirrored(errors, lang, 'the form with errors');
      for (const f of errors.fields) {
        const ltr = ['email', 'tel', 'url', 'date'].includes(f.type);
        assert.equal(f.dir, ltr ? 'ltr' : 'auto', `field ${f.id} (${f.type}) has dir="${ltr ? 'ltr' : 'auto'}"`);
      }
      await page.screenshot(artifactPath(`rtl-${lang}-form-errors.png`));
      await axe('the form with errors');

      // A ticked check box: its mark (filled with the accent) is at the right end of its row.
      const box = firstBox(event.form);
      await tabToItem(page, box);
      await page.press('Space');
      await waitForItem(page, box, { where: (d) => d.checked });
      await sleep(300);
      const row = await page.evaluate((id) => {
        const el = [...document.querySelectorAll('.deltag-overlay .deltag-item')].find((e) => e.__deltagItem === id);
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, dpr: devicePixelRatio };
      }, box);
      const shot = artifactPath(`rtl-${lang}-checked.png`);
      await page.screenshot(shot);
      const img = readPng(shot);
      const dpr = img.width / (await page.evaluate(() => innerWidth));
      const right = accentPixels(img, row.right - 24, row.right, row.top, row.bottom, dpr);
      const left = accentPixels(img, row.left, row.left + 24, row.top, row.bottom, dpr);
      assert.ok(right > 150 * dpr * dpr && left < 10, `the check mark is at the right of its row (accent pixels right ${right}, left ${left})`);

      // The rest with the keyboard, from the top of the form: the server gets the registration.
      await inPage(page, 'focusItem', 'l-back');
      const { answers } = await fillFormByKeyboard(page, event.form, { unique }); // the ticked box stays ticked
      await page.press('Enter');
      await waitForItem(page, 'h-result', { timeout: 30000 });
      await sleep(200);
      assertMirrored(await geometry(page), lang, 'the result');
      await page.screenshot(artifactPath(`rtl-${lang}-result.png`));
      await axe('the result');
      const rows = await rowsContaining(event.id, answers.email);
      assert.equal(rows.length, 1, `one registration with ${answers.email} on the server`);
      // The reference is inserted into the message isolated (FSI...PDI), as the core's catalog does it.
      // (textContent: Firefox's innerText leaves the invisible isolates out.)
      const ref = await page.evaluate(() => {
        const el = [...document.querySelectorAll('.deltag-overlay .deltag-item')].find((e) => e.__deltagItem === 't-reference');
        return el ? el.textContent : '';
      });
      assert.ok(/\u2068[^\u2069]+\u2069/.test(ref), `the reference is isolated in its sentence: ${JSON.stringify(ref)}`);
    });
  });
}
