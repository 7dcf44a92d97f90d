'use strict';
// 隐患排查销项 — an area's close-out rates (its parts and kinds), its hazards (open, overdue, closed out), an inspection
// recorded with what it found, and a hazard taken through 整改 → 复查 → 销项 (docs/HAZARDS.md).

const HAZARD_KINDS = ['fireSafety', 'flyingWireCharging', 'threeInOne', 'gasWaterMains', 'oldBuilding', 'curtainWall', 'outdoorUnit', 'specialEquipment',
  'constructionSite', 'crowdedPlace', 'hazardousChemicals', 'factoryStudio', 'publicHealth', 'foodSafety', 'other'];

/// The close-out rate of a tally, or — with nothing found.
function hazardRate(x) { return x === null || x === undefined ? '—' : percent(x); }
function closeOutRate(t) { return t.found ? t.closedOut / t.found : null; }
function onTimeRate(t) { return t.closedOut ? t.closedOnTime / t.closedOut : null; }

pages.hazards = async (view, params, id) => {
  if (id) return hazardDetail(view, id);
  const node = params.get('node');
  const q = node ? `nodeId=${node}` : '';
  const filter = params.get('show') || 'open';
  const listQuery = filter === 'overdue' ? 'overdue=true' : filter === 'all' ? '' : `state=${filter}`;
  const [rates, page] = await Promise.all([api(`/api/v1/hazards/rates?${q}`), api(`/api/v1/hazards?${[q, listQuery].filter(Boolean).join('&')}&limit=100`)]);
  const t0 = rates.tally;
  const tile = (key, value, id, bad) => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(key)), el('div', { class: `value${bad ? ' bad' : ''}`, id }, String(value)));
  const here = (nodeId) => `#/hazards?node=${nodeId}`;
  const partRows = rates.parts.map(p => el('tr', { 'data-node': p.id }, el('td', {}, el('a', { href: here(p.id) }, p.name)), el('td', {}, String(p.tally.found)),
    el('td', {}, String(p.tally.open)), el('td', { class: p.tally.overdue ? 'late' : '' }, String(p.tally.overdue)), el('td', {}, String(p.tally.closedOut)),
    el('td', {}, hazardRate(closeOutRate(p.tally))), el('td', {}, hazardRate(onTimeRate(p.tally)))));
  const kindRows = rates.kinds.map(k => el('tr', {}, el('td', {}, t(`hazard.${k.kind}`)), el('td', {}, String(k.tally.found)), el('td', {}, String(k.tally.open)),
    el('td', { class: k.tally.overdue ? 'late' : '' }, String(k.tally.overdue)), el('td', {}, String(k.tally.closedOut)), el('td', {}, hazardRate(closeOutRate(k.tally))),
    el('td', {}, hazardRate(onTimeRate(k.tally)))));
  const head = (first) => el('thead', {}, el('tr', {}, el('th', {}, t(first)), ...['found', 'open', 'overdue', 'closedOut', 'closeOutRate', 'onTimeRate'].map(k => el('th', {}, t(`hazards.${k}`)))));
  const show = el('select', { id: 'hazard-show', 'aria-label': t('hazards.show'), onchange: () => { location.hash = `#/hazards?${[node ? `node=${node}` : '', `show=${show.value}`].filter(Boolean).join('&')}`; } },
    ...['open', 'rectified', 'overdue', 'closedOut', 'all'].map(s => el('option', { value: s }, t(`hazards.show.${s}`))));
  show.value = filter;
  const rows = page.hazards.map(v => el('tr', { 'data-id': v.hazard.id, class: v.overdue ? 'late' : '' },
    el('td', {}, el('a', { href: `#/hazards/${v.hazard.id}` }, v.hazard.number)), el('td', {}, t(`hazard.${v.hazard.kind}`),
      v.hazard.severity === 'major' ? el('span', { class: 'badge bad' }, t('hazards.major')) : ''),
    el('td', {}, [v.nodeName, v.keyPlaceName].filter(Boolean).join(' · ')), el('td', {}, v.hazard.description), el('td', {}, v.hazard.responsibleUnit),
    el('td', {}, v.hazard.rectifyBy), el('td', {}, t(`hazards.state.${v.hazard.state}`), v.overdue ? el('span', { class: 'badge bad' }, t('hazards.overdue')) : '')));
  view.replaceChildren(el('div', { class: 'hazards' },
    el('h1', {}, `${t('menu.hazards')} · ${rates.nodeName}`),
    el('section', { class: 'panel', id: 'hazard-rates' }, el('h2', {}, t('hazards.rates')),
      el('div', { class: 'tiles kpi-tiles' }, tile('hazards.found', t0.found, 'h-found'), tile('hazards.open', t0.open, 'h-open'),
        tile('hazards.overdue', t0.overdue, 'h-overdue', t0.overdue > 0), tile('hazards.closedOut', t0.closedOut, 'h-closed'),
        tile('hazards.closeOutRate', hazardRate(closeOutRate(t0)), 'h-rate'), tile('hazards.onTimeRate', hazardRate(onTimeRate(t0)), 'h-on-time')),
      partRows.length ? el('div', { class: 'table-scroll' }, el('table', { class: 'grid', id: 'hazard-parts' }, head('hazards.part'), el('tbody', {}, ...partRows))) : '',
      kindRows.length ? el('div', { class: 'table-scroll' }, el('table', { class: 'grid', id: 'hazard-kinds' }, head('hazards.kind'), el('tbody', {}, ...kindRows))) : '',
      el('p', { class: 'muted' }, t('hazards.formula'))),
    el('section', { class: 'panel', id: 'hazard-list' }, el('h2', {}, t('hazards.list')), el('p', {}, show),
      rows.length ? el('div', { class: 'table-scroll' }, el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, ...['number', 'kind', 'place', 'what', 'unit', 'due', 'state'].map(k => el('th', {}, t(`hazards.col.${k}`))))),
        el('tbody', {}, ...rows))) : el('p', { class: 'muted' }, t('hazards.none'))),
    await inspectionForm(rates)));
  view.dataset.ready = 'true';
};

/// 记录排查 — an inspection of the area shown, with the hazards it found (a row each; more rows on demand).
async function inspectionForm(rates) {
  const places = await api(`/api/v1/org/nodes?under=${rates.nodeId}&kind=committee&limit=500`).catch(() => []);
  const message = el('p', { class: 'error', role: 'alert', id: 'inspection-error' });
  const list = el('div', { id: 'inspection-hazards' });
  let key = requestKey();
  const addRow = () => {
    const n = list.children.length;
    list.append(el('fieldset', { class: 'hazard-row' }, el('legend', {}, t('hazards.finding', { n: n + 1 })),
      el('select', { name: 'kind', 'aria-label': t('hazards.col.kind') }, ...HAZARD_KINDS.map(k => el('option', { value: k }, t(`hazard.${k}`)))),
      el('select', { name: 'severity', 'aria-label': t('hazards.severity') }, el('option', { value: 'general' }, t('hazards.general')), el('option', { value: 'major' }, t('hazards.major'))),
      // The place among the area's committees, unless the area is one.
      !(places.length === 1 && places[0].id === rates.nodeId) && places.length ? el('select', { name: 'place', 'aria-label': t('hazards.col.place') }, ...places.map(p => el('option', { value: String(p.id) }, p.name))) : '',
      el('input', { name: 'description', placeholder: t('hazards.col.what'), 'aria-label': t('hazards.col.what'), maxlength: '500', required: '' }),
      el('input', { name: 'unit', placeholder: t('hazards.col.unit'), 'aria-label': t('hazards.col.unit'), maxlength: '100', required: '' }),
      el('input', { name: 'due', type: 'date', 'aria-label': t('hazards.col.due'), title: t('hazards.dueDefault') })));
  };
  addRow();
  const form = el('form', { class: 'join-form', id: 'inspection-form', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    const hazards = [...list.querySelectorAll('.hazard-row')].filter(r => r.querySelector('[name=description]').value.trim()).map(r => {
      const h = { kind: r.querySelector('[name=kind]').value, severity: r.querySelector('[name=severity]').value, description: r.querySelector('[name=description]').value.trim(),
        responsibleUnit: r.querySelector('[name=unit]').value.trim() };
      const place = r.querySelector('[name=place]'), due = r.querySelector('[name=due]').value;
      if (place) h.nodeId = Number(place.value);
      if (due) h.rectifyBy = due;
      return h;
    });
    await api('/api/v1/inspections', { method: 'POST', json: { kind: $('#inspection-kind', form).value, method: $('#inspection-method', form).value, nodeId: rates.nodeId, inspector: form.inspector.value.trim(),
      note: form.note.value.trim(), hazards, clientKey: key } }).then(() => { key = requestKey(); route(); }, (err) => { message.textContent = err.message; });
  } },
    el('label', { for: 'inspection-kind' }, t('hazards.inspectionKind')),
    el('select', { id: 'inspection-kind', name: 'kind' }, ...['selfInspection', 'thirdPartyRound', 'oversight'].map(k => el('option', { value: k }, t(`hazards.inspection.${k}`)))),
    el('label', { for: 'inspection-method' }, t('hazards.method')),
    el('select', { id: 'inspection-method', name: 'method' }, ...['onSite', 'instrument', 'unannounced'].map(k => el('option', { value: k }, t(`hazards.method.${k}`)))),
    el('label', { for: 'inspection-inspector' }, t('hazards.inspector')), el('input', { id: 'inspection-inspector', name: 'inspector', maxlength: '100', required: '' }),
    el('label', { for: 'inspection-note' }, t('hazards.note')), el('input', { id: 'inspection-note', name: 'note', maxlength: '500' }),
    list, el('p', {}, el('button', { type: 'button', class: 'secondary', id: 'inspection-more', onclick: addRow }, t('hazards.addFinding'))),
    el('p', {}, el('button', { type: 'submit' }, t('hazards.record'))), message);
  return el('section', { class: 'panel', id: 'inspection-panel' }, el('h2', {}, t('hazards.recordTitle', { area: rates.nodeName })), form);
}

/// A hazard with its steps and the next step: 整改 (what was done), then someone else's 复查 — 通过 closes it out,
/// 未通过 opens it again (with a new day if given).
async function hazardDetail(view, id) {
  const v = await api(`/api/v1/hazards/${id}`), h = v.hazard;
  const message = el('p', { class: 'error', role: 'alert', id: 'hazard-error' });
  const note = el('textarea', { id: 'hazard-note', rows: '2', maxlength: '500', 'aria-label': t('hazards.stepNote'), placeholder: t('hazards.stepNote') });
  const send = (action, extra = {}) => api(`/api/v1/hazards/${id}/steps`, { method: 'POST', json: Object.assign({ action, note: note.value.trim(), version: h.version }, extra) })
    .then(() => route(), (err) => { message.textContent = err.message; });
  const actions = [];
  if (h.state === 'open') actions.push(el('button', { type: 'button', id: 'hazard-rectify', onclick: () => send('rectify') }, t('hazards.rectify')));
  if (h.state === 'rectified') {
    const due = el('input', { type: 'date', id: 'hazard-new-due', 'aria-label': t('hazards.newDue'), title: t('hazards.newDue') });
    actions.push(el('button', { type: 'button', id: 'hazard-pass', onclick: () => send('pass') }, t('hazards.pass')), ' ',
      el('button', { type: 'button', class: 'secondary', id: 'hazard-fail', onclick: () => send('fail', due.value ? { rectifyBy: due.value } : {}) }, t('hazards.fail')), ' ', due);
  }
  view.replaceChildren(el('div', { class: 'hazards' }, el('p', {}, el('a', { href: '#/hazards' }, t('hazards.back'))),
    el('section', { class: 'panel', id: 'hazard-detail', 'data-state': h.state },
      el('h1', {}, `${h.number} ${t(`hazard.${h.kind}`)}`, h.severity === 'major' ? el('span', { class: 'badge bad' }, t('hazards.major')) : ''),
      el('p', {}, h.description),
      el('p', { class: 'muted' }, [v.nodeName, v.keyPlaceName, `${t('hazards.col.unit')}：${h.responsibleUnit}`, `${t('hazards.col.due')}：${h.rectifyBy}`].filter(Boolean).join(' · ')),
      el('p', {}, el('strong', { id: 'hazard-state' }, t(`hazards.state.${h.state}`)), v.overdue ? el('span', { class: 'badge bad' }, t('hazards.overdue')) : '',
        h.closedOnTime === false ? el('span', { class: 'badge warn' }, t('hazards.late')) : ''),
      el('ol', { class: 'hazard-steps', id: 'hazard-steps' }, ...(v.steps || []).map(s => el('li', {}, `${t(`hazards.step.${s.action}`)} · ${s.by} · ${shortTime(s.at)}`, s.note ? ` · ${s.note}` : ''))),
      actions.length ? el('div', {}, note, el('p', {}, ...actions)) : '', message)));
  view.dataset.ready = 'true';
}
