'use strict';
// 值班值守 — who is on duty, the roster of the coming days, and the handover log with a form to hand over.
pages.duty = async (view) => {
  const post = state.me.assignments.find(a => ['dutyOfficer', 'leader', 'admin', 'stationChief'].includes(a.role)) || state.me.assignments[0];
  const node = post.nodeId;
  const [now, roster, handovers, hotspots] = await Promise.all([
    api(`/api/v1/duty/now?nodeId=${node}`), api(`/api/v1/duty/shifts?nodeId=${node}`), api(`/api/v1/duty/handovers?nodeId=${node}&limit=10`),
    api(`/api/v1/hotspots?nodeId=${node}`).catch(() => []), taxonomy()]);
  const note = el('textarea', { id: 'h-note', rows: '2', required: '' });
  const items = el('input', { id: 'h-items', type: 'text' });
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'panel report', id: 'handover', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await api('/api/v1/duty/handovers', { method: 'POST', json: { nodeId: node, note: note.value, items: items.value.split(/[;；]/).map(x => x.trim()).filter(Boolean) } });
      route();
    } catch (err) { error.textContent = err.message; }
  } },
    el('h2', {}, t('duty.handover')), el('label', { for: 'h-note' }, t('duty.note')), note, el('label', { for: 'h-items' }, t('duty.items')), items,
    el('p', {}, el('button', { type: 'submit', id: 'h-submit' }, t('duty.record'))), error);
  const when = (d) => new Date(d).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  view.replaceChildren(el('div', { class: 'station' },
    el('section', { class: 'panel' }, el('h2', {}, t('screen.onDuty')),
      el('ul', { id: 'duty-now' }, ...now.flatMap(l => l.shifts.map(s => el('li', {}, `${l.nodeName} · ${t(`post.${s.post}`)} ${s.userName}`))))),
    form,
    el('section', { class: 'panel' }, el('h2', {}, t('duty.roster')),
      el('table', {}, el('tbody', {}, ...roster.slice(0, 40).map(s => el('tr', {}, el('td', {}, `${when(s.start)} – ${when(s.end)}`), el('td', {}, t(`post.${s.post}`)), el('td', {}, s.userName)))))),
    el('section', { class: 'panel' }, el('h2', {}, t('duty.hotspots')), el('p', { class: 'muted' }, t('duty.hotspotsExplain')),
      el('ol', { id: 'hotspots' }, ...hotspots.slice(0, 12).map(h => el('li', {},
        `${categoryLabel(h.categoryId)} · ${t('duty.hotspotCount', { n: h.count, open: h.open, grids: h.gridIds.length })} · `,
        ...h.caseIds.slice(0, 5).flatMap((id, i) => [el('a', { href: `#/case/${id}` }, h.numbers[i]), ' '])))),
      hotspots.length ? '' : el('p', {}, t('duty.noHotspots'))),
    el('section', { class: 'panel' }, el('h2', {}, t('duty.log')),
      el('ol', { id: 'handovers' }, ...handovers.map(h => el('li', {}, `${when(h.at)} · ${h.fromName} · ${h.note} · ${t('duty.openMatters', { n: h.openMatters.length })}`))))));
  view.dataset.ready = 'true';
};
