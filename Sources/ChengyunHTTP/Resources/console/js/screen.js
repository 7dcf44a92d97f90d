'use strict';
// 城运大屏 — the operations big screen for a 1920×1080 wall.
pages.screen = async (view, params) => {
  const nodeId = params.get('node');
  const scopeQuery = nodeId ? `nodeId=${nodeId}` : '';
  // 大屏模式 — the wall: no web page's top bar, a title bar of its own, numbers to read across a room (`?wall=1`,
  // so a wall's computer can start in it; the button asks the browser for the whole screen too).
  const wall = params.get('wall') === '1';
  document.body.classList.toggle('wall', wall);
  const withWall = (hash) => wall ? hash + (hash.includes('?') ? '&' : '?') + 'wall=1' : hash;
  const wallButton = el('button', { type: 'button', id: 'wall-toggle', class: 'secondary', onclick: () => {
    if (!wall && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
    if (wall && document.fullscreenElement) document.exitFullscreen().catch(() => {});
    const rest = new URLSearchParams(params); if (wall) rest.delete('wall'); else rest.set('wall', '1');
    location.hash = `#/screen${rest.toString() ? '?' + rest : ''}`;
  } }, t(wall ? 'screen.leaveWall' : 'screen.enterWall'));
  const titleBar = el('header', { class: 'wall-title', id: 'wall-title' });
  const tiles = [
    ['today', 'screen.todayNew'], ['accepted', 'screen.todayAccepted'], ['closed', 'screen.todayClosed'], ['overdue', 'screen.overdue'],
    ['onTime', 'screen.onTimeRate'], ['closure', 'screen.closureRate'],
  ];
  const tileNodes = Object.fromEntries(tiles.map(([id]) => [id, el('div', { class: 'value', id: `tile-${id}` }, '…')]));
  const crumbs = el('nav', { class: 'crumbs panel', 'aria-label': t('screen.area') });
  const stream = el('ol', { class: 'stream', id: 'stream', 'aria-live': 'polite' });
  const ranking = el('ol', { class: 'rank', id: 'ranking' });
  const handlers = el('ol', { class: 'rank', id: 'handlers' });
  const duty = el('ul', { class: 'rank', id: 'duty' });
  const hotList = el('ol', { class: 'rank', id: 'hot-list' });
  const trend = el('canvas', { id: 'trend', height: '170', 'aria-label': t('screen.trend'), role: 'img' });
  // Colour says the state; the shape says the urgency and a red ring says overdue, so colour is never the only signal.
  // A number in a bubble counts an area's cases when the map is zoomed out (docs/CONSOLE.md); a red ring, some overdue.
  const legend = el('p', { class: 'legend' }, ...['accepted', 'dispatched', 'inProgress', 'handled', 'closed'].map(s => el('span', {}, el('span', { class: 'dot', style: `background:${stateColours[s]}` }), t(`state.${s}`))),
    ...[['urgent', 'urgency.urgent'], ['critical', 'urgency.critical'], ['overdue', 'screen.overdue']].map(([cls, key]) => el('span', {}, el('span', { class: `marker legend-mark ${cls}` }), t(key))),
    el('span', {}, el('span', { class: 'bubble legend-bubble' }, 'N'), t('screen.bubbleLegend')));
  // The map's note: what the cases layer shows, then (when the view holds too many) the buildings layer's cap — two
  // parts, each written by its own layer, so that neither answer overwrites the other.
  const casesNote = el('span', { id: 'map-note-cases' }), buildingsNote = el('span', { id: 'map-note-buildings' });
  const mapNote = el('p', { class: 'muted map-note', id: 'map-note', 'aria-live': 'polite' }, casesNote, buildingsNote);
  // 预警 in force over the view (the meteorological service's or the centre's), each opening the sensing desk.
  const warningStrip = el('div', { class: 'warning-strip', id: 'warning-strip' });
  // 城市体征 of the area shown: a row a dimension with its states counted (未接入 left out), each opening #/signs.
  const signsList = el('ul', { class: 'screen-signs', id: 'screen-signs' });
  const signsPanel = el('section', { class: 'panel', id: 'signs-panel' }, el('h2', {}, t('signs.screen.title')), signsList);
  view.replaceChildren(el('div', { class: 'screen' },
    wall ? titleBar : '',
    crumbs,
    el('div', { class: 'left' },
      el('section', { class: 'panel' }, el('h2', {}, t('screen.kpis')), el('div', { class: 'tiles' }, tiles.map(([id, key]) => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(key)), tileNodes[id])))),
      el('section', { class: 'panel' }, el('h2', {}, t('screen.trend')), trend),
      el('section', { class: 'panel', id: 'duty-panel' }, el('h2', {}, t('screen.onDuty')), duty),
      el('section', { class: 'panel' }, el('h2', {}, t('screen.layerHotspots')), hotList)),
    el('section', { class: 'panel', style: 'display:flex;flex-direction:column;min-height:0' }, el('h2', {}, t('screen.map')), warningStrip, legend, mapNote, el('div', { id: 'map', style: 'flex:1' })),
    el('div', { class: 'right' },
      el('section', { class: 'panel', style: 'flex:1;display:flex;flex-direction:column;min-height:0' }, el('h2', {}, t('screen.stream')), stream),
      signsPanel,
      el('section', { class: 'panel' }, el('h2', {}, t('screen.rankDepartments')), ranking),
      el('section', { class: 'panel' }, el('h2', {}, t('screen.rankHandlers')), handlers))));

  // Breadcrumbs: the user's top node down to the node drilled into.
  const top = state.me.assignments.slice().sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
  const here = nodeId ? await api(`/api/v1/org/nodes/${nodeId}`) : await api(`/api/v1/org/nodes/${top.nodeId}`);
  // The way down from the user's own area to here, each step a link back up.
  const topDepth = top.nodePath.split('/').filter(Boolean).length;
  const between = here.path.split('/').filter(Boolean).slice(topDepth, -1);
  const steps = await Promise.all(between.map(id => api(`/api/v1/org/nodes/${id}`).catch(() => null)));
  crumbs.append(el('a', { href: withWall('#/screen') }, t('screen.wholeArea')));
  for (const n of steps.filter(Boolean)) crumbs.append(' › ', el('a', { href: withWall(`#/screen?node=${n.id}`) }, n.name));
  if (nodeId) crumbs.append(' › ', el('strong', { 'aria-current': 'page' }, here.name));
  const childKind = { city: 'district', district: 'street', street: 'committee', committee: 'grid', grid: 'grid' }[here.kind];

  // Every panel's data at once: the requests run in parallel.
  // The KPI tiles: today's figures, the rates of the last 30 days, and what is overdue now.
  const loadTiles = () => Promise.all([api(`/api/v1/kpis?from=${encodeURIComponent(localMidnight())}&${scopeQuery}`), api(`/api/v1/kpis?${scopeQuery}`),
    api(`/api/v1/cases?overdue=true&limit=1&${scopeQuery}`)]);
  const loadSigns = () => api(`/api/v1/vital-signs?nodeId=${here.id}`);
  const [tileData, latest, areas, days, rankDepartments, rankHandlers, hotspots, levels, alarmPage, warnings, signsBoard] = await Promise.all([
    loadTiles(),
    api(`/api/v1/cases?limit=12&${scopeQuery}`),
    api(`/api/v1/map/areas?kind=${childKind}&nodeId=${here.id}`),
    api(`/api/v1/kpis/trend?days=30&${scopeQuery}`),
    api(`/api/v1/rankings?of=departments&${scopeQuery}`),
    api(`/api/v1/rankings?of=handlers&${scopeQuery}`),
    api(`/api/v1/hotspots?nodeId=${here.id}`).catch(() => []),
    api(`/api/v1/duty/now?nodeId=${here.id}`).catch(() => []),
    api('/api/v1/alarms?state=on&limit=200').catch(() => ({ alarms: [] })),
    api('/api/v1/warnings?limit=20').catch(() => []),
    loadSigns().catch(() => null),
    taxonomy(),
  ]);

  // Drawn now, and again a moment after the stream brings news.
  function drawTiles([today, month, overdue]) {
    tileNodes.today.textContent = today.reported; tileNodes.accepted.textContent = today.accepted; tileNodes.closed.textContent = today.closed;
    tileNodes.overdue.textContent = overdue.total;
    tileNodes.overdue.classList.toggle('bad', overdue.total > 0);
    tileNodes.onTime.textContent = percent(month.onTimeHandlingRate); tileNodes.closure.textContent = percent(month.closureRate);
  }
  drawTiles(tileData);
  const refreshTiles = debounced(() => loadTiles().then(drawTiles).catch(() => {}), 2000);
  function drawSigns(board) {
    signsPanel.hidden = !board;
    if (!board) return;
    signsList.replaceChildren(...signDimensions.map(d => board.dimensions.find(x => x.dimension === d)).filter(Boolean).map(d => {
      const chips = signCounts(d, ['noSource']);
      return el('li', {}, el('a', { href: `#/signs?node=${here.id}`, 'data-dimension': d.dimension, title: t('signs.screen.open', { dimension: t(`signs.dimension.${d.dimension}`) }) },
        el('span', { class: 'screen-sign-name' }, t(`signs.dimension.${d.dimension}`)),
        el('span', { class: 'sign-chips' }, ...(chips.length ? chips : [el('span', { class: 'muted' }, t('signs.screen.allUnfed'))]))));
    }));
  }
  drawSigns(signsBoard);
  // Again a while after the stream brings news, and every minute (sensor readings move without a case).
  const refreshSigns = debounced(() => loadSigns().then(drawSigns).catch(() => {}), 10000);
  const signsEveryMinute = () => state.timers.push(setTimeout(() => { if (signsList.isConnected) { refreshSigns(); signsEveryMinute(); } }, 60000));
  signsEveryMinute();

  // Map: the grid and boundary geometry is the base map; the cases over it are drawn by drawCases below.
  const map = baseMap('map', { zoomSnap: 0.25 });   // quarter steps: the city fills the wall's map
  const areaLayer = L.geoJSON(areas, { style: { color: '#3ba4ff', weight: childKind === 'grid' ? 0.6 : 1.5, fillColor: '#123a66', fillOpacity: 0.35 },
    onEachFeature: (f, layer) => {
      layer.bindTooltip(el('span', {}, f.properties.name));
      if (f.properties.kind !== 'grid') layer.on('click', () => { location.hash = withWall(`#/screen?node=${f.properties.id}`); });
    } }).addTo(map);
  // Districts are named by the base under them; streets, committees and grids here, at the zooms they fit.
  if (childKind !== 'district') areaNames(map, areas.features);
  if (areas.features.length) map.fitBounds(areaLayer.getBounds()); else map.setView([31.2, 121.45], 12);
  // Fitted again once the page's grid has its final size (the wall's columns differ from the page's).
  requestAnimationFrame(() => { map.invalidateSize(); if (areas.features.length) map.fitBounds(areaLayer.getBounds()); });
  // The same drill-down from the keyboard: a link to each area of the level below.
  if (childKind !== 'grid') {
    crumbs.append(el('span', { class: 'muted', style: 'margin-left:2em' }, t('screen.below')),
      ...areas.features.map(f => el('a', { href: withWall(`#/screen?node=${f.properties.id}`), class: 'down' }, f.properties.name)));
  }
  crumbs.append(el('span', { style: 'margin-left:auto' }, wallButton));
  // 案件 — the map asks for what its view shows: counts per street or per grid with a centre each (bubbles) when the view
  // is large, the markers inside it when it is small; the server picks by the view's size (docs/API.md).
  const bubbles = L.layerGroup();
  const cluster = L.markerClusterGroup({ chunkedLoading: true });
  const caseLayer = L.layerGroup([bubbles, cluster]).addTo(map);
  let asked = 0;
  async function drawCases() {
    const b = map.getBounds(), clamp = (x, limit) => Math.max(-limit, Math.min(limit, x)).toFixed(5);
    const bbox = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(',');
    const ticket = ++asked;
    const shown = await api(`/api/v1/map/cases?days=7&nodeId=${here.id}&bbox=${bbox}`);
    if (ticket !== asked) return;   // the view moved on while this one was counted
    bubbles.clearLayers();
    cluster.clearLayers();
    const largest = Math.max(1, ...shown.areas.map(a => a.count));
    for (const a of shown.areas) {
      // Sized by the count (square root: the bubble's area follows it), ringed red when some are overdue.
      const size = Math.round(22 + 26 * Math.sqrt(a.count / largest));
      const bubble = el('div', { class: ['bubble', a.overdue ? 'overdue' : ''].join(' ').trim(), style: `width:${size}px;height:${size}px;line-height:${size}px` }, String(a.count));
      L.marker([a.lat, a.lon], { icon: L.divIcon({ className: '', html: bubble, iconSize: [size, size] }), keyboard: false,
        title: t('screen.bubbleTip', { name: a.name, n: a.count, overdue: a.overdue, urgent: a.urgent }) })
        .on('click', () => {
          // A street's bubble drills into the street, as its outline does; a grid's zooms in to its cases.
          if (shown.level === 'street') location.hash = withWall(`#/screen?node=${a.nodeId}`);
          else map.setView([a.lat, a.lon], Math.min(map.getMaxZoom(), map.getZoom() + 2));
        })
        .addTo(bubbles);
    }
    cluster.addLayers(shown.markers.map(m => {
      // The icon is an element (Leaflet 1.6 takes one as `html`): nothing from the server is read as HTML.
      const shape = el('div', { class: ['marker', m.urgency, m.overdue ? 'overdue' : ''].join(' ').trim(), style: `background:${stateColours[m.state] || '#fff'}` });
      const icon = L.divIcon({ className: '', html: shape, iconSize: [14, 14] });
      return L.marker([m.lat, m.lon], { icon, title: `${t(`state.${m.state}`)}${m.overdue ? ' · ' + t('screen.overdue') : ''}`, keyboard: false })
        .on('click', () => { location.hash = `#/case/${m.id}`; });
    }));
    casesNote.textContent = shown.level === 'case'
      ? (shown.capped ? t('screen.mapCapped', { n: shown.markers.length }) : t('screen.mapCases', { n: shown.markers.length }))
      : t(shown.level === 'street' ? 'screen.mapByStreet' : 'screen.mapByGrid', { n: shown.total, areas: shown.areas.length });
    Object.assign(view.dataset, { level: shown.level, markers: String(shown.markers.length), bubbles: String(shown.areas.length), cases: String(shown.total), capped: String(shown.capped) });
  }
  await drawCases();
  // Asked again when the view settles after a pan or zoom (a burst of moves makes one request), and a while after news.
  let settle = null;
  const reask = () => {
    clearTimeout(settle);
    settle = setTimeout(() => { drawCases().catch(() => {}); drawBuildings().catch(() => {}); drawPlaces().catch(() => {}); compounds.draw().catch(() => {}); }, 300);
    state.timers.push(settle);
  };
  map.on('moveend zoomend', reask);
  const refreshMap = debounced(() => drawCases().catch(() => {}), 5000);

  // 类案热点 — places where one kind of problem keeps coming back: a ring sized by the count, the numbers on click.
  const hot = L.layerGroup();
  for (const h of hotspots.filter(h => h.centre)) {
    const numbers = el('div', { class: 'hotspot-cases' }, ...h.caseIds.slice(0, 20).flatMap((id, i) => [i ? el('br') : '', el('a', { href: `#/case/${Number(id)}` }, h.numbers[i])]));
    L.circleMarker([h.centre.lat, h.centre.lon], { radius: 8 + Math.min(h.count, 20), color: '#ff7a45', weight: 3, fill: false, dashArray: '4 3' })
      .bindTooltip(el('span', {}, t('screen.hotspotTip', { category: categoryLabel(h.categoryId), n: h.count, open: h.open })))
      .bindPopup(numbers)
      .addTo(hot);
  }
  hot.addTo(map);
  // 告警 — the alarms on now in the view, a dot coloured by level (larger for red), the case each opened on click.
  const alarmLayer = L.layerGroup();
  const alarmsHere = alarmPage.alarms.filter(a => a.location && a.nodePath.startsWith(here.path));
  for (const a of alarmsHere) {
    const tip = t('screen.alarmTip', { rule: a.deviceName ? `${a.ruleName} · ${a.deviceName}` : a.ruleName, level: t(`sensing.level.${a.level}`), value: a.value === undefined ? '—' : Math.round(a.value * 100) / 100 });
    const marker = L.circleMarker([a.location.lat, a.location.lon], { radius: a.level === 'red' ? 9 : 6, color: '#fff', weight: 1, fillColor: levelColours[a.level], fillOpacity: 0.95 })
      .bindTooltip(el('span', {}, tip));
    if (a.caseId) marker.bindPopup(el('a', { href: `#/case/${Number(a.caseId)}` }, t('sensing.case')));
    marker.addTo(alarmLayer);
  }
  alarmLayer.addTo(map);
  view.dataset.alarms = String(alarmsHere.length);
  // 楼栋房态 — close in (zoom 16 and more), the buildings in view as the status maps drew them (一张总图): a dot in its
  // level's colour (grey before its committee's first drawing), the compound, number and class on hover, the building's
  // status map on click. Asked of the server for the view's box (at most 2,000 a view).
  const compounds = screenCompoundLayer(map, view);
  const buildingLayer = L.layerGroup().addTo(map);
  let mapRules = null, askedBuildings = 0;
  async function drawBuildings() {
    const ticket = ++askedBuildings;
    if (!map.hasLayer(buildingLayer) || map.getZoom() < 16) { buildingLayer.clearLayers(); buildingsNote.textContent = ''; view.dataset.buildings = '0'; return; }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(x => x.toFixed(5)).join(',');
    const [layer, rules] = await Promise.all([api(`/api/v1/status-maps/map?bbox=${bbox}`), mapRules || api('/api/v1/status-rules')]);
    if (ticket !== askedBuildings) return;
    mapRules = rules;
    buildingLayer.clearLayers();
    for (const x of layer.buildings) {
      const rule = rules.buildings.find(r => r.code === x.buildingClass);
      const tip = t('screen.buildingTip', { compound: x.compoundName, number: x.number, class: rule ? statusLabel('building', rule) : t('screen.buildingUndrawn') });
      L.circleMarker([x.lat, x.lon], { radius: 7, color: '#fff', weight: 1, fillColor: BUILDING_LEVEL_COLOURS[x.level] || '#8fa3bf', fillOpacity: 0.95 })
        .bindTooltip(el('span', {}, tip))
        .on('click', () => { location.hash = `#/status-maps?node=${x.nodeId}&compound=${x.compoundId}&building=${x.id}`; })
        .addTo(buildingLayer);
    }
    buildingsNote.textContent = layer.truncated ? ` · ${t('screen.buildingsCapped', { n: layer.buildings.length })}` : '';
    view.dataset.buildings = String(layer.buildings.length);
  }
  map.on('overlayadd overlayremove', (e) => { if (e.layer === buildingLayer) drawBuildings().catch(() => {}); });
  // 重点场所与设施 — from zoom 15, the key places (purple) and facilities (blue) in view; a facility nobody maintains
  // in red (a finding); the kind, name and maintainer on hover, the area's list on click.
  const placeLayer = L.layerGroup().addTo(map);
  let placeKinds = null, askedPlaces = 0;
  async function drawPlaces() {
    const ticket = ++askedPlaces;
    if (!map.hasLayer(placeLayer) || map.getZoom() < 15) { placeLayer.clearLayers(); view.dataset.places = '0'; return; }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(x => x.toFixed(5)).join(',');
    const [layer, kinds] = await Promise.all([api(`/api/v1/places/map?bbox=${bbox}`), placeKinds || api('/api/v1/places/kinds')]);
    if (ticket !== askedPlaces) return;
    placeKinds = kinds;
    placeLayer.clearLayers();
    for (const p of layer.places) {
      const kind = kinds.find(k => k.code === p.kind);
      const facility = kind && kind.placeClass === 'facility', finding = facility && !p.maintainer;
      const tip = t('screen.placeTip', { kind: placeKindName(kinds, p.kind), name: p.name, maintainer: p.maintainer || t('places.noMaintainer') });
      L.circleMarker([p.location.lat, p.location.lon], { radius: 6, color: finding ? '#fff' : '#0d2340', weight: finding ? 2 : 1,
        fillColor: finding ? '#dc2626' : facility ? '#0ea5e9' : '#a855f7', fillOpacity: 0.95 })
        .bindTooltip(el('span', {}, tip))
        .on('click', () => { location.hash = `#/base?node=${p.nodeId}${finding ? '&unmaintained=1' : ''}`; })
        .addTo(placeLayer);
    }
    view.dataset.places = String(layer.places.length);
  }
  map.on('overlayadd overlayremove', (e) => { if (e.layer === placeLayer) drawPlaces().catch(() => {}); });
  // The warnings in force: published, not cancelled, not expired; the newest two.
  const cancelled = new Set(warnings.filter(w => w.msgType === 'Cancel').flatMap(w => w.references.map(r => r.split(',')[1])));
  const inForce = warnings.filter(w => w.state === 'published' && w.msgType !== 'Cancel' && !cancelled.has(w.identifier) && (!w.expires || new Date(w.expires) > new Date()));
  warningStrip.replaceChildren(...inForce.slice(0, 2).map(w => el('a', { href: '#/sensing', class: 'warning-line' }, levelBadge(w.level), ' ', w.headline)));
  L.control.layers(null, { [t('screen.layerCases')]: caseLayer, [t('screen.layerHotspots')]: hot, [t('screen.layerAlarms')]: alarmLayer,
    [t('screen.layerCompounds')]: compounds.layer, [t('screen.layerBuildings')]: buildingLayer, [t('screen.layerPlaces')]: placeLayer }, { collapsed: false }).addTo(map);
  view.dataset.hotspots = String(hotspots.length);
  // Each hotspot opens its latest case (its numbers are on the map's ring).
  hotList.replaceChildren(...hotspots.slice(0, 4).map(h => el('li', {}, el('a', { href: `#/case/${Number(h.caseIds[0])}`, class: h.open ? 'bad' : '' },
    t('screen.hotspotTip', { category: categoryLabel(h.categoryId), n: h.count, open: h.open })))));
  if (!hotspots.length) hotList.append(el('li', {}, t('duty.noHotspots')));

  // Trend of the last 30 days.
  new Chart(trend, { type: 'line', data: { labels: days.map(d => d.date.slice(5)), datasets: [
    { label: t('screen.reported'), data: days.map(d => d.reported), borderColor: '#3ba4ff', tension: 0.3 },
    { label: t('screen.closedSeries'), data: days.map(d => d.closed), borderColor: '#2ecc71', tension: 0.3 }] },
    options: { animation: false, plugins: { legend: { labels: { color: '#e6f0ff' } } }, scales: { x: { ticks: { color: '#8fb3de' } }, y: { ticks: { color: '#8fb3de' } } } } });

  // Rankings of departments and handlers — never of committees.
  for (const [list, rows] of [[ranking, rankDepartments], [handlers, rankHandlers]]) {
    // A score says how many cases it rests on: 1.00 over two cases is not 1.00 over two hundred.
    list.replaceChildren(...rows.slice(0, 5).map(r => el('li', {}, `${r.name} · ${r.score.toFixed(2)} · ${t('screen.onTimeShort')} ${percent(r.report.onTimeHandlingRate)} · ${t('screen.restsOn', { n: Math.max(r.report.dispatched, r.report.handled) })}`)));
  }

  // The wall's title bar: the area, the date and weekday, who leads the duty now, and the mode the city is in
  // (常态 until an emergency is declared: the emergency module is not built yet).
  if (wall) {
    const leads = levels.flatMap(l => l.shifts.filter(s => s.post === 'leaderOnDuty').map(s => s.userName));
    const today = new Date().toLocaleDateString(state.lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
    titleBar.replaceChildren(el('h1', {}, `${here.name} · ${t('screen.wallTitle')}`), el('span', { id: 'wall-date' }, today),
      el('span', { id: 'wall-duty' }, t('screen.wallDuty', { names: leads.join('、') || '—' })), el('span', { class: 'mode-normal', id: 'wall-mode' }, t('screen.modeNormal')));
  }
  // Who is on duty now.
  duty.replaceChildren(...levels.flatMap(l => l.shifts.map(s => el('li', {}, `${l.nodeName} · ${t(`post.${s.post}`)} ${s.userName}`))));
  if (!duty.children.length) duty.append(el('li', {}, t('screen.nobodyOnDuty')));

  // The latest reports first, so the wall is never empty; then the live stream puts each new step on top.
  // Each item is dated and opens its case.
  const streamItem = (c, at, action, past) => el('li', { class: past ? 'past' : '' },
    el('a', { href: `#/case/${c.id}`, class: c.overdue ? 'bad' : '' }, `${new Date(at).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })} ${t(`action.${action}`)} · ${caseCategory(c)} · ${c.number}`));
  stream.replaceChildren(...latest.items.map(c => streamItem(c, c.reportedAt, 'report', true)));
  // Live stream of new and escalated cases (server-sent events read with fetch, with the session cookie).
  openStream(item => {
    const c = item.case, e = item.event;
    if (item.path && !item.path.startsWith(here.path)) return;   // outside the area drilled into
    refreshTiles();
    refreshMap();
    refreshSigns();
    if (!['report', 'escalate', 'askLinkage', 'accept'].includes(e.action)) return;
    stream.prepend(streamItem(c, e.at, e.action, false));
    while (stream.children.length > 50) stream.lastChild.remove();
  });
  view.dataset.ready = 'true';
};
