'use strict';
// 城市体征 — the city's vital signs (#/signs): an area's indicators in five dimensions (城市动态, 城市环境, 城市交通,
// 城市保障供应, 城市基础设施), each fed one with its state by its thresholds, drilled down from the city to a committee;
// an indicator's trend with its thresholds; the situation notes (研判) of the area. The helpers here serve the report
// (signs-report.js), the big screen's panel (screen.js) and the station desk's (station.js) too.

/// States from the worst to the least: a first-level slot counts as the worst of itself and its second-level ones,
/// and a slot no source feeds takes its children's (as the server counts them).
const signStates = ['red', 'orange', 'yellow', 'blue', 'normal', 'noData', 'noSource'];
const signDimensions = ['dynamics', 'environment', 'traffic', 'supply', 'infrastructure'];
const signStateColour = (s) => levelColours[s] || { normal: '#2e9d5b', noData: '#5b6b80', noSource: '#4a5668' }[s] || '#5b6b80';
const signUnitKeys = { '件': 'signs.unit.cases', '个': 'signs.unit.items', '起': 'signs.unit.incidents', '次': 'signs.unit.times', '条': 'signs.unit.readings' };
const signName = (sign) => (state.lang === 'en' && sign.nameEn ? sign.nameEn : sign.name);
const signFed = (f) => f.state !== 'noSource';
function signRollUp(first, children) {
  const all = [first.state, ...children.map(c => c.state)];
  return signStates.find(s => all.includes(s)) || 'noSource';
}
/// A number rounded to what it can tell: no decimals from 1,000, one from 10, two from 1, three below.
function signNumber(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return '—';
  const a = Math.abs(x);
  return Number(x).toLocaleString(state.lang, { maximumFractionDigits: a >= 1000 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3 });
}
/// A value with its unit: a Chinese counting word (件, 起) in the page's language, next to the number; a symbol spaced.
function signValue(x, sign) {
  if (x === undefined || x === null) return '—';
  const unit = sign.unit || '';
  if (!unit) return signNumber(x);
  if (signUnitKeys[unit]) return state.lang === 'en' ? `${signNumber(x)} ${t(signUnitKeys[unit])}` : `${signNumber(x)}${t(signUnitKeys[unit])}`;
  return /^[%°]/.test(unit) && unit !== '%LEL' ? `${signNumber(x)}${unit}` : `${signNumber(x)} ${unit}`;
}
/// How long each window of a series is: 每小时, 每天, 每7天.
function signPer(sign) {
  const h = sign.windowHours || 1;
  if (h === 1) return t('signs.per.hour');
  if (h === 24) return t('signs.per.day');
  return h % 24 === 0 ? t('signs.per.days', { n: h / 24 }) : t('signs.per.hours', { n: h });
}
function signWindow(sign) {
  const h = sign.windowHours || 1;
  if (h === 1) return t('signs.window.hour');
  if (h === 24) return t('signs.window.day');
  return h % 24 === 0 ? t('signs.window.days', { n: h / 24 }) : t('signs.window.hours', { n: h });
}
/// A state as a coloured chip, with a count when given.
function signChip(s, n) {
  return el('span', { class: `sign-chip sign-${s}`, style: `background:${signStateColour(s)}`, 'data-state': s },
    t(`signs.state.${s}`), n === undefined ? '' : el('b', {}, ` ${n}`));
}
/// ↑ / ↓ / → against the window before, with that value.
function signTrend(f) {
  if (f.value === undefined || f.previous === undefined || f.value === null || f.previous === null) return '';
  const key = f.value > f.previous ? 'signs.up' : f.value < f.previous ? 'signs.down' : 'signs.same';
  return el('span', { class: 'sign-arrow', title: t(key) }, f.value > f.previous ? '↑' : f.value < f.previous ? '↓' : '→',
    ' ', t('signs.previous', { value: signValue(f.previous, f.sign) }));
}
/// A dimension's figures as slots: each first-level indicator with its second-level ones (catalogue order).
function signSlots(dimension) {
  const slots = [];
  for (const f of dimension.figures) {
    if (f.sign.parent && slots.length && slots[slots.length - 1].first.sign.code === f.sign.parent) slots[slots.length - 1].children.push(f);
    else if (!f.sign.parent) slots.push({ first: f, children: [] });
  }
  return slots.map(s => Object.assign(s, { state: signRollUp(s.first, s.children) }));
}
/// The dimension's counts as chips, the worst first; `skip` leaves states out (the big screen: 未接入).
function signCounts(dimension, skip = []) {
  return signStates.filter(s => dimension.states[s] && !skip.includes(s)).map(s => signChip(s, dimension.states[s]));
}
const signDate = (d, withDay = true) => new Date(d).toLocaleString(state.lang, Object.assign(withDay ? { month: 'numeric', day: 'numeric' } : {}, { hour: '2-digit', minute: '2-digit' }));

pages.signs = async (view, params) => {
  const nodeParam = params.get('node');
  const board = await api(`/api/v1/vital-signs${nodeParam ? `?nodeId=${encodeURIComponent(nodeParam)}` : ''}`);
  const node = board.node;
  const notes = await api(`/api/v1/vital-signs/notes?nodeId=${node.id}&days=14`).catch(() => []);
  const roles = new Set(state.me.assignments.map(a => a.role));
  const writer = ['dutyOfficer', 'leader', 'stationChief', 'admin'].some(r => roles.has(r));
  const mine = new Set(state.me.assignments.map(a => a.nodeId));

  // Where the area lies: the ancestors (links where the user may read them), the area, and the areas below.
  const crumbs = el('nav', { class: 'signs-crumbs', 'aria-label': t('signs.area') });
  board.ancestors.forEach((a, i) => {
    const reachable = board.ancestors.slice(0, i + 1).some(x => mine.has(x.id));
    crumbs.append(reachable ? el('a', { href: `#/signs?node=${a.id}` }, a.name) : el('span', { class: 'muted' }, a.name), ' › ');
  });
  crumbs.append(el('strong', { 'aria-current': 'page' }, node.name));
  const below = board.children.length
    ? el('p', { class: 'signs-children', id: 'signs-children' }, el('span', { class: 'muted' }, t('signs.below')),
      ...board.children.map(c => el('a', { href: `#/signs?node=${c.id}`, class: 'sign-down', 'data-node': c.id }, c.name)))
    : el('p', { class: 'muted signs-children', id: 'signs-children' }, t('signs.lowest'));

  // The detail: an indicator's series as a line, with the thresholds it is judged by.
  const detail = el('section', { class: 'panel signs-detail', id: 'signs-detail', 'aria-live': 'polite' },
    el('h2', {}, t('signs.detail')), el('p', { class: 'muted' }, t('signs.detailHint')));
  let chart = null;
  const openDetail = async (f) => {
    const reply = await api(`/api/v1/vital-signs/${encodeURIComponent(f.sign.code)}/series?nodeId=${node.id}`);
    const fig = reply.figure, sign = fig.sign, points = reply.points;
    if (chart) { chart.destroy(); chart = null; }
    const canvas = el('canvas', { id: 'signs-chart', height: '220', role: 'img', 'aria-label': t('signs.detailTitle', { name: signName(sign), code: sign.code }) });
    const levels = sign.levels;
    const op = levels && levels.direction === 'below' ? '≤' : '≥';
    const marks = levels ? ['blue', 'yellow', 'orange', 'red'].filter(l => levels[l] !== undefined && levels[l] !== null) : [];
    const thresholds = marks.length
      ? [t('signs.thresholds'), ...marks.map(l => el('span', { class: 'sign-threshold' }, el('span', { class: 'dot', style: `background:${levelColours[l]}` }),
        `${t(`signs.state.${l}`)} ${op} ${levels.mode === 'relative' ? `${levels[l] > 0 ? '+' : ''}${signNumber(levels[l])}%` : signValue(levels[l], sign)}`)),
      levels.mode === 'relative' ? el('span', { class: 'muted' }, `（${t('signs.relative')}）`) : '']
      : [t('signs.noThresholds')];
    detail.replaceChildren(
      el('div', { class: 'signs-detail-head' }, el('h2', { id: 'signs-detail-title', tabindex: '-1' }, t('signs.detailTitle', { name: signName(sign), code: sign.code })),
        el('button', { type: 'button', class: 'secondary no-print', onclick: () => { if (chart) chart.destroy(); chart = null; detail.replaceChildren(el('h2', {}, t('signs.detail')), el('p', { class: 'muted' }, t('signs.detailHint'))); } }, t('signs.close'))),
      el('p', { class: 'signs-now' }, `${t('signs.now')} `, el('strong', { style: `color:${fig.state === 'normal' ? 'inherit' : signStateColour(fig.state)}` }, signValue(fig.value, sign)),
        ' ', signChip(fig.state), ' ', signTrend(fig), el('span', { class: 'muted' }, ` · ${signWindow(sign)}`)),
      el('p', { class: 'muted' }, ...thresholds),
      el('p', { class: 'muted' }, sign.formula ? t('signs.source', { source: t(`signs.sourceOf.${sign.formula.source}`) }) : '',
        fig.baseline !== undefined ? ` · ${t('signs.baseline', { value: signValue(fig.baseline, sign) })}` : '',
        sign.normalLow !== undefined && sign.normalHigh !== undefined ? ` · ${t('signs.range', { low: signNumber(sign.normalLow), high: signValue(sign.normalHigh, sign) })}` : ''),
      el('div', { class: 'signs-chart-box' }, canvas));
    // Hourly windows by the hour, longer ones by the day they end.
    const hourly = (sign.windowHours || 1) < 24;
    const labels = points.map(p => (hourly ? new Date(p.to).toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit' })
      : new Date(p.to).toLocaleDateString(state.lang, { month: 'numeric', day: 'numeric' })));
    const values = points.map(p => (p.value === undefined ? null : p.value));
    const seen = values.filter(v => v !== null);
    const top = seen.length ? Math.max(...seen) : 0, bottom = seen.length ? Math.min(...seen) : 0;
    // Absolute thresholds as dashed lines: those the values reach and the next one beyond, so the curve is not flattened.
    const lines = [];
    if (levels && levels.mode === 'absolute') {
      const above = levels.direction !== 'below';
      let next = true;
      for (const l of marks) {
        const v = levels[l], reached = above ? v <= top : v >= bottom;
        if (!reached && !next) continue;
        if (!reached) next = false;
        lines.push({ label: t(`signs.state.${l}`), data: points.map(() => v), borderColor: levelColours[l], borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false });
      }
    }
    chart = new Chart(canvas, { type: 'line', data: { labels, datasets: [
      { label: t('signs.seriesOf', { per: signPer(sign) }), data: values, borderColor: '#3ba4ff', backgroundColor: '#3ba4ff', tension: 0.25, pointRadius: 3, spanGaps: true }, ...lines] },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { labels: { color: '#e6f0ff', boxHeight: 2 } },
        tooltip: { callbacks: { title: (items) => { const p = points[items[0].dataIndex]; return `${signDate(p.from)} – ${signDate(p.to)}`; } } } },
      scales: { x: { ticks: { color: '#8fb3de', maxTicksLimit: 8 } }, y: { ticks: { color: '#8fb3de', precision: signUnitKeys[sign.unit] ? 0 : undefined }, beginAtZero: !!signUnitKeys[sign.unit] } } } });
    view.dataset.chart = sign.code;
    if (window.matchMedia('(max-width: 1000px)').matches) detail.scrollIntoView({ block: 'start' });
    $('#signs-detail-title').focus({ preventScroll: true });
  };
  const message = el('p', { id: 'signs-message', role: 'status' });
  const open = (f) => openDetail(f).catch(e => { message.className = 'error'; message.textContent = e.message; });

  // One card a first-level slot that something feeds: its value, state and trend; the fed second-level ones beneath.
  const card = (slot) => {
    const { first, children } = slot;
    const kids = children.filter(signFed), unfedKids = children.length - kids.length;
    const head = signFed(first)
      ? el('button', { type: 'button', class: 'sign-main', 'data-code': first.sign.code, onclick: () => open(first) },
        el('span', { class: 'sign-name' }, signName(first.sign)),
        el('span', { class: 'sign-line' }, el('span', { class: 'sign-value', style: first.state === 'normal' ? '' : `color:${signStateColour(first.state)}` }, signValue(first.value, first.sign)),
          signChip(first.state)),
        el('span', { class: 'sign-meta' }, signTrend(first), el('span', {}, signWindow(first.sign)),
          first.sign.normalLow !== undefined && first.sign.normalHigh !== undefined ? el('span', {}, t('signs.range', { low: signNumber(first.sign.normalLow), high: signValue(first.sign.normalHigh, first.sign) })) : ''))
      : el('div', { class: 'sign-main unfed' }, el('span', { class: 'sign-name' }, signName(first.sign)), el('span', { class: 'sign-meta' }, t('signs.parentUnfed')));
    return el('article', { class: 'sign-card', 'data-code': first.sign.code, 'data-state': slot.state, style: `border-left-color:${signStateColour(slot.state)}` },
      head,
      kids.length ? el('ul', { class: 'sign-subs' }, ...kids.map(k => el('li', {}, el('button', { type: 'button', class: 'sign-sub', 'data-code': k.sign.code, onclick: () => open(k) },
        el('span', { class: 'dot', style: `background:${signStateColour(k.state)}`, title: t(`signs.state.${k.state}`) }),
        el('span', { class: 'sign-sub-name' }, signName(k.sign)),
        el('span', { class: 'sign-sub-value', style: k.state === 'normal' ? '' : `color:${signStateColour(k.state)}` }, k.state === 'noData' ? t('signs.state.noData') : signValue(k.value, k.sign)),
        k.value !== undefined && k.previous !== undefined ? el('span', { class: 'sign-arrow', title: t(k.value > k.previous ? 'signs.up' : k.value < k.previous ? 'signs.down' : 'signs.same') },
          k.value > k.previous ? '↑' : k.value < k.previous ? '↓' : '→') : '')))) : '',
      unfedKids ? el('p', { class: 'sign-more' }, t('signs.subsUnfed', { n: unfedKids })) : '');
  };
  const sections = signDimensions.map(d => board.dimensions.find(x => x.dimension === d)).filter(Boolean).map(dimension => {
    const slots = signSlots(dimension);
    const shown = slots.filter(s => s.state !== 'noSource');
    const unfed = slots.filter(s => s.state === 'noSource');
    return el('section', { class: 'panel signs-dimension', id: `signs-dim-${dimension.dimension}`, 'data-dimension': dimension.dimension },
      el('header', { class: 'signs-dim-head' }, el('h2', {}, t(`signs.dimension.${dimension.dimension}`)), el('span', { class: 'sign-chips' }, ...signCounts(dimension))),
      shown.length ? el('div', { class: 'sign-cards' }, ...shown.map(card)) : el('p', { class: 'muted' }, t('signs.noFed')),
      unfed.length ? el('details', { class: 'signs-unfed' }, el('summary', {}, t('signs.unfed', { n: unfed.length })),
        el('p', { class: 'muted' }, t('signs.unfedExplain')),
        el('ul', {}, ...unfed.map(s => el('li', { 'data-code': s.first.sign.code }, signName(s.first.sign), el('span', { class: 'code' }, s.first.sign.code))))) : '');
  });

  // 研判: the last two weeks' notes; those who may write get today's, filled with what was written today.
  const noteList = el('ol', { class: 'signs-notes', id: 'signs-notes' });
  const drawNotes = (list) => {
    noteList.replaceChildren(...list.map(n => el('li', { 'data-day': n.day }, el('div', { class: 'signs-note-head' }, el('strong', {}, n.day), ' ',
      el('span', { class: 'muted' }, t('signs.noteBy', { name: n.authorName || n.author, at: signDate(n.writtenAt) }))), el('p', { class: 'signs-note-text' }, n.text))));
    if (!list.length) noteList.append(el('li', { class: 'muted' }, t('signs.noNotes')));
  };
  drawNotes(notes);
  const today = localDay(new Date());
  const noteStatus = el('p', { id: 'signs-note-status', role: 'status' });
  let writeBox = el('p', { class: 'muted', id: 'signs-read-only' }, t('signs.readOnly'));
  if (writer) {
    const own = notes.find(n => n.day === today);
    const text = el('textarea', { id: 'signs-note', rows: '4', maxlength: '4000', placeholder: t('signs.notePlaceholder') });
    text.value = own ? own.text : '';
    writeBox = el('form', { class: 'signs-write no-print', onsubmit: async (e) => {
      e.preventDefault();
      noteStatus.className = ''; noteStatus.textContent = '';
      try {
        await api('/api/v1/vital-signs/notes', { method: 'PUT', json: { nodeId: node.id, text: text.value } });
        drawNotes(await api(`/api/v1/vital-signs/notes?nodeId=${node.id}&days=14`));
        noteStatus.className = 'ok'; noteStatus.textContent = t('signs.saved');
      } catch (err) { noteStatus.className = 'error'; noteStatus.textContent = err.message; }
    } }, el('label', { for: 'signs-note' }, t('signs.writeToday', { day: today })), text,
    el('p', {}, el('button', { type: 'submit', id: 'signs-save' }, t('signs.save'))));
  }

  view.replaceChildren(el('div', { class: 'signs' },
    el('section', { class: 'panel signs-head' },
      el('div', { class: 'signs-title' }, el('h1', {}, t('signs.title'), ' · ', node.name),
        el('a', { href: `#/signs-report?node=${node.id}&days=30`, class: 'button-link', id: 'signs-report-link' }, t('signs.reportLink'))),
      crumbs, below,
      el('p', { class: 'muted' }, t('signs.explain'), ' ', t('signs.computedAt', { at: signDate(board.computedAt), version: board.catalogueVersion })),
      el('nav', { class: 'sign-summary', 'aria-label': t('signs.title') }, ...board.dimensions.map(d => el('a', { href: `#/signs?node=${node.id}`, 'data-dimension': d.dimension,
        onclick: (e) => { e.preventDefault(); $(`#signs-dim-${d.dimension}`).scrollIntoView({ block: 'start' }); } },
        el('span', { class: 'sign-summary-name' }, t(`signs.dimension.${d.dimension}`)), ...signCounts(d, ['noSource'])))),
      message),
    el('div', { class: 'signs-main' }, ...sections),
    el('aside', { class: 'signs-side' }, detail,
      el('section', { class: 'panel', id: 'signs-notes-panel' }, el('h2', {}, t('signs.notes')), el('p', { class: 'muted' }, t('signs.notesExplain')),
        writeBox, noteStatus, noteList))));
  view.dataset.ready = 'true';
  // From the big screen or the station desk straight to one indicator (`&sign=DY01`).
  const wanted = params.get('sign');
  const figure = wanted && board.dimensions.flatMap(d => d.figures).find(f => f.sign.code === wanted && signFed(f));
  if (figure) await openDetail(figure).catch(e => { message.className = 'error'; message.textContent = e.message; });
};
