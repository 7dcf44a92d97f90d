'use strict';
// 城市体检报告 — an area's health check over a period (#/signs-report?node=ID&days=30), for print: the states by
// dimension now, every fed indicator over the period and the one before, the KPIs compared, the notes of the period.
// Reached from #/signs; the helpers (signName, signValue, signChip…) are signs.js's.

pages['signs-report'] = async (view, params) => {
  const days = Math.min(92, Math.max(1, Number(params.get('days')) || 30));
  const nodeParam = params.get('node');
  const report = await api(`/api/v1/vital-signs/report?days=${days}${nodeParam ? `&nodeId=${encodeURIComponent(nodeParam)}` : ''}`);
  const board = report.board, node = board.node;
  const day = (d) => new Date(d).toLocaleDateString(state.lang, { year: 'numeric', month: 'long', day: 'numeric' });

  // The period: a choice of lengths, kept in the route so a report can be bookmarked.
  const choices = [...new Set([7, 30, 90, days])].sort((a, b) => a - b);
  const period = el('select', { id: 'signs-days', onchange: () => { location.hash = `#/signs-report?node=${node.id}&days=${period.value}`; } },
    ...choices.map(n => el('option', { value: String(n), selected: n === days ? '' : undefined }, t('signs.report.daysOption', { n }))));
  const toolbar = el('div', { class: 'signs-toolbar no-print' },
    el('a', { href: `#/signs?node=${node.id}` }, `‹ ${t('signs.back')}`),
    el('label', { for: 'signs-days' }, t('signs.report.days')), period,
    el('button', { type: 'button', id: 'signs-print', onclick: () => window.print() }, t('signs.print')));

  // States by dimension, as the board counts them now.
  const columns = signStates;
  const summary = el('table', { class: 'signs-summary-table', id: 'signs-summary' },
    el('thead', {}, el('tr', {}, el('th', {}, t('signs.report.dimension')), ...columns.map(s => el('th', {}, signChip(s))))),
    el('tbody', {}, ...board.dimensions.map(d => el('tr', { 'data-dimension': d.dimension }, el('th', { scope: 'row' }, t(`signs.dimension.${d.dimension}`)),
      ...columns.map(s => el('td', { class: d.states[s] ? `num has-${s}` : 'num muted' }, String(d.states[s] || 0)))))));

  // Every fed indicator: this period, the period before, the change; grouped by dimension, second-level indented.
  const change = (line) => {
    if (line.value === undefined || line.previous === undefined || line.value === null || line.previous === null) return '—';
    const diff = line.value - line.previous;
    if (!diff) return '→ 0';
    // A rate changes by percentage points; anything else by its unit and, when it had one, by percent.
    const rate = line.sign.unit === '%';
    const text = `${diff > 0 ? '↑\u00a0+' : '↓\u00a0'}${rate ? t('signs.report.points', { n: signNumber(diff) }) : signValue(diff, line.sign)}`;
    return line.previous && !rate ? [el('span', { class: 'sign-diff' }, text), el('span', { class: 'sign-pct' }, `（${diff > 0 ? '+' : ''}${signNumber((diff / Math.abs(line.previous)) * 100)}%）`)] : text;
  };
  const rows = [];
  for (const d of signDimensions) {
    const lines = report.lines.filter(l => l.sign.dimension === d);
    if (!lines.length) continue;
    rows.push(el('tr', { class: 'signs-group' }, el('th', { colspan: '4', scope: 'colgroup' }, t(`signs.dimension.${d}`))));
    for (const l of lines) {
      rows.push(el('tr', { 'data-code': l.sign.code, class: l.sign.parent ? 'sub' : '' },
        el('td', {}, signName(l.sign), el('span', { class: 'code' }, l.sign.code)),
        el('td', { class: 'num' }, signValue(l.value, l.sign)),
        el('td', { class: 'num' }, signValue(l.previous, l.sign)),
        el('td', { class: 'num' }, change(l))));
    }
  }
  const lineTable = rows.length
    ? el('div', { class: 'table-scroll' }, el('table', { class: 'signs-lines', id: 'signs-lines' },
      el('thead', {}, el('tr', {}, ...['signs.report.indicator', 'signs.report.thisPeriod', 'signs.report.previousPeriod', 'signs.report.change'].map((k, i) => el('th', { class: i ? 'num' : '' }, t(k))))),
      el('tbody', {}, ...rows)))
    : el('p', { class: 'muted' }, t('signs.report.noLines'));

  // The KPIs of the period against the period before: counts by their difference, rates by percentage points.
  const k = report.kpis || {}, p = report.previousKPIs || {};
  const hot = (x) => (x && x.hotline ? x.hotline.satisfactionRate : undefined);
  const kpiRows = [
    ['signs.report.kpi.reported', k.reported, p.reported, false], ['signs.report.kpi.closed', k.closed, p.closed, false],
    ['signs.report.kpi.onTime', k.onTimeHandlingRate, p.onTimeHandlingRate, true], ['signs.report.kpi.closure', k.closureRate, p.closureRate, true],
    ['signs.report.kpi.overdue', k.overdue, p.overdue, false], ['signs.report.kpi.satisfaction', hot(k), hot(p), true],
  ].map(([key, now, before, rate]) => {
    const shown = (x) => (x === undefined || x === null ? '—' : rate ? percent(x) : signNumber(x));
    let diff = '—';
    if (now !== undefined && now !== null && before !== undefined && before !== null) {
      const d = rate ? (now - before) * 100 : now - before;
      diff = !d ? '→ 0' : `${d > 0 ? '↑ +' : '↓ '}${rate ? t('signs.report.points', { n: signNumber(d) }) : signNumber(d)}`;
    }
    return el('tr', {}, el('th', { scope: 'row' }, t(key)), el('td', { class: 'num' }, shown(now)), el('td', { class: 'num' }, shown(before)), el('td', { class: 'num' }, diff));
  });
  const kpiTable = el('div', { class: 'table-scroll' }, el('table', { class: 'signs-kpis', id: 'signs-kpis' },
    el('thead', {}, el('tr', {}, ...['signs.report.indicator', 'signs.report.thisPeriod', 'signs.report.previousPeriod', 'signs.report.change'].map((key, i) => el('th', { class: i ? 'num' : '' }, t(key))))),
    el('tbody', {}, ...kpiRows)));

  const notes = (report.notes || []).slice().sort((a, b) => (a.day < b.day ? 1 : -1));
  const noteList = notes.length
    ? el('ol', { class: 'signs-notes', id: 'signs-report-notes' }, ...notes.map(n => el('li', {}, el('div', { class: 'signs-note-head' }, el('strong', {}, n.day), ' ',
      el('span', { class: 'muted' }, t('signs.noteBy', { name: n.authorName || n.author, at: signDate(n.writtenAt) }))), el('p', { class: 'signs-note-text' }, n.text))))
    : el('p', { class: 'muted', id: 'signs-report-notes' }, t('signs.report.noNotes'));

  view.replaceChildren(el('article', { class: 'signs-report' },
    toolbar,
    el('header', { class: 'panel signs-report-head' },
      el('h1', {}, t('signs.report.title', { area: node.name })),
      el('p', {}, [...board.ancestors.map(a => a.name), node.name].join(' › ')),
      el('p', {}, t('signs.report.period', { from: day(report.from), to: day(report.to), days: report.days || days })),
      el('p', { class: 'muted' }, t('signs.report.generated', { at: signDate(board.computedAt) }), ' · ', t('signs.report.explain', { days: report.days || days }))),
    el('section', { class: 'panel' }, el('h2', {}, t('signs.report.summary')), el('div', { class: 'table-scroll' }, summary)),
    el('section', { class: 'panel' }, el('h2', {}, t('signs.report.lines')), lineTable),
    el('section', { class: 'panel' }, el('h2', {}, t('signs.report.kpis')), kpiTable),
    el('section', { class: 'panel' }, el('h2', {}, t('signs.report.notes')), noteList)));
  view.dataset.ready = 'true';
};
