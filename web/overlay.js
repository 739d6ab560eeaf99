/* Deltag DOM overlay: mirrors the App's item list (wasm/web/bridge_protocol.md) as real elements
   over the canvas, so focus, typing, IME, autofill, taps and screen readers work, and forwards
   their events to the wasm. Transparent, except the text fields, which show what the visitor
   types themselves (#12). Plain browser JS; loaded by embed.js; no other dependency. */
(function () {
  'use strict';

  // [SECTION] Helpers.
  function make(tag, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    return el;
  }

  function setAttr(el, name, value) {
    if (value === null || value === undefined || value === false || value === '') {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else {
      var text = value === true ? 'true' : String(value);
      if (el.getAttribute(name) !== text) el.setAttribute(name, text);
    }
  }

  function setText(el, text) {
    text = text || '';
    if (el.textContent !== text) el.textContent = text;
  }

  // Geometry through the CSSOM (allowed under a strict style-src), written only when changed.
  function place(el, rect, origin) {
    if (!rect) return;
    var key = (rect.x - origin.x) + ',' + (rect.y - origin.y) + ',' + rect.w + ',' + rect.h;
    if (el.__deltagRect === key) return;
    el.__deltagRect = key;
    // Left and width only: under dir="rtl" an inset-inline rule would otherwise win over left.
    el.style.right = 'auto';
    el.style.left = (rect.x - origin.x) + 'px';
    el.style.top = (rect.y - origin.y) + 'px';
    el.style.width = Math.max(0, rect.w) + 'px';
    el.style.height = Math.max(0, rect.h) + 'px';
  }

  var ZERO = { x: 0, y: 0, w: 0, h: 0 };
  var TEXT_TYPES = { text: 'text', email: 'email', tel: 'tel', phone: 'tel', date: 'date', number: 'text', url: 'url' };

  function kindOf(item) {
    var role = item.role;
    if (role === 'textbox') return item.input_type === 'textarea' ? 'textarea' : 'textbox:' + (TEXT_TYPES[item.input_type] || 'text');
    if (role === 'heading') return 'heading:' + (item.level >= 1 && item.level <= 6 ? item.level : 2);
    return role;
  }

  function isTextControl(el) {
    return el && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type !== 'checkbox' && el.type !== 'radio'));
  }

  // The direction of a text field's own content: addresses, numbers, phone numbers and dates
  // read left to right in any form; names and free text take the direction of what is typed.
  var LTR_TYPES = { email: true, tel: true, phone: true, url: true, date: true, number: true };
  function fieldDir(item) {
    return LTR_TYPES[item.input_type] || item.inputmode === 'decimal' || item.inputmode === 'numeric' ? 'ltr' : 'auto';
  }

  // [SECTION] The overlay of one widget.
  function Overlay(options) {
    this.widgetId = options.widgetId;
    this.layer = options.layer;
    this.polite = options.politeRegion;
    this.assertive = options.alertRegion;
    this.call = options.call;
    this.prefix = 'deltag-' + options.widgetId + '-';
    this.records = {};      // item id -> {kind, item, el, control, parts}
    this.lastStatus = '';
    this.composing = false;
    this.activeOption = {}; // combobox item id -> id of the keyboard-highlighted option
    this.listen();
  }

  Overlay.prototype.domId = function (itemId) { return this.prefix + itemId; };

  Overlay.prototype.itemOf = function (el) {
    while (el && el !== this.layer) {
      if (el.__deltagItem) return el.__deltagItem;
      el = el.parentNode;
    }
    return null;
  };

  // [SECTION] Reconcile: create, update and remove elements by item id, in reading order.
  Overlay.prototype.apply = function (model) {
    var items = (model && model.items) || [];
    var active = document.activeElement;
    var activeState = isTextControl(active) ? { start: active.selectionStart, end: active.selectionEnd } : null;
    setAttr(this.layer, 'lang', model.lang);
    setAttr(this.layer, 'dir', model.dir || 'ltr');
    // The live regions sit outside the layer: they speak the widget's language too.
    setAttr(this.polite, 'lang', model.lang);
    setAttr(this.assertive, 'lang', model.lang);

    var seen = {};
    var byId = {};
    var i;
    for (i = 0; i < items.length; i++) byId[items[i].id] = items[i];
    for (i = 0; i < items.length; i++) {
      var item = items[i];
      if (!item || !item.id || seen[item.id]) continue;
      seen[item.id] = true;
      var rec = this.records[item.id];
      if (rec && rec.kind !== kindOf(item)) {
        this.remove(rec);
        rec = null;
      }
      if (!rec) rec = this.records[item.id] = this.create(item);
      var group = item.group && byId[item.group];
      this.update(rec, item, group ? group.rect || ZERO : ZERO);
    }
    for (var id in this.records) {
      if (!seen[id]) { this.remove(this.records[id]); delete this.records[id]; }
    }
    this.order(items);
    this.link(items);

    // Moving nodes may have dropped focus from the element the visitor was using: give it back.
    if (active && active !== document.activeElement && active.isConnected && this.layer.contains(active)) {
      active.focus({ preventScroll: true });
      if (activeState && isTextControl(active)) {
        try { active.setSelectionRange(activeState.start, activeState.end); } catch (e) { /* date inputs */ }
      }
    }
    this.announce(model.status);
    if (model.focus) this.moveFocus(model.focus);
  };

  Overlay.prototype.create = function (item) {
    var kind = kindOf(item);
    var rec = { kind: kind, item: null, el: null, control: null, parts: {} };
    var role = item.role;
    var el;
    if (role === 'heading') {
      el = make('h' + kind.split(':')[1], 'deltag-item deltag-text');
    } else if (role === 'text') {
      el = make('p', 'deltag-item deltag-text');
    } else if (role === 'button') {
      el = rec.control = make('button', 'deltag-item deltag-control');
      el.type = 'button';
    } else if (role === 'link') {
      el = rec.control = make('a', 'deltag-item deltag-control');
    } else if (role === 'group') {
      el = make('fieldset', 'deltag-item');
      rec.parts.legend = make('legend', 'deltag-legend');
      rec.parts.body = make('div', 'deltag-group-body');
      el.appendChild(rec.parts.legend);
      el.appendChild(rec.parts.body);
      this.addDescriptions(rec, el);
    } else if (role === 'listbox') {
      el = make('ul', 'deltag-item deltag-listbox');
      el.setAttribute('role', 'listbox');
      rec.parts.options = {};
    } else if (role === 'alert') {
      // The error summary: focus is moved to it, so it is not a live region itself.
      el = make('div', 'deltag-item');
      el.tabIndex = -1;
      rec.parts.title = make('p', 'deltag-summary-line');
      rec.parts.title.id = this.domId(item.id) + '-title';
      el.setAttribute('aria-labelledby', rec.parts.title.id);
      el.appendChild(rec.parts.title);
      rec.parts.links = [];
    } else {
      // textbox, textarea, combobox, select, checkbox, radio: a wrapper at the item's rectangle
      // holding the control, its label and the texts that describe it.
      el = make('div', 'deltag-item');
      var control;
      if (role === 'select') control = make('select', 'deltag-control');
      else if (kind === 'textarea') control = make('textarea', 'deltag-control');
      else {
        control = make('input', 'deltag-control');
        control.type = role === 'checkbox' ? 'checkbox' : role === 'radio' ? 'radio'
          : TEXT_TYPES[item.input_type] || 'text';
      }
      control.id = this.domId(item.id) + '-control';
      // The browser draws its value, caret, selection, IME underline and spell-check marks.
      if (isTextControl(control)) control.classList.add('deltag-typed');
      var label = make('label', 'deltag-sr-only');
      label.htmlFor = control.id;
      el.appendChild(control);
      el.appendChild(label);
      rec.control = control;
      rec.parts.label = label;
      if (role === 'combobox') {
        control.setAttribute('role', 'combobox');
        control.setAttribute('aria-autocomplete', 'list');
      }
      this.addDescriptions(rec, el);
    }
    el.id = el.id || this.domId(item.id);
    el.__deltagItem = item.id;
    if (rec.control) rec.control.__deltagItem = item.id;
    rec.el = el;
    return rec;
  };

  // Help, error and badge texts, referenced by aria-describedby from the control (or fieldset).
  Overlay.prototype.addDescriptions = function (rec, el) {
    ['badge', 'help', 'error'].forEach(function (part) {
      var span = make('span', 'deltag-sr-only');
      rec.parts[part] = span;
      el.appendChild(span);
    });
  };

  Overlay.prototype.describe = function (rec, item, target) {
    var ids = [];
    var self = this;
    ['error', 'badge', 'help'].forEach(function (part) {
      var span = rec.parts[part];
      var text = item[part] || '';
      if (part === 'error' && !item.invalid) text = '';
      span.id = self.domId(item.id) + '-' + part;
      setText(span, text);
      if (text) ids.push(span.id);
    });
    setAttr(target, 'aria-describedby', ids.join(' '));
  };

  Overlay.prototype.update = function (rec, item, origin) {
    var el = rec.el;
    var control = rec.control;
    var role = item.role;
    rec.item = item;
    place(el, item.rect, origin);
    setAttr(el, 'lang', item.lang);
    setAttr(el, 'dir', item.dir);

    if (role === 'heading' || role === 'text') {
      setText(el, item.label);
    } else if (role === 'button' || role === 'link') {
      setText(control, item.label);
      setAttr(control, 'aria-disabled', !!item.disabled);
      setAttr(control, 'aria-busy', !!item.busy);
      // Toggle buttons (e.g. the language choice) carry "pressed"; plain buttons do not.
      if (role === 'button') setAttr(control, 'aria-pressed', 'pressed' in item ? (item.pressed ? 'true' : 'false') : '');
      if (role === 'link') setAttr(control, 'href', item.href || '#' + el.id);
    } else if (role === 'group') {
      setText(rec.parts.legend, item.label);
      setAttr(el, 'aria-invalid', !!item.invalid);
      this.describe(rec, item, el);
    } else if (role === 'listbox') {
      setAttr(el, 'aria-label', item.label);
      this.updateOptions(rec, item);
    } else if (role === 'alert') {
      this.updateSummary(rec, item);
    } else {
      this.updateField(rec, item);
    }
  };

  Overlay.prototype.updateField = function (rec, item) {
    var control = rec.control;
    var role = item.role;
    setText(rec.parts.label, item.label);
    setAttr(control, 'name', item.name ? this.prefix + item.name : item.id);
    setAttr(control, 'aria-invalid', !!item.invalid);
    setAttr(control, 'aria-disabled', !!item.disabled);
    control.required = !!item.required;
    setAttr(control, 'aria-required', !!item.required);
    this.describe(rec, item, control);

    if (role === 'checkbox' || role === 'radio') {
      if (control.checked !== !!item.checked) control.checked = !!item.checked;
      return;
    }
    if (role === 'select') {
      this.updateSelect(control, item.options || []);
      return;
    }
    // Text-like controls.
    var auto = item.autocomplete || (item.sensitive || item.honeypot ? 'off' : '');
    setAttr(control, 'autocomplete', auto);
    setAttr(control, 'inputmode', item.inputmode);
    if (item.input_type === 'email') setAttr(control, 'autocapitalize', 'off');
    setAttr(control, 'dir', fieldDir(item));
    // The browser's spell-check marks show in names and free text; never in addresses, numbers,
    // dates or the municipality search.
    setAttr(control, 'spellcheck', fieldDir(item) === 'auto' && role !== 'combobox' ? 'true' : 'false');
    if (item.max_length > 0) control.maxLength = item.max_length;
    else if (control.hasAttribute('maxlength')) control.removeAttribute('maxlength');
    control.readOnly = !!item.disabled;
    if (item.honeypot) {
      // Invisible to people, present for bots: out of the tab order and the accessibility tree.
      control.tabIndex = -1;
      rec.el.setAttribute('aria-hidden', 'true');
      rec.el.classList.add('deltag-sr-only');
    }
    var value = item.value || '';
    var focused = document.activeElement === control;
    // The App holds the NFC of what was typed (sendValue): the same text, not a change.
    if (nfc(control.value) !== value && !(focused && this.composing)) {
      var start = control.selectionStart;
      var end = control.selectionEnd;
      control.value = value;
      if (focused && start !== null) {
        try { control.setSelectionRange(Math.min(start, value.length), Math.min(end, value.length)); } catch (e) { /* date */ }
      }
    }
    if (role === 'combobox') {
      setAttr(control, 'aria-expanded', item.expanded ? 'true' : 'false');
      rec.parts.listId = item.options_id || '';
      if (!item.expanded) this.activeOption[item.id] = '';
    }
  };

  Overlay.prototype.updateSelect = function (control, options) {
    var signature = JSON.stringify(options.map(function (o) { return [o.value, o.label]; }));
    if (control.__deltagOptions !== signature) {
      control.__deltagOptions = signature;
      while (control.firstChild) control.removeChild(control.firstChild);
      options.forEach(function (o) {
        var opt = make('option');
        opt.value = o.value;
        opt.textContent = o.label;
        control.appendChild(opt);
      });
    }
    options.forEach(function (o, i) {
      if (o.selected && control.selectedIndex !== i) control.selectedIndex = i;
    });
  };

  Overlay.prototype.updateOptions = function (rec, item) {
    var el = rec.el;
    var options = item.options || [];
    var seen = {};
    var n = options.length || 1;
    var self = this;
    var origin = item.rect || ZERO;
    var prev = null;
    options.forEach(function (o, i) {
      var li = rec.parts.options[o.id];
      if (!li) {
        li = rec.parts.options[o.id] = make('li', 'deltag-option');
        li.setAttribute('role', 'option');
        li.id = self.domId(o.id);
        li.__deltagItem = o.id;
      }
      li.__deltagValue = o.value;
      li.__deltagList = item.id;
      seen[o.id] = true;
      setText(li, o.label);
      setAttr(li, 'aria-selected', o.selected ? 'true' : 'false');
      // Options without their own rectangle share the list's height equally.
      var r = o.rect && o.rect.h ? o.rect
        : { x: origin.x, y: origin.y + (origin.h / n) * i, w: origin.w, h: origin.h / n };
      place(li, r, origin);
      var expected = prev ? prev.nextSibling : el.firstChild;
      if (expected !== li) el.insertBefore(li, expected);
      prev = li;
    });
    for (var id in rec.parts.options) {
      if (!seen[id]) {
        var gone = rec.parts.options[id];
        if (gone.parentNode) gone.parentNode.removeChild(gone);
        delete rec.parts.options[id];
      }
    }
  };

  Overlay.prototype.updateSummary = function (rec, item) {
    var self = this;
    var origin = item.rect || ZERO;
    var links = item.links || [];
    var lineCount = links.length + 1;
    var lineH = origin.h / lineCount;
    setText(rec.parts.title, item.label);
    place(rec.parts.title, { x: origin.x, y: origin.y, w: origin.w, h: lineH }, origin);
    while (rec.parts.links.length > links.length) {
      var extra = rec.parts.links.pop();
      extra.parentNode.removeChild(extra);
    }
    links.forEach(function (l, i) {
      var a = rec.parts.links[i];
      if (!a) {
        a = make('a', 'deltag-summary-line');
        rec.parts.links.push(a);
        rec.el.appendChild(a);
      }
      a.__deltagTarget = l.target;
      setAttr(a, 'href', '#' + self.domId(l.target));
      setText(a, l.label);
      var r = l.rect && l.rect.h ? l.rect : { x: origin.x, y: origin.y + lineH * (i + 1), w: origin.w, h: lineH };
      place(a, r, origin);
    });
  };

  Overlay.prototype.remove = function (rec) {
    if (rec.el && rec.el.parentNode) rec.el.parentNode.removeChild(rec.el);
  };

  // Puts every element in its parent (the layer or its group's fieldset) in the list's order,
  // moving only what is out of place.
  Overlay.prototype.order = function (items) {
    var last = new Map();
    for (var i = 0; i < items.length; i++) {
      var rec = this.records[items[i].id];
      if (!rec) continue;
      var group = items[i].group && this.records[items[i].group];
      var parent = group && group.parts.body ? group.parts.body : this.layer;
      var prev = last.get(parent);
      var expected = prev ? prev.nextSibling : parent.firstChild;
      if (expected !== rec.el) parent.insertBefore(rec.el, expected);
      last.set(parent, rec.el);
    }
  };

  // References between items (combobox -> listbox) once both exist in the DOM.
  Overlay.prototype.link = function () {
    for (var id in this.records) {
      var rec = this.records[id];
      if (rec.item.role !== 'combobox') continue;
      var list = rec.parts.listId && this.records[rec.parts.listId];
      setAttr(rec.control, 'aria-controls', list ? list.el.id : '');
      // By option id, not position: the list changes as the visitor types, and a highlighted
      // option that is no longer in it is simply not highlighted any more.
      var active = this.activeOption[id];
      var options = list && list.item.options ? list.item.options : [];
      var present = options.some(function (o) { return o.id === active; });
      setAttr(rec.control, 'aria-activedescendant', present && rec.item.expanded ? this.domId(active) : '');
    }
  };

  // [SECTION] Status messages and focus moves requested by the App.
  Overlay.prototype.announce = function (status) {
    var text = (status && status.text) || '';
    var assertive = !!(status && status.politeness === 'assertive');
    var key = (assertive ? 'a:' : 'p:') + text;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    var target = assertive ? this.assertive : this.polite;
    var other = assertive ? this.polite : this.assertive;
    setText(other, '');
    setText(target, text);
  };

  Overlay.prototype.moveFocus = function (itemId) {
    var rec = this.records[itemId];
    if (!rec) return;
    var target = rec.control || rec.el;
    if (!rec.control && target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.tabIndex = -1;
    if (document.activeElement !== target) target.focus();
  };

  // [SECTION] Events: one set of listeners on the layer, forwarded to the wasm.
  Overlay.prototype.send = function (name) {
    var args = [name, this.widgetId].concat(Array.prototype.slice.call(arguments, 1));
    return this.call.apply(null, args);
  };

  // Text is compared and stored as NFC (issue 12): the browser normalises, so the wasm carries no
  // Unicode tables for it; the server normalises again (it cannot trust the page).
  function nfc(text) {
    return text.normalize ? text.normalize('NFC') : text;
  }

  Overlay.prototype.sendValue = function (control) {
    var itemId = control.__deltagItem;
    if (!itemId) return;
    this.send('_deltag_on_input', itemId, nfc(control.value));
  };

  Overlay.prototype.listen = function () {
    var self = this;
    var layer = this.layer;

    layer.addEventListener('focusin', function (e) {
      var id = e.target.__deltagItem;
      if (!id) return;
      self.send('_deltag_on_focus', id);
    });
    layer.addEventListener('focusout', function (e) {
      var id = e.target.__deltagItem;
      if (id) self.send('_deltag_on_blur', id);
    });

    // Text arrives through input and composition events only (Android sends keyCode 229).
    layer.addEventListener('compositionstart', function () { self.composing = true; });
    layer.addEventListener('compositionend', function (e) {
      self.composing = false;
      if (isTextControl(e.target)) self.sendValue(e.target);
    });
    layer.addEventListener('input', function (e) {
      var t = e.target;
      if (!isTextControl(t) || e.isComposing || self.composing) return;
      self.sendValue(t);
    });
    layer.addEventListener('change', function (e) {
      var t = e.target;
      var id = t.__deltagItem;
      if (!id) return;
      if (t.type === 'checkbox' || t.type === 'radio') {
        self.send('_deltag_on_checked', id, t.checked ? 1 : 0);
      } else if (t.tagName === 'SELECT') {
        self.send('_deltag_on_choose', id, t.value);
      } else if (isTextControl(t)) {
        // Some autofill paths only fire change; otherwise change repeats what input already sent
        // (or a value the App set itself, which must not be sent back as typing).
        var rec = self.records[id];
        if (rec && rec.item && (rec.item.value || '') !== nfc(t.value)) self.sendValue(t);
      }
    });

    // Activation: the native click of the real element (a tap fires it once).
    layer.addEventListener('click', function (e) {
      var t = e.target;
      var summaryLink = t.closest ? t.closest('.deltag-summary-line') : null;
      if (summaryLink && summaryLink.__deltagTarget) {
        e.preventDefault();
        self.moveFocus(summaryLink.__deltagTarget);
        return;
      }
      var option = t.closest ? t.closest('.deltag-option') : null;
      if (option) {
        self.send('_deltag_on_choose', option.__deltagList, option.__deltagValue);
        return;
      }
      var control = t.closest ? t.closest('button.deltag-control, a.deltag-control') : null;
      if (!control || !control.__deltagItem) return;
      if (control.tagName === 'A') e.preventDefault();
      if (control.getAttribute('aria-disabled') === 'true') return;
      self.send('_deltag_on_activate', control.__deltagItem);
    });
    // A press on an option must not take focus from the combobox's input.
    layer.addEventListener('mousedown', function (e) {
      if (e.target.closest && e.target.closest('.deltag-option')) e.preventDefault();
    });

    layer.addEventListener('keydown', function (e) {
      var t = e.target;
      if (t.getAttribute && t.getAttribute('role') === 'combobox') self.comboboxKey(e, t);
    });

    var hovered = '';
    var hover = function (id) {
      if (id === hovered) return;
      hovered = id;
      self.send('_deltag_on_hover', id);
    };
    layer.addEventListener('pointerover', function (e) { hover(self.itemOf(e.target) || ''); });
    layer.addEventListener('pointerleave', function () { hover(''); });
  };

  // The combobox pattern: arrows move the highlighted option, Enter chooses, Escape goes to the
  // App (it closes an open list; a second Escape clears unchosen typing) and focus stays in the
  // input. Other keys stay native.
  Overlay.prototype.comboboxKey = function (e, control) {
    var id = control.__deltagItem;
    var rec = this.records[id];
    if (!rec || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    if (e.key === 'Escape' || e.key === 'Esc') {
      // Consumed only while our list is open (a host's dialog around the widget keeps its
      // Escape otherwise).
      if (rec.item.expanded) e.preventDefault();
      this.activeOption[id] = '';
      this.link();
      this.send('_deltag_on_key', id, 'Escape');
      return;
    }
    var list = rec.parts.listId && this.records[rec.parts.listId];
    var options = list && list.item.options ? list.item.options : [];
    if (!rec.item.expanded || !options.length) return;
    var active = this.activeOption[id];
    var index = -1;
    for (var i = 0; i < options.length; i++) if (options[i].id === active) index = i;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      index = e.key === 'ArrowDown' ? (index + 1) % options.length : (index <= 0 ? options.length - 1 : index - 1);
      this.activeOption[id] = options[index].id;
      this.link();
      var li = list.parts.options[options[index].id];
      if (li && li.scrollIntoView) li.scrollIntoView({ block: 'nearest' });
      this.send('_deltag_on_hover', options[index].id);
    } else if (e.key === 'Enter' && index >= 0 && index < options.length) {
      e.preventDefault();
      this.activeOption[id] = '';
      this.send('_deltag_on_choose', list.item.id, options[index].value);
    }
  };

  window.Deltag = window.Deltag || {};
  window.Deltag.Overlay = Overlay;
})();
