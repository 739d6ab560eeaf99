/* Boots wasm/minimal_web.cpp's build (deltag-minimal.js, EXPORT_NAME DeltagMinimal) on the page's
   canvas, the same way the widget's module is booted: script tag, factory, locateFile. */
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var s = document.createElement('script');
  s.src = '/deltag-minimal.js';
  s.onload = function () {
    window.DeltagMinimal({ canvas: canvas, locateFile: function (p) { return '/' + p; } })
      .then(function (m) { window.__minimal = m; });
  };
  document.head.appendChild(s);
})();
