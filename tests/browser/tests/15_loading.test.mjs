// Issue #5: the widget's wasm carries no catalogs; the App fetches the one of the language it shows
// (wasm/app/app_reference.cpp). Switching language fetches the other one and shows it once it is here;
// a widget whose catalog cannot be loaded shows the placeholder's link, never an empty widget. The
// placeholder's loading indicator waits half a second (no flash on a fast load).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents } from '../lib/api.mjs';
import { message } from '../lib/catalog.mjs';
import { inPage, waitFor } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi } from '../lib/session.mjs';
import { openWidgetPage, waitForItem, item, focusAndEnter } from '../lib/widget.mjs';

const events = hasApi ? await listEvents() : [];
// Its sign-up button says the catalog's widget.event.signup (not "join the waiting list").
const target = events.find(({ availability: a }) => a.state === 'open' && (a.seats_left === null || a.seats_left > 0));

test('switching language fetches that catalog and shows the widget in it', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!target) return t.skip('no open demo event with seats left');
  const id = target.event.id;
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, `e/${id}?lang=sv`);
    await waitForItem(page, 'b-signup');
    assert.equal((await item(page, 'b-signup')).text, message('sv', 'widget.event.signup'));
    await focusAndEnter(page, 'b-lang-da');
    await waitFor('the Danish texts', async () => {
      const b = await item(page, 'b-signup');
      return b && b.text === message('da', 'widget.event.signup');
    }, { timeout: 15000 });
    assert.equal(await inPage(page, 'widgetLang'), 'da');
  });
});

test('a widget whose catalog cannot be loaded shows the placeholder\'s link to the event page', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!target) return t.skip('no open demo event with seats left');
  const id = target.event.id;
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, `e/${id}?lang=sv`); // the module is running
    // A second widget on the page whose API base has no catalogs (the server answers 404).
    await page.evaluate((eventId) => {
      const el = document.createElement('div');
      el.id = 'deltag-broken';
      el.setAttribute('data-deltag', '');
      el.setAttribute('data-api', '/api/v0');
      el.setAttribute('data-event', eventId);
      el.setAttribute('data-lang', 'da');
      document.body.insertBefore(el, document.body.firstChild);
      window.scrollTo(0, 0);
      window.Deltag.scan();
    }, id);
    await waitFor('the widget without a catalog to fall back', () =>
      page.evaluate(() => document.getElementById('deltag-broken').classList.contains('deltag-failed')), { timeout: 20000 });
    const fallback = await page.evaluate(() => {
      const el = document.getElementById('deltag-broken');
      const a = el.querySelector('.deltag-placeholder a');
      return { link: a ? a.getAttribute('href') : '', shown: !el.querySelector('.deltag-placeholder').hidden,
        ready: el.classList.contains('deltag-ready'), controls: el.querySelectorAll('.deltag-overlay *').length };
    });
    assert.ok(fallback.link.endsWith(`/e/${id}`), `the link goes to the event's page (${fallback.link})`);
    assert.equal(fallback.shown, true, 'the placeholder is shown');
    assert.equal(fallback.ready, false, 'the widget never drew');
    assert.equal(fallback.controls, 0, 'no overlay controls without texts');
    // The first widget is not affected.
    assert.equal((await item(page, 'b-signup')).text, message('sv', 'widget.event.signup'));
  });
});

test('the placeholder\'s loading indicator shows only once loading has taken half a second', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  if (!target) return t.skip('no open demo event with seats left');
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, `e/${target.event.id}?lang=sv`);
    // A container far below the viewport stays a placeholder (nothing loads until it nears).
    const spinner = () => page.evaluate(() => {
      const el = document.getElementById('deltag-far');
      const busy = el && el.querySelector('.deltag-placeholder-text--busy');
      return busy ? { opacity: getComputedStyle(busy, '::after').opacity, loading: el.classList.contains('deltag-loading') } : null;
    });
    const atMount = await page.evaluate((eventId) => {
      const spacer = document.createElement('div');
      spacer.style.height = '4000px';
      const el = document.createElement('div');
      el.id = 'deltag-far';
      el.setAttribute('data-deltag', '');
      el.setAttribute('data-event', eventId);
      document.body.appendChild(spacer);
      document.body.appendChild(el);
      window.Deltag.scan();
      return getComputedStyle(el.querySelector('.deltag-placeholder-text--busy'), '::after').opacity;
    }, target.event.id);
    assert.equal(atMount, '0', 'no indicator at first');
    await waitFor('the indicator to show', async () => { const s = await spinner(); return s && s.loading && s.opacity === '1'; }, { timeout: 10000 });
  });
});
