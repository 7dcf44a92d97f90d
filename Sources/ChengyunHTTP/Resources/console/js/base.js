'use strict';
// 盘家底 — an area's base data (docs/BASE-DATA.md), `#/base?node=&compound=&building=&kind=&tag=&after=`: the counts,
// the compounds, a building's house status map (房态图: each house by unit and floor, coloured by its use, with its
// residents masked), the residents with filters, one resident unmasked for a stated reason (audited), and the import
// of population records with its report of refused rows.

const baseUses = ['ownerOccupied', 'rented', 'vacant', 'business', 'other'];
const baseUseColours = { ownerOccupied: '#2e7d32', rented: '#1565c0', vacant: '#546e7a', business: '#8e24aa', other: '#6d4c41' };
const baseKinds = ['registered', 'resident', 'floating'];
const baseCompoundTypes = ['oldEstate', 'commercial', 'soldPublicHousing', 'other'];
const baseNumber = (n) => (n || 0).toLocaleString(state.lang);

pages.base = async (view, params) => {
  const nodeParam = params.get('node');
  const [counts, tags] = await Promise.all([api(`/api/v1/base-data/counts${nodeParam ? `?nodeId=${nodeParam}` : ''}`), api('/api/v1/tags')]);
  const nodeId = counts.nodeId;
  const c = counts.counts;
  const tagName = (code) => { const x = tags.find(g => g.code === code); return x ? x.name : code; };
  const roles = new Set(state.me.assignments.map(a => a.role));
  const keeper = ['communityWorker', 'stationChief', 'admin'].some(r => roles.has(r));
  // A change of the route's query, keeping the rest.
  const go = (changes) => {
    const query = new URLSearchParams(location.hash.split('?')[1] || '');
    for (const [k, v] of Object.entries(changes)) { if (v === null || v === undefined || v === '') query.delete(k); else query.set(k, String(v)); }
    location.hash = `#/base${query.toString() ? `?${query}` : ''}`;
  };

  // 盘家底 — the counts of the area: from the committees' tallies, never by reading the rows.
  const tile = (key, value, id) => el('div', { class: 'tile', id }, el('div', { class: 'label' }, t(key)), el('div', { class: 'value' }, baseNumber(value)));
  const groups = Object.entries(c.byTag || {}).sort((a, b) => b[1] - a[1]);
  const summary = el('section', { class: 'panel', id: 'base-counts' },
    el('h2', {}, counts.nodeName),
    el('div', { class: 'tiles base-tiles' }, tile('base.compounds', c.compounds, 'base-compound-count'), tile('base.buildings', c.buildings),
      tile('base.houses', c.houses), tile('base.residents', c.residents, 'base-resident-count'), tile('base.partyMembers', c.partyMembers)),
    el('p', { class: 'base-kinds' }, ...baseKinds.map(k => el('span', { class: 'badge' }, `${t(`base.kind.${k}`)} ${baseNumber((c.byKind || {})[k])}`)),
      ...baseCompoundTypes.filter(k => (c.byCompoundType || {})[k]).map(k => el('span', { class: 'badge' }, `${t(`base.type.${k}`)} ${baseNumber(c.byCompoundType[k])}`))),
    groups.length ? el('p', { class: 'base-groups', id: 'base-groups' }, el('span', { class: 'muted' }, t('base.groups')), ' ',
      ...groups.map(([code, n]) => el('a', { href: '#', class: 'badge', 'data-tag': code, onclick: (e) => { e.preventDefault(); go({ tag: code, after: null }); } },
        `${tagName(code)} ${baseNumber(n)}`))) : '');

  // 小区 — the compounds of the area, a page at a time; the chosen one's buildings.
  const compounds = await api(`/api/v1/compounds?nodeId=${nodeId}&limit=50${params.get('cafter') ? `&after=${encodeURIComponent(params.get('cafter'))}` : ''}`);
  const chosenCompound = params.get('compound');
  const compoundList = el('ul', { class: 'base-list', id: 'base-compounds' }, ...compounds.compounds.map(k => el('li', { class: String(k.id) === chosenCompound ? 'selected' : '' },
    el('a', { href: '#', 'data-compound': k.id, onclick: (e) => { e.preventDefault(); go({ compound: k.id, building: null }); } }, k.name),
    ' ', el('span', { class: 'badge' }, t(`base.type.${k.type}`)),
    el('span', { class: 'muted' }, ' ', k.managementMode === 'selfManaged' ? t('base.selfManaged') : (k.propertyCompany || '')))));
  if (!compounds.compounds.length) compoundList.append(el('li', { class: 'muted' }, t('base.noCompounds')));
  const compoundPanel = el('section', { class: 'panel', id: 'base-compound-panel' }, el('h2', {}, t('base.compoundList')), compoundList,
    compounds.nextAfter ? el('p', {}, el('a', { href: '#', id: 'base-compounds-more', onclick: (e) => { e.preventDefault(); go({ cafter: compounds.nextAfter }); } }, t('base.more'))) : '');

  const housePanel = el('section', { class: 'panel', id: 'base-house-panel' });
  if (chosenCompound) {
    const [compound, buildings] = await Promise.all([api(`/api/v1/compounds/${chosenCompound}`), api(`/api/v1/compounds/${chosenCompound}/buildings`)]);
    const chosenBuilding = params.get('building') || (buildings[0] && String(buildings[0].id));
    housePanel.append(el('h2', {}, compound.name),
      el('dl', { class: 'facts' },
        el('dt', {}, t('base.compoundType')), el('dd', {}, t(`base.type.${compound.type}`)),
        el('dt', {}, t('base.management')), el('dd', {}, compound.managementMode === 'selfManaged' ? t('base.selfManaged') : (compound.propertyCompany || '—')),
        el('dt', {}, t('base.owners')), el('dd', {}, compound.ownersCommittee || t('base.noOwners')),
        el('dt', {}, t('base.entrances')), el('dd', {}, compound.entrances.length ? compound.entrances.map(x => x.name).join('、') : '—')),
      el('p', { class: 'base-buildings', id: 'base-buildings' }, ...buildings.map(b => el('button', {
        type: 'button', class: String(b.id) === chosenBuilding ? 'selected' : '', 'data-building': b.id, 'aria-pressed': String(String(b.id) === chosenBuilding),
        onclick: () => go({ compound: compound.id, building: b.id }) }, b.number))));
    if (chosenBuilding) housePanel.append(await baseHouseMap(chosenBuilding, buildings.find(b => String(b.id) === chosenBuilding), tagName));
  } else {
    housePanel.append(el('h2', {}, t('base.houseMap')), el('p', { class: 'muted' }, t('base.pickCompound')));
  }

  // 实有人口 — the residents of the area (masked), by kind and tag, a page at a time.
  const kind = baseKinds.includes(params.get('kind')) ? params.get('kind') : '';
  const tag = params.get('tag') || '';
  const after = params.get('after') || '';
  const residents = await api(`/api/v1/residents?nodeId=${nodeId}&limit=50${kind ? `&kind=${kind}` : ''}${tag ? `&tag=${encodeURIComponent(tag)}` : ''}${after ? `&after=${after}` : ''}`);
  const kindSelect = el('select', { id: 'base-kind', onchange: () => go({ kind: kindSelect.value, after: null }) },
    el('option', { value: '' }, t('base.allKinds')), ...baseKinds.map(k => el('option', { value: k }, t(`base.kind.${k}`))));
  kindSelect.value = kind;
  const tagSelect = el('select', { id: 'base-tag', onchange: () => go({ tag: tagSelect.value, after: null }) },
    el('option', { value: '' }, t('base.allTags')), ...tags.filter(g => g.kind === 'resident').map(g => el('option', { value: g.code }, g.name)));
  tagSelect.value = tag;
  const residentTable = el('table', { class: 'a-table', id: 'base-residents' },
    el('thead', {}, el('tr', {}, ...['base.name', 'base.idNumber', 'base.phone', 'base.kindHead', 'base.tags', ''].map(k => el('th', {}, k ? t(k) : '')))),
    el('tbody', {}, ...residents.residents.map(r => baseResidentRow(r, tagName))));
  const residentPanel = el('section', { class: 'panel', id: 'base-resident-panel' },
    el('h2', {}, t('base.residentList')),
    el('p', { class: 'dev-filters' }, el('label', { for: 'base-kind' }, t('base.kindHead'), kindSelect), el('label', { for: 'base-tag' }, t('base.tags'), tagSelect)),
    el('p', { class: 'muted' }, t('base.masked')),
    el('div', { class: 'table-scroll' }, residentTable),
    residents.residents.length ? '' : el('p', { class: 'muted' }, t('base.noResidents')),
    residents.nextAfter ? el('p', {}, el('a', { href: '#', id: 'base-residents-more', onclick: (e) => { e.preventDefault(); go({ after: residents.nextAfter }); } }, t('base.more'))) : '');

  const placePanel = await keyPlacePanel(nodeId, c.places || {}, params, go, keeper, keeper && counts.nodeKind === 'committee');
  // 导入 — a department's file of key places (a fire brigade's hydrants …) for a committee's keepers.
  const placeImport = keeper && counts.nodeKind === 'committee'
    ? csvImportPanel({ id: 'place-import', url: `/api/v1/places/import?nodeId=${nodeId}`, title: t('places.importTitle'), hint: t('places.importHint'),
      done: (n) => t('places.importedN', { n }), after: route }) : '';
  view.replaceChildren(el('h1', {}, t('base.title')), summary, el('div', { class: 'base-grid' }, compoundPanel, housePanel), placePanel, placeImport, residentPanel,
    keeper ? baseImportPanel() : '');
  view.dataset.ready = 'true';
};

/// 房态图 — a building's houses by floor (top first) and unit, each coloured by its use, with its residents masked.
async function baseHouseMap(buildingId, building, tagName) {
  const houses = await api(`/api/v1/buildings/${buildingId}/houses`);
  const units = [...new Set(houses.map(h => h.house.unit))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const floors = [...new Set(houses.map(h => h.house.floor))].sort((a, b) => b - a);
  const detail = el('div', { class: 'base-house-detail', id: 'base-house-detail', 'aria-live': 'polite' }, el('p', { class: 'muted' }, t('base.pickHouse')));
  const cell = (h) => el('button', {
    type: 'button', class: 'base-house', 'data-house': h.house.id, 'data-use': h.house.use, style: `background:${baseUseColours[h.house.use] || '#444'}`,
    title: `${h.house.number} · ${t(`base.use.${h.house.use}`)}`,
    onclick: () => detail.replaceChildren(el('h3', {}, t('base.houseTitle', { unit: h.house.unit, number: h.house.number }), ' ',
      el('span', { class: 'badge' }, t(`base.use.${h.house.use}`)), ...h.house.tags.map(g => el('span', { class: 'badge warn' }, tagName(g)))),
      h.residents.length ? el('table', { class: 'a-table' }, el('tbody', {}, ...h.residents.map(r => baseResidentRow(r, tagName)))) : el('p', { class: 'muted' }, t('base.empty'))),
  }, h.house.number, h.residents.length ? el('small', {}, ` ${h.residents.length}`) : '', h.house.tags.length ? el('small', {}, ' ⚑') : '');
  const table = el('table', { class: 'base-house-map', id: 'base-house-map' },
    el('thead', {}, el('tr', {}, el('th', {}, t('base.floor')), ...units.map(u => el('th', {}, t('base.unit', { unit: u }))))),
    el('tbody', {}, ...floors.map(f => el('tr', {}, el('th', {}, String(f)),
      ...units.map(u => el('td', {}, ...houses.filter(h => h.house.floor === f && h.house.unit === u).map(cell)))))));
  const legend = el('p', { class: 'base-legend' }, ...baseUses.map(u => el('span', { class: 'badge', style: `background:${baseUseColours[u]}` }, t(`base.use.${u}`))));
  return el('div', { class: 'base-house-wrap' },
    el('h3', {}, t('base.houseMapOf', { number: building ? building.number : '' }), building ? el('span', { class: 'muted' }, ' ', t('base.size', { floors: building.floors, units: building.units })) : ''),
    legend, el('div', { class: 'table-scroll' }, table), detail);
}

/// A resident's row, masked; 查看 asks why and shows the person unmasked (the read is on the audit trail).
function baseResidentRow(r, tagName) {
  const cells = { name: el('td', {}, r.name || '—'), id: el('td', {}, r.idNumber || '—'), phone: el('td', {}, r.phone || '—') };
  const reason = el('input', { type: 'text', class: 'base-reason', maxlength: '200', placeholder: t('base.reasonHint'), 'aria-label': t('base.reason') });
  const message = el('span', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'base-reveal', hidden: '', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    try {
      const full = await api(`/api/v1/residents/${r.id}/reveal`, { method: 'POST', json: { reason: reason.value } });
      cells.name.textContent = full.name; cells.id.textContent = full.idNumber || '—'; cells.phone.textContent = full.phone || '—';
      form.replaceChildren(el('span', { class: 'muted' }, t('base.revealed')));
    } catch (err) { message.textContent = err.message; }
  } }, reason, el('button', { type: 'submit' }, t('base.show')), message);
  return el('tr', { 'data-resident': r.id },
    cells.name, cells.id, cells.phone,
    el('td', {}, t(`base.kind.${r.kind}`), r.partyMember ? el('span', { class: 'badge' }, t('base.party')) : ''),
    el('td', {}, ...r.tags.map(g => el('span', { class: 'badge' }, tagName(g)))),
    el('td', {}, el('button', { type: 'button', class: 'base-reveal-open', onclick: (e) => { e.target.hidden = true; form.hidden = false; reason.focus(); } }, t('base.reveal')), form));
}

/// 导入 — a sheet of population records; the whole file or nothing, with every refused row listed.
function baseImportPanel() {
  return csvImportPanel({ id: 'base-import', url: '/api/v1/residents/import', title: t('base.importTitle'), hint: t('base.importHint'),
    done: (n) => t('base.imported', { n }) });
}

/// An import (residents, ledgers) of an Excel workbook (.xlsx) or a CSV (UTF-8 or GBK): the file is sent whole; the server applies all of it or none and lists every
/// refused row (line, column, why — in the user's language). Elements are named `<id>-file`, `-send`, `-ok`, `-report`.
function csvImportPanel({ id, url, title, hint, done, after }) {
  const file = el('input', { type: 'file', id: `${id}-file`, accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const result = el('div', { id: `${id}-result`, 'aria-live': 'polite' });
  const form = el('form', { class: 'base-import', onsubmit: async (e) => {
    e.preventDefault();
    result.replaceChildren();
    const chosen = file.files && file.files[0];
    if (!chosen) { result.append(el('p', { class: 'error' }, t('base.chooseFile'))); return; }
    const reply = await send(typeof url === 'function' ? url() : url, { method: 'POST', headers: { 'Content-Type': chosen.type || 'application/octet-stream' }, body: chosen });
    const body = await reply.json().catch(() => null);
    if (reply.ok) { result.append(el('p', { class: 'ok', id: `${id}-ok` }, done(body.accepted))); if (after) after(); return; }
    result.append(el('p', { class: 'error', role: 'alert' }, body && body.error ? errorText(body.error) : reply.statusText));
    const rows = (body && body.report && body.report.rejected) || [];
    if (rows.length) result.append(el('table', { class: 'a-table', id: `${id}-report` },
      el('thead', {}, el('tr', {}, ...['base.line', 'base.column', 'base.why'].map(k => el('th', {}, t(k))))),
      el('tbody', {}, ...rows.map(x => el('tr', {}, el('td', {}, String(x.line)), el('td', {}, x.field || '—'), el('td', {}, errorText({ code: x.code, message: x.message })))))));
  } }, el('label', { for: `${id}-file` }, t('base.importFile')), file, el('button', { type: 'submit', id: `${id}-send` }, t('base.import')));
  return el('section', { class: 'panel', id: `${id}-panel` }, el('h2', {}, title), el('p', { class: 'muted' }, hint), form, result);
}
