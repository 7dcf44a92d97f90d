'use strict';
// 重点场所与设施 — an area's key places and facilities (docs/KEY-PLACES.md), on the base page (盘家底): the counts by kind
// (from the committees' tallies), the facilities nobody maintains (findings) marked and listable alone, a page at a time;
// a committee's keepers write in the maintainer found (PUT /api/v1/places/{id} on the version read). The big screen
// draws them as a layer of the city map (screen.js).

/// A kind's name in the user's language.
function placeKindName(kinds, code) {
  const k = kinds.find(x => x.code === code);
  return k ? (state.lang === 'en' ? k.nameEn : k.name) : code;
}

/// The base page's panel: `nodeId` the area, `counts` its base-data counts' `places`, `params` the route's query
/// (`unmaintained=1`, `pafter`), `go` changes the query; on a committee's page its keepers record a place (`form`).
async function keyPlacePanel(nodeId, counts, params, go, keeper, form) {
  const onlyFindings = params.get('unmaintained') === '1';
  const after = params.get('pafter') || '';
  const [kinds, page] = await Promise.all([api('/api/v1/places/kinds'),
    api(`/api/v1/places?nodeId=${nodeId}&limit=50${onlyFindings ? '&unmaintained=true' : ''}${after ? `&after=${encodeURIComponent(after)}` : ''}`)]);
  const byKind = Object.entries(counts.byKind || {}).filter(([, n]) => n > 0)
    .sort((a, b) => kinds.findIndex(k => k.code === a[0]) - kinds.findIndex(k => k.code === b[0]));
  const message = el('p', { class: 'error', role: 'alert' });
  const row = (p) => {
    const kind = kinds.find(k => k.code === p.kind);
    const finding = kind && kind.placeClass === 'facility' && !p.maintainer;
    let fix = '';
    if (finding && keeper) {
      const input = el('input', { maxlength: '200', placeholder: t('places.maintainerPlaceholder'), 'aria-label': t('places.maintainerPlaceholder'), 'data-place': p.id });
      fix = el('span', { class: 'inline-form' }, input, el('button', { type: 'button', class: 'secondary', 'data-save': p.id, onclick: async () => {
        message.textContent = '';
        try {
          await api(`/api/v1/places/${p.id}`, { method: 'PUT', json: Object.assign({}, p, { maintainer: input.value, version: p.version }) });
          route();
        } catch (err) { message.textContent = err.message; }
      } }, t('places.saveMaintainer')));
    }
    const change = keeper && form ? el('button', { type: 'button', class: 'secondary place-edit', 'data-edit': p.id, onclick: () => editSlot.replaceChildren(keyPlaceForm(nodeId, kinds, page.places, p)) },
      t('places.edit')) : '';
    return el('tr', { 'data-place': p.id, 'data-kind': p.kind, class: finding ? 'bad' : '' },
      el('td', {}, placeKindName(kinds, p.kind), kind && kind.supervised ? el('span', { class: 'badge warn', title: t('places.supervisedTip') }, t('places.supervised')) : ''),
      el('td', {}, p.name),
      el('td', {}, p.address || '—'),
      el('td', {}, p.operatorName || '—'),
      el('td', { 'data-col': 'maintainer' }, finding ? el('span', { class: 'badge bad' }, t('places.noMaintainer')) : (p.maintainer || '—'), ' ', fix),
      el('td', {}, p.capacity ? baseNumber(p.capacity) : '—', ' ', change));
  };
  const editSlot = el('div', { id: 'place-edit-slot' });
  const filter = el('input', { type: 'checkbox', id: 'places-findings', onchange: () => go({ unmaintained: filter.checked ? '1' : null, pafter: null }) });
  filter.checked = onlyFindings;
  return el('section', { class: 'panel', id: 'places-panel' },
    el('h2', {}, t('places.title')),
    el('p', { class: 'base-kinds', id: 'places-counts' },
      el('span', { class: 'badge' }, `${t('places.places')} ${baseNumber(counts.places)}`),
      el('span', { class: 'badge' }, `${t('places.facilities')} ${baseNumber(counts.facilities)}`),
      el('span', { class: `badge${counts.unmaintained ? ' bad' : ''}`, id: 'places-unmaintained' }, `${t('places.unmaintained')} ${baseNumber(counts.unmaintained)}`),
      ...byKind.map(([code, n]) => el('span', { class: 'badge', 'data-kind': code }, `${placeKindName(kinds, code)} ${baseNumber(n)}`))),
    el('p', {}, el('label', { for: 'places-findings' }, filter, ' ', t('places.onlyFindings'))),
    el('div', { class: 'table-scroll' }, el('table', { class: 'a-table', id: 'places-table' },
      el('thead', {}, el('tr', {}, ...['kind', 'name', 'address', 'operator', 'maintainer', 'capacity'].map(k => el('th', {}, t(`places.col.${k}`))))),
      el('tbody', {}, ...page.places.map(row)))),
    page.places.length ? '' : el('p', { class: 'muted' }, t(onlyFindings ? 'places.noFindings' : 'places.none')),
    page.nextAfter ? el('p', {}, el('a', { href: '#', id: 'places-more', onclick: (e) => { e.preventDefault(); go({ pafter: page.nextAfter }); } }, t('base.more'))) : '',
    message, editSlot, form ? keyPlaceForm(nodeId, kinds, page.places) : '');
}

/// 登记 — a keeper records a key place or facility of the committee: its kind, name, the compound it is in, the unit
/// running and maintaining it, capacity, and its point tapped on the map (no typed coordinates). Its code is made once
/// when the form is drawn, so a submit sent twice makes one place (the second is refused as a duplicate code). Given
/// `existing`, the same form changes that place on the version read — its kind, name, compound, point moved by a tap.
function keyPlaceForm(nodeId, kinds, places, existing) {
  // The ids of a change's form are its own (the add form may be on the page beside it).
  const pre = existing ? 'place-edit' : 'place';
  const code = existing ? existing.code : `ZD-${nodeId}-${Date.now().toString(36).toUpperCase()}`;
  const kind = el('select', { id: `${pre}-kind`, required: '' },
    ...['place', 'facility'].map(c => el('optgroup', { label: t(`places.class.${c}`) },
      ...kinds.filter(k => k.placeClass === c).map(k => el('option', { value: k.code }, placeKindName(kinds, k.code))))));
  const field = (id, max, type = 'text') => el('input', { id, type, maxlength: String(max) });
  const name = field(`${pre}-name`, 100), address = field(`${pre}-address`, 200), operator = field(`${pre}-operator`, 200), maintainer = field(`${pre}-maintainer`, 200);
  const capacity = el('input', { id: `${pre}-capacity`, type: 'number', min: '1', max: '1000000' });
  const compound = el('select', { id: `${pre}-compound` }, el('option', { value: '' }, t('places.noCompound')));
  const mapBox = el('div', { id: `${pre}-map`, class: 'place-map' });
  const note = el('p', { class: 'muted', role: 'status' }, t('places.tapMap'));
  const error = el('p', { class: 'error', role: 'alert' });
  let point = existing ? existing.location : null, pin = null, map = null;
  if (existing) {
    kind.value = existing.kind; name.value = existing.name; address.value = existing.address || ''; operator.value = existing.operatorName || '';
    maintainer.value = existing.maintainer || ''; capacity.value = existing.capacity || '';
  }
  const form = el('form', { id: `${pre}-form`, class: 'place-form', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!point) { error.textContent = t('error.place.location'); return; }
    const json = { code, nodeId, kind: kind.value, name: name.value, location: point,
      compoundId: compound.value ? Number(compound.value) : undefined, address: address.value, operatorName: operator.value, maintainer: maintainer.value,
      capacity: capacity.value ? Number(capacity.value) : undefined };
    try {
      if (existing) await api(`/api/v1/places/${existing.id}`, { method: 'PUT', json: Object.assign(json, { note: existing.note, version: existing.version }) });
      else await api('/api/v1/places', { method: 'POST', json });
      route();
    } catch (err) { error.textContent = err.message; }
  } },
    el('label', { for: `${pre}-kind` }, t('places.col.kind')), kind,
    el('label', { for: `${pre}-name` }, t('places.col.name')), name,
    el('label', { for: `${pre}-compound` }, t('places.compound')), compound,
    el('label', { for: `${pre}-address` }, t('places.col.address')), address,
    el('label', { for: `${pre}-operator` }, t('places.col.operator')), operator,
    el('label', { for: `${pre}-maintainer` }, t('places.col.maintainer')), maintainer,
    el('label', { for: `${pre}-capacity` }, t('places.col.capacity')), capacity,
    el('p', {}, t('places.point')), mapBox, note,
    el('p', {}, el('button', { type: 'submit', id: existing ? 'place-save' : 'place-submit' }, t(existing ? 'places.save' : 'places.add'))), error);
  const box = el('details', { id: existing ? 'place-change' : 'place-add', class: 'no-print' },
    el('summary', {}, existing ? t('places.changeTitle', { name: existing.name }) : t('places.add')), form);
  // The map is drawn when the form opens (Leaflet needs its box on the page), over the committee's compounds and places.
  box.addEventListener('toggle', async () => {
    if (!box.open || map) return;
    const found = await api(`/api/v1/compounds?nodeId=${nodeId}&limit=200`);
    compound.append(...found.compounds.map(c => el('option', { value: c.id }, c.name)));
    if (existing && existing.compoundId) compound.value = String(existing.compoundId);
    map = baseMap(mapBox);
    const spots = [...found.compounds.filter(c => c.location).map(c => [c.location.lat, c.location.lon]), ...places.map(p => [p.location.lat, p.location.lon])];
    for (const p of places) L.circleMarker([p.location.lat, p.location.lon], { radius: 5, color: '#0d2340', weight: 1, fillColor: '#a855f7', fillOpacity: 0.9 }).addTo(map);
    if (existing) { pin = L.marker([point.lat, point.lon]).addTo(map); map.setView([point.lat, point.lon], 17, { animate: false }); note.textContent = t('places.moveTip'); }
    else if (spots.length) map.fitBounds(L.latLngBounds(spots).pad(0.3), { maxZoom: 17 }); else map.setView([31.2, 121.45], 12);
    map.on('click', (e) => {
      point = { lon: Number(e.latlng.lng.toFixed(6)), lat: Number(e.latlng.lat.toFixed(6)) };
      if (pin) pin.remove();
      pin = L.marker([point.lat, point.lon]).addTo(map);
      note.textContent = t('places.placed');
    });
  });
  // A change opens at once (the keeper pressed 修改 on the row).
  if (existing) setTimeout(() => { box.open = true; box.scrollIntoView({ block: 'nearest' }); }, 0);
  return box;
}
