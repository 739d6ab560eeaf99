/* Demo host-page script (not part of the widget): shows the widget's deltag:* DOM events in a
   log, the way an agency's own page could react to them, and handles the host's own newsletter
   form on host-form.html. Needs nothing from the widget but its events. */
(function () {
  'use strict';

  var EVENTS = ['mounted', 'ready', 'failed', 'resize', 'registered', 'waitlisted', 'cancelled',
    'submitted', 'error', 'outbox', 'screen'];
  var log = document.getElementById('event-log');

  function time() {
    var d = new Date();
    return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2) + ':' +
      ('0' + d.getSeconds()).slice(-2);
  }

  if (log) {
    EVENTS.forEach(function (name) {
      document.addEventListener('deltag:' + name, function (e) {
        // Resize events come often while the widget lays out; the log keeps the others.
        if (name === 'resize') return;
        var where = e.target && e.target.id ? '#' + e.target.id : 'widget';
        var line = time() + '  deltag:' + name + '  ' + where + '  ' + JSON.stringify(e.detail || {});
        log.textContent = (log.textContent ? log.textContent + '\n' : '') + line;
        log.scrollTop = log.scrollHeight;
      });
    });
  }

  // The host's own form: kept on the page, answered in a status region.
  var form = document.getElementById('newsletter');
  var status = document.getElementById('newsletter-status');
  if (form && status) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var email = form.elements.namedItem('nl-email');
      if (email && !email.checkValidity()) {
        status.textContent = status.getAttribute('data-invalid');
        email.focus();
        return;
      }
      status.textContent = status.getAttribute('data-done');
    });
  }
})();
