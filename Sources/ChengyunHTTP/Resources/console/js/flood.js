'use strict';
// 防汛 — the flood season (#/flood): 灾情直报 (direct damage reports from streets, committees and grids, and the area's
// recent ones: flood-reports.js), 指令 (instructions sent down the duty path and acknowledged node by node:
// flood-command.js), 加强值守 (the extra duty posts a flood-season warning opened, and who holds them:
// flood-duty.js) and 历史汛情 (the area's past seasons compared, here). Each part draws itself in its own panel and
// redraws only itself after an action, so what is typed in another part stays.

/// The kinds of a direct report, in the order the form offers them.
const floodKinds = ['waterlogging', 'houseFlooded', 'treeDown', 'relocated', 'casualty', 'facilityDamage', 'other'];
/// Who works the flood season: everyone who works an area of the tree (the server's reporters).
const floodRoles = ['leader', 'dutyOfficer', 'stationChief', 'communityWorker', 'gridInspector', 'admin'];
/// A count with its unit in the page's language: 3处 / 3 points, 1 household.
function floodCount(kind, n) {
  const unit = t(n === 1 ? `flood.unitOne.${kind}` : `flood.unit.${kind}`);
  return state.lang === 'en' ? `${Number(n).toLocaleString('en')} ${unit}` : `${n}${unit}`;
}
const floodWhen = (d) => (d ? new Date(d).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—');
/// An error in the user's language: the server's (already translated by `api`), or a lost answer, which is safe to
/// send again.
const floodError = (err) => (err instanceof TypeError ? t('flood.networkError') : err.message);
/// A panel's status line: a success in green, an error in red (shown to the tests as `.error`).
function floodSay(line, text, ok) { line.className = ok ? 'ok' : 'error'; line.textContent = text; }
/// Whether it is the flood season now (1 June – 30 September, the browser's calendar).
function floodInSeason(d = new Date()) { const m = d.getMonth() + 1; return m >= 6 && m <= 9; }

pages.flood = async (view) => {
  const assignments = (state.me.assignments || []).filter(a => floodRoles.includes(a.role));
  if (!assignments.length) { view.replaceChildren(el('p', { class: 'muted' }, t('flood.noRole'))); view.dataset.ready = 'true'; return; }
  const depth = (a) => a.nodePath.split('/').filter(Boolean).length;
  const area = assignments.reduce((a, b) => (depth(b) < depth(a) ? b : a));
  const own = assignments.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  const [areaNode, ownNode] = await Promise.all([api(`/api/v1/org/nodes/${area.nodeId}`),
    own.nodeId === area.nodeId ? null : api(`/api/v1/org/nodes/${own.nodeId}`).catch(() => null)]);
  const ctx = { roles: new Set(assignments.map(a => a.role)), assignments, area, own, areaNode, ownNode: ownNode || areaNode };

  // The head: the area, whether the season is on, the instructions owed, and a way to each part on a phone.
  const owedLine = el('p', { id: 'flood-owed-line', hidden: '' });
  ctx.owed = (n) => {
    owedLine.hidden = !n;
    owedLine.replaceChildren(n ? el('button', { type: 'button', class: 'flood-owed-jump', onclick: () => $('#fc-owed').scrollIntoView({ block: 'start' }) },
      t('flood.owedBanner', { n })) : '');
  };
  const jump = (id, key) => el('button', { type: 'button', class: 'secondary', 'data-jump': id, onclick: () => $(`#${id}`).scrollIntoView({ block: 'start' }) }, t(key));
  const head = el('section', { class: 'panel flood-head' },
    el('div', { class: 'flood-title' }, el('h1', {}, t('flood.title'), el('span', { class: 'muted flood-area' }, ` · ${areaNode.name}`)),
      el('span', { class: floodInSeason() ? 'badge warn' : 'badge', id: 'flood-season-now' }, t(floodInSeason() ? 'flood.inSeason' : 'flood.outOfSeason'))),
    el('p', { class: 'muted' }, t('flood.explain')),
    owedLine,
    el('nav', { class: 'flood-jumps', 'aria-label': t('flood.parts') },
      jump('flood-reports', 'flood.report.title'), jump('flood-command', 'flood.cmd.title'), jump('flood-duty', 'flood.duty.title'), jump('flood-history', 'flood.history.title')));

  const parts = [floodReportsPanel(ctx), floodCommandPanel(ctx), floodDutyPanel(ctx), floodHistoryPanel(ctx)];
  view.replaceChildren(el('div', { class: 'flood' }, head, parts[0].section,
    el('div', { class: 'flood-side' }, parts[1].section, parts[2].section), parts[3].section));
  // Each part asks for its own data; one that fails says so in its panel and leaves the others drawn.
  await Promise.all(parts.map(p => p.draw().catch(e => {
    console.error('flood part failed', e);
    p.section.append(el('p', { class: 'error', role: 'alert' }, floodError(e)));
  })));
  view.dataset.ready = 'true';
  // 指令 and 加强值守 change while a duty officer keeps the page open: asked again every minute.
  const again = () => state.timers.push(setTimeout(async () => {
    if (!location.hash.startsWith('#/flood') || !view.contains(parts[1].section)) return;
    await Promise.all(parts.filter(p => p.refresh).map(p => p.refresh().catch(e => console.warn('flood refresh', e))));
    again();
  }, 60000));
  again();
};

/// 历史汛情 — the area's last five seasons side by side (the years as columns, the oldest first), and a chart of the
/// rain and the waterlogging cases by year; this year's season, while it lasts, counts to today.
function floodHistoryPanel(ctx) {
  const section = el('section', { class: 'panel flood-history', id: 'flood-history', 'aria-labelledby': 'fh-title' });
  let chart = null;
  const draw = async () => {
    const seasons = (await api(`/api/v1/flood/seasons?nodeId=${ctx.area.nodeId}&years=5`)).slice().reverse();
    const thisYear = new Date().getFullYear();
    const seasonDay = (y, m, d) => new Date(Date.UTC(y, m, d)).toLocaleDateString(state.lang, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
    const number = (x, digits = 1) => (x === undefined || x === null ? '—' : Number(x).toLocaleString(state.lang, { maximumFractionDigits: digits }));
    const head = el('tr', {}, el('th', { scope: 'col' }, t('flood.history.measure')), ...seasons.map(s => el('th', {
      scope: 'col', class: `num${s.year === thisYear ? ' this-year' : ''}`, 'data-year': s.year, 'data-current': s.current ? 'true' : 'false' },
    t('flood.history.year', { year: s.year }),
    s.current ? el('span', { class: 'flood-current' }, t('flood.history.toToday')) : s.year === thisYear ? el('span', { class: 'flood-this-year' }, t('flood.history.thisYear')) : '')));
    const row = (label, cell, attrs = {}) => el('tr', attrs, el('th', { scope: 'row' }, label),
      ...seasons.map(s => el('td', { class: `num${s.year === thisYear ? ' this-year' : ''}` }, cell(s))));
    // A group's name in the first column, which stays in view while the years scroll.
    const group = (key) => el('tr', { class: 'flood-group' }, el('th', { scope: 'rowgroup' }, t(key)),
      ...seasons.map(s => el('td', { class: s.year === thisYear ? 'this-year' : '' })));
    const kinds = floodKinds.filter(k => seasons.some(s => s.reports.some(r => r.kind === k)));
    const rows = [
      // The season by its calendar days (1 June – 30 September), whatever the browser's time zone.
      row(t('flood.history.period'), s => `${seasonDay(s.year, 5, 1)}–${s.current ? t('flood.history.today') : seasonDay(s.year, 8, 30)}`),
      group('flood.history.rain'),
      row(t('flood.history.rainfall'), s => number(s.rainfall), { 'data-row': 'rainfall' }),
      row(t('flood.history.maxIntensity'), s => number(s.maxIntensity)),
      row(t('flood.history.rainHours'), s => number(s.rainHours, 0)),
      group('flood.history.alarms'),
      ...['red', 'orange', 'yellow', 'blue'].map(l => row(levelBadge(l), s => number((s.alarms || {})[l] || 0, 0), { 'data-level': l })),
      group('flood.history.waterlogging'),
      row(t('flood.history.points'), s => number(s.waterloggingPoints, 0)),
      row(t('flood.history.cases'), s => t('flood.history.closedOf', { closed: s.waterloggingClosed, total: s.waterloggingCases }), { 'data-row': 'cases' }),
      row(t('flood.history.meanHours'), s => number(s.meanHoursToClose)),
      group('flood.history.reports'),
      ...kinds.map(k => row(t(`flood.kind.${k}`), s => {
        const r = s.reports.find(x => x.kind === k);
        return r ? t('flood.history.reportCount', { count: floodCount(k, r.count), n: r.reports }) : '—';
      }, { 'data-kind': k })),
      kinds.length ? '' : row(el('span', { class: 'muted' }, t('flood.history.noReports')), () => '—')];
    const canvas = el('canvas', { id: 'fh-chart', role: 'img', 'aria-label': t('flood.history.chart') });
    const quiet = seasons.every(s => !s.rainfall && !s.waterloggingCases);
    const scroller = el('div', { class: 'table-scroll flood-seasons-scroll' }, el('table', { id: 'fh-table', class: 'flood-table flood-seasons' }, el('thead', {}, head), el('tbody', {}, ...rows)));
    if (chart) chart.destroy();
    section.replaceChildren(
      el('h2', { id: 'fh-title' }, t('flood.history.title')),
      el('p', { class: 'muted' }, t('flood.history.explain')),
      el('div', { class: 'flood-history-body' },
        scroller,
        el('div', {}, quiet ? el('p', { class: 'muted', id: 'fh-quiet' }, t('flood.history.quiet')) : '', el('div', { class: 'flood-chart-box' }, canvas))));
    // On a narrow screen the table scrolls in its box: this year, the newest, in view first, the measures' names kept.
    scroller.scrollLeft = scroller.scrollWidth;
    const tick = { color: '#8fb3de' };
    chart = new Chart(canvas, { type: 'bar', data: {
      labels: seasons.map(s => (s.current ? `${t('flood.history.year', { year: s.year })}（${t('flood.history.toToday')}）` : t('flood.history.year', { year: s.year }))),
      datasets: [
        { label: t('flood.history.rainfall'), data: seasons.map(s => s.rainfall), backgroundColor: '#3ba4ff', yAxisID: 'rain' },
        { label: t('flood.history.casesChart'), data: seasons.map(s => s.waterloggingCases), backgroundColor: '#f97316', yAxisID: 'cases' }] },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { labels: { color: '#e6f0ff' } } },
      scales: { x: { ticks: tick, grid: { color: '#1f4b7a' } },
        rain: { position: 'left', beginAtZero: true, ticks: tick, grid: { color: '#1f4b7a' }, title: { display: true, text: t('flood.history.mm'), color: '#8fb3de' } },
        cases: { position: 'right', beginAtZero: true, ticks: Object.assign({ precision: 0 }, tick), grid: { drawOnChartArea: false },
          title: { display: true, text: t('flood.history.casesAxis'), color: '#8fb3de' } } } } });
  };
  return { section, draw };
}
