// Issue 12 (languages): the switch names each language in itself plus the page language; dates in se
// and yi come from the catalog's month names, not Intl's silent en-US; a text shown from a fallback
// language carries its own lang. The se and yi locale keys come from fixtures/catalogs (--catalogs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inPage, waitFor } from '../lib/inpage.mjs';
import { withPage, skipWithoutApi } from '../lib/session.mjs';
import { openWidgetPage, waitForItem, item, focusAndEnter } from '../lib/widget.mjs';

const MINORITY_PAGE = 'demo/lansstyrelsen-sametinget.html';
const YIDDISH_PAGE = 'demo/yiddish.html';
const SE_MONTHS = ['ođđajagemánnu', 'guovvamánnu', 'njukčamánnu', 'cuoŋománnu', 'miessemánnu', 'geassemánnu',
  'suoidnemánnu', 'borgemánnu', 'čakčamánnu', 'golggotmánnu', 'skábmamánnu', 'juovlamánnu'];
const YI_MONTHS = ['יאַנואַר', 'פֿעברואַר', 'מערץ', 'אַפּריל', 'מיי', 'יוני', 'יולי', 'אויגוסט', 'סעפּטעמבער', 'אקטאבער',
  'נאוועמבער', 'דעצעמבער'];
const ENGLISH_MONTHS = /\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/;

// Every text the widget's overlay holds, one string per item.
const texts = async (page) => (await inPage(page, 'items')).map((d) => `${d.text || ''} ${d.name || ''}`);

// The lang attribute of the element that carries an item (web/overlay.js sets it from the item).
const langOf = (page, id) => page.evaluate((itemId) => {
  const el = [...document.querySelectorAll('.deltag-root *')].find((e) => e.__deltagItem === itemId);
  return el ? el.getAttribute('lang') || '' : null;
}, id);

test('the language switch names each language in itself plus the page language', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, MINORITY_PAGE);
    const se = await waitForItem(page, 'b-lang-se');
    assert.equal(se.text, 'Davvisámegiella (nordsamiska)');
    assert.equal((await item(page, 'b-lang-yi')).text, 'ייִדיש (jiddisch)');
    assert.equal((await item(page, 'b-lang-sv')).text, 'Svenska');
    assert.equal(await langOf(page, 'b-lang-se'), 'se');
    // Every language the page offers (data-langs) is in the switch, in its order.
    const ids = (await inPage(page, 'items')).map((d) => d.item).filter((id) => /^b-lang-/.test(id));
    assert.deepEqual([...new Set(ids)], ['sv', 'fi', 'fit', 'se', 'smj', 'sma', 'rom', 'yi'].map((l) => `b-lang-${l}`));
  });
});

test('in North Sami the dates use the catalog\'s month names and a Swedish title carries lang="sv"', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, MINORITY_PAGE);
    await waitForItem(page, 'b-lang-se');
    await focusAndEnter(page, 'b-lang-se');
    await waitFor('the widget in North Sami', async () => (await inPage(page, 'widgetLang')) === 'se', { timeout: 15000 });
    const all = await waitFor('a date in North Sami', async () => {
      const found = await texts(page);
      return found.some((s) => SE_MONTHS.some((m) => s.includes(m))) && found;
    }, { timeout: 15000 });
    assert.ok(!all.some((s) => ENGLISH_MONTHS.test(s)), `no English month name: ${all.filter((s) => ENGLISH_MONTHS.test(s)).join(' | ')}`);
    // The event has no North Sami title: it is shown in Swedish (se -> sv) and says so.
    assert.equal(await langOf(page, 'h-title'), 'sv');
  });
});

test('in Yiddish the dates use the catalog\'s month names, not Intl\'s English', { timeout: 60000 }, async (t) => {
  if (skipWithoutApi(t)) return;
  await withPage(t, {}, async (page) => {
    await openWidgetPage(page, YIDDISH_PAGE);
    assert.equal(await inPage(page, 'widgetLang'), 'yi');
    const all = await waitFor('a date in Yiddish', async () => {
      const found = await texts(page);
      return found.some((s) => YI_MONTHS.some((m) => s.includes(m))) && found;
    }, { timeout: 15000 });
    assert.ok(!all.some((s) => ENGLISH_MONTHS.test(s)), `no English month name: ${all.filter((s) => ENGLISH_MONTHS.test(s)).join(' | ')}`);
  });
});
