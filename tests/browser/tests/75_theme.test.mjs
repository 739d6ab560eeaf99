// Issue 12 part 5b: the canvas follows the visitor's colour settings. With forced colours the browser
// recolours the DOM but never a canvas's pixels, so the widget must draw in the system colours itself
// (read here the same way a page can: a probe element's computed colour). Checked on the pixels the
// widget drew, read back in the animation frame that drew them, before the buffer is composited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../lib/inpage.mjs';
import { withPage, skipWithoutApi, skipUnless } from '../lib/session.mjs';
import { openWidgetPage } from '../lib/widget.mjs';

// The system colours as the page computes them, "#rrggbb".
function systemColors(page) {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.forcedColorAdjust = 'none';
    document.body.appendChild(probe);
    const out = {};
    for (const name of ['Canvas', 'CanvasText', 'LinkText']) {
      probe.style.color = name;
      const m = /(\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
      out[name] = '#' + [m[1], m[2], m[3]].map((v) => (+v).toString(16).padStart(2, '0')).join('');
    }
    probe.remove();
    return out;
  });
}

// One freshly drawn frame of the first widget: its most frequent colour (the background) and the
// number of pixels of each exact colour.
function drawnPixels(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const canvas = document.querySelector('.deltag-root canvas');
    window.Deltag.page.requestFrame(1); // the widget's frame callback is queued before ours
    requestAnimationFrame(() => {
      const gl = canvas.getContext('webgl2');
      const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
      const px = new Uint8Array(w * h * 4);
      gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
      const hex = (i) => '#' + [px[i], px[i + 1], px[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('');
      const counts = {};
      for (let i = 0; i < px.length; i += 4) { const c = hex(i); counts[c] = (counts[c] || 0) + 1; }
      const background = Object.keys(counts).reduce((a, b) => (counts[a] >= counts[b] ? a : b));
      resolve({ background, counts, total: w * h });
    });
  }));
}

async function assertDrawnIn(page, colors, what) {
  // The settings reach the wasm through matchMedia listeners: wait for the frame that uses them.
  const px = await waitFor(`${what}: the canvas background in Canvas ${colors.Canvas}`, async () => {
    const p = await drawnPixels(page);
    return p.background === colors.Canvas && p;
  }, { timeout: 10000 }).catch(async () => drawnPixels(page));
  assert.equal(px.background, colors.Canvas, `${what}: the background is Canvas`);
  const text = px.counts[colors.CanvasText] || 0;
  const link = px.counts[colors.LinkText] || 0;
  assert.ok(text >= 200, `${what}: ${text} pixels in CanvasText ${colors.CanvasText} (the list's texts)`);
  assert.ok(link >= 50, `${what}: ${link} pixels in LinkText ${colors.LinkText} (the events' links)`);
}

for (const scheme of ['light', 'dark']) {
  test(`with forced colours (${scheme} palette) the canvas draws in the system colours, and follows a change live`, { timeout: 90000 }, async (t) => {
    if (skipWithoutApi(t) || skipUnless(t, 'mediaEmulation')) return;
    await withPage(t, { width: 800, height: 900 }, async (page) => {
      await page.emulateMedia({ forcedColors: 'active', colorScheme: scheme });
      await openWidgetPage(page, 'index.html');
      const colors = await systemColors(page);
      await assertDrawnIn(page, colors, `forced colours at load (${scheme})`);
      // Off and on again while the page is open: the matchMedia listeners re-theme the canvas.
      await page.emulateMedia({ forcedColors: 'none', colorScheme: 'light' });
      const normal = await waitFor('the light theme back', async () => {
        const p = await drawnPixels(page);
        return p.background === '#ffffff' && p;
      }, { timeout: 10000 });
      assert.ok((normal.counts['#1b1b1b'] || 0) > 200, 'the light theme draws its #1b1b1b text again');
      await page.emulateMedia({ forcedColors: 'active', colorScheme: scheme });
      await assertDrawnIn(page, await systemColors(page), `forced colours switched on (${scheme})`);
    });
  });
}

test('prefers-contrast: more draws muted text darker; data-color-scheme="auto" follows a dark preference', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t) || skipUnless(t, 'mediaEmulation')) return;
  await withPage(t, { width: 800, height: 900 }, async (page) => {
    await page.emulateMedia({ contrast: 'more', colorScheme: 'dark' });
    await openWidgetPage(page, 'index.html');
    // index.html does not opt into dark: the card stays light, with the contrast raised.
    const more = await waitFor('a frame drawn with more contrast', async () => {
      const p = await drawnPixels(page);
      return p.background === '#ffffff' && (p.counts['#000000'] || 0) > 200 && p;
    }, { timeout: 10000 });
    assert.ok(more.counts['#000000'] > 200, `${more.counts['#000000']} pixels of black text (the normal text is #1b1b1b)`);
    // The host opts in: the card turns dark on the next settings message.
    await page.evaluate(() => {
      document.querySelector('.deltag-root').setAttribute('data-color-scheme', 'auto');
    });
    await page.emulateMedia({ contrast: 'more', colorScheme: 'light' });
    await page.emulateMedia({ contrast: 'more', colorScheme: 'dark' });
    const dark = await waitFor('a dark frame', async () => {
      const p = await drawnPixels(page);
      return p.background === '#1b1b1b' && p;
    }, { timeout: 10000 });
    assert.ok((dark.counts['#ffffff'] || 0) > 200, 'text in white on the dark card with more contrast');
  });
});
