// Issue #5: a host page chooses which events a list widget shows (data-events on the container,
// web/EMBEDDING.md). The Socialstyrelsen demo page lists only its own two experience exchanges,
// out of every event the server has.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEvents } from '../lib/api.mjs';
import { inPage } from '../lib/inpage.mjs';
import { withPage, hasApi, skipWithoutApi } from '../lib/session.mjs';
import { openWidgetPage } from '../lib/widget.mjs';

const PAGE = 'demo/socialstyrelsen.html';
const OWN = ['erfarenhetsutbyte-minoriteter-aldreomsorg', 'erfarenhetsutbyte-romsk-inkludering'];
const events = hasApi ? await listEvents() : [];

test('the Socialstyrelsen page\'s list widget shows exactly its two experience exchanges', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  const all = events.map(({ event }) => event.id);
  assert.ok(OWN.every((id) => all.includes(id)), `the server has both events (${all.join(', ')})`);
  assert.ok(all.length > OWN.length, 'the server has other events too, so the page really filters');
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, PAGE);
    const shown = (await inPage(page, 'items'))
      .filter((d) => d.item.startsWith('l-event-') && d.tag === 'a')
      .map((d) => d.item.slice('l-event-'.length));
    assert.deepEqual([...new Set(shown)].sort(), OWN, `links in the widget: ${shown.join(', ')}`);
    assert.equal(await inPage(page, 'item', 't-empty'), null, 'no "no events" line');
  });
});
