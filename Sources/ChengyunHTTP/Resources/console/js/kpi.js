'use strict';
// 考核 — the KPIs of a chosen area and period, rankings of departments and handlers, export.
pages.kpi = async (view, params) => {
  const top = state.me.assignments.slice().sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
  const nodes = await api(`/api/v1/org/nodes?under=${top.nodeId}&kind=city,district,street&limit=500`).catch(() => []);
  const area = el('select', { id: 'k-node' }, el('option', { value: '' }, t('screen.wholeArea')), ...nodes.map(n => el('option', { value: n.id }, n.name)));
  const day = (d) => d.toISOString().slice(0, 10);
  const from = el('input', { id: 'k-from', type: 'date', value: params.get('from') || day(new Date(Date.now() - 30 * 86400000)) });
  const to = el('input', { id: 'k-to', type: 'date', value: params.get('to') || day(new Date(Date.now() + 86400000)) });
  area.value = params.get('node') || '';
  const query = () => new URLSearchParams(Object.fromEntries([['nodeId', area.value], ['from', from.value], ['to', to.value]].filter(([, v]) => v)));
  const controls = el('form', { class: 'panel', onsubmit: (e) => { e.preventDefault(); location.hash = `#/kpi?node=${area.value}&from=${from.value}&to=${to.value}`; } },
    el('label', { for: 'k-node' }, t('kpi.area')), ' ', area, ' ', el('label', { for: 'k-from' }, t('kpi.from')), ' ', from, ' ',
    el('label', { for: 'k-to' }, t('kpi.to')), ' ', to, ' ', el('button', { type: 'submit' }, t('kpi.show')), ' ',
    exportButton('csv', 'kpi.exportCsv'), ' ', exportButton('xlsx', 'kpi.exportXlsx'));
  // The file is fetched with the session cookie and handed to the browser to save under a name of the period.
  function exportButton(kind, label) {
    return el('button', { type: 'button', id: kind === 'csv' ? 'k-export' : `k-export-${kind}`, onclick: async () => {
      const reply = await send(`/api/v1/kpis/export.${kind}?${query()}&lang=${state.lang}`);
      const link = el('a', { href: URL.createObjectURL(await reply.blob()), download: `chengyun-kpi-${from.value}-${to.value}.${kind}` });
      document.body.append(link); link.click(); link.remove();
    } }, t(label));
  }
  const [report, departments, handlers] = await Promise.all([
    api(`/api/v1/kpis?${query()}`), api(`/api/v1/rankings?of=departments&${query()}`), api(`/api/v1/rankings?of=handlers&${query()}`)]);
  const measures = ['acceptanceRate', 'dispatchAccuracy', 'onTimeHandlingRate', 'closureRate', 'reworkRate', 'overdueRate'];
  const counts = ['reported', 'accepted', 'closed', 'selfHandled', 'overdue', 'urges'];
  const chart = el('canvas', { id: 'k-chart', height: '120', role: 'img', 'aria-label': t('kpi.chart') });
  // 被催办: how often the centre urged each department (or handler) — counted by the database, not part of the score.
  const table = (rows) => el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, t('kpi.rank')), el('th', {}, t('kpi.name')), ...['onTimeHandlingRate', 'closureRate', 'reworkRate', 'dispatchAccuracy'].map(k => el('th', {}, t(`kpi.${k}`))), el('th', {}, t('kpi.urges')), el('th', {}, t('kpi.score')))),
    el('tbody', {}, ...rows.map(r => el('tr', {}, el('td', {}, r.rank), el('td', {}, r.name), ...['onTimeHandlingRate', 'closureRate', 'reworkRate', 'dispatchAccuracy'].map(k => el('td', {}, percent(r.report[k]))), el('td', {}, r.report.urges || 0), el('td', {}, r.score.toFixed(3))))));
  view.replaceChildren(controls,
    el('section', { class: 'panel' }, el('h2', {}, t('kpi.title')),
      el('div', { class: 'tiles kpi-tiles' }, ...counts.map(k => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(`kpi.${k}`)), el('div', { class: 'value' }, report[k]))),
        ...measures.map(k => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(`kpi.${k}`)), el('div', { class: 'value', id: `k-${k}` }, percent(report[k]))))),
      chart),
    // On a phone the tables scroll inside their panels, not the page.
    el('section', { class: 'panel' }, el('h2', {}, t('kpi.departments')), el('div', { class: 'table-scroll' }, table(departments))),
    el('section', { class: 'panel' }, el('h2', {}, t('kpi.handlers')), el('div', { class: 'table-scroll' }, table(handlers.slice(0, 20)))),
    el('p', {}, t('kpi.noCommittees')));
  new Chart(chart, { type: 'bar', data: { labels: departments.slice(0, 15).map(r => r.name), datasets: [{ label: t('kpi.onTimeHandlingRate'), data: departments.slice(0, 15).map(r => r.report.onTimeHandlingRate || 0), backgroundColor: '#3ba4ff' }] },
    options: { animation: false, plugins: { legend: { labels: { color: '#e6f0ff' } } }, scales: { x: { ticks: { color: '#8fb3de' } }, y: { min: 0, max: 1, ticks: { color: '#8fb3de' } } } } });
  view.dataset.ready = 'true';
};
