'use strict';
// 楼组检查 — a building group's checks (docs/BUILDING-GROUPS.md; seed 002's "现场检查+视频复查+实地复核" for building groups,
// "信息沟通+检查指导+协商解决" for village groups), opened from the responsibility map (楼组包干图): what was checked when,
// by whom, by which method, in order or not; those who check (community workers, station chiefs, grid inspectors, duty
// officers, admins) record one. A check carries a key made when the form is drawn, so a form sent twice is one check.

const CHECK_METHODS = { building: ['siteVisit', 'videoReview', 'reinspection'], village: ['information', 'guidance', 'negotiation'] };

/// The checks of `group` (a building group as listed) and, for those who check, the form to record one.
async function groupChecksPanel(group) {
  const checks = await api(`/api/v1/building-groups/${group.id}/checks`);
  const checker = state.me.assignments.some(a => ['communityWorker', 'stationChief', 'admin', 'gridInspector', 'dutyOfficer'].includes(a.role)
    && group.nodePath.startsWith(a.nodePath));
  const list = el('div', { class: 'table-scroll' }, el('table', { class: 'a-table', id: 'group-checks' },
    el('thead', {}, el('tr', {}, ...['at', 'method', 'by', 'result', 'note'].map(k => el('th', {}, t(`statusMaps.check.${k}`))))),
    el('tbody', {}, ...checks.map(c => el('tr', { 'data-check': c.id, 'data-method': c.method, class: c.passed ? '' : 'bad' },
      el('td', {}, new Date(c.at).toLocaleString(state.lang)),
      el('td', {}, t(`statusMaps.method.${c.method}`)),
      el('td', {}, c.by),
      el('td', { 'data-col': 'result' }, el('span', { class: `badge${c.passed ? '' : ' bad'}` }, t(c.passed ? 'statusMaps.check.passed' : 'statusMaps.check.failed'))),
      el('td', {}, c.note))))));
  const section = el('section', { class: 'panel no-print', id: 'status-group-checks', 'data-group': group.id },
    el('h2', {}, t('statusMaps.checksTitle', { name: group.name })),
    checks.length ? list : el('p', { class: 'muted' }, t('statusMaps.noChecks')));
  if (!checker) return section;
  const clientKey = `web-${group.id}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const method = el('select', { id: 'group-check-method' }, ...(CHECK_METHODS[group.kind] || CHECK_METHODS.building).map(m => el('option', { value: m }, t(`statusMaps.method.${m}`))));
  const note = el('textarea', { id: 'group-check-note', maxlength: '500', rows: '2', placeholder: t('statusMaps.check.notePlaceholder') });
  const passed = el('input', { type: 'checkbox', id: 'group-check-passed' });
  passed.checked = true;
  const error = el('p', { class: 'error', role: 'alert' });
  section.append(el('form', { id: 'group-check-form', class: 'place-form', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await api(`/api/v1/building-groups/${group.id}/checks`, { method: 'POST', json: { method: method.value, note: note.value, passed: passed.checked, clientKey } });
      route();
    } catch (err) { error.textContent = err.message; }
  } },
    el('label', { for: 'group-check-method' }, t('statusMaps.check.method')), method,
    el('label', { for: 'group-check-note' }, t('statusMaps.check.note')), note,
    el('label', { for: 'group-check-passed' }, t('statusMaps.check.result')), el('span', {}, passed, ' ', t('statusMaps.check.passed')),
    el('p', {}, el('button', { type: 'submit', id: 'group-check-save' }, t('statusMaps.check.save'))), error));
  return section;
}
