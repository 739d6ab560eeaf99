// Helpers that run INSIDE the page (any engine): deep queries through open shadow roots, accessible
// names, live regions, overflow, canvases, simulated IME composition and paste. `probe` is sent as
// source text, so it must stay self-contained (no imports, no closures over this module).
function probe() {
  const roots = () => {
    const out = [document];
    for (let i = 0; i < out.length; i += 1) {
      for (const el of out[i].querySelectorAll('*')) if (el.shadowRoot) out.push(el.shadowRoot);
    }
    return out;
  };
  const all = (sel) => roots().flatMap((r) => [...r.querySelectorAll(sel)]);
  const byId = (id) => roots().map((r) => r.getElementById ? r.getElementById(id) : r.querySelector(`#${CSS.escape(id)}`)).find(Boolean) || null;
  const text = (el) => (el ? (el.innerText !== undefined && el.isConnected ? el.innerText : el.textContent) || '' : '').replace(/\s+/g, ' ').trim();
  const idrefText = (el, attr) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)
    .map((id) => { const r = el.getRootNode(); const t = (r.getElementById ? r.getElementById(id) : null) || byId(id); return t ? (t.textContent || '').replace(/\s+/g, ' ').trim() : ''; })
    .filter(Boolean).join(' ');
  const role = (el) => {
    const r = el.getAttribute('role');
    if (r) return r;
    const tag = el.tagName.toLowerCase();
    if (tag === 'input') {
      const t = (el.type || 'text').toLowerCase();
      return { checkbox: 'checkbox', radio: 'radio', button: 'button', submit: 'button', reset: 'button', range: 'slider', number: 'spinbutton' }[t] || 'textbox';
    }
    return { button: 'button', a: el.hasAttribute('href') ? 'link' : '', select: el.multiple ? 'listbox' : 'combobox', textarea: 'textbox',
      h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', fieldset: 'group', output: 'status' }[tag] || '';
  };
  const accName = (el) => {
    if (!el) return '';
    const by = idrefText(el, 'aria-labelledby');
    if (by) return by;
    const aria = el.getAttribute('aria-label');
    if (aria) return aria.trim();
    const root = el.getRootNode();
    if (el.id && root.querySelectorAll) {
      const lab = root.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (lab) return (lab.textContent || '').replace(/\s+/g, ' ').trim();
    }
    const wrap = el.closest('label');
    if (wrap) return (wrap.textContent || '').replace(/\s+/g, ' ').trim();
    if (el.tagName === 'FIELDSET') { const lg = el.querySelector('legend'); if (lg) return (lg.textContent || '').replace(/\s+/g, ' ').trim(); }
    if (['BUTTON', 'A', 'H1', 'H2', 'H3', 'H4', 'SUMMARY'].includes(el.tagName) || ['button', 'link', 'heading'].includes(el.getAttribute('role'))) return (el.textContent || '').replace(/\s+/g, ' ').trim();
    if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type)) return el.value;
    return (el.getAttribute('title') || el.getAttribute('placeholder') || '').trim();
  };
  const deepActive = () => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  };
  const describe = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const fs = el.closest('fieldset');
    return { tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id, name: el.getAttribute('name') || '',
      role: role(el), label: accName(el), value: 'value' in el ? String(el.value) : '', checked: !!el.checked,
      invalid: el.getAttribute('aria-invalid'), describedby: idrefText(el, 'aria-describedby'),
      required: !!el.required || el.getAttribute('aria-required') === 'true', disabled: !!el.disabled || el.getAttribute('aria-disabled') === 'true',
      expanded: el.getAttribute('aria-expanded'), activedescendant: el.getAttribute('aria-activedescendant') || '', group: fs ? accName(fs) : '',
      options: el.tagName === 'SELECT' ? [...el.options].map((o) => ({ value: o.value, label: o.textContent.trim(), selected: o.selected })) : undefined,
      text: text(el).slice(0, 300),
      rect: { x: r.x, y: r.y, w: r.width, h: r.height } };
  };
  const visible = (el) => { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el); return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'; };
  const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"]';
  // The widget's item ids (bridge_protocol.md) as web/overlay.js keeps them: an `__deltagItem`
  // property on the item's element and on its control (ids are "deltag-<widget>-<item>[-control]").
  const itemIdOf = (el) => (el && (el.__deltagItem || el.getAttribute('data-item') ||
    (el.id || '').replace(/^deltag-\d+-/, '').replace(/-control$/, ''))) || '';
  const inWidget = (el) => !!(el && el.closest && el.closest('.deltag-root'));
  const CONTROL_TAGS = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'A'];
  const widgetEls = () => all('.deltag-root *').filter((el) => el.__deltagItem);
  const byItem = (id) => {
    const found = widgetEls().filter((el) => el.__deltagItem === id);
    return found.find((el) => CONTROL_TAGS.includes(el.tagName)) || found[0] || null;
  };
  const withItem = (el) => { const d = describe(el); if (d) { d.item = inWidget(el) ? itemIdOf(el) : ''; } return d; };
  return {
    item: (id) => withItem(byItem(id)),
    activeItem: () => withItem(deepActive()),
    items: () => widgetEls().map(withItem),
    options: (id) => { const el = byItem(id); return el ? [...el.querySelectorAll('[role=option]')].map((o) => ({ item: o.__deltagItem, label: (o.textContent || '').trim(), selected: o.getAttribute('aria-selected') })) : null; },
    focusItem: (id) => { const el = byItem(id); if (el) el.focus(); return withItem(deepActive()); },
    // A viewport point over the widget's canvas where no item is: for "a tap on empty space does nothing".
    emptyPoint: (opts) => {
      const c = all('.deltag-root canvas')[0];
      if (!c) return null;
      const r = c.getBoundingClientRect();
      const items = widgetEls().map((el) => el.getBoundingClientRect()).filter((b) => b.width > 0 && b.height > 0);
      const minY = (opts && opts.minY) || 0;
      for (let y = Math.max(r.top, minY, 0) + 8; y < Math.min(r.bottom, innerHeight) - 8; y += 12) {
        for (let x = r.left + 8; x < Math.min(r.right, innerWidth) - 8; x += 12) {
          if (items.some((b) => x >= b.left - 6 && x <= b.right + 6 && y >= b.top - 6 && y <= b.bottom + 6)) continue;
          const hit = document.elementFromPoint(x, y);
          if (hit && (hit === c || hit.classList.contains('deltag-overlay') || hit.classList.contains('deltag-stage'))) return { x, y };
        }
      }
      return null;
    },
    widgetLang: () => { const l = all('.deltag-overlay[lang]')[0]; return l ? l.getAttribute('lang') : ''; },
    widgetState: () => all('.deltag-root').map((el) => ({ classes: el.className, event: el.getAttribute('data-event') || '',
      height: el.getBoundingClientRect().height })),
    active: () => describe(deepActive()),
    byId: (id) => describe(byId(id)),
    controls: () => all(FOCUSABLE).filter((el) => !el.disabled && el.tabIndex >= 0 && visible(el)).map(describe),
    findAll: (q) => all(q.selector || FOCUSABLE + ', h1, h2, h3, [role]').map(describe)
      .filter((d) => (!q.role || d.role === q.role) && (!q.label || d.label === q.label) && (!q.labelMatch || new RegExp(q.labelMatch, 'i').test(d.label))),
    headings: () => all('h1, h2, h3, h4, [role=heading]').map(describe),
    live: () => all('[role=status], [role=alert], [aria-live], output').map((el) => ({ role: el.getAttribute('role') || el.tagName.toLowerCase(),
      live: el.getAttribute('aria-live') || '', id: el.id, text: (el.textContent || '').replace(/\s+/g, ' ').trim() })),
    focusById: (id) => { const el = byId(id); if (el) el.focus(); return describe(deepActive()); },
    overflow: () => ({ innerWidth, docScrollWidth: document.documentElement.scrollWidth, docClientWidth: document.documentElement.clientWidth,
      bodyScrollWidth: document.body ? document.body.scrollWidth : 0, scrollX: window.scrollX,
      wide: all('*').filter((el) => { const r = el.getBoundingClientRect(); return r.right > innerWidth + 1 && r.width > 0; }).slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`) }),
    canvases: () => all('canvas').map((c) => { const r = c.getBoundingClientRect(); return { id: c.id, width: c.width, height: c.height, cssWidth: r.width, cssHeight: r.height, dpr: devicePixelRatio }; }),
    scroll: () => ({ x: window.scrollX, y: window.scrollY, max: document.documentElement.scrollHeight - innerHeight }),
    // What an IME does to the focused field: compositionstart, updates with isComposing input events, compositionend.
    compose: ({ steps, final }) => {
      const el = deepActive();
      const start = el.selectionStart ?? el.value.length;
      const before = el.value.slice(0, start);
      const after = el.value.slice(el.selectionEnd ?? start);
      const fire = (type, data) => el.dispatchEvent(new CompositionEvent(type, { bubbles: true, composed: true, data }));
      fire('compositionstart', '');
      for (const s of steps) {
        el.value = before + s + after;
        try { el.setSelectionRange(before.length + s.length, before.length + s.length); } catch (e) { /* email */ }
        fire('compositionupdate', s);
        el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: s, inputType: 'insertCompositionText', isComposing: true }));
      }
      el.value = before + final + after;
      try { el.setSelectionRange(before.length + final.length, before.length + final.length); } catch (e) { /* email */ }
      fire('compositionupdate', final);
      el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: final, inputType: 'insertCompositionText', isComposing: true }));
      fire('compositionend', final);
      return describe(el);
    },
    // What the page sees of a paste: a cancelable paste event with the text, then the insertion as input.
    paste: ({ text: pasted }) => {
      const el = deepActive();
      let data = null;
      try { data = new DataTransfer(); data.setData('text/plain', pasted); } catch (e) { data = null; }
      const ev = new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: data });
      const go = el.dispatchEvent(ev);
      if (go) {
        // type=email has no selection API: the paste then lands at the end, as with the caret there.
        try { el.setRangeText(pasted, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, 'end'); } catch (e) { el.value += pasted; }
        el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: pasted }));
      }
      return describe(el);
    },
  };
}

const SOURCE = probe.toString();

// Calls one helper in the page and returns its (JSON-serialisable) result.
export function inPage(page, name, arg = null) {
  return page.evaluateSource(`(${SOURCE})()[${JSON.stringify(name)}](${JSON.stringify(arg)})`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn (node side, returns truthy when done) until it holds; the error names what was awaited.
export async function waitFor(what, fn, { timeout = 15000, interval = 100 } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); } catch (e) { last = e; }
    if (last && !(last instanceof Error)) return last;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await sleep(interval);
  }
}
