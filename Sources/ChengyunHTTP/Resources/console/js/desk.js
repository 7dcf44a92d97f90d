'use strict';
// 工作台 — the work desk's queues, and a resident's own reports.
pages.desk = async (view) => {
  const list = el('tbody');
  const filter = el('select', { id: 'queue', onchange: () => load() },
    ...['mine', 'department', 'verify', 'dueSoon', 'overdue'].map(q => el('option', { value: q }, t(`desk.queue.${q}`))));
  const states = { open: 'reported,accepted,dispatched,inProgress,handled', done: 'verified,closed,rated,rejected,merged,returnedToPolice', all: '' };
  const which = el('select', { id: 'desk-state', onchange: () => load() }, ...Object.keys(states).map(k => el('option', { value: k }, t(`desk.states.${k}`))));
  const search = el('input', { id: 'search', type: 'search', placeholder: t('desk.search'), onchange: () => load() });
  const count = el('span', { class: 'muted', id: 'desk-count', 'aria-live': 'polite' });
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.desk')),
    el('p', { class: 'filters' }, el('label', { for: 'queue' }, t('desk.queue')), ' ', filter, ' ', el('label', { for: 'desk-state' }, t('desk.state')), ' ', which, ' ',
      el('label', { for: 'search' }, t('desk.searchLabel')), ' ', search, ' ', count),
    el('table', { id: 'desk-table' }, el('thead', {}, el('tr', {}, ...['desk.number', 'desk.category', 'desk.address', 'desk.reported', 'desk.state', 'desk.deadline'].map(k => el('th', {}, t(k))))), list)));
  async function load() {
    const q = filter.value;
    const params = new URLSearchParams({ limit: '100' });
    if (q === 'mine') params.set('mine', 'true');
    if (q === 'verify') params.set('state', 'handled');
    else if (states[which.value]) params.set('state', states[which.value]);
    if (q === 'overdue') params.set('overdue', 'true');
    if (q === 'dueSoon') params.set('dueSoon', 'true');
    if (q === 'department') { const d = state.me.assignments.find(a => a.departmentId); if (d) params.set('departmentId', d.departmentId); }
    if (search.value) params.set('q', search.value);
    const [page] = await Promise.all([api(`/api/v1/cases?${params}`), taxonomy().catch(() => null)]);
    // Past handling the deadline no longer runs (it was met or missed when the department reported back).
    const finished = ['handled', 'verified', 'closed', 'rated', 'rejected', 'merged', 'returnedToPolice'];
    list.replaceChildren(...page.items.map(c => el('tr', {},
      el('td', {}, el('a', { href: `#/case/${c.id}` }, c.number)),
      el('td', {}, caseCategory(c), c.urgency !== 'normal' ? el('span', { class: 'badge bad' }, ' ', t(`urgency.${c.urgency}`)) : ''),
      el('td', {}, c.address || ''), el('td', {}, new Date(c.reportedAt).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })),
      el('td', {}, t(`state.${c.state}`), c.overdue ? el('span', { class: 'badge bad' }, ' ', t('screen.overdue')) : ''),
      el('td', {}, c.deadline && !finished.includes(c.state) ? countdown(c.deadline) : '—'))));
    count.textContent = t('desk.count', { shown: page.items.length, total: page.total });
    view.dataset.ready = 'true';
  }
  const roles = new Set(state.me.assignments.map(a => a.role));
  filter.value = roles.has('departmentHandler') ? 'department' : roles.has('gridInspector') ? 'verify' : 'mine';
  await load();
  // The queue follows the live stream: a change to a case this user may see redraws it a moment later.
  openStream(debounced(() => load().catch(() => {}), 1500));
};

function countdown(deadline) {
  const hours = (new Date(deadline) - Date.now()) / 3600000;
  return hours >= 0 ? t('desk.dueIn', { h: hours.toFixed(1) }) : t('desk.overdueBy', { h: (-hours).toFixed(1) });
}


pages.mine = async (view) => {
  const [page] = await Promise.all([api('/api/v1/cases?mine=true&limit=50'), taxonomy().catch(() => null)]);
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.mine')),
    el('ul', {}, ...page.items.map(c => el('li', {}, el('a', { href: `#/case/${c.id}` }, c.number), ` ${caseCategory(c)} · ${t(`state.${c.state}`)}`)))));
  view.dataset.ready = 'true';
};
