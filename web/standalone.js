/* Boot of the pages Deltag serves itself, /e/{event} (standalone) and /kiosk/{event}: reads the
   event from the address, picks the page language, marks the widget container before embed.js
   mounts it, and registers the service worker (sw.js) once the widget has started, so the page
   opens offline next time.
   Plain browser JS, no inline script needed (CSP script-src 'self'). Knows nothing about the wasm. */
(function () {
  'use strict';

  // The languages with catalogs (shared/catalogs); the page offers sv, da and en, plus the one it
  // opened in (embed.js offers the same when the container has no data-langs).
  var KNOWN = ['sv', 'da', 'en', 'fi', 'fit', 'se', 'smj', 'sma', 'rom', 'yi', 'de', 'ar'];
  var match = /^\/(e|kiosk)\/([a-z0-9-]+)\/?$/.exec(location.pathname);
  var eventId = match ? match[2] : '';
  var kiosk = !!match && match[1] === 'kiosk';

  // ?lang= wins, then the browser's languages (Norwegian readers get Danish), then Swedish.
  function pickLang() {
    var asked = new URLSearchParams(location.search).get('lang');
    var wanted = (asked ? [asked] : []).concat(navigator.languages || [navigator.language || '']);
    for (var i = 0; i < wanted.length; i++) {
      var base = String(wanted[i] || '').toLowerCase().split('-')[0];
      if (base === 'nb' || base === 'nn' || base === 'no') base = 'da';
      if (KNOWN.indexOf(base) >= 0) return base;
    }
    return 'sv';
  }

  var lang = pickLang();
  var LANGS = ['sv', 'da', 'en'].concat(['sv', 'da', 'en'].indexOf(lang) < 0 ? [lang] : []);
  document.documentElement.lang = lang;
  var container = document.getElementById('deltag');
  if (container) {
    container.setAttribute('data-event', eventId);
    container.setAttribute('data-lang', lang);
    if (kiosk) container.setAttribute('data-kiosk', '');
  }

  // The worker's scope is the page kind's own path, so it never controls anything else on the origin.
  function registerWorker() {
    if (!eventId || !('serviceWorker' in navigator)) return Promise.resolve(false);
    var scope = kiosk ? '/kiosk/' : '/e/';
    return navigator.serviceWorker.register('/sw.js', { scope: scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // The page's own scripts, styles, wasm and font, as this page loaded them (their
      // content-hashed names come from the build, issue 13): the worker takes them from the
      // browser's cache, so keeping them costs no download.
      var urls = [location.pathname];
      if (window.performance && performance.getEntriesByType) {
        performance.getEntriesByType('resource').forEach(function (r) {
          if (/\.(js|css|wasm|ttf|woff2?)$/.test(r.name.split(/[?#]/)[0])) urls.push(r.name);
        });
      }
      // A kiosk in the field serves visitors of every language: all of them from the start.
      return keep(registration, urls.concat(languageUrls(kiosk ? LANGS : [lang])), kiosk);
    }).then(function (kept) {
      // Tests and the kiosk page wait for this before going offline.
      if (kept) document.documentElement.setAttribute('data-deltag-offline-ready', '');
      return kept;
    }).catch(function (err) {
      if (window.console) console.warn('deltag: offline support unavailable', err);
      return false;
    });
  }

  // As the widget asks: its event data and catalog in each language. The service worker adds the
  // municipality lists when the event's form has an organisation picker.
  function languageUrls(langs) {
    var urls = [];
    langs.forEach(function (l) { urls.push('/api/v1/events/' + eventId + '?lang=' + l, '/api/v1/catalogs/' + l); });
    return urls;
  }

  // Asks the worker to keep `urls` (and with `lists` the municipality lists their events'
  // organisation pickers need); resolves when it has (its answers come in the order asked).
  function keep(registration, urls, lists) {
    return new Promise(function (resolve) {
      navigator.serviceWorker.addEventListener('message', function onMessage(e) {
        if (!e.data || e.data.type !== 'deltag:kept') return;
        navigator.serviceWorker.removeEventListener('message', onMessage);
        resolve(true);
      });
      registration.active.postMessage({ type: 'deltag:keep', urls: urls, lists: !!lists });
    }).then(function () {
      keptLangs = keptLangs.concat(LANGS.filter(function (l) {
        return keptLangs.indexOf(l) < 0 && urls.indexOf('/api/v1/catalogs/' + l) >= 0;
      }));
      document.documentElement.setAttribute('data-deltag-offline-langs', keptLangs.join(' '));
      return true;
    });
  }
  var keptLangs = [];

  // The other languages' texts (11-13 KB on the wire, measured in session 4) only for a visitor who uses the
  // page: the first focus, tap or key in the widget, or a sign-up; fetched when the browser is idle,
  // so a visitor who only looks pays nothing for them. The language switch then works offline,
  // and so does the organisation picker (the municipality lists).
  function keepOtherLanguages() {
    if (kiosk || !container || keepOtherLanguages.asked) return;
    keepOtherLanguages.asked = true;
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 200); };
    ready.then(function (kept) {
      if (!kept || !navigator.onLine) { keepOtherLanguages.asked = false; return; } // the next use asks again
      idle(function () {
        navigator.serviceWorker.ready.then(function (registration) {
          // Its own language again: the worker then keeps the lists its picker needs too.
          return keep(registration, languageUrls([lang].concat(LANGS.filter(function (l) { return l !== lang; }))), true);
        }).catch(function () { keepOtherLanguages.asked = false; });
      }, { timeout: 5000 });
    });
  }
  if (container && !kiosk) {
    ['focusin', 'pointerdown', 'keydown'].forEach(function (type) { container.addEventListener(type, keepOtherLanguages); });
    document.addEventListener('deltag:registered', keepOtherLanguages);
  }

  // Registered once the widget has drawn (or cannot be shown): installing the worker fetches and
  // stores the page's files again, and on a first visit that competed with the widget's own start
  // (measured in headless Chromium on 2 cores: first frame at 808 ms instead of 517, median of 7).
  var ready = new Promise(function (resolve) {
    var started = false;
    function start() {
      if (started) return;
      started = true;
      resolve(navigator.onLine ? registerWorker() : false);
    }
    document.addEventListener('deltag:ready', start);
    document.addEventListener('deltag:failed', start);
  });
  window.DeltagPage = { event: eventId, kiosk: kiosk, lang: lang, offlineReady: ready };
})();
