'use strict';
// 系统管理 · 排班: a centre's or station's shifts of the coming days, a form to add one, delete, and a CSV import
// (docs/DUTY.md). Times are the city's local time (the working calendar's offset), as in the CSV.

adminTabs.roster = async (panel, ctx, params) => {
  const [top, nodes, calendar] = await Promise.all([ctx.top(), ctx.nodes(), ctx.calendar()]);
  const offset = calendar.utcOffsetSeconds;
  const today = adminLocal(new Date().toISOString(), offset).date;
  const nodeId = Number(params.get('node')) || top.id;
  const from = /^\d{4}-\d{2}-\d{2}$/.test(params.get('from') || '') ? params.get('from') : today;
  const days = Math.min(62, Math.max(1, Number(params.get('days')) || 7));
  const to = new Date(Date.parse(`${from}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
  const [shifts, users] = await Promise.all([
    api(`/api/v1/duty/shifts?nodeId=${nodeId}&from=${from}&to=${to}`),
    api(`/api/v1/users?nodeId=${nodeId}&limit=500`).catch(() => [])]);
  const keep = { tab: 'roster', node: nodeId, from, days };

  const node = adminSelect('a-roster-node', adminNodeOptions(nodes), nodeId);
  const fromInput = adminInput('a-roster-from', { type: 'date', required: '', value: from });
  const daysInput = adminInput('a-roster-days', { type: 'number', required: '', min: '1', max: '62', step: '1', value: String(days) });
  const controls = el('form', { id: 'a-roster-controls', class: 'a-inline', onsubmit: (e) => { e.preventDefault(); adminGo({ tab: 'roster', node: node.value, from: fromInput.value, days: daysInput.value }); } },
    el('label', { for: node.id }, t('admin.roster.node')), ' ', node, ' ', el('label', { for: fromInput.id }, t('admin.roster.from')), ' ', fromInput, ' ',
    el('label', { for: daysInput.id }, t('admin.roster.days')), ' ', daysInput, ' ', el('button', { type: 'submit', id: 'a-roster-show' }, t('admin.show')),
    ' ', el('span', { class: 'muted' }, t('admin.roster.zone', { zone: adminOffsetText(offset) })));

  const listAlert = el('p', { class: 'error', role: 'alert', id: 'a-roster-alert' });
  const when = (s) => {
    const a = adminLocal(s.start, offset), b = adminLocal(s.end, offset);
    return `${a.date} ${a.time} – ${b.date === a.date ? '' : `${b.date.slice(5)} `}${b.time}`;
  };
  const rows = shifts.slice().sort((a, b) => a.start.localeCompare(b.start)).map(s => el('tr', { 'data-shift': s.id, 'data-user': s.userName },
    el('td', {}, when(s)), el('td', {}, t(`post.${s.post}`)), el('td', {}, s.userName),
    el('td', {}, adminConfirmButton({ class: 'small danger', 'aria-label': t('admin.roster.deleteShift', { name: s.userName, when: when(s) }) }, 'admin.delete', async () => {
      listAlert.textContent = '';
      try { await api(`/api/v1/duty/shifts/${s.id}`, { method: 'DELETE' }); adminGo(keep, t('admin.roster.deleted')); } catch (err) { listAlert.textContent = err.message; }
    }))));

  // Those who hold the node's shifts first (its duty officers, leaders, station staff), then its other staff, then the
  // staff under it; residents hold no shifts.
  const onDuty = ['dutyOfficer', 'leader', 'stationChief', 'communityWorker'];
  const rank = (u) => (u.assignments.some(a => a.nodeId === nodeId && onDuty.includes(a.role)) ? 0 : u.assignments.some(a => a.nodeId === nodeId) ? 1 : 2);
  const staff = users.filter(u => u.active && u.assignments.some(a => a.role !== 'resident'))
    .sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName, 'zh-CN'));
  const post = adminSelect('a-shift-post', ['dutyOfficer', 'dutyChief', 'leaderOnDuty'].map(p => [p, t(`post.${p}`)]));
  const user = adminSelect('a-shift-user', staff.map(u => [u.id, `${u.displayName} (${u.username})`]), null, { required: '' });
  const start = adminInput('a-shift-start', { type: 'datetime-local', required: '', value: `${from}T08:30` });
  const end = adminInput('a-shift-end', { type: 'datetime-local', required: '', value: `${from}T17:30` });
  const shiftForm = adminForm('a-shift-form', 'admin.roster.add', [
    adminField('admin.roster.post', post, 'post'), adminField('admin.roster.user', user, 'userId [0]'),
    el('div', { class: 'a-row' }, adminField('admin.roster.start', start, 'start'), adminField('admin.roster.end', end, 'end nodeId')),
  ], async () => {
    const startAt = adminFromLocal(start.value, offset), endAt = adminFromLocal(end.value, offset);
    const hours = (Date.parse(endAt) - Date.parse(startAt)) / 3600000;
    if (hours <= 0) throw adminInvalid('end', t('admin.roster.endBeforeStart'));
    if (hours > 24) throw adminInvalid('end', t('admin.roster.tooLong'));
    await api('/api/v1/duty/shifts', { method: 'POST', json: [{ nodeId, post: post.value, userId: Number(user.value), start: startAt, end: endAt }] });
    adminGo(keep, t('admin.roster.added'));
  }, 'admin.add');
  if (!staff.length) shiftForm.querySelector('button[type=submit]').disabled = true;

  const csv = el('input', { id: 'a-csv-file', name: 'csv', type: 'file', accept: '.csv,text/csv', required: '' });
  const csvForm = adminForm('a-csv-form', 'admin.roster.import', [
    adminField('admin.roster.csvFile', csv, 'csv line', 'admin.roster.csvHint'), el('pre', { class: 'a-sample' }, t('admin.roster.csvSample')),
  ], async (_, status) => {
    const text = await csv.files[0].text();
    try {
      const created = await api(`/api/v1/duty/shifts/import?nodeId=${nodeId}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: text });
      adminGo(keep, t('admin.roster.imported', { n: created.length }));
    } catch (err) {
      // The server names the line and the column: "line 3 post".
      const m = /^line (\d+)(?: (\w+))?/.exec(err.field || '');
      if (!m) throw err;
      const where = t(m[2] ? 'admin.roster.csvAt' : 'admin.roster.csvLine', { line: m[1], column: m[2] || '' });
      throw adminInvalid('csv', err.message.startsWith(where) ? err.message : `${where}: ${err.message}`);
    }
  }, 'admin.roster.importSubmit');

  panel.append(controls, el('div', { class: 'a-grid2 wide-left' },
    el('div', {}, el('h2', {}, t('admin.roster.title', { name: (nodes.find(n => n.id === nodeId) || top).name })), listAlert,
      adminTable('a-roster-table', ['admin.roster.when', 'admin.roster.post', 'admin.roster.user', ''], rows),
      shifts.length ? '' : el('p', { class: 'muted' }, t('admin.roster.none'))),
    el('div', {}, shiftForm, csvForm)));
};
