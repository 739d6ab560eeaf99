/* The manage page (manage.html, issue 14): reads "#<reference>.<token>" from its own address,
   shows the registration's status and waiting-list position in the registration's language,
   downloads the .ics, cancels after a confirmation step, hands the seat to a colleague, and
   offers "send me my link again". The token goes only into an Authorization header: never
   into a URL, so no log, history entry or Referer ever holds it. */
(function () {
  'use strict';
  var api = '/api/v1';
  var messages = {};
  var reference = '';
  var token = '';
  var view = null;

  function $(id) { return document.getElementById(id); }

  function t(key, params) {
    var text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
    return text.replace(/\{([a-z0-9_]+)\}/g, function (m, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m;
    });
  }

  function fillTexts() {
    var nodes = document.querySelectorAll('[data-t]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute('data-t'));
  }

  function say(text) { $('alert').textContent = ''; $('notice').textContent = text; }
  function warn(text) { $('notice').textContent = ''; $('alert').textContent = text; }

  // The languages with catalogs; one without manage texts of its own gets them along its chain.
  var LANGS = ['sv', 'da', 'en', 'fi', 'fit', 'se', 'smj', 'sma', 'rom', 'yi', 'de', 'ar'];
  var RTL = { yi: true, ar: true };           // written right to left (deltag::text_direction)

  // The page's language before the registration names its own: the visitor's first known one.
  function browserLanguage() {
    var langs = navigator.languages || [navigator.language || 'sv'];
    for (var i = 0; i < langs.length; i++) {
      var p = String(langs[i]).toLowerCase().split('-')[0];
      if (LANGS.indexOf(p) >= 0) return p;
      if (p === 'nb' || p === 'nn' || p === 'no') return 'da';
    }
    return 'sv';
  }

  function loadCatalog(lang) {
    return fetch(api + '/catalogs/' + lang + '/manage', { credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (j) {
        messages = j || {};
        document.documentElement.lang = lang;
        document.documentElement.dir = RTL[lang] ? 'rtl' : 'ltr';
        fillTexts();
        document.title = t('manage.title');
      });
  }

  function call(method, path, body) {
    var headers = { 'Authorization': 'Bearer ' + token };
    var init = { method: method, headers: headers, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(api + '/registrations/' + encodeURIComponent(reference) + path, init);
  }

  function showResend() { $('resend').hidden = false; }

  function render() {
    var s = view.status;
    $('registration').hidden = false;
    $('reference').textContent = t('manage.reference', { reference: reference });
    $('status').textContent = t('manage.status.' + s);
    var pos = $('position');
    pos.hidden = !(s === 'waitlisted' && view.waitlist_position);
    if (!pos.hidden) pos.textContent = t('manage.position', { n: view.waitlist_position });
    $('ics-row').hidden = s !== 'confirmed';
    var active = s === 'confirmed' || s === 'waitlisted' || s === 'received';
    $('cancel-row').hidden = !active;
    $('confirm').hidden = true;
    $('handover').hidden = !(s === 'confirmed' || s === 'waitlisted');
  }

  function loadEventTitle(lang) {
    fetch(api + '/events/' + encodeURIComponent(view.event) + '?lang=' + lang, { credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        var title = j && j.event && j.event.title;
        if (title && typeof title === 'object') title = title[lang] || title[Object.keys(title)[0]];
        if (typeof title === 'string' && title) $('event').textContent = t('manage.event', { title: title });
      })
      .catch(function () {});
  }

  function refresh() {
    return call('GET', '').then(function (r) {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error('status ' + r.status);
      return r.json();
    });
  }

  function start() {
    var m = /^#(DLT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\.([0-9a-f]{64})$/.exec(location.hash);
    if (!m) {
      loadCatalog(browserLanguage()).then(function () {
        if (location.hash) warn(t('manage.not_found'));
        showResend();
      });
      return;
    }
    reference = m[1];
    token = m[2];
    refresh().then(function (j) {
      if (!j) {
        return loadCatalog(browserLanguage()).then(function () { warn(t('manage.not_found')); showResend(); });
      }
      view = j;
      var lang = LANGS.indexOf(j.locale) >= 0 ? j.locale : browserLanguage();
      return loadCatalog(lang).then(function () { render(); loadEventTitle(lang); });
    }).catch(function () {
      loadCatalog(browserLanguage()).then(function () { warn(t('manage.error')); });
    });
  }

  function downloadIcs() {
    call('GET', '/calendar.ics').then(function (r) {
      if (!r.ok) throw new Error('status ' + r.status);
      return r.blob();
    }).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = (view.event || 'deltag') + '.ics';
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function () { warn(t('manage.error')); });
  }

  function askCancel() {
    $('confirm').hidden = false;
    $('cancel-row').hidden = true;
    $('confirm-text').focus();
  }

  function keepPlace() {
    $('confirm').hidden = true;
    $('cancel-row').hidden = false;
    $('cancel').focus();
  }

  function cancel() {
    call('POST', '/cancel', {}).then(function (r) {
      if (!r.ok) throw new Error('status ' + r.status);
      return refresh();
    }).then(function (j) {
      if (j) view = j;
      render();
      say(t('manage.cancel_done'));
      $('status').setAttribute('tabindex', '-1');
      $('status').focus();
    }).catch(function () { warn(t('manage.error')); });
  }

  function fieldErrors(errors) {
    var byField = { name: '', email: '' };
    (errors || []).forEach(function (e) {
      var key = /mail/.test(e.field || '') ? 'email' : 'name';
      if (!byField[key]) byField[key] = t(e.code, e.params);
    });
    [['name', 'colleague-name'], ['email', 'colleague-email']].forEach(function (p) {
      var input = $(p[1]);
      $(p[1] + '-error').textContent = byField[p[0]];
      if (byField[p[0]]) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    });
    var first = byField.name ? $('colleague-name') : byField.email ? $('colleague-email') : null;
    if (first) first.focus();
  }

  function handOver(ev) {
    ev.preventDefault();
    var name = $('colleague-name').value.trim();
    var email = $('colleague-email').value.trim();
    var local = [];
    if (!name) local.push({ field: 'name', code: 'field.required' });
    if (!email) local.push({ field: 'email', code: 'field.required' });
    if (local.length) { fieldErrors(local); warn(t(local[0].code)); return; }
    call('POST', '/substitute', { name: name, email: email }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, body: j }; });
    }).then(function (res) {
      if (res.status === 422) {
        fieldErrors(res.body.errors);
        warn(t((res.body.errors && res.body.errors[0] && res.body.errors[0].code) || 'manage.error'));
        return;
      }
      if (res.status !== 200) { warn(t(res.body.code || 'manage.error')); return; }
      fieldErrors([]);
      return refresh().then(function (j) {
        if (j) view = j;
        render();
        say(t('manage.handover.done', { name: name }));
        $('status').setAttribute('tabindex', '-1');
        $('status').focus();
      });
    }).catch(function () { warn(t('manage.error')); });
  }

  function resend(ev) {
    ev.preventDefault();
    var email = $('resend-email').value.trim();
    if (!email) { warn(t('field.required')); $('resend-email').focus(); return; }
    fetch(api + '/manage-link', {
      method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: email })
    }).then(function (r) {
      if (r.status === 202) say(t('manage.resend.done'));
      else if (r.status === 422) { warn(t('email.invalid')); $('resend-email').focus(); }
      else if (r.status === 429) warn(t('request.rate_limited'));
      else warn(t('manage.error'));
    }).catch(function () { warn(t('manage.error')); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('ics').addEventListener('click', downloadIcs);
    $('cancel').addEventListener('click', askCancel);
    $('confirm-no').addEventListener('click', keepPlace);
    $('confirm-yes').addEventListener('click', cancel);
    $('handover-form').addEventListener('submit', handOver);
    $('resend-form').addEventListener('submit', resend);
    start();
  });
}());
