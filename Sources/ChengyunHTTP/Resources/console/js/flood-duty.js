'use strict';
// 防汛 · 加强值守 — the extra duty posts a flood-season warning (rainstorm, typhoon, high tide, flood) opened on or under
// the user's area, by node and post: who holds each, and for a node's duty officers, leaders and admins 派人 — a
// person of the node chosen from its staff (as the roster tab lists them), which puts a shift on the roster.

const floodPostOrder = ['leaderOnDuty', 'dutyChief', 'dutyOfficer'];
const floodAssigners = ['dutyOfficer', 'leader', 'admin'];

function floodDutyPanel(ctx) {
  const section = el('section', { class: 'panel flood-duty', id: 'flood-duty', 'aria-labelledby': 'fd-title' });
  const status = el('p', { id: 'fd-status', role: 'status' });
  const body = el('div', { id: 'fd-body' });
  section.append(el('h2', { id: 'fd-title' }, t('flood.duty.title')), el('p', { class: 'muted' }, t('flood.duty.explain')), status, body);
  const staff = new Map();   // node id → the people who may be put on its posts, read once
  const mayAssign = (p) => ctx.assignments.some(a => floodAssigners.includes(a.role) && p.nodePath.startsWith(a.nodePath));
  // Those who hold the node's shifts first (its duty officers, leaders, station staff), then its other staff, then
  // the staff under it; residents and auditors hold no shifts.
  const candidates = async (nodeId) => {
    if (!staff.has(nodeId)) {
      const users = await api(`/api/v1/users?nodeId=${nodeId}&limit=500`);
      const onDuty = ['dutyOfficer', 'leader', 'stationChief', 'communityWorker'];
      const rank = (u) => (u.assignments.some(a => a.nodeId === nodeId && onDuty.includes(a.role)) ? 0 : u.assignments.some(a => a.nodeId === nodeId) ? 1 : 2);
      staff.set(nodeId, users.filter(u => u.active && u.assignments.some(a => a.role !== 'resident' && a.role !== 'auditor'))
        .sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName, 'zh-CN')));
    }
    return staff.get(nodeId);
  };

  // 派人: the button opens a choice of people in the cell; 确定 puts the one chosen on the post.
  const assignCell = (p, cell) => {
    const open = el('button', { type: 'button', class: 'small', 'data-assign': p.id, onclick: async () => {
      const line = el('span', { class: 'error', id: `fd-error-${p.id}` });
      let people;
      try { people = await candidates(p.nodeId); } catch (err) { cell.append(line); line.textContent = floodError(err); return; }
      const label = t('flood.duty.choosePerson', { node: p.nodeName, post: t(`post.${p.post}`) });
      const pick = el('select', { id: `fd-user-${p.id}`, 'aria-label': label }, el('option', { value: '' }, t('flood.duty.choose')),
        ...people.map(u => el('option', { value: u.id }, u.displayName)));
      const confirm = el('button', { type: 'button', class: 'small', id: `fd-confirm-${p.id}`, onclick: async () => {
        line.textContent = '';
        if (!pick.value) { line.textContent = t('flood.duty.chooseFirst'); return; }
        confirm.disabled = true;
        try {
          const done = await api(`/api/v1/duty/reinforcements/${p.id}/assign`, { method: 'POST', json: { userId: Number(pick.value) } });
          floodSay(status, t('flood.duty.assigned', { name: done.userName || pick.selectedOptions[0].textContent, node: p.nodeName, post: t(`post.${p.post}`) }), true);
          await draw();
        } catch (err) { line.textContent = floodError(err); confirm.disabled = false; }
      } }, t('flood.duty.confirm'));
      const cancel = el('button', { type: 'button', class: 'small secondary', onclick: () => cell.replaceChildren(assignCell(p, cell)) }, t('flood.duty.cancel'));
      cell.replaceChildren(el('span', { class: 'flood-assign' }, pick, confirm, cancel), line);
      pick.focus();
    } }, t('flood.duty.assign'));
    return open;
  };

  const draw = async () => {
    const [reply, warnings] = await Promise.all([api(`/api/v1/duty/reinforcements?nodeId=${ctx.area.nodeId}`), api('/api/v1/warnings?limit=50').catch(() => [])]);
    const posts = reply.posts.slice().sort((a, b) => a.nodePath.length - b.nodePath.length || a.nodePath.localeCompare(b.nodePath)
      || floodPostOrder.indexOf(a.post) - floodPostOrder.indexOf(b.post) || a.id - b.id);
    const tile = (key, value, id, bad) => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(key)), el('div', { class: `value${bad ? ' bad' : ''}`, id }, value));
    // The warnings that opened them, with their level and until when.
    const opened = [...new Set(posts.map(p => p.warningId))].map(id => {
      const w = warnings.find(x => x.id === id), end = Math.max(...posts.filter(p => p.warningId === id).map(p => new Date(p.end)));
      return el('li', { 'data-warning': id }, w ? levelBadge(w.level) : '', ' ', w ? w.headline : t('flood.duty.warning', { id }), ' ',
        el('span', { class: 'muted' }, t('flood.duty.until', { at: floodWhen(end) })));
    });
    let lastNode = null;
    const rows = posts.map(p => {
      const cell = el('td', { class: 'fd-person' });
      if (p.userName) cell.append(el('span', { class: 'ok' }, p.userName));
      else if (mayAssign(p)) cell.append(assignCell(p, cell));
      else cell.append(el('span', { class: 'warn-text' }, t('flood.duty.open')));
      const first = p.nodeId !== lastNode;
      lastNode = p.nodeId;
      // The person before the period, so that a phone shows who holds the post without scrolling.
      const sameDay = new Date(p.start).toDateString() === new Date(p.end).toDateString();
      const until = sameDay ? new Date(p.end).toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit' }) : floodWhen(p.end);
      return el('tr', { 'data-post': p.id, 'data-node': p.nodeId, class: `${first ? 'first' : ''}${p.userName ? ' filled' : ''}` },
        el('td', { class: 'fd-node' }, first ? p.nodeName : ''), el('td', {}, el('span', { class: 'nowrap' }, t(`post.${p.post}`)), ' ', levelBadge(p.level)), cell,
        el('td', { class: 'nowrap muted' }, `${floodWhen(p.start)} – ${until}`));
    });
    body.replaceChildren(
      el('div', { class: 'tiles flood-tiles' }, tile('flood.duty.needed', reply.needed, 'fd-needed'), tile('flood.duty.filled', reply.filled, 'fd-filled'),
        tile('flood.duty.unfilled', reply.needed - reply.filled, 'fd-unfilled', reply.needed > reply.filled)),
      ...(posts.length ? [
        el('ul', { class: 'flood-warnings', id: 'fd-warnings' }, ...opened),
        el('div', { class: 'table-scroll' }, el('table', { id: 'fd-table', class: 'flood-table' },
          el('thead', {}, el('tr', {}, ...['flood.duty.node', 'flood.duty.post', 'flood.duty.person', 'flood.duty.period'].map(k => el('th', {}, t(k))))),
          el('tbody', {}, ...rows)))]
        : [el('p', { class: 'muted', id: 'fd-none' }, t('flood.duty.none'))]));
  };
  // Asked again now and then, unless a person is being chosen for a post.
  const refresh = () => (body.querySelector('select[id^="fd-user-"]') ? Promise.resolve() : draw());
  return { section, draw, refresh };
}
