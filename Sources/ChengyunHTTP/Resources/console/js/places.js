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
    return el('tr', { 'data-place': p.id, 'data-kind': p.kind, class: finding ? 'bad' : '' },
      el('td', {}, placeKindName(kinds, p.kind), kind && kind.supervised ? el('span', { class: 'badge warn', title: t('places.supervisedTip') }, t('places.supervised')) : ''),
      el('td', {}, p.name),
      el('td', {}, p.address || '—'),
      el('td', {}, p.operatorName || '—'),
      el('td', { 'data-col': 'maintainer' }, finding ? el('span', { class: 'badge bad' }, t('places.noMaintainer')) : (p.maintainer || '—'), ' ', fix),
      el('td', {}, p.capacity ? baseNumber(p.capacity) : '—'));
  };
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
    message, form ? keyPlaceForm(nodeId, kinds, page.places) : '');
}

/// 登记 — a keeper records a key place or facility of the committee: its kind, name, the compound it is in, the unit
/// running and maintaining it, capacity, and its point tapped on the map (no typed coordinates). Its code is made once
/// when the form is drawn, so a submit sent twice makes one place (the second is refused as a duplicate code).
function keyPlaceForm(nodeId, kinds, places) {
  const code = `ZD-${nodeId}-${Date.now().toString(36).toUpperCase()}`;
  const kind = el('select', { id: 'place-kind', required: '' },
    ...['place', 'facility'].map(c => el('optgroup', { label: t(`places.class.${c}`) },
      ...kinds.filter(k => k.placeClass === c).map(k => el('option', { value: k.code }, placeKindName(kinds, k.code))))));
  const field = (id, max, type = 'text') => el('input', { id, type, maxlength: String(max) });
  const name = field('place-name', 100), address = field('place-address', 200), operator = field('place-operator', 200), maintainer = field('place-maintainer', 200);
  const capacity = el('input', { id: 'place-capacity', type: 'number', min: '1', max: '1000000' });
  const compound = el('select', { id: 'place-compound' }, el('option', { value: '' }, t('places.noCompound')));
  const mapBox = el('div', { id: 'place-map', class: 'place-map' });
  const note = el('p', { class: 'muted', role: 'status' }, t('places.tapMap'));
  const error = el('p', { class: 'error', role: 'alert' });
  let point = null, pin = null, map = null;
  const form = el('form', { id: 'place-form', class: 'place-form', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!point) { error.textContent = t('error.place.location'); return; }
    try {
      await api('/api/v1/places', { method: 'POST', json: { code, nodeId, kind: kind.value, name: name.value, location: point,
        compoundId: compound.value ? Number(compound.value) : undefined, address: address.value, operatorName: operator.value, maintainer: maintainer.value,
        capacity: capacity.value ? Number(capacity.value) : undefined } });
      route();
    } catch (err) { error.textContent = err.message; }
  } },
    el('label', { for: 'place-kind' }, t('places.col.kind')), kind,
    el('label', { for: 'place-name' }, t('places.col.name')), name,
    el('label', { for: 'place-compound' }, t('places.compound')), compound,
    el('label', { for: 'place-address' }, t('places.col.address')), address,
    el('label', { for: 'place-operator' }, t('places.col.operator')), operator,
    el('label', { for: 'place-maintainer' }, t('places.col.maintainer')), maintainer,
    el('label', { for: 'place-capacity' }, t('places.col.capacity')), capacity,
    el('p', {}, t('places.point')), mapBox, note,
    el('p', {}, el('button', { type: 'submit', id: 'place-submit' }, t('places.add'))), error);
  const box = el('details', { id: 'place-add', class: 'no-print' }, el('summary', {}, t('places.add')), form);
  // The map is drawn when the form opens (Leaflet needs its box on the page), over the committee's compounds and places.
  box.addEventListener('toggle', async () => {
    if (!box.open || map) return;
    const found = await api(`/api/v1/compounds?nodeId=${nodeId}&limit=200`);
    compound.append(...found.compounds.map(c => el('option', { value: c.id }, c.name)));
    map = baseMap(mapBox);
    const spots = [...found.compounds.filter(c => c.location).map(c => [c.location.lat, c.location.lon]), ...places.map(p => [p.location.lat, p.location.lon])];
    for (const p of places) L.circleMarker([p.location.lat, p.location.lon], { radius: 5, color: '#0d2340', weight: 1, fillColor: '#a855f7', fillOpacity: 0.9 }).addTo(map);
    if (spots.length) map.fitBounds(L.latLngBounds(spots).pad(0.3), { maxZoom: 17 }); else map.setView([31.2, 121.45], 12);
    map.on('click', (e) => {
      point = { lon: Number(e.latlng.lng.toFixed(6)), lat: Number(e.latlng.lat.toFixed(6)) };
      if (pin) pin.remove();
      pin = L.marker([point.lat, point.lon]).addTo(map);
      note.textContent = t('places.placed');
    });
  });
  return box;
}
