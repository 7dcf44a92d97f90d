'use strict';
// 工作台 — the work desk's queues, and a resident's own reports.
pages.desk = async (view) => {
  const list = el('tbody');
  const filter = el('select', { id: 'queue', 'aria-label': t('desk.queue'), onchange: () => load() },
    ...['mine', 'department', 'verify', 'overdue'].map(q => el('option', { value: q }, t(`desk.queue.${q}`))));
  const search = el('input', { id: 'search', type: 'search', placeholder: t('desk.search'), 'aria-label': t('desk.search'), onchange: () => load() });
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.desk')), el('p', {}, filter, ' ', search),
    el('table', {}, el('thead', {}, el('tr', {}, ...['desk.number', 'desk.category', 'desk.state', 'desk.deadline'].map(k => el('th', {}, t(k))))), list)));
  async function load() {
    const q = filter.value;
    const params = new URLSearchParams({ limit: '100' });
    if (q === 'mine') params.set('mine', 'true');
    if (q === 'verify') params.set('state', 'handled');
    if (q === 'overdue') params.set('overdue', 'true');
    if (q === 'department') { const d = state.me.assignments.find(a => a.departmentId); if (d) params.set('departmentId', d.departmentId); }
    if (search.value) params.set('q', search.value);
    const page = await api(`/api/v1/cases?${params}`);
    list.replaceChildren(...page.items.map(c => el('tr', {},
      el('td', {}, el('a', { href: `#/case/${c.id}` }, c.number)), el('td', {}, c.categoryName || c.categoryId),
      el('td', {}, t(`state.${c.state}`), c.overdue ? el('span', { class: 'badge bad' }, ' ', t('screen.overdue')) : ''),
      el('td', {}, c.deadline ? countdown(c.deadline) : '—'))));
    view.dataset.ready = 'true';
  }
  const roles = new Set(state.me.assignments.map(a => a.role));
  filter.value = roles.has('departmentHandler') ? 'department' : roles.has('gridInspector') ? 'verify' : 'mine';
  await load();
};

function countdown(deadline) {
  const hours = (new Date(deadline) - Date.now()) / 3600000;
  return hours >= 0 ? t('desk.dueIn', { h: hours.toFixed(1) }) : t('desk.overdueBy', { h: (-hours).toFixed(1) });
}


pages.mine = async (view) => {
  const page = await api('/api/v1/cases?mine=true&limit=50');
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.mine')),
    el('ul', {}, ...page.items.map(c => el('li', {}, el('a', { href: `#/case/${c.id}` }, c.number), ` ${c.categoryName} · ${t(`state.${c.state}`)}`)))));
  view.dataset.ready = 'true';
};
