/* Kiosk page (/kiosk/{event}): lists the sign-ups this device has taken, with their state, from the
   widget's "deltag:outbox" events. Holds no answers and no keys: the App sends a number, a time and
   a localized state text per sign-up, so nothing one person typed is shown to the next.
   Plain browser JS, DOM text only (no innerHTML), no inline styles. */
(function () {
  'use strict';

  var STATES = ['queued', 'sending', 'done', 'failed'];
  var container = document.getElementById('deltag');
  var section = document.getElementById('kiosk-queue');
  if (!container || !section) return;
  var title = document.getElementById('kiosk-queue-title');
  var summary = document.getElementById('kiosk-queue-summary');
  var list = document.getElementById('kiosk-queue-list');
  var rows = {}; // entry id -> <li>

  // detail: {title, summary, entries: [{id, label, state, text}]}, oldest first; strings already
  // in the widget's language (shared/catalogs), so this file carries none of its own.
  function render(detail) {
    var entries = Array.isArray(detail.entries) ? detail.entries : [];
    title.textContent = String(detail.title || '');
    summary.textContent = String(detail.summary || '');
    section.hidden = entries.length === 0;
    var seen = {};
    entries.forEach(function (entry) {
      var id = String(entry.id);
      seen[id] = true;
      var li = rows[id];
      if (!li) {
        li = document.createElement('li');
        li.className = 'kiosk-entry';
        li.setAttribute('data-entry', id);
        var label = document.createElement('span');
        label.className = 'kiosk-entry-label';
        var state = document.createElement('span');
        state.className = 'kiosk-entry-state';
        li.appendChild(label);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(state);
        rows[id] = li;
      }
      list.appendChild(li); // keeps the App's order; moving an existing node is cheap
      li.firstChild.textContent = String(entry.label || '');
      li.lastChild.textContent = String(entry.text || '');
      var s = STATES.indexOf(entry.state) >= 0 ? entry.state : 'queued';
      li.setAttribute('data-state', s);
    });
    Object.keys(rows).forEach(function (id) {
      if (seen[id]) return;
      list.removeChild(rows[id]);
      delete rows[id];
    });
  }

  container.addEventListener('deltag:outbox', function (e) { render(e.detail || {}); });
})();
