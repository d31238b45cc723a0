/* zhnews report: renders the embedded tables client-side (no network, no libraries).
   Text from the documents is only ever set as textContent, never parsed as HTML. */
'use strict';
(function () {
// The data is plain JSON, or for a large run gzip+base64 unpacked by the browser itself.
async function loadData() {
  const el = document.getElementById('zh-data');
  if (el.dataset.encoding !== 'gzip+base64') return JSON.parse(el.textContent);
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('this browser cannot unpack the embedded data (DecompressionStream: ' +
      'Chrome 80+, Firefox 113+, Safari 16.4+)');
  }
  const bin = atob(el.textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text());
}

function start(D) {
  // Column name -> position, from the layout the Python side wrote once.
  const C = {};
  for (const [table, names] of Object.entries(D.cols)) {
    C[table] = {};
    names.forEach((n, i) => { C[table][n] = i; });
  }
  const E = C.events, CL = C.claims, DO = C.docs, EN = C.ents, AR = C.args, SN = C.snips;
  const PAGE_SIZES = [25, 50, 100, 500];
  const MAX_MARKS = 2500; // past this many events in view, the timeline draws counts per bin
  const TRIM_FROM = 500, TRIM_SHARE = 0.02; // a large run opens on its middle 96 %
  const POLARITIES = ['asserted', 'planned', 'speculated', 'negated'];

  // ---- small DOM helpers ------------------------------------------------------------------
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  }
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setAttrs(el, attrs);
    append(el, kids);
    return el;
  }
  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k === 'className' ? 'class' : k, v === true ? '' : v);
    }
  }
  function append(el, kids) {
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
  }
  const fmt = (n) => Number(n).toLocaleString('en-US');
  const low = (x) => (x === null || x === undefined ? '' : String(x).toLowerCase());
  const has = (hay, q) => hay.indexOf(q) >= 0;
  const cut = (t, n) => (t && t.length > n ? t.slice(0, n) + '…' : (t || ''));

  // ---- derived indexes --------------------------------------------------------------------
  const docs = D.docs, events = D.events, claims = D.claims, ents = D.ents, snips = D.snips;
  const eventsOfClaim = claims.map(() => []);
  events.forEach((e, i) => { if (e[E.claim] >= 0) eventsOfClaim[e[E.claim]].push(i); });
  const claimTypes = eventsOfClaim.map((ev) => new Set(ev.map((i) => events[i][E.type])));
  const entHay = ents.map((en) => low(en[EN.name]) + '\u0001' +
    en[EN.forms].map((f) => low(f[0])).join('\u0001'));
  const docSource = docs.map((d) => low(d[DO.site]) + '\u0001' + low(d[DO.forum]));

  function claimContent(i) {
    const c = claims[i];
    if (c[CL.content] !== null) return c[CL.content];
    const sn = snips[c[CL.snip]];
    return sn[SN.text].slice(c[CL.cstart] - sn[SN.start], c[CL.cend] - sn[SN.start]);
  }
  const eventHay = events.map((e) => [e[E.type], e[E.trigger], e[E.time_text], e[E.time_value],
    ...e[E.args].flatMap((a) => [a[AR.text], a[AR.canonical]]), docs[e[E.doc]][DO.title]]
    .map(low).join('\u0001'));
  const claimHay = claims.map((c, i) => [c[CL.speaker], c[CL.speaker_text], c[CL.cue],
    claimContent(i), c[CL.outlet], ...c[CL.via], docs[c[CL.doc]][DO.title]]
    .map(low).join('\u0001'));

  // ---- state in the URL hash: shareable, and how the tests drive the page -------------------
  const KEYS = ['tab', 'type', 'pol', 'ent', 'spk', 'src', 'q', 'doc', 'from', 'to', 'ev', 'cl',
    'expand', 'size', 'eq', 'ekind', 'dq', 'dsite', 'rq'];
  let state = {};
  function readHash() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    state = {};
    for (const k of KEYS) if (p.has(k) && p.get(k) !== '') state[k] = p.get(k);
    if (!state.tab) state.tab = events.length ? 'timeline' : 'documents';
  }
  function writeHash() {
    const p = new URLSearchParams();
    for (const k of KEYS) if (state[k] !== undefined && state[k] !== '') p.set(k, state[k]);
    history.replaceState(null, '', '#' + p.toString());
  }
  function update(changes, opts) {
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === null || v === '') delete state[k]; else state[k] = String(v);
    }
    writeHash();
    render(opts || { keepScroll: !('tab' in changes) });
  }

  // ---- filters shared by timeline, events and claims --------------------------------------
  function compileFilter() {
    const f = {
      type: state.type, pol: state.pol, doc: state.doc !== undefined ? +state.doc : null,
      ent: low(state.ent), spk: low(state.spk), src: low(state.src), q: low(state.q),
      from: state.from !== undefined ? +state.from : null,
      to: state.to !== undefined ? +state.to : null,
    };
    f.ents = null;
    if (f.ent) {
      f.ents = new Set();
      entHay.forEach((hay, i) => { if (has(hay, f.ent)) f.ents.add(i); });
    }
    return f;
  }
  const anyIn = (list, set) => list.some((x) => set.has(x));

  function claimOk(i, f, forEvent) {
    const c = claims[i];
    if (f.spk && !has(low(c[CL.speaker]) + '\u0001' + low(c[CL.speaker_text]), f.spk)) {
      return false;
    }
    if (forEvent) return true;
    if (f.doc !== null && c[CL.doc] !== f.doc) return false;
    if (f.type && !claimTypes[i].has(f.type)) return false;
    if (f.ents && !anyIn(c[CL.ents], f.ents) &&
        !has(low(c[CL.speaker]) + '\u0001' + low(c[CL.speaker_text]), f.ent)) return false;
    if (f.src && !has(docSource[c[CL.doc]] + '\u0001' + low(c[CL.outlet]) + '\u0001' +
        c[CL.via].map(low).join('\u0001'), f.src)) return false;
    if (f.q && !has(claimHay[i], f.q)) return false;
    return true;
  }
  function eventOk(i, f, ignoreWindow) {
    const e = events[i];
    if (f.type && e[E.type] !== f.type) return false;
    if (f.pol && e[E.polarity] !== f.pol) return false;
    if (f.doc !== null && e[E.doc] !== f.doc) return false;
    if (f.ents && !anyIn(e[E.ents], f.ents) &&
        !e[E.args].some((a) => has(low(a[AR.text]) + '\u0001' + low(a[AR.canonical]), f.ent))) {
      return false;
    }
    const cl = e[E.claim];
    if (f.spk && (cl < 0 || !claimOk(cl, f, true))) return false;
    if (f.src) {
      let hay = docSource[e[E.doc]];
      if (cl >= 0) hay += '\u0001' + low(claims[cl][CL.outlet]) + '\u0001' +
        claims[cl][CL.via].map(low).join('\u0001');
      if (!has(hay, f.src)) return false;
    }
    if (f.q && !has(eventHay[i], f.q)) return false;
    if (!ignoreWindow && (f.from !== null || f.to !== null)) {
      const p = e[E.placed];
      if (!p || (f.to !== null && p[0] >= f.to) || (f.from !== null && p[1] <= f.from)) {
        return false;
      }
    }
    return true;
  }

  function filterBar(which) {
    const types = countBy(events, (e) => e[E.type]);
    const input = (key, label, list, width) => h('label', null, label, h('input', {
      value: state[key] || '', list: list, style: width ? `width:${width}px` : null,
      'data-key': key, oninput: debounce((ev) => update({ [key]: ev.target.value }), 250),
    }));
    const bar = h('div', { class: 'filters' },
      h('label', null, 'type', h('select', { onchange: (ev) => update({ type: ev.target.value }) },
        h('option', { value: '' }, 'all types'),
        types.map(([t, n]) => h('option', { value: t, selected: state.type === t }, `${t} (${n})`)))),
      which !== 'claims' ? h('label', null, 'polarity', h('select', {
        onchange: (ev) => update({ pol: ev.target.value }) },
      h('option', { value: '' }, 'any'),
      POLARITIES.map((p) => h('option', { value: p, selected: state.pol === p }, p)))) : null,
      input('ent', 'entity', 'dl-ents'), input('spk', 'speaker', 'dl-speakers'),
      input('src', 'source', 'dl-sources'), input('q', 'text', null, 160),
      chips(), h('button', { class: 'small', onclick: () => update({
        type: '', pol: '', ent: '', spk: '', src: '', q: '', doc: '', from: '', to: '', ev: '',
        cl: '' }) }, 'clear'));
    return bar;
  }
  function chips() {
    const out = [];
    if (state.doc !== undefined && docs[+state.doc]) {
      out.push(chip('document: ' + cut(docs[+state.doc][DO.title] || docs[+state.doc][DO.id], 30),
        { doc: '' }));
    }
    if (state.from !== undefined || state.to !== undefined) {
      out.push(chip(`time: ${dateLabel(+state.from)} – ${dateLabel(+state.to)}`,
        { from: '', to: '' }));
    }
    if (state.ev !== undefined) out.push(chip('one event', { ev: '' }));
    if (state.cl !== undefined) out.push(chip('one claim', { cl: '' }));
    return out;
  }
  function chip(text, clear) {
    return h('span', { class: 'chip' }, text,
      h('button', { title: 'remove', onclick: () => update(clear) }, '×'));
  }
  function debounce(fn, ms) {
    let t = null;
    return (ev) => { clearTimeout(t); t = setTimeout(() => fn(ev), ms); };
  }
  function countBy(rows, key) {
    const m = new Map();
    for (const r of rows) { const k = key(r); if (k !== null && k !== undefined && k !== '') m.set(k, (m.get(k) || 0) + 1); }
    return [...m.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  }
  function datalists() {
    const dl = (id, values) => h('datalist', { id }, values.map((v) => h('option', { value: v })));
    const speakers = countBy(claims, (c) => c[CL.speaker] || c[CL.speaker_text]).slice(0, 3000);
    const sources = new Map();
    for (const d of docs) if (d[DO.site]) sources.set(d[DO.site], 1);
    for (const c of claims) if (c[CL.outlet]) sources.set(c[CL.outlet], 1);
    return [dl('dl-ents', ents.slice(0, 3000).map((en) => en[EN.name])),
      dl('dl-speakers', speakers.map((x) => x[0])),
      dl('dl-sources', [...sources.keys()].slice(0, 3000))];
  }

  // ---- the original sentence with its spans marked -----------------------------------------
  // spans: [{start, end, cls, tag}] in documents.body offsets; the snippet knows its own start.
  function marked(snipIdx, spans, docIdx, rowKind, rowId) {
    if (snipIdx < 0) {
      return h('div', { class: 'notice' },
        'The sentence is not embedded: the report caps embedded text at ',
        fmt(D.meta.caps.snippet_chars), ' characters. Query it with ',
        h('code', null, `zhnews sql ${D.meta.out_dir} "SELECT * FROM ${rowKind} WHERE ` +
          `doc_id='${docs[docIdx][DO.id]}' AND ${rowKind === 'events' ? 'event_id' : 'claim_id'}` +
          `='${rowId}'"`));
    }
    const sn = snips[snipIdx];
    const base = sn[SN.start], text = sn[SN.text], n = text.length;
    const live = spans.filter((x) => x.start !== null && x.end !== null &&
      x.end > base && x.start < base + n)
      .map((x) => ({ ...x, s: Math.max(0, x.start - base), e: Math.min(n, x.end - base) }));
    const cuts = new Set([0, n]);
    for (const x of live) { cuts.add(x.s); cuts.add(x.e); }
    const points = [...cuts].sort((a, b) => a - b);
    const box = h('div', { class: 'snippet', dataset: { doc: docs[docIdx][DO.id], start: base } });
    if (sn[SN.clipped]) box.append('… ');
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      const cover = live.filter((x) => x.s <= a && x.e >= b);
      for (const x of live) {
        if (x.s === a && x.tag) box.append(h('sup', { class: 'tag ' + x.cls.replace('hl-', '') }, x.tag));
      }
      const piece = text.slice(a, b);
      if (!cover.length) { box.append(piece); continue; }
      box.append(h('span', {
        class: cover.map((x) => x.cls).join(' '),
        title: cover.map((x) => x.title || x.tag).filter(Boolean).join(' · '),
        dataset: { start: base + a, end: base + b },
      }, piece));
    }
    return box;
  }
  function eventSpans(i) {
    const e = events[i];
    const spans = e[E.args].map((a) => ({ start: a[AR.start], end: a[AR.end], cls: 'hl-arg',
      tag: a[AR.role], title: a[AR.role] + (a[AR.canonical] ? ' → ' + a[AR.canonical] : '') }));
    if (e[E.tstart] !== null) {
      spans.push({ start: e[E.tstart], end: e[E.tend], cls: 'hl-time', tag: 'time',
        title: 'time = ' + e[E.time_value] });
    }
    spans.push({ start: e[E.start], end: e[E.end], cls: 'hl-trig', tag: 'trigger',
      title: 'trigger: ' + e[E.type] });
    return spans;
  }
  function claimSpans(i) {
    const c = claims[i];
    const spans = [{ start: c[CL.start], end: c[CL.end], cls: 'hl-claim', title: 'claim' },
      { start: c[CL.cstart], end: c[CL.cend], cls: 'hl-content', tag: 'content',
        title: c[CL.quote] ? 'direct quote' : 'reported content' }];
    if (c[CL.tstart] !== null) {
      spans.push({ start: c[CL.tstart], end: c[CL.tend], cls: 'hl-time', tag: 'time',
        title: 'time = ' + c[CL.time_value] });
    }
    return spans;
  }

  // ---- generic paginated, sortable table with expandable rows ------------------------------
  class Grid {
    constructor(columns, opts) {
      this.columns = columns; this.opts = opts || {};
      this.page = 0; this.size = 50; this.sort = null; this.asc = true;
      this.open = new Set(); this.el = h('div');
    }
    set(rows) {
      this.rows = rows; this.page = 0; this.open = new Set();
      if (state.size) this.size = Math.max(1, +state.size) || 50;
      this.draw();
      return this.el;
    }
    sorted() {
      if (this.sort === null) return this.rows;
      const col = this.columns[this.sort];
      const key = col.sort || col.value;
      const dir = this.asc ? 1 : -1;
      return this.rows.slice().sort((a, b) => {
        const x = key(a), y = key(b);
        if (x === y) return 0;
        if (x === null || x === undefined || x === '') return 1;
        if (y === null || y === undefined || y === '') return -1;
        return (x < y ? -1 : 1) * dir;
      });
    }
    draw() {
      const rows = this.sorted();
      const pages = Math.max(1, Math.ceil(rows.length / this.size));
      this.page = Math.min(this.page, pages - 1);
      const first = this.page * this.size;
      const shown = rows.slice(first, first + this.size);
      const expandAll = state.expand === 'all' || shown.length === 1;
      const body = h('tbody');
      for (const r of shown) {
        const isOpen = expandAll || this.open.has(r);
        const tr = h('tr', { class: 'row' + (isOpen ? ' open' : ''),
          dataset: this.opts.rowData ? this.opts.rowData(r) : {},
          onclick: (ev) => {
            if (ev.target.closest('a,button')) return;
            if (this.open.has(r)) this.open.delete(r); else this.open.add(r);
            this.draw();
          } },
        this.columns.map((c) => h('td', { class: c.cls || null }, c.render ? c.render(r) : c.value(r))));
        body.append(tr);
        if (isOpen && this.opts.detail) {
          body.append(h('tr', { class: 'detail' },
            h('td', { colspan: this.columns.length }, this.opts.detail(r))));
        }
      }
      const head = h('tr', null, this.columns.map((c, k) => h('th', {
        class: this.sort === k ? 'sorted' + (this.asc ? ' asc' : '') : null,
        title: 'sort', onclick: () => {
          if (this.sort === k) this.asc = !this.asc; else { this.sort = k; this.asc = !c.desc; }
          this.draw();
        } }, c.label)));
      const pager = h('div', { class: 'pager' },
        h('button', { class: 'small', disabled: this.page === 0,
          onclick: () => { this.page--; this.draw(); } }, '‹ prev'),
        h('span', { class: 'muted' }, rows.length
          ? `${fmt(first + 1)}–${fmt(first + shown.length)} of ${fmt(rows.length)}`
          : 'nothing matches'),
        h('button', { class: 'small', disabled: this.page >= pages - 1,
          onclick: () => { this.page++; this.draw(); } }, 'next ›'),
        h('label', { class: 'muted' }, 'rows ', h('select', {
          onchange: (ev) => { this.size = +ev.target.value; this.page = 0; this.draw(); } },
        [...new Set([...PAGE_SIZES, this.size])].sort((a, b) => a - b)
          .map((n) => h('option', { value: n, selected: n === this.size }, n)))));
      this.el.replaceChildren(pager, h('table', { class: 'grid' }, h('thead', null, head), body));
    }
  }

  // ---- cells and details -------------------------------------------------------------------
  const polBadge = (p) => h('span', { class: 'pol ' + p }, p);
  function docCell(d) {
    const doc = docs[d];
    return h('span', null, h('button', { class: 'link', title: 'only this document',
      onclick: () => update({ doc: d }) }, cut(doc[DO.title] || doc[DO.id], 28)),
    doc[DO.site] ? h('div', { class: 'muted' }, doc[DO.site]) : null);
  }
  function argsCell(i) {
    return events[i][E.args].map((a) => h('div', null, h('span', { class: 'role' }, a[AR.role] + ' '),
      a[AR.text], a[AR.canonical] ? h('span', { class: 'muted' }, ' → ' + a[AR.canonical]) : null));
  }
  function speakerLabel(c) {
    const sp = c[CL.speaker] || c[CL.speaker_text] || '(unnamed)';
    return c[CL.speaker_text] && c[CL.speaker] && c[CL.speaker] !== c[CL.speaker_text]
      ? `${sp} (${c[CL.speaker_text]})` : sp;
  }
  function kv(pairs) {
    return h('dl', { class: 'kv' }, pairs.filter((p) => p[1] !== null && p[1] !== undefined &&
      p[1] !== '').map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
  }
  function docLine(d) {
    const doc = docs[d];
    return [doc[DO.title] || '(untitled)', doc[DO.site] ? ' · ' + doc[DO.site] : '',
      doc[DO.posted] ? ' · ' + doc[DO.posted] : ''].join('');
  }
  function eventDetail(i) {
    const e = events[i], cl = e[E.claim];
    return h('div', null, marked(e[E.snip], eventSpans(i), e[E.doc], 'events', e[E.id]), kv([
      ['event', `${e[E.type]} · trigger ${e[E.trigger]} [${e[E.start]}, ${e[E.end]})`],
      ['arguments', e[E.args].length ? e[E.args].map((a) => h('div', null,
        `${a[AR.role]}: ${a[AR.text]}` + (a[AR.canonical] ? ` → ${a[AR.canonical]}` : '') +
        (a[AR.start] !== null ? ` [${a[AR.start]}, ${a[AR.end]})` : ''))) : '—'],
      ['time', e[E.time_text] ? `${e[E.time_text]} = ${e[E.time_value] || '?'}` +
        (e[E.placed] ? '' : ' (not placed on the timeline: the text leaves the date open)') : '—'],
      ['polarity', polBadge(e[E.polarity])],
      ['confidence', e[E.confidence]],
      ['reported by', cl >= 0 ? h('button', { class: 'link', onclick: () => update({
        tab: 'claims', cl, ev: '' }) }, `${speakerLabel(claims[cl])} ${claims[cl][CL.cue] || ''}` +
        (claims[cl][CL.hedged] ? ' (hedged)' : '')) : 'the document itself'],
      ['document', h('span', null, docLine(e[E.doc]))],
      ['ids', `event_id ${e[E.id]} · doc_id ${docs[e[E.doc]][DO.id]}`],
    ]));
  }
  function claimDetail(i) {
    const c = claims[i];
    return h('div', null, marked(c[CL.snip], claimSpans(i), c[CL.doc], 'claims', c[CL.id]), kv([
      ['speaker', `${speakerLabel(c)}` + (c[CL.kind] ? ` · ${c[CL.kind]}` : '')],
      ['cue', c[CL.cue]],
      ['content', claimContent(i)],
      ['direct quote', c[CL.quote] ? 'yes' : 'no'],
      ['hedged', c[CL.hedged] ? 'yes' : 'no'],
      ['outlet', c[CL.outlet]],
      ['via', c[CL.via].length ? c[CL.via].join(' ← ') : null],
      ['time', c[CL.time_text] ? `${c[CL.time_text]} = ${c[CL.time_value] || '?'}` : null],
      ['events reported', eventsOfClaim[i].length ? eventsOfClaim[i].map((j) => h('div', null,
        h('button', { class: 'link', onclick: () => update({ tab: 'events', ev: j, cl: '' }) },
          `${events[j][E.type]} · ${events[j][E.trigger]}`), ' ', polBadge(events[j][E.polarity])))
        : null],
      ['document', docLine(c[CL.doc])],
      ['ids', `claim_id ${c[CL.id]} · doc_id ${docs[c[CL.doc]][DO.id]}`],
    ]));
  }

  const eventColumns = [
    { label: 'time', value: (i) => events[i][E.time_value] || '',
      sort: (i) => (events[i][E.placed] ? events[i][E.placed][0] : null),
      render: (i) => h('span', { title: events[i][E.time_text] || '' },
        events[i][E.time_value] || h('span', { class: 'muted' }, '—')) },
    { label: 'type', value: (i) => events[i][E.type] },
    { label: 'trigger', value: (i) => events[i][E.trigger] },
    { label: 'polarity', value: (i) => events[i][E.polarity], render: (i) => polBadge(events[i][E.polarity]) },
    { label: 'arguments', value: (i) => events[i][E.args].map((a) => a[AR.text]).join(' '),
      render: argsCell, cls: 'args' },
    { label: 'reported by', value: (i) => (events[i][E.claim] >= 0 ? speakerLabel(claims[events[i][E.claim]]) : ''),
      render: (i) => (events[i][E.claim] >= 0 ? speakerLabel(claims[events[i][E.claim]]) : h('span', { class: 'muted' }, '—')) },
    { label: 'document', value: (i) => docs[events[i][E.doc]][DO.posted] || '', render: (i) => docCell(events[i][E.doc]) },
  ];
  const eventRowData = (i) => ({ type: events[i][E.type], polarity: events[i][E.polarity], id: events[i][E.id] });
  const claimColumns = [
    { label: 'speaker', value: (i) => speakerLabel(claims[i]),
      render: (i) => h('span', null, speakerLabel(claims[i]),
        claims[i][CL.kind] ? h('div', { class: 'muted' }, claims[i][CL.kind]) : null) },
    { label: 'cue', value: (i) => claims[i][CL.cue] || '' },
    { label: 'content', value: (i) => claimContent(i), render: (i) => cut(claimContent(i), 90) },
    { label: 'source', value: (i) => claims[i][CL.outlet] || '',
      render: (i) => [claims[i][CL.outlet] || '', claims[i][CL.via].length > 1
        ? h('div', { class: 'muted' }, claims[i][CL.via].join(' ← ')) : null] },
    { label: 'hedged', value: (i) => (claims[i][CL.hedged] ? 'hedged' : ''), desc: true },
    { label: 'time', value: (i) => claims[i][CL.time_value] || '' },
    { label: 'events', value: (i) => eventsOfClaim[i].length, cls: 'num', desc: true },
    { label: 'document', value: (i) => docs[claims[i][CL.doc]][DO.posted] || '', render: (i) => docCell(claims[i][CL.doc]) },
  ];

  // ---- timeline ----------------------------------------------------------------------------
  const MIN = 60000;
  function dateLabel(m, precise) {
    if (m === null || Number.isNaN(m)) return '…';
    const iso = new Date(m * MIN).toISOString();
    return precise ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 10);
  }
  const STEPS = [[1, 'min'], [5, 'min'], [15, 'min'], [60, 'min'], [360, 'min'], [1440, 'day'],
    [10080, 'day'], [1, 'month'], [3, 'month'], [12, 'month'], [24, 'month'], [60, 'month'],
    [120, 'month']];
  function ticks(lo, hi, want) {
    const span = hi - lo;
    let step = STEPS[STEPS.length - 1];
    for (const st of STEPS) {
      const approx = st[1] === 'month' ? st[0] * 43800 : st[0];
      if (span / approx <= want) { step = st; break; }
    }
    const out = [];
    if (step[1] === 'month') {
      const d = new Date(lo * MIN);
      let y = d.getUTCFullYear(), mo = d.getUTCMonth();
      mo -= mo % step[0];
      for (let k = 0; k < 400; k++) {
        const t = Date.UTC(y, mo, 1) / MIN;
        if (t > hi) break;
        if (t >= lo) out.push([t, step[0] >= 12 ? String(y) : `${y}-${String(mo + 1).padStart(2, '0')}`]);
        mo += step[0];
        y += Math.floor(mo / 12); mo %= 12;
      }
    } else {
      const first = Math.ceil(lo / step[0]) * step[0];
      for (let t = first; t <= hi && out.length < 400; t += step[0]) {
        out.push([t, step[0] >= 1440 ? dateLabel(t) : dateLabel(t, true).slice(step[0] >= 1440 ? 0 : 5)]);
      }
    }
    return out;
  }
  function polarityMark(pol, x, y, color) {
    const common = { class: 'mark' };
    if (pol === 'asserted') return s('circle', { ...common, cx: x, cy: y, r: 5, fill: color, stroke: '#fff', 'stroke-width': 1 });
    if (pol === 'planned') return s('circle', { ...common, cx: x, cy: y, r: 5, fill: '#fff', stroke: 'var(--planned)', 'stroke-width': 2, 'stroke-dasharray': '3 2' });
    if (pol === 'speculated') return s('path', { ...common, d: `M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z`, fill: '#fff', stroke: 'var(--speculated)', 'stroke-width': 2, 'stroke-dasharray': '1.5 1.5' });
    return s('g', common, s('circle', { cx: x, cy: y, r: 5, fill: '#fff', stroke: 'var(--negated)', 'stroke-width': 2 }),
      s('line', { x1: x - 4, y1: y + 4, x2: x + 4, y2: y - 4, stroke: 'var(--negated)', 'stroke-width': 2 }));
  }
  function polarityBar(pol, x0, x1, y, color) {
    const base = { class: 'mark', x: x0, y: y - 5, width: Math.max(2, x1 - x0), height: 10, rx: 3 };
    if (pol === 'asserted') return s('rect', { ...base, fill: color, 'fill-opacity': 0.35, stroke: color });
    const stroke = `var(--${pol})`;
    return s('rect', { ...base, fill: pol === 'planned' ? 'url(#hatch)' : '#fff', 'fill-opacity': 0.6,
      stroke, 'stroke-width': 1.5, 'stroke-dasharray': pol === 'negated' ? null : '4 2' });
  }
  function legend() {
    const item = (label, node) => h('span', null, (() => {
      const sv = s('svg', { width: 34, height: 14 }, node); return sv;
    })(), ' ', label);
    return h('div', { class: 'legend' },
      item('asserted', polarityMark('asserted', 9, 7, 'var(--asserted)')),
      item('planned', polarityMark('planned', 9, 7)),
      item('speculated', polarityMark('speculated', 9, 7)),
      item('negated', polarityMark('negated', 9, 7)),
      item('known only to the day, month or year: a bar over that span',
        polarityBar('asserted', 2, 32, 7, 'var(--asserted)')),
      h('span', { class: 'muted' }, 'drag across the plot to zoom; double-click to zoom out'));
  }
  function drawTimeline(rows) {
    const placed = rows.filter((i) => events[i][E.placed]);
    const host = h('div', { id: 'timeline-plot' });
    if (!placed.length) {
      host.append(h('p', { class: 'muted' }, 'No event with a placeable date matches.'));
      return host;
    }
    const starts = placed.map((i) => events[i][E.placed][0]).sort((a, b) => a - b);
    const ends = placed.map((i) => events[i][E.placed][1]).sort((a, b) => a - b);
    let lo = starts[0], hi = ends[ends.length - 1];
    if (state.from === undefined && state.to === undefined && placed.length > TRIM_FROM) {
      // a long run mentions history (1949, 1978…): open on the bulk, offer the rest
      const k = Math.floor(placed.length * TRIM_SHARE);
      const [a, b] = [starts[k], ends[ends.length - 1 - k]];
      const outside = placed.filter((i) => events[i][E.placed][1] <= a || events[i][E.placed][0] >= b).length;
      if (outside) {
        host.append(h('p', { class: 'muted' }, `Showing ${dateLabel(a)} – ${dateLabel(b)}; ${fmt(outside)} events lie outside it. `,
          h('button', { class: 'small', onclick: () => update({ from: lo, to: hi }) }, 'show all years')));
        lo = a; hi = b;
      }
    }
    if (state.from !== undefined) lo = +state.from;
    if (state.to !== undefined) hi = +state.to;
    if (hi - lo < 60) { lo -= 30; hi += 30; }
    const pad = (hi - lo) * 0.02;
    lo -= pad; hi += pad;
    const lanes = countBy(placed.map((i) => events[i]), (e) => e[E.type]).map((x) => x[0]);
    const W = Math.max(700, (document.querySelector('main') || document.body).clientWidth - 64);
    const L = 190, R = 16, T = 26, LH = 30, Hh = T + lanes.length * LH + 24;
    const sx = (m) => L + ((m - lo) / (hi - lo)) * (W - L - R);
    const svg = s('svg', { width: W, height: Hh, viewBox: `0 0 ${W} ${Hh}` },
      s('defs', null, s('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse',
        patternTransform: 'rotate(45)' }, s('line', { x1: 0, y1: 0, x2: 0, y2: 6,
        stroke: 'var(--planned)', 'stroke-width': 2 }))));
    for (const [t, label] of ticks(lo, hi, Math.floor((W - L) / 110))) {
      svg.append(s('line', { class: 'gridline', x1: sx(t), x2: sx(t), y1: T - 6, y2: Hh - 20 }),
        s('text', { class: 'tick', x: sx(t) + 2, y: T - 10 }, label),
        s('text', { class: 'tick', x: sx(t) + 2, y: Hh - 6 }, label));
    }
    const palette = ['#2456a6', '#2e7d32', '#c62828', '#6a1b9a', '#00838f', '#ef6c00', '#4e342e', '#37474f'];
    lanes.forEach((type, k) => {
      const y = T + k * LH + LH / 2;
      svg.append(s('line', { class: 'lane-sep', x1: 0, x2: W, y1: T + (k + 1) * LH, y2: T + (k + 1) * LH }),
        s('text', { class: 'lane-label', x: 8, y: y + 4 }, cut(type, 26)));
    });
    const laneOf = new Map(lanes.map((t, k) => [t, k]));
    const inView = placed.filter((i) => events[i][E.placed][1] > lo && events[i][E.placed][0] < hi);
    if (inView.length > MAX_MARKS) {
      // Too many to draw one by one: count per lane and bin; a bin click zooms into it.
      const bins = 160, width = (hi - lo) / bins;
      const counts = lanes.map(() => new Array(bins).fill(0));
      for (const i of inView) {
        const p = events[i][E.placed];
        const b = Math.min(bins - 1, Math.max(0, Math.floor(((p[0] + p[1]) / 2 - lo) / width)));
        counts[laneOf.get(events[i][E.type])][b]++;
      }
      const top = Math.max(...counts.flat());
      counts.forEach((row, k) => row.forEach((n, b) => {
        if (!n) return;
        const x0 = sx(lo + b * width), x1 = sx(lo + (b + 1) * width);
        svg.append(s('rect', { class: 'mark', x: x0, y: T + k * LH + 4, width: Math.max(1, x1 - x0 - 0.5),
          height: LH - 8, fill: palette[k % palette.length], 'fill-opacity': 0.15 + 0.85 * Math.sqrt(n / top),
          onclick: () => update({ from: Math.round(lo + b * width), to: Math.round(lo + (b + 1) * width) }) },
        s('title', null, `${lanes[k]}: ${n} events, ${dateLabel(lo + b * width)} – ${dateLabel(lo + (b + 1) * width)}`)));
      }));
      host.append(h('p', { class: 'muted' }, `${fmt(inView.length)} events in view: drawn as counts per bin (darker = more). Click a bin or drag to zoom in.`));
    } else {
      const seen = new Map();
      for (const i of inView) {
        const e = events[i], p = e[E.placed], k = laneOf.get(e[E.type]);
        const color = palette[k % palette.length];
        const x0 = sx(Math.max(p[0], lo)), x1 = sx(Math.min(p[1], hi));
        const key = k + ':' + Math.round(x0 / 6);
        const n = seen.get(key) || 0;
        seen.set(key, n + 1);
        const y = T + k * LH + LH / 2 + ((n % 3) - 1) * 7; // stagger marks that collide
        const mark = x1 - x0 >= 8 ? polarityBar(e[E.polarity], x0, x1, y, color)
          : polarityMark(e[E.polarity], (x0 + x1) / 2, y, color);
        mark.append(s('title', null, `${e[E.type]} · ${e[E.trigger]} · ${e[E.polarity]}\n` +
          `${e[E.time_text] || ''} = ${e[E.time_value]}\n${docLine(e[E.doc])}`));
        mark.addEventListener('click', () => update({ tab: 'events', ev: i }));
        mark.dataset.event = e[E.id];
        svg.append(mark);
      }
    }
    brush(svg, L, W - R, T, Hh - 20, (a, b) => {
      const inv = (x) => lo + ((x - L) / (W - L - R)) * (hi - lo);
      update({ from: Math.round(inv(a)), to: Math.round(inv(b)) });
    });
    host.append(svg);
    return host;
  }
  function brush(svg, x0, x1, y0, y1, done) {
    let start = null, rect = null;
    const at = (ev) => {
      const box = svg.getBoundingClientRect();
      return Math.min(x1, Math.max(x0, ev.clientX - box.left));
    };
    svg.addEventListener('mousedown', (ev) => {
      if (ev.target.closest('.mark')) return;
      start = at(ev);
      rect = s('rect', { class: 'brush', x: start, y: y0, width: 0, height: y1 - y0 });
      svg.append(rect);
      ev.preventDefault();
    });
    svg.addEventListener('mousemove', (ev) => {
      if (start === null) return;
      const x = at(ev);
      rect.setAttribute('x', Math.min(x, start));
      rect.setAttribute('width', Math.abs(x - start));
    });
    const end = (ev) => {
      if (start === null) return;
      const x = at(ev), a = Math.min(x, start), b = Math.max(x, start);
      start = null; rect.remove();
      if (b - a > 4) done(a, b);
    };
    svg.addEventListener('mouseup', end);
    svg.addEventListener('mouseleave', end);
    svg.addEventListener('dblclick', () => update({ from: '', to: '' }));
  }
  const unplacedGrid = new Grid([
    { label: 'type', value: (i) => events[i][E.type] },
    { label: 'trigger', value: (i) => events[i][E.trigger] },
    { label: 'polarity', value: (i) => events[i][E.polarity], render: (i) => polBadge(events[i][E.polarity]) },
    { label: 'time as written', value: (i) => events[i][E.time_text] || '' },
    { label: 'value', value: (i) => events[i][E.time_value] || '',
      render: (i) => events[i][E.time_value] || h('span', { class: 'muted' }, 'no time stated') },
    { label: 'arguments', value: (i) => events[i][E.args].map((a) => a[AR.text]).join(' '), render: argsCell },
    { label: 'document', value: (i) => docs[events[i][E.doc]][DO.posted] || '', render: (i) => docCell(events[i][E.doc]) },
  ], { detail: eventDetail, rowData: eventRowData });

  // ---- tabs --------------------------------------------------------------------------------
  const eventGrid = new Grid(eventColumns, { detail: eventDetail, rowData: eventRowData });
  const claimGrid = new Grid(claimColumns, { detail: claimDetail,
    rowData: (i) => ({ id: claims[i][CL.id], speaker: claims[i][CL.speaker] || '' }) });
  const entGrid = new Grid([
    { label: 'entity', value: (i) => ents[i][EN.name] },
    { label: 'kind', value: (i) => ents[i][EN.kind] || '' },
    { label: 'resolved', value: (i) => (ents[i][EN.resolved] ? 'yes' : 'no') },
    { label: 'mentions', value: (i) => ents[i][EN.mentions], cls: 'num', desc: true },
    { label: 'documents', value: (i) => ents[i][EN.ndocs], cls: 'num', desc: true },
    { label: 'surface forms (method, confidence, count)', value: (i) => ents[i][EN.forms].length,
      render: (i) => cut(ents[i][EN.forms].map((f) => `${f[0]} ×${f[3]}`).join('、'), 80) },
    { label: 'methods', value: (i) => methods(i), render: (i) => methods(i) },
  ], { detail: entDetail, rowData: (i) => ({ name: ents[i][EN.name] }) });
  function methods(i) {
    return countBy(ents[i][EN.forms].flatMap((f) => new Array(f[3]).fill(f[1] || '?')), (m) => m)
      .map(([m, n]) => `${m} ${n}`).join(', ');
  }
  function entDetail(i) {
    const en = ents[i];
    return h('div', null,
      h('table', { class: 'grid' }, h('thead', null, h('tr', null,
        ['surface form', 'method', 'mean confidence', 'mentions'].map((x) => h('th', null, x)))),
      h('tbody', null, en[EN.forms].map((f) => h('tr', null, h('td', null, f[0]), h('td', null, f[1] || '—'),
        h('td', { class: 'num' }, f[2] === null ? '—' : f[2].toFixed(2)), h('td', { class: 'num' }, f[3]))))),
      h('p', null, h('button', { class: 'small', onclick: () => update({ tab: 'events', ent: en[EN.name] }) }, 'events with this entity'), ' ',
        h('button', { class: 'small', onclick: () => update({ tab: 'claims', ent: en[EN.name] }) }, 'claims with this entity'),
        en[EN.id] ? h('span', { class: 'muted' }, ` entity_id ${en[EN.id]}`) : null),
      h('div', null, h('b', null, `documents (${fmt(en[EN.ndocs])}${en[EN.ndocs] > en[EN.docs].length ? `, the ${en[EN.docs].length} with most mentions` : ''}): `),
        en[EN.docs].map((d) => h('div', null, docCell(d)))));
  }
  const docGrid = new Grid([
    { label: 'posted', value: (d) => docs[d][DO.posted] || '' },
    { label: 'title', value: (d) => docs[d][DO.title] || '', render: (d) => cut(docs[d][DO.title] || '(untitled)', 60) },
    { label: 'site', value: (d) => docs[d][DO.site] || '', render: (d) => [docs[d][DO.site] || '', docs[d][DO.forum] ? h('div', { class: 'muted' }, docs[d][DO.forum]) : null] },
    { label: 'author', value: (d) => docs[d][DO.author] || '' },
    { label: 'script', value: (d) => docs[d][DO.script] || '' },
    ...['chars', 'sents', 'ments', 'timexes', 'events', 'claims', 'errors'].map((k) => ({
      label: { sents: 'sentences', ments: 'mentions' }[k] || k, value: (d) => docs[d][DO[k]], cls: 'num', desc: true })),
  ], { detail: docDetail, rowData: (d) => ({ id: docs[d][DO.id] }) });
  function docDetail(d) {
    const doc = docs[d];
    const url = doc[DO.url] && /^https?:\/\//.test(doc[DO.url]) ? h('a', { href: doc[DO.url], rel: 'noreferrer' }, doc[DO.url]) : doc[DO.url];
    const errs = D.errors.filter((e) => e[0] === D.sources[doc[DO.source]]);
    return h('div', null, kv([['title', doc[DO.title]], ['url', url], ['source', D.sources[doc[DO.source]]],
      ['doc_id', doc[DO.id]], ['author', doc[DO.author]], ['posted', doc[DO.posted]]]),
    h('p', null, h('button', { class: 'small', onclick: () => update({ tab: 'events', doc: d }) }, `${doc[DO.events]} events`), ' ',
      h('button', { class: 'small', onclick: () => update({ tab: 'claims', doc: d }) }, `${doc[DO.claims]} claims`), ' ',
      h('button', { class: 'small', onclick: () => update({ tab: 'timeline', doc: d }) }, 'timeline')),
    errs.length ? h('div', { class: 'notice' }, 'errors from the same source file: ', errs.map((e) => h('div', null, `${e[2]} · ${e[3]}: ${e[4]}`))) : null);
  }
  const errGrid = new Grid(['source', 'line', 'stage', 'error', 'message'].map((k, n) => ({
    label: k, value: (i) => D.errors[i][n] ?? '' })));

  function tabEvents(which) {
    const f = compileFilter();
    let rows = [];
    if (state.ev !== undefined && events[+state.ev]) rows = [+state.ev];
    else for (let i = 0; i < events.length; i++) if (eventOk(i, f)) rows.push(i);
    if (which === 'timeline') {
      const all = [];
      for (let i = 0; i < events.length; i++) if (eventOk(i, f, true)) all.push(i);
      const unplaced = all.filter((i) => !events[i][E.placed]);
      const partial = unplaced.filter((i) => events[i][E.time_value]).length;
      return [filterBar('timeline'), h('div', { class: 'card' },
        h('h2', null, `Timeline: ${fmt(all.length - unplaced.length)} events placed, by type`), legend(), drawTimeline(all)),
      h('div', { class: 'card', id: 'unplaced' }, h('h2', null, `Not placed: ${fmt(unplaced.length)} events`),
        h('p', { class: 'muted' }, `${fmt(unplaced.length - partial)} state no time; ${fmt(partial)} have a time the text leaves partly open ` +
          '(e.g. a time of day without its date, a duration, "now"), which is listed here rather than guessed.'),
        unplacedGrid.set(unplaced))];
    }
    return [filterBar('events'), eventGrid.set(rows)];
  }
  function tabClaims() {
    const f = compileFilter();
    let rows = [];
    if (state.cl !== undefined && claims[+state.cl]) rows = [+state.cl];
    else for (let i = 0; i < claims.length; i++) if (claimOk(i, f)) rows.push(i);
    return [filterBar('claims'), claimGrid.set(rows)];
  }
  function localFilters(fields) {
    return h('div', { class: 'filters' }, fields.map(([key, label, options]) => options
      ? h('label', null, label, h('select', { onchange: (ev) => update({ [key]: ev.target.value }) },
        h('option', { value: '' }, 'all'), options.map(([v, n]) => h('option', { value: v, selected: state[key] === String(v) }, `${v} (${n})`))))
      : h('label', null, label, h('input', { value: state[key] || '', 'data-key': key,
        oninput: debounce((ev) => update({ [key]: ev.target.value }), 250) }))));
  }
  function tabEntities() {
    const q = low(state.eq);
    const rows = [];
    ents.forEach((en, i) => {
      if (q && !has(entHay[i], q)) return;
      if (state.ekind && en[EN.kind] !== state.ekind) return;
      rows.push(i);
    });
    const out = [localFilters([['eq', 'name or form'], ['ekind', 'kind', countBy(ents, (e) => e[EN.kind])]])];
    if (!ents.length) out.push(h('div', { class: 'notice' }, 'No entity mentions in this run: the names stage did not run on it or found nothing.'));
    if (D.meta.entities_left_out) out.push(h('div', { class: 'notice' }, `${fmt(D.meta.entities_left_out)} rarer entities are counted in the totals but not listed.`));
    out.push(entGrid.set(rows));
    return out;
  }
  function tabDocuments() {
    const q = low(state.dq);
    const rows = [];
    docs.forEach((d, i) => {
      if (q && !has(low(d[DO.title]) + low(d[DO.author]) + low(d[DO.id]) + low(d[DO.url]), q)) return;
      if (state.dsite && d[DO.site] !== state.dsite) return;
      rows.push(i);
    });
    return [localFilters([['dq', 'title, author, id or url'], ['dsite', 'site', countBy(docs, (d) => d[DO.site]).slice(0, 500)]]), docGrid.set(rows)];
  }
  function tabErrors() {
    const q = low(state.rq);
    const rows = D.errors.map((_, i) => i).filter((i) => !q || has(D.errors[i].map(low).join(' '), q));
    const out = [localFilters([['rq', 'search']])];
    if (D.meta.errors_left_out) out.push(h('div', { class: 'notice' }, `${fmt(D.meta.errors_left_out)} more errors are in the errors table.`));
    if (!D.errors.length) out.push(h('p', { class: 'muted' }, 'No input failed.'));
    out.push(errGrid.set(rows));
    return out;
  }

  const TABS = [
    ['timeline', 'Timeline', () => tabEvents('timeline')],
    ['events', `Events (${fmt(events.length)})`, () => tabEvents('events')],
    ['claims', `Claims (${fmt(claims.length)})`, tabClaims],
    ['entities', `Entities (${fmt(D.meta.totals.entities)})`, tabEntities],
    ['documents', `Documents (${fmt(docs.length)})`, tabDocuments],
    ['errors', `Errors (${fmt(D.meta.totals.errors)})`, tabErrors],
  ];

  function header() {
    const t = D.meta.totals;
    const notes = [];
    if (D.meta.snippets_dropped) notes.push(`${fmt(D.meta.snippets_dropped)} events/claims carry no sentence: embedded text is capped at ${fmt(D.meta.caps.snippet_chars)} characters.`);
    return [h('header', null, h('h1', null, 'zhnews report'),
      h('div', { class: 'sub' }, D.meta.out_dir, ' · pipeline ', D.meta.versions.join(', ')),
      h('div', { class: 'totals' }, ['documents', 'events', 'claims', 'mentions', 'entities', 'errors']
        .map((k) => h('span', null, h('b', null, fmt(t[k])), ' ' + k)))),
    h('nav', null, TABS.map(([id, label]) => h('button', { class: state.tab === id ? 'on' : null,
      'data-tab': id, onclick: () => update({ tab: id }) }, label))),
    notes.map((n) => h('div', { class: 'notice' }, n))];
  }

  const root = document.getElementById('app');
  function render(opts) {
    const focus = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.key : null;
    const tab = TABS.find((t) => t[0] === state.tab) || TABS[0];
    root.replaceChildren(...header(), h('main', null, tab[2]()));
    if (focus) { // keep typing in a filter box across re-renders
      const el = root.querySelector(`input[data-key="${focus}"]`);
      if (el) { el.focus(); el.setSelectionRange(el.value.length, el.value.length); }
    }
    if (!opts || !opts.keepScroll) window.scrollTo(0, 0);
  }

  readHash();
  document.body.append(...datalists()); // once: they can hold thousands of options
  render();
  window.addEventListener('hashchange', () => { readHash(); render(); });
  document.body.dataset.ready = '1';
}

loadData().then(start).catch((err) => {
  document.getElementById('app').textContent = 'The report could not be shown: ' + err.message;
  console.error(err && err.stack ? err.stack : String(err));
});
})();
