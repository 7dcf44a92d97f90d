'use strict';
// 感知设备 — the devices the user may see (#/devices), read from the SensorThings API (docs/SENSING.md): a filter by
// kind and name, a paged table, a small map of the page's devices and, for the device chosen, its properties and each
// datastream's last readings as a line. The filters, the page and the chosen device live in the route
// (`#/devices?kind=rainfall&q=…&page=2&id=17`). The kind names and `deviceNode` serve 告警规则 (alarm-rules.js) too.

const deviceKinds = ['waterLevel', 'rainfall', 'tide', 'wind', 'gasMains', 'gasHome', 'manholeCover', 'bridgeStrain', 'smoke',
  'elevator', 'power', 'fallingObject', 'utilityTunnel', 'undergroundSpace', 'telecom', 'doorGuard'];
/// In-home gas detectors and door guards belong to a household: placed by the house only, never on the map.
const householdKinds = new Set(['gasHome', 'doorGuard']);
const devicePageSize = 50;
const deviceKindName = (kind) => (deviceKinds.includes(kind) ? t(`devices.kind.${kind}`) : (kind || '—'));
const deviceIsHousehold = (d) => !!(d.properties && (d.properties.household || householdKinds.has(d.properties.kind)));
const deviceWhen = (d) => new Date(d).toLocaleString(state.lang, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const deviceNumber = (x) => (typeof x === 'number' ? x.toLocaleString(state.lang, { maximumFractionDigits: 3 }) : String(x));

/// An organisation node by id (null when the user may not see it), read once per user and session.
const deviceNodeCache = new Map();
function deviceNode(id) {
  if (id === undefined || id === null) return Promise.resolve(null);
  const key = `${state.me && state.me.id}:${id}`;
  if (!deviceNodeCache.has(key)) deviceNodeCache.set(key, api(`/api/v1/org/nodes/${id}`).catch(() => null));
  return deviceNodeCache.get(key);
}
/// Where a device lies by name: a grid with its committee (长乐花园居委 · 001001-1号网格), or the node itself; for a
/// household device the committee alone, which answers its alarms.
async function devicePlace(nodeId, household) {
  const node = await deviceNode(nodeId);
  if (!node) return '—';
  const parent = node.kind === 'grid' && node.parentId ? await deviceNode(node.parentId) : null;
  if (household) return (parent || node).name;
  return parent ? `${parent.name} · ${node.name}` : node.name;
}

/// The Things query: the kind and the name's words as a `$filter`, ordered by name, with places and datastreams.
function deviceQuery(kind, words, skip, top) {
  const filters = [];
  if (kind) filters.push(`properties/kind eq '${kind}'`);
  if (words) filters.push(`substringof('${words.replace(/'/g, "''")}',name)`);
  const parts = [`$top=${top}`, `$skip=${skip}`, '$count=true', '$orderby=name', '$expand=Locations,Datastreams'];
  if (filters.length) parts.push(`$filter=${encodeURIComponent(filters.join(' and '))}`);
  return `/sta/v1.1/Things?${parts.join('&')}`;
}
/// One page of devices. A server that will not filter by kind (400 `sta.invalid_query`) gets the name's matches, up
/// to 1,000, and the kind is picked out of them here.
async function loadDevices(kind, words, page) {
  try {
    return await api(deviceQuery(kind, words, page * devicePageSize, devicePageSize));
  } catch (e) {
    if (!kind || e.code !== 'sta.invalid_query') throw e;
    const all = await api(deviceQuery('', words, 0, 1000));
    const hits = all.value.filter(d => d.properties && d.properties.kind === kind);
    return { '@iot.count': hits.length, value: hits.slice(page * devicePageSize, (page + 1) * devicePageSize), partial: !!all['@iot.nextLink'] };
  }
}

let deviceCharts = [];
function dropDeviceCharts() { deviceCharts.forEach(c => c.destroy()); deviceCharts = []; }

pages.devices = async (view, params) => {
  dropDeviceCharts();
  const kind = deviceKinds.includes(params.get('kind')) ? params.get('kind') : '';
  const words = (params.get('q') || '').trim();
  const page = Math.max(0, (parseInt(params.get('page'), 10) || 1) - 1);
  const reply = await loadDevices(kind, words, page);
  const devices = reply.value || [];
  const total = typeof reply['@iot.count'] === 'number' ? reply['@iot.count'] : devices.length;
  const pageCount = Math.max(1, Math.ceil(total / devicePageSize));
  const places = new Map(await Promise.all(devices.map(async d => [d['@iot.id'], await devicePlace(d.properties && d.properties.nodeId, deviceIsHousehold(d))])));
  const go = (changes) => {
    const next = Object.assign({ kind, q: words, page: page + 1 }, changes);
    const query = new URLSearchParams();
    if (next.kind) query.set('kind', next.kind);
    if (next.q) query.set('q', next.q);
    if (next.page > 1) query.set('page', String(next.page));
    location.hash = `#/devices${query.toString() ? `?${query}` : ''}`;
  };

  // The filter bar: the kind in words, a name's words; either change draws the first page again.
  const kindSelect = el('select', { id: 'dev-kind', onchange: () => go({ kind: kindSelect.value, q: search.value.trim(), page: 1 }) },
    el('option', { value: '' }, t('devices.allKinds')), ...deviceKinds.map(k => el('option', { value: k }, deviceKindName(k))));
  kindSelect.value = kind;
  const search = el('input', { id: 'dev-search', type: 'search', value: words, placeholder: t('devices.searchHint'), maxlength: '60' });
  const filters = el('form', { class: 'dev-filters', role: 'search', onsubmit: (e) => { e.preventDefault(); go({ kind: kindSelect.value, q: search.value.trim(), page: 1 }); } },
    el('label', { for: 'dev-kind' }, t('devices.kindHead'), kindSelect),
    el('label', { for: 'dev-search' }, t('devices.name'), search),
    el('button', { type: 'submit', id: 'dev-find' }, t('devices.find')),
    kind || words ? el('a', { href: '#/devices', id: 'dev-reset' }, t('devices.reset')) : '');

  // The chosen device: its properties and each datastream's last readings.
  const message = el('p', { id: 'dev-message', role: 'status' });
  const detail = el('section', { class: 'panel dev-detail', id: 'dev-detail', 'aria-live': 'polite' },
    el('h2', {}, t('devices.detail')), el('p', { class: 'muted' }, t('devices.detailHint')));
  const rows = new Map(), markers = new Map();
  let map = null, chosen = null;
  const choose = async (d, scroll) => {
    chosen = d['@iot.id'];
    for (const [id, row] of rows) row.classList.toggle('selected', id === chosen);
    for (const [id, m] of markers) m.setStyle(id === chosen ? { fillColor: '#f1c40f', radius: 10 } : { fillColor: '#3ba4ff', radius: 7 });
    const query = new URLSearchParams(location.hash.split('?')[1] || '');
    query.set('id', String(chosen));
    history.replaceState(null, '', `#/devices?${query}`);
    await showDevice(d);
    if (scroll && window.matchMedia('(max-width: 1000px)').matches) detail.scrollIntoView({ block: 'start' });
  };
  const open = (d, scroll) => choose(d, scroll).catch(e => { message.className = 'error'; message.textContent = e.message; });

  const showDevice = async (d) => {
    dropDeviceCharts();
    delete view.dataset.chart;
    const p = d.properties || {};
    const household = deviceIsHousehold(d);
    const readers = p.readers || [];
    let readerNames = readers.length ? readers.map(id => t('devices.department', { id })).join('、') : t('devices.notShared');
    if (readers.length) {
      const known = await departments().catch(() => []);
      readerNames = readers.map(id => { const x = known.find(k => k.id === id); return x ? x.name : t('devices.department', { id }); }).join(state.lang === 'en' ? ', ' : '、');
    }
    const place = places.get(d['@iot.id']) || await devicePlace(p.nodeId, household);
    const facts = [
      ['devices.code', p.code || '—'],
      ['devices.kindHead', deviceKindName(p.kind)],
      // A household device by its house alone: no address or position is shown.
      ['devices.placement', household ? t('devices.house', { ref: p.placeRef || '—' })
        : `${p.placement ? t(`devices.placement.${p.placement}`) : '—'}${p.placeRef ? ` ${p.placeRef}` : ''}`],
      [household ? 'devices.committee' : 'devices.place', place],
      ['devices.owner', p.owner || '—'], ['devices.operator', p.operator || '—'], ['devices.maintainer', p.maintainer || '—'],
      ['devices.readers', readerNames]];
    const streams = d.Datastreams || [];
    const boxes = streams.map(ds => {
      const unit = (ds.unitOfMeasurement && ds.unitOfMeasurement.symbol) || '';
      return { ds, unit, box: el('div', { class: 'dev-stream', 'data-datastream': ds['@iot.id'] },
        el('h3', {}, ds.name, unit ? ` (${unit})` : ''), el('p', { class: 'muted dev-latest' }, t('devices.loading'))) };
    });
    detail.replaceChildren(
      el('div', { class: 'dev-detail-head' }, el('h2', { id: 'dev-detail-title', tabindex: '-1' }, d.name),
        household ? el('span', { class: 'badge' }, t('devices.household')) : ''),
      d.description ? el('p', {}, d.description) : '',
      el('dl', { class: 'facts', id: 'dev-facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, t(k)), el('dd', {}, v)])),
      el('h3', { class: 'dev-readings-head' }, t('devices.readings')),
      ...(boxes.length ? boxes.map(b => b.box) : [el('p', { class: 'muted' }, t('devices.noStreams'))]));
    await Promise.all(boxes.map(async ({ ds, unit, box }) => {
      const readings = await api(`/sta/v1.1/Datastreams(${ds['@iot.id']})/Observations?$top=200&$orderby=phenomenonTime%20desc`);
      const points = (readings.value || []).slice().reverse().filter(o => typeof o.result === 'number');
      const latest = box.querySelector('.dev-latest');
      if (!points.length) { latest.textContent = t('devices.noReadings'); return; }
      const last = points[points.length - 1];
      latest.textContent = t('devices.latest', { value: `${deviceNumber(last.result)}${unit ? ` ${unit}` : ''}`, at: deviceWhen(last.phenomenonTime), n: points.length });
      const canvas = el('canvas', { class: 'dev-chart', role: 'img', 'aria-label': t('devices.chartOf', { name: ds.name }) });
      box.append(el('div', { class: 'dev-chart-box' }, canvas));
      // Each time in two lines, the day over the hour, so that the labels fit a phone's width.
      const labels = points.map(o => { const at = new Date(o.phenomenonTime);
        return [at.toLocaleDateString(state.lang, { month: '2-digit', day: '2-digit' }), at.toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit' })]; });
      deviceCharts.push(new Chart(canvas, { type: 'line', data: { labels, datasets: [
        { label: unit ? `${ds.name} (${unit})` : ds.name, data: points.map(o => o.result), borderColor: '#3ba4ff', backgroundColor: '#3ba4ff',
          cubicInterpolationMode: 'monotone', pointRadius: 0, pointHitRadius: 6, borderWidth: 2 }] },
        options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
          scales: { x: { ticks: { color: '#8fb3de', maxTicksLimit: 6, maxRotation: 0 } }, y: { ticks: { color: '#8fb3de' } } } } }));
    }));
    view.dataset.chart = String(d['@iot.id']);
    $('#dev-detail-title').focus({ preventScroll: true });
  };

  // The table: one row a device, its name a button that chooses it.
  const body = el('tbody', {}, ...devices.map(d => {
    const p = d.properties || {};
    const household = deviceIsHousehold(d);
    const readers = (p.readers || []).length;
    const row = el('tr', { 'data-device': d['@iot.id'], 'data-kind': p.kind || '' },
      el('td', {}, el('button', { type: 'button', class: 'link dev-open', onclick: () => open(d, true) }, d.name)),
      el('td', { class: 'dev-kind' }, deviceKindName(p.kind)),
      el('td', {}, household ? t('devices.house', { ref: p.placeRef || '—' }) : places.get(d['@iot.id'])),
      el('td', {}, p.owner || '—', el('div', { class: 'muted' }, t('devices.runBy', { operator: p.operator || '—', maintainer: p.maintainer || '—' }))),
      el('td', { class: 'num' }, readers ? t('devices.sharedN', { n: readers }) : t('devices.notShared')));
    rows.set(d['@iot.id'], row);
    return row;
  }));
  const first = page * devicePageSize + 1, last = page * devicePageSize + devices.length;
  const pager = el('nav', { class: 'dev-pager', 'aria-label': t('devices.pages') },
    el('button', { type: 'button', id: 'dev-prev', disabled: page === 0 ? '' : undefined, onclick: () => go({ page }) }, t('devices.prev')),
    el('span', { id: 'dev-page' }, t('devices.pageOf', { page: page + 1, pages: pageCount })),
    el('button', { type: 'button', id: 'dev-next', disabled: page + 1 >= pageCount ? '' : undefined, onclick: () => go({ page: page + 2 }) }, t('devices.next')));
  const homes = devices.filter(deviceIsHousehold).length;
  const mapBox = el('div', { id: 'dev-map', role: 'region', 'aria-label': t('devices.map') });

  view.replaceChildren(el('div', { class: 'devices' },
    el('section', { class: 'panel dev-head' }, el('h1', {}, t('devices.title')), el('p', { class: 'muted' }, t('devices.explain')), filters, message),
    el('section', { class: 'panel dev-list' },
      el('p', { id: 'dev-count', class: 'muted' }, devices.length ? t('devices.count', { total, first, last }) : t('devices.none'),
        reply.partial ? ` ${t('devices.partial')}` : ''),
      devices.length ? el('div', { class: 'table-scroll' }, el('table', { id: 'dev-table', class: 'dev-table' },
        el('thead', {}, el('tr', {}, ...['devices.name', 'devices.kindHead', 'devices.place', 'devices.ownerHead', 'devices.shared'].map(k => el('th', {}, t(k))))),
        body)) : '',
      pageCount > 1 ? pager : ''),
    el('aside', { class: 'dev-side' },
      el('section', { class: 'panel' }, el('h2', {}, t('devices.map')), mapBox,
        homes ? el('p', { class: 'muted dev-map-note' }, t('devices.homesOffMap', { n: homes })) : ''),
      detail)));

  // The map of the page's devices (households left off): a dot each, the chosen one yellow.
  map = baseMap(mapBox, { zoomControl: true });
  const placed = [];
  for (const d of devices) {
    const point = !deviceIsHousehold(d) && d.Locations && d.Locations[0] && d.Locations[0].location;
    if (!point || point.type !== 'Point') continue;
    const [lon, lat] = point.coordinates;
    const marker = L.circleMarker([lat, lon], { radius: 7, color: '#fff', weight: 2, fillColor: '#3ba4ff', fillOpacity: 0.9 })
      .bindTooltip(el('span', {}, `${d.name} · ${deviceKindName(d.properties.kind)}`)).on('click', () => open(d, true)).addTo(map);
    markers.set(d['@iot.id'], marker);
    placed.push([lat, lon]);
  }
  if (placed.length) map.fitBounds(L.latLngBounds(placed), { padding: [24, 24], maxZoom: 15 });
  else map.setView([31.23, 121.47], 10);
  mapBox.dataset.markers = String(placed.length);

  // A device named in the route is shown again (a bookmark, or the page redrawn).
  const wanted = Number(params.get('id'));
  if (wanted) {
    const d = devices.find(x => x['@iot.id'] === wanted) || await api(`/sta/v1.1/Things(${wanted})?$expand=Locations,Datastreams`).catch(() => null);
    if (d) await open(d, false);
  }
  view.dataset.ready = 'true';
};
