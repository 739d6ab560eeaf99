// Issue 12 part 5a: the widget's canvas text follows the visitor's text settings. With
// `html { font-size: 200% }` on the host page its text is twice as large (the language switch's
// labels measure twice as wide) and the whole layout reflows: no item outside the widget, no two
// targets overlapping, nothing of the widget past the viewport (no sideways scroll) at 320 CSS px (447 in WebKitGTK, its narrowest). The same with the WCAG 1.4.12 text
// spacing overrides a user stylesheet sets (line height 1.5, letter spacing 0.12em, word spacing
// 0.16em, paragraph spacing 2em), which reach the runs and the layout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents } from '../lib/api.mjs';
import { inPage, sleep, waitFor } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, unsupported } from '../lib/session.mjs';
import { openForm, pickEvent } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events, { needs: ['name', 'email'] });

// The 1.4.12 bookmarklet's rules, as a user stylesheet would apply them.
const SPACING_RULES = ['* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }',
  'p { margin-bottom: 2em !important; }'];

// The widget's items as the overlay places them (the App's layout), in CSS px of the page.
function layoutOf(page) {
  return page.evaluate(() => {
    const root = document.querySelector('.deltag-root');
    const stage = root.querySelector('.deltag-stage').getBoundingClientRect();
    const items = [...root.querySelectorAll('.deltag-overlay *')].filter((el) => el.__deltagItem).map((el) => {
      const r = el.getBoundingClientRect();
      const tag = el.tagName;
      return { id: el.__deltagItem, tag, x: r.x - stage.x, y: r.y - stage.y, w: r.width, h: r.height,
        target: ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'A'].includes(tag) && r.width > 1 && r.height > 1 && !el.closest('[aria-hidden=true]') };
    });
    // What of the widget reaches past the viewport's right edge (the host page's own content is
    // the host's: the demo pages' CSS is not the widget's).
    const wide = [...root.querySelectorAll('*')].filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1; })
      .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.__deltagItem || ''} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { width: stage.width, height: stage.height, items, wide, rootRight: root.getBoundingClientRect().right, innerWidth,
      scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth };
  });
}

// Targets (the DOM controls over the drawn ones) inside the widget, none on top of another.
function assertReflowed(l, what) {
  assert.ok(l.rootRight <= l.innerWidth + 1 && l.wide.length === 0,
    `${what}: the widget reaches past the viewport (${l.rootRight} > ${l.innerWidth}): ${l.wide.join(', ')}`);
  const targets = l.items.filter((i) => i.target);
  assert.ok(targets.length > 3, `${what}: the form has targets`);
  for (const i of targets) {
    assert.ok(i.x >= -0.5 && i.x + i.w <= l.width + 0.5, `${what}: ${i.id} (${i.x}..${i.x + i.w}) is outside the widget's ${l.width} px`);
  }
  const seen = new Map();
  for (const i of targets) { if (!seen.has(i.id)) seen.set(i.id, i); }
  const list = [...seen.values()];
  for (let a = 0; a < list.length; a += 1) {
    for (let b = a + 1; b < list.length; b += 1) {
      const p = list[a], q = list[b];
      const over = p.x < q.x + q.w - 0.5 && q.x < p.x + p.w - 0.5 && p.y < q.y + q.h - 0.5 && q.y < p.y + p.h - 0.5;
      // A control inside its own item's element (the label wraps the input) is not an overlap.
      assert.ok(!over || p.id === q.id, `${what}: ${p.id} overlaps ${q.id}`);
    }
  }
}

const langButtons = (l) => l.items.filter((i) => /^b-lang-/.test(i.id) && i.tag === 'BUTTON');
const langWidths = (l) => langButtons(l).map((i) => i.w);

async function settle(page, before) {
  // The settings arrive through a ResizeObserver and a frame: wait for the layout to change.
  let last = before;
  return waitFor(`the widget to reflow from ${before.height} px`, async () => {
    last = await layoutOf(page);
    return last.height !== before.height && last;
  }, { timeout: 30000 });
}

// The layout once two looks 300 ms apart agree (frames at 200 % take a while under SwiftShader).
async function steady(page) {
  let prev = await layoutOf(page);
  for (let i = 0; i < 50; i += 1) {
    await sleep(300);
    const l = await layoutOf(page);
    if (l.height === prev.height) return l;
    prev = l;
  }
  return prev;
}

test('with html { font-size: 200% } the widget\'s text is twice as large and the form reflows at 320 and 1000 CSS px', { timeout: 120000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip('no open demo event with name and e-mail fields'); return; }
  // WebKitGTK's MiniBrowser cannot be narrower than 447 px: there the narrowest it allows.
  const narrow = unsupported('narrowViewport') ? 447 : 320;
  for (const width of [1000, narrow]) {
    await withPage(t, { width, height: 800 }, async (page) => {
      await openForm(page, event.id);
      await page.evaluate(() => document.querySelector('[data-deltag] input, .deltag-root input')?.blur());
      await sleep(300);
      const normal = await layoutOf(page);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '200%';
        document.querySelector('.deltag-root').scrollIntoView({ block: 'start' }); // as below
      });
      const big = await settle(page, normal);
      await sleep(300);
      const after = await layoutOf(page);
      assert.ok(after.height > normal.height * 1.5, `the form is taller at 200 % (${normal.height} -> ${after.height})`);
      const [a, b] = [langWidths(normal), langWidths(after)];
      assert.ok(a.length >= 2 && a.length === b.length, `the language switch has its buttons (${a.length}, ${b.length})`);
      // The widest item is as wide as the column.
      const column = Math.max(...after.items.map((i) => i.w));
      for (let i = 0; i < a.length; i += 1) {
        // Width = label + 20 px of padding (at least 48): the label twice as wide, unless that is
        // wider than the column: then the button is the column's width and its label wraps onto
        // more lines (the button at least 1.85x as tall as its one line at 100 %).
        if (a[i] <= 48.5) continue;
        const ratio = (b[i] - 20) / (a[i] - 20);
        if (2 * (a[i] - 20) + 20 > column + 0.5) {
          const [ha, hb] = [langButtons(normal)[i].h, langButtons(after)[i].h];
          assert.ok(Math.abs(b[i] - column) < 1 && hb > ha * 1.85,
            `language button ${i}: label ${a[i] - 20} px at 100 % is wider than the column (${column} px) at 200 %: ` +
            `${b[i]} px wide, ${ha} -> ${hb} px tall`);
          continue;
        }
        assert.ok(ratio > 1.85 && ratio < 2.15, `language button ${i}: label ${a[i] - 20} -> ${b[i] - 20} px (x${ratio.toFixed(2)})`);
      }
      assertReflowed(after, `200 % at ${width} px`);
      assert.ok(big);
    });
  }
});

test('the WCAG 1.4.12 text spacing overrides reach the widget\'s text, at 100 % and 200 %, with nothing overlapping at 320 CSS px', { timeout: 120000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!event) { t.skip('no open demo event with name and e-mail fields'); return; }
  const narrow = unsupported('narrowViewport') ? 447 : 320; // as above
  for (const size of ['100%', '200%']) {
    await withPage(t, { width: narrow, height: 800 }, async (page) => {
      await openForm(page, event.id);
      await page.evaluate((s) => { document.documentElement.style.fontSize = s; }, size);
      // At 200 % the host page's own text above may push the widget out of view, and embed.js
      // draws only widgets near the viewport: bring it into view.
      await page.evaluate(() => document.querySelector('.deltag-root').scrollIntoView({ block: 'start' }));
      await sleep(500);
      const plain = await steady(page);
      // Through the CSSOM: the pages' CSP (style-src 'self') refuses an inline <style>.
      await page.evaluate((rules) => {
        const sheet = [...document.styleSheets].find((s) => { try { return s.cssRules && s.href; } catch (e) { return false; } });
        for (const rule of rules) sheet.insertRule(rule, sheet.cssRules.length);
      }, SPACING_RULES);
      await settle(page, plain);
      await sleep(300);
      const spaced = await layoutOf(page);
      assert.ok(spaced.height > plain.height, `the form is taller with the spacing (${plain.height} -> ${spaced.height})`);
      const [a, b] = [langWidths(plain), langWidths(spaced)];
      // Canvas2D letterSpacing is what carries the spacing into the browser's runs.
      const canvasSpacing = await page.evaluate(() => 'letterSpacing' in CanvasRenderingContext2D.prototype);
      if (canvasSpacing) assert.ok(b.some((w, i) => w > a[i] + 2), `letter spacing widens the language switch's labels (${a} -> ${b})`);
      else t.diagnostic('this engine\'s Canvas2D has no letterSpacing: the spacing reaches the layout (line height, paragraphs) only');
      assertReflowed(spaced, `1.4.12 spacing at ${size}`);
    });
  }
});
