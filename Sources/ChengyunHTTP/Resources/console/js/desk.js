'use strict';
// 工作台 — the work desk's queues, and a resident's own reports.
pages.desk = async (view) => {
  const list = el('tbody');
  const roles = new Set(state.me.assignments.map(a => a.role));
  // The queues of the user's roles: a centre's duty officer works 待受理, 待派遣, 被升级, 待督办 and 待结案 of their area,
  // and keeps the 挂账 list (parked cases, with their review dates).
  const centre = state.me.assignments.find(a => ['dutyOfficer', 'leader', 'admin'].includes(a.role));
  const queues = [
    ...(centre ? ['reported', 'accepted', 'escalated', 'overdue', 'dueSoon', 'verified', 'parked'] : []),
    ...(roles.has('departmentHandler') ? ['department', 'dueSoon', 'overdue'] : []),
    ...(roles.has('gridInspector') ? ['verify'] : []),
    'mine'].filter((q, i, all) => all.indexOf(q) === i);
  // The order: the newest report first, or the soonest deadline first (the queues of deadlines open in that order).
  const byDeadline = ['overdue', 'dueSoon', 'department', 'accepted', 'parked'];
  const sortLabel = el('label', { for: 'desk-sort' }, t('desk.sort'));
  const sort = el('select', { id: 'desk-sort', onchange: () => load() }, ...['newest', 'deadline'].map(k => el('option', { value: k }, t(`desk.sort.${k}`))));
  const filter = el('select', { id: 'queue', onchange: () => { sort.value = byDeadline.includes(filter.value) ? 'deadline' : 'newest'; load(); } },
    ...queues.map(q => el('option', { value: q }, t(`desk.queue.${q}`))));
  const states = { open: 'reported,accepted,dispatched,inProgress,handled', done: 'verified,closed,rated,rejected,merged,returnedToPolice', all: '' };
  const whichLabel = el('label', { for: 'desk-state' }, t('desk.state'));
  const which = el('select', { id: 'desk-state', onchange: () => load() }, ...Object.keys(states).map(k => el('option', { value: k }, t(`desk.states.${k}`))));
  const search = el('input', { id: 'search', type: 'search', placeholder: t('desk.search'), onchange: () => load() });
  const count = el('span', { class: 'muted', id: 'desk-count', 'aria-live': 'polite' });
  // 加载更多 — the list pages by cursor (`after` = the last page's `next`), newest report first.
  const more = el('button', { type: 'button', id: 'desk-more', hidden: '', onclick: () => loadMore().catch(() => {}) }, t('desk.more'));
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.desk')),
    el('p', { class: 'filters' }, el('label', { for: 'queue' }, t('desk.queue')), ' ', filter, ' ', whichLabel, ' ', which, ' ',
      sortLabel, ' ', sort, ' ', el('label', { for: 'search' }, t('desk.searchLabel')), ' ', search, ' ', count),
    // On a phone the six columns scroll sideways in their box, not the page (a case number does not wrap).
    el('div', { class: 'table-scroll' }, el('table', { id: 'desk-table' }, el('thead', {}, el('tr', {}, ...['desk.number', 'desk.category', 'desk.address', 'desk.reported', 'desk.state', 'desk.deadline'].map(k => el('th', {}, t(k))))), list)),
    el('p', {}, more)));
  // Past handling the deadline no longer runs (it was met or missed when the department reported back).
  const finished = ['handled', 'verified', 'closed', 'rated', 'rejected', 'merged', 'returnedToPolice'];
  const row = c => el('tr', {},
    el('td', {}, el('a', { href: `#/case/${c.id}` }, c.number)),
    el('td', {}, caseCategory(c), c.urgency !== 'normal' ? el('span', { class: 'badge bad' }, ' ', t(`urgency.${c.urgency}`)) : ''),
    el('td', {}, c.address || ''), el('td', {}, new Date(c.reportedAt).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })),
    el('td', {}, t(`state.${c.state}`), c.overdue ? el('span', { class: 'badge bad' }, ' ', t('screen.overdue')) : '', parkedBadge(c)),
    el('td', {}, c.parkedUntil ? t('case.reviewOnShort', { date: c.reviewOn }) : c.deadline && !finished.includes(c.state) ? countdown(c.deadline) : '—'));
  let params = null, next = null, asked = 0;
  // "显示 N / 共 M": the total is counted up to 10,000, "10,000+" past that.
  function showCount(page) {
    const total = page.total.toLocaleString(state.lang) + (page.totalCapped ? '+' : '');
    count.textContent = t('desk.count', { shown: list.children.length, total });
    next = page.next || null;
    more.hidden = !next;
    view.dataset.next = next || '';
  }
  // The first page; a refresh from the live stream keeps as many rows as were shown (at most 500, the API's limit).
  async function load(keep = 0) {
    const q = filter.value;
    params = new URLSearchParams({ limit: String(Math.min(500, Math.max(100, keep))) });
    if (q === 'mine') params.set('mine', 'true');
    const fixed = { verify: 'handled', reported: 'reported', accepted: 'accepted', verified: 'verified' }[q];
    if (fixed) params.set('state', fixed);
    else if (states[which.value]) params.set('state', states[which.value]);
    // 待受理 and one's own reports hold cases without a deadline yet: they are listed newest first.
    const sortable = !['reported', 'mine'].includes(q);
    sort.hidden = sortLabel.hidden = !sortable;
    if (sortable && sort.value === 'deadline') params.set('sort', 'deadline');
    which.disabled = !!fixed;
    which.hidden = !!fixed;
    whichLabel.hidden = !!fixed;
    if (q === 'escalated' && centre) params.set('escalatedTo', centre.nodeId);
    if (q === 'overdue') params.set('overdue', 'true');
    if (q === 'parked') params.set('parked', 'true');
    if (q === 'dueSoon') params.set('dueSoon', 'true');
    if (q === 'department') { const d = state.me.assignments.find(a => a.departmentId); if (d) params.set('departmentId', d.departmentId); }
    if (search.value) params.set('q', search.value);
    const ticket = ++asked;
    const [page] = await Promise.all([api(`/api/v1/cases?${params}`), taxonomy().catch(() => null)]);
    if (ticket !== asked) return;
    // An empty queue says so (and what it holds), rather than showing a bare table head.
    list.replaceChildren(...(page.items.length ? page.items.map(row)
      : [el('tr', { class: 'empty' }, el('td', { colspan: '6', class: 'muted' }, t('desk.empty', { queue: t(`desk.queue.${q}`) })))]));
    showCount(page);
    view.dataset.ready = 'true';
  }
  async function loadMore() {
    if (!next) return;
    const ticket = asked;
    const paged = new URLSearchParams(params);
    paged.set('limit', '100');
    paged.set('after', next);
    more.disabled = true;
    try {
      const page = await api(`/api/v1/cases?${paged}`);
      if (ticket !== asked) return;   // the filters changed meanwhile
      list.append(...page.items.map(row));
      showCount(page);
    } finally { more.disabled = false; }
  }
  filter.value = queues[0];
  sort.value = byDeadline.includes(queues[0]) ? 'deadline' : 'newest';
  await load();
  // The queue follows the live stream: a change to a case this user may see redraws it a moment later.
  openStream(debounced(() => load(list.children.length).catch(() => {}), 1500));
};

/// Time left to a deadline, or how long past it: in hours within two days, in days beyond (已超期 84 天, not 2024.6 小时).
function countdown(deadline) {
  const hours = (new Date(deadline) - Date.now()) / 3600000;
  const span = Math.abs(hours);
  const h = span >= 48 ? Math.floor(span / 24) : span.toFixed(1);
  const key = `desk.${hours >= 0 ? 'dueIn' : 'overdueBy'}${span >= 48 ? 'Days' : ''}`;
  return t(key, { h });
}


pages.mine = async (view) => {
  // A resident registered by a building group's QR code sees the group and whether the committee has verified them.
  const resident = state.me.assignments.some(a => a.role === 'resident');
  const [page, , registration, notices, home] = await Promise.all([api('/api/v1/cases?mine=true&limit=50'), taxonomy().catch(() => null),
    resident ? api('/api/v1/registrations/mine').catch(() => null) : null, resident ? myNoticesPanel() : '', resident ? myHomePanel() : '']);
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.mine')),
    registration ? el('p', { id: 'mine-registration', 'data-status': registration.status }, t('registrations.mine', { group: registration.groupName }), ' ',
      el('span', { class: `badge ${registration.status === 'verified' ? 'ok' : 'warn'}` }, t(`registrations.status.${registration.status}`))) : '',
    el('ul', { id: 'mine-list', class: 'mine' }, ...page.items.map(c => el('li', {},
      el('a', { href: `#/case/${c.id}` }, `${caseCategory(c)}`), ' ',
      el('span', { class: 'muted' }, `${new Date(c.reportedAt).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })} · ${c.number}`),
      el('br'), c.description, ' · ', el('strong', {}, t(`state.${c.state}`))))),
    page.items.length ? '' : el('p', { class: 'muted' }, t('mine.none'), ' ', el('a', { href: '#/report' }, t('menu.report')))), home, notices);
  view.dataset.ready = 'true';
};
