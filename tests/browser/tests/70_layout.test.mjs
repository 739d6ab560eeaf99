// Issue #5: at 320 CSS px wide nothing scrolls sideways (WCAG 1.4.10 reflow), in the list and the form;
// at devicePixelRatio 2 the canvas's backing store has twice the CSS size (text drawn sharp); content taller
// than the GPU's largest buffer at its DPR is still drawn whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents } from '../lib/api.mjs';
import { inPage, waitFor } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi, skipUnless } from '../lib/session.mjs';
import { openWidgetPage, openForm, pickEvent } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
const event = pickEvent(events);

async function assertNoSidewaysScroll(page, what) {
  const o = await inPage(page, 'overflow');
  assert.equal(o.innerWidth, 320, `${what}: the viewport is 320 CSS px wide`);
  assert.ok(o.docScrollWidth <= o.docClientWidth, `${what}: the page scrolls sideways (${o.docScrollWidth} > ${o.docClientWidth}); wide: ${o.wide.join(', ')}`);
}

test('at 320 CSS px wide neither the list nor the form scrolls sideways', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t) || skipUnless(t, 'narrowViewport')) return;
  await withPage(t, { width: 320, height: 640 }, async (page) => {
    await openWidgetPage(page, 'index.html');
    await assertNoSidewaysScroll(page, 'list');
    if (event) {
      await openForm(page, event.id);
      await assertNoSidewaysScroll(page, 'form');
    }
  });
});

test('at devicePixelRatio 2 the canvas backing store is twice its CSS size', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t) || skipUnless(t, 'dpr')) return;
  await withPage(t, { width: 800, height: 700, dpr: 2 }, async (page) => {
    await openWidgetPage(page, 'index.html');
    const c = await waitFor('a drawn canvas', async () => { const cs = await inPage(page, 'canvases'); return cs[0] && cs[0].width > 0 && cs[0]; });
    assert.equal(c.dpr, 2, 'the page sees devicePixelRatio 2');
    assert.ok(Math.abs(c.width - Math.round(c.cssWidth * 2)) <= 1, `canvas width ${c.width} for ${c.cssWidth} CSS px`);
    assert.ok(Math.abs(c.height - Math.round(c.cssHeight * 2)) <= 1, `canvas height ${c.height} for ${c.cssHeight} CSS px`);
  });
});


test('a list taller than the GPU allows at its devicePixelRatio is drawn whole, at a lower scale', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t) || skipUnless(t, 'dpr')) return;
  await withPage(t, { width: 320, height: 640, dpr: 4 }, async (page) => {
    await openWidgetPage(page, 'index.html');
    await waitFor('a drawn canvas', async () => { const cs = await inPage(page, 'canvases'); return cs[0] && cs[0].width > 0; });
    const b = await page.evaluate(() => {
      const canvas = document.querySelector('.deltag-root canvas');
      const gl = canvas.getContext('webgl2'); // the widget's own context
      return { rows: canvas.height, drawn: gl.drawingBufferHeight, cssHeight: canvas.getBoundingClientRect().height,
        content: canvas.closest('.deltag-stage').getBoundingClientRect().height,
        max: Math.min(gl.getParameter(gl.MAX_RENDERBUFFER_SIZE), gl.getParameter(gl.MAX_TEXTURE_SIZE)) };
    });
    if (b.content * 4 <= b.max) { t.skip(`this GPU's buffers reach ${b.max} rows: the list (${b.content} CSS px) fits at DPR 4`); return; }
    assert.ok(b.rows <= b.max, `the buffer has ${b.rows} rows, the GPU allows ${b.max}`);
    assert.equal(b.drawn, b.rows, 'the browser gave the buffer the rows asked for');
    assert.ok(b.cssHeight >= b.content - 1, `the canvas (${b.cssHeight} CSS px) covers the whole list (${b.content} CSS px)`);
  });
});
