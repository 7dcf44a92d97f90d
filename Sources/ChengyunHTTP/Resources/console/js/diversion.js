'use strict';
// 110联动 — the centre's diversion desk: the non-emergency calls the police pass on, who holds the power to handle
// each kind, the calls waiting at the centre, and those handed back to the police (兜底).
pages.diversion = async (view, params) => {
  const queue = params.get('queue') || 'waiting';
  const queues = { waiting: 'reported,accepted', handling: 'dispatched,inProgress,handled', closed: 'closed,rated', returned: 'returnedToPolice', all: '' };
  // The tiles and the queues count the same 30 days (from the same local date), so a tile's number is its queue's length.
  const since = new Date(Date.now() - 29 * 86400000);
  const from = `${since.getFullYear()}-${String(since.getMonth() + 1).padStart(2, '0')}-${String(since.getDate()).padStart(2, '0')}`;
  const caseQuery = new URLSearchParams({ source: 'police110', limit: '100', from });
  if (queues[queue]) caseQuery.set('state', queues[queue]);
  const [stats, calls, powers, units] = await Promise.all([
    api(`/api/v1/diversion/stats?from=${from}`), api(`/api/v1/cases?${caseQuery}`), api('/api/v1/handling-powers'),
    departments(), taxonomy()]);
  const departmentName = Object.fromEntries(units.map(d => [d.id, d.name]));
  const figures = ['diverted', 'accepted', 'waiting', 'open', 'closed', 'returned'];
  const select = el('select', { id: 'p-queue', onchange: () => { location.hash = `#/diversion?queue=${select.value}`; } },
    ...Object.keys(queues).map(q => el('option', { value: q }, t(`diversion.queue.${q}`))));
  select.value = queue;
  const rows = calls.items.map(c => el('tr', {},
    el('td', {}, el('a', { href: `#/case/${c.id}` }, c.number)), el('td', {}, c.externalRef || '—'),
    el('td', {}, caseCategory(c)),
    el('td', {}, t(`state.${c.state}`), c.overdue ? el('span', { class: 'badge bad' }, ' ', t('screen.overdue')) : ''),
    el('td', {}, c.leadDepartmentId ? departmentName[c.leadDepartmentId] || `#${c.leadDepartmentId}` : t('diversion.noPower')),
    el('td', {}, c.deadline && !['closed', 'rated', 'returnedToPolice'].includes(c.state) ? countdown(c.deadline) : '—')));
  // The powers grouped by department: which kinds of call each may take.
  const byDepartment = new Map();
  for (const p of powers) byDepartment.set(p.departmentId, [...(byDepartment.get(p.departmentId) || []), categoryLabel(p.categoryId)]);
  view.replaceChildren(el('div', { class: 'diversion' },
    el('div', {},
      el('section', { class: 'panel' }, el('h1', {}, t('diversion.title')),
        el('p', { class: 'muted' }, t('diversion.explain'), ' ', t('diversion.period', { from })),
        el('div', { class: 'tiles kpi-tiles', id: 'p-stats' }, ...figures.map(k => el('div', { class: 'tile' },
          el('div', { class: 'label' }, t(`diversion.${k}`)), el('div', { class: 'value', id: `p-${k}` }, stats[k]))))),
      el('section', { class: 'panel', style: 'margin-top:12px' },
        el('h2', {}, t('diversion.calls')),
        el('p', {}, el('label', { for: 'p-queue' }, t('desk.queue')), ' ', select, ' ', el('span', { class: 'muted' }, t('diversion.returnHint'))),
        el('table', { id: 'p-calls' }, el('thead', {}, el('tr', {}, ...['desk.number', 'diversion.callId', 'desk.category', 'desk.state', 'diversion.department', 'desk.deadline'].map(k => el('th', {}, t(k))))),
          el('tbody', {}, ...rows)),
        rows.length ? '' : el('p', {}, t('diversion.none')))),
    el('section', { class: 'panel powers' }, el('h2', {}, t('diversion.powers')),
      el('p', { class: 'muted' }, t('diversion.powersExplain')),
      el('table', { id: 'p-powers' }, el('thead', {}, el('tr', {}, el('th', {}, t('diversion.department')), el('th', {}, t('report.category')))),
        el('tbody', {}, ...[...byDepartment].map(([d, names]) => el('tr', {}, el('td', {}, departmentName[d] || `#${d}`), el('td', {}, names.join('、')))))))));
  view.dataset.ready = 'true';
};
