/* Deltag embed loader: finds [data-deltag] containers, shows an accessible placeholder, loads
   the one shared wasm module when a container nears the viewport, and runs frames on demand.
   Plain browser JS, no dependencies; works under script-src 'self' 'wasm-unsafe-eval' with no
   inline styles (geometry through the CSSOM only). Talks to the wasm as wasm/web/bridge_protocol.md says. */
(function () {
  'use strict';

  if (window.Deltag && window.Deltag.version) return; // the snippet was included twice

  // [SECTION] Where the widget lives: derived from this script's own URL, so it works cross-origin.
  // currentScript is null when a tag manager runs the file as a module or through eval.
  var script = document.currentScript || document.querySelector('script[src*="embed.js"]');
  var BASE = new URL('.', (script && script.src) || document.baseURI).href;
  var LOAD_MARGIN = '300px';
  var DEFAULT_LANGS = ['sv', 'da', 'en']; // the switch without data-langs, plus the widget's own
  var HTTP_TIMEOUT_MS = 20000;

  // The loader's own few strings (before the wasm and its catalogs have arrived). Everything the
  // widget itself says comes from shared/catalogs through the App.
  var TEXT = {
    sv: { event: 'Anmälan', list: 'Evenemang och anmälan', loading: 'Anmälningsformuläret laddas.',
      failed: 'Anmälningsformuläret kan inte visas här.', open: 'Öppna anmälan på en egen sida' },
    da: { event: 'Tilmelding', list: 'Arrangementer og tilmelding', loading: 'Tilmeldingsformularen indlæses.',
      failed: 'Tilmeldingsformularen kan ikke vises her.', open: 'Åbn tilmeldingen på en selvstændig side' },
    en: { event: 'Sign-up', list: 'Events and sign-up', loading: 'Loading the sign-up form.',
      failed: 'The sign-up form cannot be shown here.', open: 'Open the sign-up form on its own page' },
    yi: { event: 'אײַנשרײַבונג', list: 'פּאַסירונגען און אײַנשרײַבונג', loading: 'מע לאָדט דעם אײַנשרײַב־פֿאָרמולאַר.',
      failed: 'מע קען דאָ נישט ווײַזן דעם אײַנשרײַב־פֿאָרמולאַר.', open: 'עפֿנט דעם אײַנשרײַב־פֿאָרמולאַר אויף אַן אייגענעם בלאַט', dir: 'rtl' },
    ar: { event: 'التسجيل', list: 'الفعاليات والتسجيل', loading: 'جارٍ تحميل نموذج التسجيل.',
      failed: 'لا يمكن عرض نموذج التسجيل هنا.', open: 'افتح نموذج التسجيل في صفحة مستقلة', dir: 'rtl' }
  };

  // The stylesheet comes from the widget's origin too, unless the host already links it (by its
  // plain or its content-hashed name, issue 13).
  (function addStylesheet() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (/\/deltag(?:\.[0-9a-f]{10})?\.css(?:[?#]|$)/.test(links[i].href)) return;
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('deltag.css', BASE).href;
    document.head.appendChild(link);
  })();

  var widgets = [];          // index = widget id - 1
  var byId = {};
  var moduleState = 'idle';  // idle | loading | ready | failed
  var Module = null;
  var rafPending = false;

  // [SECTION] Containers and placeholders.
  // data-langs="sv fi fit se smj sma rom yi": the languages the switch offers, in that order
  // (each one needs a catalog on the server); without it sv, da and en, and the widget's own
  // language when it is another (data-lang="yi" or /e/...?lang=fi).
  function offeredLangs(el, lang) {
    var langs = (el.getAttribute('data-langs') || '').toLowerCase().split(/[\s,]+/).filter(function (l) {
      return /^[a-z]{2,3}$/.test(l);
    });
    if (langs.length) return langs;
    langs = DEFAULT_LANGS.slice();
    if (langs.indexOf(lang) < 0 && /^[a-z]{2,3}$/.test(lang)) langs.push(lang);
    return langs;
  }

  function pickLang(el) {
    var lang = (el.getAttribute('data-lang') || document.documentElement.lang || 'sv').toLowerCase();
    lang = lang.split('-')[0];
    return lang;
  }

  function textFor(lang) {
    return TEXT[lang] || TEXT[lang === 'nb' || lang === 'nn' || lang === 'no' ? 'da' : 'en'];
  }

  function validAccent(value) {
    return /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value || '') ? value : '';
  }

  // An event's own page on the Deltag server; for the list, the server's start page.
  function standaloneUrl(eventId) {
    return new URL(eventId ? 'e/' + encodeURIComponent(eventId) : './', BASE).href;
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function mount(el) {
    if (el.__deltag) return el.__deltag;
    var id = widgets.length + 1;
    var lang = pickLang(el);
    var t = textFor(lang);
    var eventId = el.getAttribute('data-event') || '';
    var level = parseInt(el.getAttribute('data-heading-level') || '2', 10);
    if (!(level >= 1 && level <= 6)) level = 2;
    var accent = validAccent(el.getAttribute('data-accent'));

    // The host may have put a no-JS fallback link inside the container; ours replaces it. The
    // event's title and date the server rendered into its own page (/e/{event}, issue 13) stay,
    // as they are, as the placeholder: painted before any script, and no layout shift.
    var prerendered = el.querySelector('.deltag-prerendered');
    for (var node = el.firstChild, next; node; node = next) {
      next = node.nextSibling;
      if (node !== prerendered) el.removeChild(node);
    }
    el.classList.add('deltag-root', 'deltag-loading');
    if (accent) el.style.setProperty('--deltag-accent', accent);

    var placeholder = prerendered || make('div', 'deltag-placeholder');
    if (t.dir && !prerendered) { placeholder.dir = t.dir; placeholder.lang = lang; } // a right-to-left text of its own
    var status = make('p', 'deltag-placeholder-text deltag-placeholder-text--busy', t.loading);
    var linkP = make('p', 'deltag-placeholder-text');
    var link = make('a', '', t.open);
    link.href = standaloneUrl(eventId);
    linkP.appendChild(link);
    if (!prerendered) placeholder.appendChild(make('h' + level, 'deltag-placeholder-title', eventId ? t.event : t.list));
    placeholder.appendChild(status);
    placeholder.appendChild(linkP);

    var stage = make('div', 'deltag-stage');
    var canvas = make('canvas', 'deltag-canvas');
    canvas.id = 'deltag-canvas-' + id;
    canvas.setAttribute('aria-hidden', 'true');
    canvas.width = 0;
    canvas.height = 0;
    // The canvas's drawing buffer may be taller than the content (wasm/web/canvas_buffer.hpp):
    // its box clips it to the stage.
    var canvasBox = make('div', 'deltag-canvas-box');
    var layer = make('div', 'deltag-overlay');
    canvasBox.appendChild(canvas);
    stage.appendChild(canvasBox);
    stage.appendChild(layer);

    // One polite and one assertive region per widget, present from the start so that the
    // first message is announced.
    var politeRegion = make('div', 'deltag-sr-only');
    politeRegion.setAttribute('role', 'status');
    var alertRegion = make('div', 'deltag-sr-only');
    alertRegion.setAttribute('role', 'alert');

    if (!prerendered) el.appendChild(placeholder);
    el.appendChild(stage);
    el.appendChild(politeRegion);
    el.appendChild(alertRegion);

    var w = {
      id: id, el: el, lang: lang, langs: offeredLangs(el, lang), eventId: eventId, accent: accent, text: t,
      placeholder: placeholder, placeholderStatus: status, stage: stage, canvas: canvas,
      layer: layer, politeRegion: politeRegion, alertRegion: alertRegion,
      api: new URL(el.getAttribute('data-api') || '/api/v1', BASE).href.replace(/\/+$/, ''),
      near: false, seen: false, created: false, drawn: false, ready: false, wantsFrame: false, width: 0, height: 0, overlay: null
    };
    widgets.push(w);
    byId[id] = w;
    el.__deltag = w;
    stage.__deltag = w;
    nearObserver.observe(el);
    if (sizeObserver) sizeObserver.observe(stage); // the stage is the container's content box
    emit(w, 'deltag:mounted', { widget: id, event: eventId });
    if (nearNow(el)) {
      w.near = true;
      becameNear(w);
    }
    return w;
  }

  function scan(root) {
    var found = (root || document).querySelectorAll('[data-deltag]');
    for (var i = 0; i < found.length; i++) mount(found[i]);
  }

  function emit(w, name, detail) {
    if (name.indexOf('deltag:') !== 0) name = 'deltag:' + name;
    w.el.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: detail || {} }));
  }

  function fail(reason) {
    if (moduleState === 'failed') return;
    moduleState = 'failed';
    widgets.forEach(function (w) {
      w.created = false;
      showFailure(w, reason);
    });
  }

  function showFailure(w, reason) {
    if (w.el.classList.contains('deltag-failed')) return;
    w.el.classList.remove('deltag-loading', 'deltag-ready');
    w.el.classList.add('deltag-failed');
    w.placeholder.hidden = false;
    w.placeholderStatus.classList.remove('deltag-placeholder-text--busy');
    w.placeholderStatus.textContent = w.text.failed;
    emit(w, 'deltag:failed', { widget: w.id, reason: String(reason || '') });
  }

  // [SECTION] Visibility: load when near, render only while near and the page is shown.
  var nearObserver = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var w = entry.target.__deltag;
      if (!w) return;
      w.near = entry.isIntersecting;
      if (w.near) becameNear(w);
    });
    schedule();
  }, { rootMargin: LOAD_MARGIN });

  function becameNear(w) {
    w.seen = true;
    if (moduleState !== 'failed') prefetchData(w);
    if (moduleState === 'idle') loadModule();
    else if (moduleState === 'ready') createWidget(w);
    else if (moduleState === 'failed') showFailure(w, 'load');
  }

  // The observer first reports after the page's next rendering, which on a page still loading
  // came ~200 ms after the scan (measured in Chromium); a container already within LOAD_MARGIN
  // of the viewport starts loading at once. A hidden one (no boxes) waits for the observer.
  function nearNow(el) {
    if (!el.getClientRects().length) return false;
    var r = el.getBoundingClientRect();
    var m = parseInt(LOAD_MARGIN, 10);
    var vw = window.innerWidth || document.documentElement.clientWidth;
    var vh = window.innerHeight || document.documentElement.clientHeight;
    return r.bottom >= -m && r.top <= vh + m && r.right >= -m && r.left <= vw + m;
  }

  document.addEventListener('visibilitychange', schedule);

  // [SECTION] The one module for every widget on the page.
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.async = true;
      // An async script a script inserted is a low-priority, "delayable" request in Chromium,
      // held back while the page loads (measured: up to 430 ms behind the .wasm and font
      // fetches of the same moment); the widget's first frame waits for it.
      s.setAttribute('fetchpriority', 'high');
      s.onload = resolve;
      s.onerror = function () { reject(new Error('script ' + src)); };
      document.head.appendChild(s);
    });
  }

  // The .wasm compiled while it downloads; a server that sends it without the application/wasm
  // type makes compileStreaming fail, and then it is compiled from its bytes instead.
  function compileWasm(url) {
    var get = function () {
      return fetch(url, { credentials: 'omit' }).then(function (r) {
        if (!r.ok) throw new Error('wasm ' + r.status);
        return r;
      });
    };
    var fromBytes = function () {
      return get().then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.compile(b); });
    };
    if (typeof WebAssembly.compileStreaming !== 'function') return fromBytes();
    return WebAssembly.compileStreaming(get()).catch(function (err) {
      if (window.console) console.warn('deltag: streaming compilation failed, compiling from bytes', err);
      return fromBytes();
    });
  }

  // [SECTION] Everything the first frame needs is fetched at once, when the first container nears
  // the viewport: the emscripten script, the .wasm (compiled as it arrives), the overlay, the host
  // page's fonts (no font file of ours: issue 12), and each widget's event data and catalog. The
  // module gets the compiled .wasm through instantiateWasm and the fonts through page.fonts(); the
  // App's first GETs are answered from the prefetches (http() below), so nothing waits for the
  // module to start before it is requested.
  var fontsLoaded = null;
  var prefetched = {}; // url -> promise of {status, text}, taken once by the App's GET

  function prefetch(url) {
    if (prefetched[url]) return;
    prefetched[url] = fetchText('GET', url, {}, '');
  }

  // The language the widget shows, decided here for the App (config.lang) so that the prefetched
  // catalog and event URLs are the ones it asks for: data-lang if it has a catalog, else the
  // first of the browser's languages that has one, Norwegian as Danish, else Swedish (the core's
  // negotiate_language without q-values, which navigator.languages never has).
  function appLang(w) {
    if (w.el.hasAttribute('data-lang') && w.langs.indexOf(w.lang) >= 0) return w.lang;
    var tags = navigator.languages || [navigator.language || ''];
    var primaries = [];
    for (var i = 0; i < tags.length; i++) primaries.push(String(tags[i] || '').toLowerCase().split(/[-_]/)[0]);
    for (var j = 0; j < primaries.length; j++) if (w.langs.indexOf(primaries[j]) >= 0) return primaries[j];
    for (var k = 0; k < primaries.length; k++) if (/^(nb|nn|no)$/.test(primaries[k])) return 'da';
    return 'sv';
  }

  function prefetchData(w) {
    if (w.prefetched) return;
    w.prefetched = true;
    var lang = appLang(w);
    prefetch(w.api + '/catalogs/' + lang);
    prefetch(w.api + (w.eventId ? '/events/' + w.eventId : '/events') + '?lang=' + lang); // as app.cpp builds it
  }

  // [SECTION] Dates and times in the visitor's locale through Intl (the App asks, bridge_web.cpp).
  // One formatter per locale: making one costs milliseconds, and tens of them for a page's first
  // while the browser loads the locale's data; using one costs nothing. The warm-up below makes
  // the widgets' formatters while the files download instead of in the first frame.
  var DATE_LOCALES = { sv: 'sv-SE', da: 'da-DK', en: 'en-GB', yi: 'yi', ar: 'ar' };
  var dateFormats = {};
  function dateFormat(lang) {
    var l = DATE_LOCALES[lang] || lang;
    return dateFormats[l] || (dateFormats[l] = new Intl.DateTimeFormat(l, { weekday: 'long', day: 'numeric',
      month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' }));
  }

  // Intl only where it has the exact locale: Chromium formats se, smj, sma, yi, fit and rom in
  // en-US without a word. '' tells the App to use the catalog's names and patterns instead.
  // Asked of the locale dateFormat would use, so a tag listed in DATE_LOCALES that the engine
  // lacks (yi in Chromium) still goes to the catalog. Cached: the answer never changes.
  var intlAnswers = {};
  function intlHas(lang) {
    var tag = DATE_LOCALES[lang] || lang;
    if (!(tag in intlAnswers)) {
      try {
        var found = Intl.DateTimeFormat.supportedLocalesOf([tag]);
        intlAnswers[tag] = found.length === 1 && found[0] === tag;
      } catch (e) {
        intlAnswers[tag] = false;
      }
    }
    return intlAnswers[tag];
  }

  function formatWhen(start, end, lang) {
    if (!intlHas(lang)) return '';
    var s = new Date(start);
    if (isNaN(s.getTime())) return start;
    try {
      var f = dateFormat(lang);
      return end && f.formatRange ? f.formatRange(s, new Date(end)) : f.format(s);
    } catch (e) {
      return start;
    }
  }

  // The first WebGL context of a page starts the browser's GPU side, which can take longer than
  // everything else of the widget's start (measured: ~400 ms in headless Chromium with SwiftShader).
  // Each near widget's own context is made now, while the files download: when the module asks
  // for it (emscripten_webgl_create_context in wasm/web/platform_web.cpp) getContext returns this one,
  // so the attributes must be the ones platform_web.cpp asks for (the rest are WebGL's defaults).
  // A throwaway context did the GPU start too but the widget's own one still cost 40-270 ms
  // (first frame 635 -> 551 ms, median of 9).
  var GL_ATTRIBUTES = { alpha: false, depth: false, stencil: false, antialias: false };

  // The drawing buffer is sized here too, to the stage's width and the viewport's height: the
  // App keeps a buffer the content fits in (wasm/web/canvas_buffer.hpp), and a resize in its first
  // frame waited 16-48 ms for the GPU side against ~1 ms here (first frame 437 -> 367 ms, median
  // of 11). The width is computed as createWidget passes it to the App.
  function warmUp() {
    widgets.forEach(function (w) {
      if (!w.seen || w.created) return;
      if (intlHas(appLang(w))) dateFormat(appLang(w)).format(0);
      var gl = null;
      try {
        gl = w.canvas.getContext('webgl2', GL_ATTRIBUTES);
      } catch (e) { /* no WebGL2: createWidget shows the fallback */ }
      var width = gl && contentWidth(w);
      if (!width) return;
      var dpr = window.devicePixelRatio || 1;
      var height = window.innerHeight || document.documentElement.clientHeight;
      w.canvas.width = Math.round(width * dpr);
      w.canvas.height = Math.round(height * dpr);
      w.canvas.style.height = w.canvas.height / dpr + 'px';
    });
  }

  function loadModule() {
    moduleState = 'loading';
    if (typeof WebAssembly !== 'object' || typeof WebGL2RenderingContext === 'undefined') {
      fail('unsupported');
      return;
    }
    var moduleReady = typeof window.DeltagModule === 'function' ? Promise.resolve()
      : loadScript(new URL('deltag-widget.js', BASE).href);
    // The built glue carries the overlay (wasm/CMakeLists.txt, dist/); web/'s readable sources
    // served without a build's dist do not, and then it comes on its own.
    var overlayReady = moduleReady.then(function () {
      return window.Deltag.Overlay ? null : loadScript(new URL('overlay.js', BASE).href);
    });
    var wasmReady = compileWasm(new URL('deltag-widget.wasm', BASE).href);
    wasmReady.catch(function () {}); // reported where it is used
    fontsLoaded = loadFonts();
    // After every request of this turn (the other containers' data too) has been sent: it blocks.
    setTimeout(warmUp, 0);
    Promise.all([overlayReady, moduleReady]).then(function () {
      return window.DeltagModule({
        locateFile: function (path) { return new URL(path, BASE).href; },
        // emscripten's hook: instantiate the module compiled above with the imports it gives.
        instantiateWasm: function (imports, receive) {
          wasmReady.then(function (compiled) {
            return WebAssembly.instantiate(compiled, imports).then(function (instance) { receive(instance, compiled); });
          }).catch(function (err) {
            if (window.console) console.error('deltag: the widget could not start', err);
            fail('wasm ' + (err && err.message));
          });
          return {}; // the exports arrive through receive()
        },
        deltagPage: page,
        printErr: function (text) { if (window.console) console.warn('deltag:', text); },
        // A trap in the wasm ends the module for every widget: show each one's fallback.
        onAbort: function (what) { fail('abort ' + what); }
      });
    }).then(function (instance) {
      Module = instance;
      moduleState = 'ready';
      window.addEventListener('online', function () { broadcastOnline(1); });
      window.addEventListener('offline', function () { broadcastOnline(0); });
      if (!navigator.onLine) broadcastOnline(0);
      watchPixelRatio();
      watchTextSettings();
      // Also the ones the visitor scrolled past while the module loaded: they draw when back in view.
      widgets.forEach(function (w) { if (w.seen) createWidget(w); });
    }).catch(function (err) {
      if (window.console) console.error('deltag: the widget could not start', err);
      fail(err && err.message);
    });
  }

  function createWidget(w) {
    if (w.created) return;
    w.created = true;
    w.overlay = new window.Deltag.Overlay({
      widgetId: w.id,
      layer: w.layer,
      politeRegion: w.politeRegion,
      alertRegion: w.alertRegion,
      call: call
    });
    var config = {
      api: w.api,
      event: w.eventId,
      lang: appLang(w), // the one choice: the prefetched URLs are the App's by construction
      browser_languages: (navigator.languages || [navigator.language || '']).join(','),
      accent: w.accent || '#005a9c',
      touch: !!(window.matchMedia && matchMedia('(pointer: coarse)').matches),
      kiosk: w.el.hasAttribute('data-kiosk'),
      events: w.el.getAttribute('data-events') || '',
      langs: w.langs.join(','),
      canvas: '#' + w.canvas.id
    };
    // 0: no canvas or no WebGL2 context for it (e.g. too many contexts on the page).
    if (call('_deltag_create', w.id, JSON.stringify(config)) === 0) {
      w.created = false;
      showFailure(w, 'webgl');
      return;
    }
    w.width = contentWidth(w);
    call('_deltag_resize', w.id, w.width, window.devicePixelRatio || 1);
    if (!navigator.onLine) call('_deltag_on_online', w.id, 0);
    sendTheme(w);
    requestFrame(w.id);
  }

  // [SECTION] The visitor's colour settings (issue 12 part 5b). The browser recolours the DOM in
  // forced colours but never a canvas's pixels: the wasm gets the system colours, read through a
  // probe element (forced-color-adjust: none, so the computed value is the colour itself), and
  // redraws in them; again on every change of the media queries. Dark only where the host opts in.
  var SYSTEM_COLORS = ['Canvas', 'CanvasText', 'LinkText', 'GrayText', 'Highlight', 'HighlightText',
    'ButtonFace', 'ButtonText'];
  var THEME_QUERIES = ['(forced-colors: active)', '(prefers-contrast: more)', '(prefers-color-scheme: dark)'];

  function mediaMatches(query) {
    return !!(window.matchMedia && matchMedia(query).matches);
  }

  // "rgb(r, g, b)" / "rgba(r, g, b, a)" as "#rrggbb"; '' for any other form.
  function hexColor(computed) {
    var m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(computed || '');
    if (!m) return '';
    return '#' + [m[1], m[2], m[3]].map(function (v) { return ('0' + (+v).toString(16)).slice(-2); }).join('');
  }

  function systemColors(parent) {
    var probe = make('span');
    probe.setAttribute('aria-hidden', 'true');
    probe.style.forcedColorAdjust = 'none';
    probe.style.position = 'absolute';
    parent.appendChild(probe);
    var colors = {};
    SYSTEM_COLORS.forEach(function (name) {
      probe.style.color = name;
      colors[name] = hexColor(getComputedStyle(probe).color);
    });
    parent.removeChild(probe);
    return colors;
  }

  function themeSettings(w) {
    var forced = mediaMatches('(forced-colors: active)');
    return {
      forced: forced,
      contrast: mediaMatches('(prefers-contrast: more)'),
      dark: w.el.getAttribute('data-color-scheme') === 'auto' && mediaMatches('(prefers-color-scheme: dark)'),
      colors: forced ? systemColors(w.stage) : {}
    };
  }

  function sendTheme(w) {
    if (!w.created) return;
    call('_deltag_set_theme', w.id, JSON.stringify(themeSettings(w)));
    requestFrame(w.id);
  }

  (function watchTheme() {
    if (!window.matchMedia) return;
    THEME_QUERIES.forEach(function (query) {
      var list = matchMedia(query);
      var onChange = function () { widgets.forEach(sendTheme); };
      if (list.addEventListener) list.addEventListener('change', onChange);
      else if (list.addListener) list.addListener(onChange); // Safari before 14
    });
  })();

  // Calls an exported function; string arguments are copied into wasm memory and freed after.
  function call(name) {
    var fn = moduleState === 'ready' && Module && Module[name];
    if (typeof fn !== 'function') return undefined;
    var args = Array.prototype.slice.call(arguments, 1);
    var allocated = [];
    for (var i = 0; i < args.length; i++) {
      if (typeof args[i] === 'string') {
        var size = Module.lengthBytesUTF8(args[i]) + 1;
        var ptr = Module._malloc(size);
        Module.stringToUTF8(args[i], ptr, size);
        allocated.push(ptr);
        args[i] = ptr;
      } else if (typeof args[i] === 'boolean') {
        args[i] = args[i] ? 1 : 0;
      }
    }
    try {
      return fn.apply(null, args);
    } catch (err) {
      // A trap (e.g. out-of-bounds access) leaves the one shared module unusable: every
      // widget falls back to its placeholder's link instead of half-working.
      if (window.console) console.error('deltag: ' + name + ' failed', err);
      fail(err && err.message);
      return undefined;
    } finally {
      try {
        for (var j = 0; j < allocated.length; j++) Module._free(allocated[j]);
      } catch (e) { /* the module is already gone */ }
    }
  }

  // While offline, also look at navigator.onLine every few seconds: a page that was opened
  // offline (from the service worker) got no 'online' event on reconnecting in Firefox
  // (measured, #6), and the outbox waits for that news. Nothing runs while online.
  var offlinePoll = 0;
  function broadcastOnline(online) {
    clearInterval(offlinePoll);
    offlinePoll = online ? 0 : setInterval(function () {
      if (navigator.onLine) broadcastOnline(1);
    }, 3000);
    widgets.forEach(function (w) { if (w.created) call('_deltag_on_online', w.id, online); });
  }

  // [SECTION] Frames on demand: one requestAnimationFrame for all widgets that asked.
  function requestFrame(id) {
    var w = byId[id];
    if (!w) return;
    w.wantsFrame = true;
    schedule();
  }

  function schedule() {
    if (rafPending || document.hidden || moduleState !== 'ready') return;
    for (var i = 0; i < widgets.length; i++) {
      var w = widgets[i];
      if (w.wantsFrame && w.created && (w.near || !w.drawn)) {
        rafPending = true;
        // Until a widget has shown its first picture, its frames run as soon as the current task
        // ends: the next animation frame came 20-30 ms after asking while the page loads
        // (measured, headless Chromium), all of it added to the visitor's wait for the widget.
        if (w.ready) requestAnimationFrame(tick);
        else setTimeout(function () { tick(performance.now()); }, 0);
        return;
      }
    }
  }

  function tick(time) {
    rafPending = false;
    if (document.hidden) return;
    for (var i = 0; i < widgets.length; i++) {
      var w = widgets[i];
      // The first frame runs even off-screen, so the widget's height settles at once.
      if (!w.wantsFrame || !w.created || !(w.near || !w.drawn)) continue;
      w.wantsFrame = false;
      w.drawn = true;
      call('_deltag_frame', w.id, time);
    }
    schedule();
  }

  // [SECTION] Size: width from the container, height from the App, DPR from a media query.
  var sizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var w = entry.target.__deltag;
      if (!w || !w.created) return;
      var width = entry.contentRect.width;
      if (Math.abs(width - w.width) < 0.5) return;
      w.width = width;
      call('_deltag_resize', w.id, width, window.devicePixelRatio || 1);
      requestFrame(w.id);
    });
  }) : null;

  function watchPixelRatio() {
    if (!window.matchMedia) return;
    var query = matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
    var onChange = function () {
      if (query.removeEventListener) query.removeEventListener('change', onChange);
      widgets.forEach(function (w) {
        if (!w.created) return;
        call('_deltag_resize', w.id, contentWidth(w), window.devicePixelRatio || 1);
        requestFrame(w.id);
      });
      watchPixelRatio();
    };
    if (query.addEventListener) query.addEventListener('change', onChange);
  }

  function contentWidth(w) {
    return w.stage.getBoundingClientRect().width || w.el.clientWidth;
  }

  function setHeight(id, height) {
    var w = byId[id];
    if (!w) return;
    height = Math.max(0, Math.ceil(height));
    if (height === w.height) return;
    w.height = height;
    w.stage.style.height = height + 'px';
    emit(w, 'deltag:resize', { widget: id, height: height });
  }

  // [SECTION] Network: no credentials, no cookies, no cache; status 0 for network errors.
  function http(id, requestId, method, url, headersJson, body) {
    var answer = function (result) {
      if (byId[id] && byId[id].created) call('_deltag_on_http', id, requestId, result.status, result.text);
    };
    var early = method === 'GET' && prefetched[url];
    if (early) {
      delete prefetched[url]; // once: a later GET (a reload, new availability) goes to the network
      early.then(answer);
      return;
    }
    var headers = {};
    try { headers = headersJson ? JSON.parse(headersJson) : {}; } catch (e) { headers = {}; }
    fetchText(method, url, headers, body).then(answer);
  }

  // One request with the widget's rules; resolves to {status, text}, status 0 for network errors.
  function fetchText(method, url, headers, body) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, HTTP_TIMEOUT_MS) : 0;
    // The public event data revalidates ('no-cache') instead of 'no-store': Firefox fails a
    // 'no-store' fetch while offline before the service worker of /e/ and /kiosk/ can answer it
    // (measured, #6). So do the catalogs and municipality lists. Everything personal
    // (registrations, tokens) stays 'no-store'.
    var publicData = method === 'GET' && (/\/events(\/[a-z0-9-]+)?(\?lang=[a-z]{2,3})?$/.test(url) ||
      /\/(catalogs\/[a-z]{2,3}|organisations\/[a-z]{2})$/.test(url));
    var init = {
      method: method, headers: headers, credentials: 'omit', cache: publicData ? 'no-cache' : 'no-store', mode: 'cors',
      redirect: 'error', referrerPolicy: 'strict-origin-when-cross-origin'
    };
    if (method !== 'GET' && method !== 'HEAD' && body) init.body = body;
    if (controller) init.signal = controller.signal;
    return fetch(url, init).then(function (response) {
      return response.text().then(function (text) { return { status: response.status, text: text }; });
    }).catch(function () {
      return { status: 0, text: '' };
    }).then(function (result) {
      clearTimeout(timer);
      return result;
    });
  }

  // [SECTION] Text (issue 12): the browser's Canvas2D measures and rasterises every text the
  // widget draws, in the host page's own font: the computed font-family of the widget's container,
  // or its data-font attribute. The wasm packs the runs into its atlas (wasm/draw/run_atlas.cpp).
  function fontFamily(w) {
    var own = w.el.getAttribute('data-font');
    if (own && /^[\w\s"',-]+$/.test(own)) return own;
    var computed = window.getComputedStyle ? getComputedStyle(w.el).fontFamily : '';
    return computed || 'sans-serif';
  }

  // A canvas never redraws when a web font arrives: the first frame waits for each widget's family
  // (regular and bold). A font that fails to load leaves the browser's fallback, as in the page.
  function loadFonts() {
    var loads = [];
    widgets.forEach(function (w) {
      w.font = fontFamily(w);
      if (document.fonts && document.fonts.load) {
        loads.push(document.fonts.load('16px ' + w.font), document.fonts.load('bold 16px ' + w.font));
      }
    });
    return Promise.all(loads.map(function (p) { return p.catch(function () {}); }));
  }

  // One 2D context for every run of the page: an OffscreenCanvas where there is one (no layout,
  // no DOM), else a detached canvas. Its state is set only when a run's differs from the last's:
  // setting ctx.font parses CSS.
  var textCtx = null;
  var textState = '';
  function textContext(id, size, flags, letter, word, dpr, w, h) {
    if (!textCtx) {
      var c = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(512, 128) : document.createElement('canvas');
      c.width = 512;
      c.height = 128;
      textCtx = c.getContext('2d');
    }
    var canvas = textCtx.canvas;
    if (w > canvas.width || h > canvas.height) { // resizing resets the context's state
      canvas.width = Math.max(canvas.width, w);
      canvas.height = Math.max(canvas.height, h);
      textState = '';
    }
    var widget = byId[id];
    var family = widget ? widget.font || (widget.font = fontFamily(widget)) : 'sans-serif';
    var state = family + '|' + size * dpr + '|' + flags + '|' + letter * dpr + '|' + word * dpr;
    if (state !== textState) {
      textState = state;
      textCtx.font = (flags & 1 ? 'bold ' : '') + size * dpr + 'px ' + family;
      textCtx.direction = flags & 2 ? 'rtl' : 'ltr';
      textCtx.textAlign = 'left'; // x is the run's left end in both directions
      textCtx.textBaseline = 'alphabetic';
      // WCAG 1.4.12 spacing, drawn by the browser for the whole run (never glyph by glyph).
      if ('letterSpacing' in textCtx) {
        textCtx.letterSpacing = letter * dpr + 'px';
        textCtx.wordSpacing = word * dpr + 'px';
      }
    }
    return textCtx;
  }

  // The core isolates inserted values with FSI/LRI/RLI ... PDI (deltag::isolate). WebKit's
  // canvas text ignores the isolates (seen in WebKitGTK: "SKL (Sveriges Kommuner och
  // Landsting)" in a Yiddish sentence lost its closing bracket to the start; the W3C's gap
  // analysis records the same for WebKit). Canvas runs get the older embeddings instead, which
  // every engine applies: LRE or RLE by the value's first strong letter, PDF for PDI. Inside
  // one line of text the two draw alike.
  var ISOLATES = /[\u2066-\u2069]/;
  var RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
  var LETTER = /\p{L}/u;
  function canvasBidi(text) {
    if (!ISOLATES.test(text)) return text;
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c === '\u2066') out += '\u202A';      // LRI -> LRE
      else if (c === '\u2067') out += '\u202B'; // RLI -> RLE
      else if (c === '\u2069') out += '\u202C'; // PDI -> PDF
      else if (c === '\u2068') {                 // FSI: the first strong letter before its PDI
        var rtl = false;
        for (var j = i + 1; j < text.length && text[j] !== '\u2069'; j++) {
          if (RTL_LETTER.test(text[j])) { rtl = true; break; }
          if (LETTER.test(text[j])) break;
        }
        out += rtl ? '\u202B' : '\u202A';
      } else out += c;
    }
    return out;
  }

  function textMeasure(id, text, size, flags, letter, word) {
    text = canvasBidi(text);
    return textContext(id, size, flags, letter, word, 1, 0, 0).measureText(text).width;
  }

  // The baseline's distance from the top of the size-tall box the layout gives a line: the
  // font's ascent and descent centred on it (as the native engine does).
  function textBaseline(m, px) {
    var a = m.fontBoundingBoxAscent, d = m.fontBoundingBoxDescent;
    if (!(a > 0) || !(d >= 0)) { a = 0.8 * px; d = 0.2 * px; }
    return Math.round((px - (a + d)) / 2 + a);
  }

  // The run's bitmap in device pixels: [width, height, start x, em box top y]. Glyphs overhang
  // the advance: the ink's bounding box, padded, rounded up.
  function textBox(id, text, size, flags, letter, word, dpr) {
    text = canvasBidi(text);
    var ctx = textContext(id, size, flags, letter, word, dpr, 0, 0);
    var m = ctx.measureText(text);
    var px = size * dpr, pad = 2, base = textBaseline(m, px);
    var left = Math.ceil(Math.max(0, m.actualBoundingBoxLeft || 0)) + pad;
    var right = Math.ceil(Math.max(m.actualBoundingBoxRight || 0, m.width)) + pad;
    var top = Math.min(0, base - Math.ceil(m.actualBoundingBoxAscent || px)) - pad;
    var bottom = Math.max(Math.ceil(px), base + Math.ceil(m.actualBoundingBoxDescent || 0)) + pad;
    return [left + right, bottom - top, left, -top];
  }

  // Black on white, as the browser draws a page's dark text on a light ground, then inverted, so
  // the red channel is the coverage. Drawn white on black instead, some rasterisers (WebKitGTK's)
  // antialias light-on-dark text about a quarter heavier, and the widget's text would not look
  // like the page's (90_scripts.test.mjs). Then that rectangle of the canvas into the atlas
  // texture bound in `gl` (WebGL2 uploads a sub-rectangle of a canvas source).
  function textDraw(gl, id, text, size, flags, letter, word, dpr, w, h, ox, oy, x, y) {
    text = canvasBidi(text);
    var ctx = textContext(id, size, flags, letter, word, dpr, w, h);
    var m = ctx.measureText(text);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = '#000';
    ctx.fillText(text, ox, oy + textBaseline(m, size * dpr));
    ctx.globalCompositeOperation = 'difference'; // white minus each pixel: exact in 8 bits
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.globalCompositeOperation = 'source-over';
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, w, h, gl.RED, gl.UNSIGNED_BYTE, ctx.canvas);
  }

  // [SECTION] The visitor's text settings (issue 12 part 5a). Scale: the root element's computed
  // font size / 16 (the browser's default and minimum font size, text-only zoom). WCAG 1.4.12: a
  // hidden probe with sentinel inline line-height, letter- and word-spacing and margin (as Flutter
  // web does): a user stylesheet that overrides them with !important changes the computed values,
  // which reach the widget's runs and layout. A ResizeObserver sees both change.
  var SENTINEL = 9999;
  var probe = null;
  var lastSettings = '';
  function textSettings() {
    var rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    var out = [rootPx / 16, 0, 0, 0, 0];
    if (probe) {
      var st = getComputedStyle(probe);
      var px = parseFloat(st.fontSize) || 100;
      var read = function (value) {
        var v = parseFloat(value);
        return isNaN(v) || Math.abs(v - SENTINEL) < 1 ? 0 : Math.max(0, v / px);
      };
      out[1] = read(st.lineHeight);
      out[2] = read(st.letterSpacing);
      out[3] = read(st.wordSpacing);
      out[4] = read(st.marginBottom);
    }
    return out;
  }

  function sendTextSettings() {
    var s = textSettings();
    var key = s.join(',');
    if (key === lastSettings) return;
    lastSettings = key;
    call('_deltag_text_settings', s[0], s[1], s[2], s[3], s[4]);
  }

  // The probe: hidden, in a box of no size that clips it (with 9999 px spacing it is ~100,000 px
  // wide: unclipped, the page would scroll sideways). Not display: none, which has no box to observe.
  function watchTextSettings() {
    if (!probe && document.body) {
      var clip = make('div', '');
      clip.setAttribute('aria-hidden', 'true');
      var set = function (el, name, value) { el.style.setProperty(name, value); };
      set(clip, 'position', 'absolute');
      set(clip, 'top', '0');
      set(clip, 'left', '0');
      set(clip, 'width', '0');
      set(clip, 'height', '0');
      set(clip, 'overflow', 'hidden');
      set(clip, 'visibility', 'hidden');
      probe = make('p', '', 'x x');
      set(probe, 'position', 'absolute');
      set(probe, 'white-space', 'nowrap');
      set(probe, 'font-size', '100px');
      set(probe, 'line-height', SENTINEL + 'px');
      set(probe, 'letter-spacing', SENTINEL + 'px');
      set(probe, 'word-spacing', SENTINEL + 'px');
      set(probe, 'margin', '0 0 ' + SENTINEL + 'px 0');
      // Its box follows the root font size (the html element's own box need not: a page may give
      // it height: 100%).
      var rem = make('span', '', 'x');
      set(rem, 'position', 'absolute');
      set(rem, 'font-size', '1rem');
      clip.appendChild(probe);
      clip.appendChild(rem);
      document.body.appendChild(clip);
      if (typeof ResizeObserver === 'function') {
        var observer = new ResizeObserver(sendTextSettings);
        observer.observe(probe);
        observer.observe(rem);
      }
    }
    sendTextSettings();
  }


  // [SECTION] What the wasm calls (wasm/web/bridge_protocol.md, "Page-side hooks").
  var page = {
    canvas: function (id) { return byId[id] ? byId[id].canvas : null; },
    requestFrame: requestFrame,
    setHeight: setHeight,
    sync: function (id, json) {
      var w = byId[id];
      if (!w || !w.overlay) return;
      var model;
      try { model = JSON.parse(json); } catch (e) { return; }
      w.overlay.apply(model);
      if (!w.ready) {
        w.ready = true;
        w.el.classList.remove('deltag-loading');
        w.el.classList.add('deltag-ready');
        emit(w, 'deltag:ready', { widget: id, event: w.eventId });
      }
    },
    http: http,
    fonts: function () { return fontsLoaded || loadFonts(); },
    textMeasure: textMeasure,
    textBox: textBox,
    textDraw: textDraw,
    formatWhen: formatWhen,
    // The App cannot be shown (its catalog could not be loaded): the placeholder's link instead.
    unavailable: function (id, reason) {
      var w = byId[id];
      if (w) showFailure(w, reason);
    },
    emit: function (id, name, detail) {
      var w = byId[id];
      if (!w) return;
      if (typeof detail === 'string') {
        try { detail = detail ? JSON.parse(detail) : {}; } catch (e) { detail = {}; }
      }
      emit(w, name, detail);
    }
  };

  window.Deltag = { version: '1', base: BASE, mount: mount, scan: scan, page: page };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { scan(); });
  } else {
    scan();
  }
})();
