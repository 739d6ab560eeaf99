/* Deltag's service worker for the pages Deltag serves itself (/e/{event}, /kiosk/{event}): keeps
   the widget and the event data so the page opens with no network after one online visit.
   Handles same-origin GETs only: a POST (a sign-up) is never intercepted (WEB_NOTES.md, enketo #1584);
   the in-page outbox retries those. Personal data (registrations, tokens, admin) is never cached. */
'use strict';

var CACHE = 'deltag-offline-v1';
var NETWORK_TIMEOUT_MS = 6000;

// Nothing is fetched at install: the page sends the URLs of the files it loaded (their build's
// content-hashed names, issue 13) with its event data, and they are kept from the browser's cache
// (no download). A page without a build's dist loads overlay.js itself and names it the same way.
var SHELL = [];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (path) {
      return cache.add(path).catch(function () { /* optional file: cached when first used */ });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf('deltag-offline-') === 0 && n !== CACHE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

// The cache key of a request, or '' when it must not be cached. Pages are keyed without their query
// (?lang=); API reads only for the public event data, never registrations, tokens or admin routes.
// The widget asks for event data in its language (?lang=sv): one entry per language, no other query.
function cacheKey(url) {
  if (url.origin !== self.location.origin) return '';
  var p = url.pathname;
  if (/^\/(e|kiosk)\/[a-z0-9-]+\/?$/.test(p)) return p.replace(/\/$/, '');
  if (p === '/api/v1/events' || /^\/api\/v1\/events\/[a-z0-9-]+$/.test(p)) {
    if (!url.search) return p;
    return /^\?lang=[a-z]{2,3}$/.test(url.search) ? p + url.search : '';
  }
  // The catalog of a language and a country's municipalities: the widget's wasm carries neither.
  if (/^\/api\/v1\/(catalogs\/[a-z]{2,3}|organisations\/(se|dk))$/.test(p)) return url.search ? '' : p;
  if (/^\/[A-Za-z0-9_.-]+\.(js|wasm|css|ttf|woff2?)$/.test(p) && p !== '/sw.js') return p;
  return '';
}

function fetchWithTimeout(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error('timeout')); }, NETWORK_TIMEOUT_MS);
    fetch(request).then(function (r) { clearTimeout(timer); resolve(r); },
      function (e) { clearTimeout(timer); reject(e); });
  });
}

// Network first, so availability and a new widget build are seen whenever the network is there;
// the last good answer when it is not. The page shows how old event data is (its server_time).
function networkFirst(request, key) {
  return caches.open(CACHE).then(function (cache) {
    return fetchWithTimeout(request).then(function (response) {
      if (response.ok && !response.redirected && response.type === 'basic') {
        cache.put(key, response.clone()).catch(function () {});
      }
      return response;
    }, function (err) {
      return cache.match(key).then(function (hit) {
        if (hit) return hit;
        throw err;
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return; // never POSTs: the browser sends them itself
  var key = cacheKey(new URL(request.url));
  if (!key) return;
  event.respondWith(networkFirst(request, key));
});

// The page asks for its own URL and its event's data to be kept: on the first visit they were
// fetched before this worker controlled the page. Only URLs the fetch rules above would cache.
// With lists: true it also keeps the municipality lists of the events' organisation pickers
// (the kiosk at once; the standalone page once the visitor uses it, as the widget fetches them).
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'deltag:keep' || !Array.isArray(data.urls)) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    var asked = {}; // each URL once (the event data of every language names the same lists)
    var lists = data.lists === true;
    var keep = function (u) {
      var key = cacheKey(new URL(String(u), self.location.href));
      if (!key || asked[key]) return null;
      asked[key] = true;
      // The browser's copy when it has one: the page fetched all of these moments ago (data
      // revalidates whenever the network is there: networkFirst above).
      return fetch(key, { credentials: 'omit', cache: 'force-cache' }).then(function (r) {
        if (!r.ok || r.redirected) return null;
        var kept = cache.put(key, r.clone());
        // An event whose form has an organisation picker needs its countries' municipality lists.
        if (!lists || !/^\/api\/v1\/events\/[a-z0-9-]+/.test(key)) return kept;
        return Promise.all([kept, r.json().then(function (body) {
          return Promise.all(organisationCountries(body).map(function (c) { return keep('/api/v1/organisations/' + c); }));
        })]);
      }).catch(function () {});
    };
    return Promise.all(data.urls.slice(0, 32).map(keep)).then(function () { return dropOldBuilds(cache, asked); });
  }).then(function () {
    if (event.source && event.source.postMessage) event.source.postMessage({ type: 'deltag:kept' });
  }));
});

// Files of earlier builds (name.<hash>.ext) whose name this page no longer loads: each build's wasm
// would otherwise stay in the cache for good.
function dropOldBuilds(cache, asked) {
  var hashed = /^(\/.+)\.[0-9a-f]{10}(\.[a-z0-9]+)$/;
  var current = {};
  Object.keys(asked).forEach(function (k) {
    var m = hashed.exec(k);
    if (m) current[m[1] + m[2]] = k;
  });
  return cache.keys().then(function (requests) {
    return Promise.all(requests.map(function (req) {
      var p = new URL(req.url).pathname;
      var m = hashed.exec(p);
      if (!m || !current[m[1] + m[2]] || current[m[1] + m[2]] === p) return null;
      return cache.delete(req);
    }));
  });
}

// The countries an event's organisation fields offer ("countries" empty or absent: both).
function organisationCountries(body) {
  var fields = body && body.event && body.event.form && Array.isArray(body.event.form.fields) ? body.event.form.fields : [];
  var out = [];
  fields.forEach(function (f) {
    if (!f || f.type !== 'organisation') return;
    var countries = Array.isArray(f.countries) && f.countries.length ? f.countries : ['se', 'dk'];
    countries.forEach(function (c) { if ((c === 'se' || c === 'dk') && out.indexOf(c) < 0) out.push(c); });
  });
  return out;
}
