// Chengyun console: one page, hash routes, every string from the translation tables (i18n/*.json).
'use strict';

const state = { lang: localStorage.getItem('cy.lang') || 'zh-CN', strings: {}, token: localStorage.getItem('cy.token'), me: null, stream: null, timers: [] };

// ---------- i18n ----------
async function loadStrings(lang) {
  const reply = await fetch(`/console/i18n/${lang}.json`);
  state.strings = await reply.json();
  state.lang = lang;
  document.documentElement.lang = lang;
  localStorage.setItem('cy.lang', lang);
}
function t(key, values) {
  let s = state.strings[key];
  if (s === undefined) { console.warn('missing string', key); s = key; }
  for (const [k, v] of Object.entries(values || {})) s = s.replace(`{${k}}`, v);
  return s;
}
function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach(el => { el.setAttribute('aria-label', t(el.dataset.i18nLabel)); });
}

// ---------- API ----------
async function api(path, options = {}) {
  const headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
  if (state.token) headers['Authorization'] = `Bearer ${state.token}`;
  if (options.json !== undefined) { headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(options.json); }
  const reply = await fetch(path, Object.assign({}, options, { headers }));
  if (reply.status === 401 && path !== '/api/v1/auth/login') { signOut(); throw new Error(t('error.signedOut')); }
  const text = await reply.text();
  const body = text ? JSON.parse(text) : null;
  if (!reply.ok) { const e = new Error(body && body.error ? body.error.message : reply.statusText); e.field = body && body.error && body.error.field; throw e; }
  return body;
}

// ---------- helpers ----------
const $ = (sel, root = document) => root.querySelector(sel);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
const stateColours = { reported: '#95a5a6', accepted: '#f39c12', dispatched: '#3498db', inProgress: '#9b59b6', handled: '#1abc9c', verified: '#16a085', closed: '#2ecc71', rated: '#27ae60', rejected: '#7f8c8d', merged: '#7f8c8d', returnedToPolice: '#34495e' };
function percent(x) { return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`; }
function localMidnight() { const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), d.getDate()).toISOString(); }
function clearTimers() { state.timers.forEach(clearInterval); state.timers = []; if (state.stream) { state.stream.abort(); state.stream = null; } }

// ---------- session ----------
function homeFor(me) {
  const roles = new Set(me.assignments.map(a => a.role));
  if (roles.has('leader') || roles.has('dutyOfficer') || roles.has('admin')) return '#/screen';
  if (roles.has('resident') && roles.size === 1) return '#/mine';
  if (roles.has('stationChief')) return '#/station';
  return '#/desk';
}
function signOut() {
  if (state.token) fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${state.token}` } }).catch(() => {});
  state.token = null; state.me = null; localStorage.removeItem('cy.token');
  location.hash = '#/login';
}
async function ensureMe() {
  if (!state.token) return null;
  if (!state.me) state.me = await api('/api/v1/me');
  return state.me;
}
function renderChrome() {
  const me = state.me;
  $('#who').textContent = me ? me.displayName : '';
  $('#logout').hidden = !me;
  const menu = $('#menu');
  menu.replaceChildren();
  if (!me) return;
  const roles = new Set(me.assignments.map(a => a.role));
  const items = [];
  if (roles.has('leader') || roles.has('dutyOfficer') || roles.has('admin')) items.push(['#/screen', 'menu.screen'], ['#/kpi', 'menu.kpi'], ['#/duty', 'menu.duty']);
  if (!(roles.size === 1 && roles.has('resident'))) items.push(['#/desk', 'menu.desk']);
  if (roles.has('stationChief') || roles.has('communityWorker')) items.push(['#/station', 'menu.station']);
  items.push(['#/report', 'menu.report']);
  items.push(['#/mine', 'menu.mine']);
  for (const [href, key] of items) menu.append(el('a', { href }, t(key)));
}

// ---------- pages ----------
const pages = {};

pages.login = async (view) => {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'panel login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const reply = await api('/api/v1/auth/login', { method: 'POST', json: { username: form.username.value.trim(), password: form.password.value } });
      state.token = reply.token; state.me = reply.user; localStorage.setItem('cy.token', reply.token);
      location.hash = homeFor(reply.user);
    } catch (err) { error.textContent = err.message; }
  } },
    el('h1', {}, t('login.title')),
    el('label', { for: 'username' }, t('login.username')), el('input', { id: 'username', name: 'username', autocomplete: 'username', required: '' }),
    el('label', { for: 'password' }, t('login.password')), el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: '' }),
    el('p', {}, el('button', { type: 'submit', id: 'signin' }, t('login.submit'))), error);
  view.replaceChildren(form);
  form.username.focus();
};

pages.screen = async (view, params) => {
  const nodeId = params.get('node');
  const scopeQuery = nodeId ? `nodeId=${nodeId}` : '';
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
  const trend = el('canvas', { id: 'trend', height: '170', 'aria-label': t('screen.trend'), role: 'img' });
  const legend = el('p', { class: 'legend' }, ...['accepted', 'dispatched', 'inProgress', 'handled', 'closed'].map(s => el('span', {}, el('span', { class: 'dot', style: `background:${stateColours[s]}` }), t(`state.${s}`))));
  view.replaceChildren(el('div', { class: 'screen' },
    crumbs,
    el('div', { class: 'left' },
      el('section', { class: 'panel' }, el('h2', {}, t('screen.kpis')), el('div', { class: 'tiles' }, tiles.map(([id, key]) => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(key)), tileNodes[id])))),
      el('section', { class: 'panel' }, el('h2', {}, t('screen.trend')), trend),
      el('section', { class: 'panel' }, el('h2', {}, t('screen.onDuty')), duty)),
    el('section', { class: 'panel', style: 'display:flex;flex-direction:column;min-height:0' }, el('h2', {}, t('screen.map')), legend, el('div', { id: 'map', style: 'flex:1' })),
    el('div', { class: 'right' },
      el('section', { class: 'panel', style: 'flex:1;display:flex;flex-direction:column;min-height:0' }, el('h2', {}, t('screen.stream')), stream),
      el('section', { class: 'panel' }, el('h2', {}, t('screen.rankDepartments')), ranking),
      el('section', { class: 'panel' }, el('h2', {}, t('screen.rankHandlers')), handlers))));

  // Breadcrumbs: the user's top node down to the node drilled into.
  const top = state.me.assignments.slice().sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
  const here = nodeId ? await api(`/api/v1/org/nodes/${nodeId}`) : await api(`/api/v1/org/nodes/${top.nodeId}`);
  crumbs.append(el('a', { href: '#/screen' }, t('screen.wholeArea')));
  if (nodeId) crumbs.append(' › ', el('strong', {}, here.name));
  const childKind = { city: 'district', district: 'street', street: 'committee', committee: 'grid', grid: 'grid' }[here.kind];

  // Every panel's data at once: the requests run in parallel.
  const [today, month, overdue, areas, markers, days, rankDepartments, rankHandlers, levels] = await Promise.all([
    api(`/api/v1/kpis?from=${encodeURIComponent(localMidnight())}&${scopeQuery}`),
    api(`/api/v1/kpis?${scopeQuery}`),
    api(`/api/v1/cases?overdue=true&limit=1&${scopeQuery}`),
    api(`/api/v1/map/areas?kind=${childKind}&nodeId=${here.id}`),
    api(`/api/v1/map/cases?days=7&nodeId=${here.id}`),
    api(`/api/v1/kpis/trend?days=30&${scopeQuery}`),
    api('/api/v1/rankings?of=departments'),
    api('/api/v1/rankings?of=handlers'),
    api(`/api/v1/duty/now?nodeId=${here.id}`).catch(() => []),
  ]);

  // KPI tiles: today's figures, and the rates of the last 30 days.
  tileNodes.today.textContent = today.reported; tileNodes.accepted.textContent = today.accepted; tileNodes.closed.textContent = today.closed;
  tileNodes.overdue.textContent = overdue.total; tileNodes.onTime.textContent = percent(month.onTimeHandlingRate); tileNodes.closure.textContent = percent(month.closureRate);

  // Map: the grid and boundary geometry is the base map; cases as clustered markers coloured by state.
  const map = L.map('map', { zoomControl: true, attributionControl: false, minZoom: 8, maxZoom: 19 });
  const areaLayer = L.geoJSON(areas, { style: { color: '#3ba4ff', weight: childKind === 'grid' ? 0.6 : 1.5, fillColor: '#123a66', fillOpacity: 0.35 },
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.name);
      if (f.properties.kind !== 'grid') layer.on('click', () => { location.hash = `#/screen?node=${f.properties.id}`; });
    } }).addTo(map);
  if (areas.features.length) map.fitBounds(areaLayer.getBounds()); else map.setView([31.2, 121.45], 12);
  const cluster = L.markerClusterGroup({ chunkedLoading: true });
  for (const m of markers) {
    const classes = `marker ${m.urgency}${m.overdue ? ' overdue' : ''}`;
    const icon = L.divIcon({ className: '', html: `<div class="${classes}" style="background:${stateColours[m.state] || '#fff'}"></div>`, iconSize: [14, 14] });
    cluster.addLayer(L.marker([m.lat, m.lon], { icon, title: `${t(`state.${m.state}`)}${m.overdue ? ' · ' + t('screen.overdue') : ''}`, keyboard: false })
      .on('click', () => { location.hash = `#/case/${m.id}`; }));
  }
  map.addLayer(cluster);
  view.dataset.markers = String(markers.length);

  // Trend of the last 30 days.
  new Chart(trend, { type: 'line', data: { labels: days.map(d => d.date.slice(5)), datasets: [
    { label: t('screen.reported'), data: days.map(d => d.reported), borderColor: '#3ba4ff', tension: 0.3 },
    { label: t('screen.closedSeries'), data: days.map(d => d.closed), borderColor: '#2ecc71', tension: 0.3 }] },
    options: { animation: false, plugins: { legend: { labels: { color: '#e6f0ff' } } }, scales: { x: { ticks: { color: '#8fb3de' } }, y: { ticks: { color: '#8fb3de' } } } } });

  // Rankings of departments and handlers — never of committees.
  for (const [list, rows] of [[ranking, rankDepartments], [handlers, rankHandlers]]) {
    list.replaceChildren(...rows.slice(0, 5).map(r => el('li', {}, `${r.name} · ${percent(r.report.onTimeHandlingRate)}`)));
  }

  // Who is on duty now.
  duty.replaceChildren(...levels.flatMap(l => l.shifts.map(s => el('li', {}, `${l.nodeName} · ${t(`post.${s.post}`)} ${s.userName}`))));
  if (!duty.children.length) duty.append(el('li', {}, t('screen.nobodyOnDuty')));

  // Live stream of new and escalated cases (server-sent events over fetch, so the token stays in a header).
  openStream(item => {
    const c = item.case, e = item.event;
    if (!['report', 'escalate', 'askLinkage', 'accept'].includes(e.action)) return;
    stream.prepend(el('li', {}, `${new Date(e.at).toLocaleTimeString(state.lang)} ${t(`action.${e.action}`)} · ${c.categoryName || c.categoryId} · ${c.number}`));
    while (stream.children.length > 50) stream.lastChild.remove();
  });
  view.dataset.ready = 'true';
};

pages.desk = async (view) => {
  const list = el('tbody');
  const filter = el('select', { id: 'queue', 'aria-label': t('desk.queue'), onchange: () => load() },
    ...['mine', 'department', 'verify', 'overdue'].map(q => el('option', { value: q }, t(`desk.queue.${q}`))));
  const search = el('input', { id: 'search', type: 'search', placeholder: t('desk.search'), 'aria-label': t('desk.search'), onchange: () => load() });
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.desk')), el('p', {}, filter, ' ', search),
    el('table', {}, el('thead', {}, el('tr', {}, ...['desk.number', 'desk.category', 'desk.state', 'desk.deadline'].map(k => el('th', {}, t(k))))), list)));
  async function load() {
    const q = filter.value;
    const params = new URLSearchParams({ limit: '100' });
    if (q === 'mine') params.set('mine', 'true');
    if (q === 'verify') params.set('state', 'handled');
    if (q === 'overdue') params.set('overdue', 'true');
    if (q === 'department') { const d = state.me.assignments.find(a => a.departmentId); if (d) params.set('departmentId', d.departmentId); }
    if (search.value) params.set('q', search.value);
    const page = await api(`/api/v1/cases?${params}`);
    list.replaceChildren(...page.items.map(c => el('tr', {},
      el('td', {}, el('a', { href: `#/case/${c.id}` }, c.number)), el('td', {}, c.categoryName || c.categoryId),
      el('td', {}, t(`state.${c.state}`), c.overdue ? el('span', { class: 'badge bad' }, ' ', t('screen.overdue')) : ''),
      el('td', {}, c.deadline ? countdown(c.deadline) : '—'))));
    view.dataset.ready = 'true';
  }
  const roles = new Set(state.me.assignments.map(a => a.role));
  filter.value = roles.has('departmentHandler') ? 'department' : roles.has('gridInspector') ? 'verify' : 'mine';
  await load();
};

function countdown(deadline) {
  const hours = (new Date(deadline) - Date.now()) / 3600000;
  return hours >= 0 ? t('desk.dueIn', { h: hours.toFixed(1) }) : t('desk.overdueBy', { h: (-hours).toFixed(1) });
}

// 随手报 — report a problem from a phone: category, description, photo, and the place by GPS or a tap on the map.
pages.report = async (view) => {
  const taxonomy = await api('/api/v1/taxonomy');
  const roles = new Set(state.me.assignments.map(a => a.role));
  const source = roles.has('gridInspector') ? 'inspector' : roles.has('stationChief') || roles.has('communityWorker') ? 'station' : 'resident';
  const category = el('select', { id: 'r-category', required: '' }, ...taxonomy.categories.map(c => el('option', { value: `${c.kind}:${c.code}` }, `${c.majorName} · ${c.name}`)));
  const description = el('textarea', { id: 'r-description', rows: '3', required: '' });
  const photo = el('input', { id: 'r-photo', type: 'file', accept: 'image/*', capture: 'environment' });
  const lon = el('input', { id: 'r-lon', type: 'number', step: 'any', required: '' });
  const lat = el('input', { id: 'r-lat', type: 'number', step: 'any', required: '' });
  const error = el('p', { class: 'error', role: 'alert', id: 'r-error' });
  const mapBox = el('div', { id: 'r-map', style: 'height:240px' });
  const gps = el('button', { type: 'button', id: 'r-gps', onclick: () => navigator.geolocation && navigator.geolocation.getCurrentPosition(p => place(p.coords.longitude, p.coords.latitude), () => { error.textContent = t('report.noGps'); }) }, t('report.useGps'));
  const form = el('form', { class: 'panel report', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const created = await api('/api/v1/cases', { method: 'POST', json: { source, categoryId: category.value, description: description.value, location: { lon: Number(lon.value), lat: Number(lat.value) } } });
      if (photo.files && photo.files[0]) {
        await fetch(`/api/v1/cases/${created.id}/attachments?fileName=${encodeURIComponent(photo.files[0].name)}`, { method: 'POST', headers: { Authorization: `Bearer ${state.token}`, 'Content-Type': photo.files[0].type || 'image/jpeg' }, body: photo.files[0] });
      }
      location.hash = `#/case/${created.id}`;
    } catch (err) { error.textContent = err.message; }
  } },
    el('h1', {}, t('report.title')),
    el('label', { for: 'r-category' }, t('report.category')), category,
    el('label', { for: 'r-description' }, t('report.description')), description,
    el('label', { for: 'r-photo' }, t('report.photo')), photo,
    el('p', {}, t('report.place'), ' ', gps), mapBox,
    el('label', { for: 'r-lon' }, t('report.lon')), lon, el('label', { for: 'r-lat' }, t('report.lat')), lat,
    el('p', {}, el('button', { type: 'submit', id: 'r-submit' }, t('report.submit'))), error);
  view.replaceChildren(form);
  const map = L.map(mapBox, { attributionControl: false, minZoom: 8, maxZoom: 19 });
  const grids = await api('/api/v1/map/areas?kind=street').catch(() => ({ type: 'FeatureCollection', features: [] }));
  const layer = L.geoJSON(grids, { style: { color: '#3ba4ff', weight: 1, fillOpacity: 0.1 } }).addTo(map);
  if (grids.features.length) map.fitBounds(layer.getBounds()); else map.setView([31.2, 121.45], 12);
  let pin = null;
  function place(x, y) { lon.value = x.toFixed(6); lat.value = y.toFixed(6); if (pin) pin.remove(); pin = L.marker([y, x]).addTo(map); }
  map.on('click', e => place(e.latlng.lng, e.latlng.lat));
  view.dataset.ready = 'true';
};

// 考核 — the KPIs of a chosen area and period, rankings of departments and handlers, export.
pages.kpi = async (view, params) => {
  const top = state.me.assignments.slice().sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
  const nodes = await api(`/api/v1/org/nodes?under=${top.nodeId}&kind=city,district,street&limit=500`).catch(() => []);
  const area = el('select', { id: 'k-node' }, el('option', { value: '' }, t('screen.wholeArea')), ...nodes.map(n => el('option', { value: n.id }, n.name)));
  const day = (d) => d.toISOString().slice(0, 10);
  const from = el('input', { id: 'k-from', type: 'date', value: params.get('from') || day(new Date(Date.now() - 30 * 86400000)) });
  const to = el('input', { id: 'k-to', type: 'date', value: params.get('to') || day(new Date(Date.now() + 86400000)) });
  area.value = params.get('node') || '';
  const query = () => new URLSearchParams(Object.fromEntries([['nodeId', area.value], ['from', from.value], ['to', to.value]].filter(([, v]) => v)));
  const controls = el('form', { class: 'panel', onsubmit: (e) => { e.preventDefault(); location.hash = `#/kpi?node=${area.value}&from=${from.value}&to=${to.value}`; } },
    el('label', { for: 'k-node' }, t('kpi.area')), ' ', area, ' ', el('label', { for: 'k-from' }, t('kpi.from')), ' ', from, ' ',
    el('label', { for: 'k-to' }, t('kpi.to')), ' ', to, ' ', el('button', { type: 'submit' }, t('kpi.show')), ' ',
    el('button', { type: 'button', id: 'k-export', onclick: async () => {
      const reply = await fetch(`/api/v1/kpis/export.csv?${query()}`, { headers: { Authorization: `Bearer ${state.token}` } });
      const link = el('a', { href: URL.createObjectURL(await reply.blob()), download: `chengyun-kpi-${from.value}-${to.value}.csv` });
      document.body.append(link); link.click(); link.remove();
    } }, t('kpi.exportCsv')));
  const [report, departments, handlers] = await Promise.all([
    api(`/api/v1/kpis?${query()}`), api(`/api/v1/rankings?of=departments&${query()}`), api(`/api/v1/rankings?of=handlers&${query()}`)]);
  const measures = ['acceptanceRate', 'dispatchAccuracy', 'onTimeHandlingRate', 'closureRate', 'reworkRate', 'overdueRate'];
  const counts = ['reported', 'accepted', 'closed', 'selfHandled', 'overdue'];
  const chart = el('canvas', { id: 'k-chart', height: '120', role: 'img', 'aria-label': t('kpi.chart') });
  const table = (rows) => el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, t('kpi.rank')), el('th', {}, t('kpi.name')), ...['onTimeHandlingRate', 'closureRate', 'reworkRate', 'dispatchAccuracy'].map(k => el('th', {}, t(`kpi.${k}`))), el('th', {}, t('kpi.score')))),
    el('tbody', {}, ...rows.map(r => el('tr', {}, el('td', {}, r.rank), el('td', {}, r.name), ...['onTimeHandlingRate', 'closureRate', 'reworkRate', 'dispatchAccuracy'].map(k => el('td', {}, percent(r.report[k]))), el('td', {}, r.score.toFixed(3))))));
  view.replaceChildren(controls,
    el('section', { class: 'panel' }, el('h2', {}, t('kpi.title')),
      el('div', { class: 'tiles kpi-tiles' }, ...counts.map(k => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(`kpi.${k}`)), el('div', { class: 'value' }, report[k]))),
        ...measures.map(k => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(`kpi.${k}`)), el('div', { class: 'value', id: `k-${k}` }, percent(report[k]))))),
      chart),
    el('section', { class: 'panel' }, el('h2', {}, t('kpi.departments')), table(departments)),
    el('section', { class: 'panel' }, el('h2', {}, t('kpi.handlers')), table(handlers.slice(0, 20))),
    el('p', {}, t('kpi.noCommittees')));
  new Chart(chart, { type: 'bar', data: { labels: departments.slice(0, 15).map(r => r.name), datasets: [{ label: t('kpi.onTimeHandlingRate'), data: departments.slice(0, 15).map(r => r.report.onTimeHandlingRate || 0), backgroundColor: '#3ba4ff' }] },
    options: { animation: false, plugins: { legend: { labels: { color: '#e6f0ff' } } }, scales: { x: { ticks: { color: '#8fb3de' } }, y: { min: 0, max: 1, ticks: { color: '#8fb3de' } } } } });
  view.dataset.ready = 'true';
};

// 值班值守 — who is on duty, the roster of the coming days, and the handover log with a form to hand over.
pages.duty = async (view) => {
  const post = state.me.assignments.find(a => ['dutyOfficer', 'leader', 'admin', 'stationChief'].includes(a.role)) || state.me.assignments[0];
  const node = post.nodeId;
  const [now, roster, handovers] = await Promise.all([
    api(`/api/v1/duty/now?nodeId=${node}`), api(`/api/v1/duty/shifts?nodeId=${node}`), api(`/api/v1/duty/handovers?nodeId=${node}&limit=10`)]);
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
    el('section', { class: 'panel' }, el('h2', {}, t('duty.log')),
      el('ol', { id: 'handovers' }, ...handovers.map(h => el('li', {}, `${when(h.at)} · ${h.fromName} · ${h.note} · ${t('duty.openMatters', { n: h.openMatters.length })}`))))));
  view.dataset.ready = 'true';
};

// 站点工作台 — a committee's station: record what it fixed itself, its open matters, and what help it got.
pages.station = async (view) => {
  const committee = state.me.assignments.find(a => a.role === 'stationChief' || a.role === 'communityWorker');
  if (!committee) { view.append(el('p', {}, t('station.none'))); return; }
  const taxonomy = await api('/api/v1/taxonomy');
  const category = el('select', { id: 's-category' }, ...taxonomy.categories.map(c => el('option', { value: `${c.kind}:${c.code}` }, `${c.majorName} · ${c.name}`)));
  const description = el('textarea', { id: 's-description', rows: '2', required: '' });
  const before = el('input', { id: 's-before', type: 'file', accept: 'image/*' });
  const after = el('input', { id: 's-after', type: 'file', accept: 'image/*' });
  const note = el('input', { id: 's-note', type: 'text' });
  const error = el('p', { class: 'error', role: 'alert' });
  async function upload(caseId, input) {
    const file = input.files && input.files[0];
    if (!file) return null;
    const reply = await fetch(`/api/v1/cases/${caseId}/attachments?fileName=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { Authorization: `Bearer ${state.token}`, 'Content-Type': file.type || 'image/jpeg' }, body: file });
    const meta = await reply.json();
    if (!reply.ok) throw new Error(meta.error.message);
    return meta.id;
  }
  const form = el('form', { class: 'panel report', id: 'self-handle', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const created = await api('/api/v1/cases', { method: 'POST', json: { source: 'station', selfHandle: true, categoryId: category.value, description: description.value, nodeId: committee.nodeId } });
      await upload(created.id, before);
      const afterId = await upload(created.id, after);
      if (afterId) await api(`/api/v1/cases/${created.id}/actions/selfClose`, { method: 'POST', json: { note: note.value || description.value, attachmentIds: [afterId] } });
      location.hash = `#/case/${created.id}`;
    } catch (err) { error.textContent = err.message; }
  } },
    el('h2', {}, t('station.selfHandle')),
    el('label', { for: 's-category' }, t('report.category')), category,
    el('label', { for: 's-description' }, t('report.description')), description,
    el('label', { for: 's-before' }, t('station.before')), before,
    el('label', { for: 's-after' }, t('station.after')), after,
    el('label', { for: 's-note' }, t('station.result')), note,
    el('p', {}, el('button', { type: 'submit', id: 's-submit' }, t('station.record'))), error);
  const to = new Date().toISOString();
  const [mine, workload] = await Promise.all([
    api(`/api/v1/cases?nodeId=${committee.nodeId}&state=accepted,dispatched,inProgress,handled&limit=50`),
    api(`/api/v1/committees/${committee.nodeId}/view?to=${encodeURIComponent(to)}`),
  ]);
  const figure = (key, value) => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(key)), el('div', { class: 'value' }, value));
  view.replaceChildren(el('div', { class: 'station' },
    form,
    el('section', { class: 'panel' }, el('h2', {}, t('station.view'), ' · ', workload.name),
      el('div', { class: 'tiles' }, figure('station.cases', workload.workload.cases), figure('station.selfHandled', workload.workload.selfHandled),
        figure('station.callIns', workload.raised.callIns), figure('station.help', workload.help.callInsAnswered + workload.help.dispatchedClosed))),
    el('section', { class: 'panel' }, el('h2', {}, t('station.open')),
      el('ul', { id: 'station-open' }, ...mine.items.map(c => el('li', {}, el('a', { href: `#/case/${c.id}` }, c.number), ` ${c.categoryName} · ${t(`state.${c.state}`)}`,
        c.linkage ? el('span', { class: 'badge' }, ' ', t('station.linked')) : '', c.callIns.length ? el('span', { class: 'badge' }, ' ', t('action.callIn')) : ''))))));
  view.dataset.ready = 'true';
};

pages.mine = async (view) => {
  const page = await api('/api/v1/cases?mine=true&limit=50');
  view.replaceChildren(el('section', { class: 'panel' }, el('h1', {}, t('menu.mine')),
    el('ul', {}, ...page.items.map(c => el('li', {}, el('a', { href: `#/case/${c.id}` }, c.number), ` ${c.categoryName} · ${t(`state.${c.state}`)}`)))));
  view.dataset.ready = 'true';
};

pages.case = async (view, params, id) => {
  const c = await api(`/api/v1/cases/${id}`);
  const history = await api(`/api/v1/cases/${id}/history`);
  const actions = el('div', { class: 'actions', id: 'actions' });
  const form = el('form', { class: 'panel', id: 'action-form', hidden: '' });
  view.replaceChildren(el('section', { class: 'panel' },
    el('h1', {}, `${c.number} · ${c.categoryName || c.categoryId}`),
    el('p', { id: 'case-state' }, t(`state.${c.state}`), c.overdue ? el('span', { class: 'badge bad' }, ' ', t('screen.overdue')) : '',
      c.deadline ? el('span', {}, ' · ', countdown(c.deadline)) : ''),
    el('p', {}, c.description), el('p', {}, c.address || ''),
    el('h2', {}, t('case.actions')), actions, form,
    el('h2', {}, t('case.history')),
    el('ol', { id: 'history' }, ...history.map(e => el('li', {}, `${new Date(e.at).toLocaleString(state.lang)} · ${t(`action.${e.action}`)} · ${e.actorName}${e.note ? ' · ' + e.note : ''}${e.attachmentIds.length ? ' · 📷' + e.attachmentIds.length : ''}`)))));
  // Photos: fetched with the token (an <img> cannot send it) and shown from memory.
  const gallery = el('div', { class: 'gallery', id: 'photos' });
  view.firstChild.insertBefore(gallery, actions.previousSibling);
  for (const a of await api(`/api/v1/cases/${c.id}/attachments`)) {
    if (!a.contentType.startsWith('image/')) { gallery.append(el('span', {}, a.fileName)); continue; }
    const reply = await fetch(`/api/v1/attachments/${a.id}`, { headers: { Authorization: `Bearer ${state.token}` } });
    if (reply.ok) gallery.append(el('img', { src: URL.createObjectURL(await reply.blob()), alt: `${t('case.photo')} ${a.fileName}`, title: a.fileName }));
  }
  for (const action of c.availableActions || []) {
    actions.append(el('button', { type: 'button', 'data-action': action, onclick: () => openAction(action) }, t(`action.${action}`)), ' ');
  }
  if (!(c.availableActions || []).length) actions.append(el('p', {}, t('case.noActions')));

  async function openAction(action) {
    const fields = actionFields[action] || [];
    form.replaceChildren(el('h3', {}, t(`action.${action}`)));
    const inputs = {};
    for (const name of fields) {
      const field = await fieldFor(name, c);
      inputs[name] = field.input;
      form.append(el('label', { for: `f-${name}` }, t(`field.${name}`)), field.input, el('span', { class: 'error', id: `err-${name}` }));
    }
    const general = el('p', { class: 'error', role: 'alert' });
    form.append(el('p', {}, el('button', { type: 'submit', id: 'submit-action' }, t('case.submit'))), general);
    form.hidden = false;
    form.onsubmit = async (e) => {
      e.preventDefault();
      form.querySelectorAll('.error').forEach(x => { x.textContent = ''; });
      try {
        const body = {};
        for (const [name, input] of Object.entries(inputs)) await collect(name, input, body);
        await api(`/api/v1/cases/${c.id}/actions/${action}`, { method: 'POST', json: body });
        route();
      } catch (err) {
        const slot = err.field && $(`#err-${err.field.replace(/Ids?$/, '').replace('attachment', 'photo')}`, form);
        (slot || general).textContent = err.message;
      }
    };
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  }

  async function collect(name, input, body) {
    const value = input.value;
    switch (name) {
      case 'photo':
        if (input.files && input.files[0]) {
          const file = input.files[0];
          const reply = await fetch(`/api/v1/cases/${c.id}/attachments?fileName=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { Authorization: `Bearer ${state.token}`, 'Content-Type': file.type || 'image/jpeg' }, body: file });
          const meta = await reply.json();
          if (!reply.ok) { const e = new Error(meta.error.message); e.field = 'photo'; throw e; }
          body.attachmentIds = [meta.id];
        }
        break;
      case 'lead': case 'into': case 'to': case 'cameraId': case 'task': if (value) body[name] = Number(value); break;
      case 'hours': case 'score': if (value) body[name] = Number(value); break;
      case 'passed': body.passed = value === 'true'; break;
      case 'departments': body.departments = Array.from(input.selectedOptions).map(o => Number(o.value)); break;
      case 'attendees': body.attendees = value.split(/[,，、]/).map(x => x.trim()).filter(Boolean); break;
      case 'heldAt': if (value) body.heldAt = new Date(value).toISOString(); break;
      case 'taskDepartment': if (value) { body.tasks = body.tasks || [{}]; body.tasks[0].departmentId = Number(value); } break;
      case 'taskText': if (value) { body.tasks = body.tasks || [{}]; body.tasks[0].task = value; } break;
      case 'taskDue': if (value) { body.tasks = body.tasks || [{}]; body.tasks[0].dueAt = new Date(value).toISOString(); } break;
      case 'returnReason': case 'linkageReason': body.reason = value; break;
      default: if (value) body[name] = value;
    }
  }
  view.dataset.ready = 'true';
};

// The fields each action asks for (docs/CASE_LOOP.md); the server checks them and names a wrong one.
const actionFields = {
  accept: ['note'], reject: ['reason'], merge: ['into', 'note'], dispatch: ['lead', 'note'], return: ['returnReason', 'note'], start: ['note'],
  reportBack: ['note', 'photo'], verify: ['passed', 'method', 'cameraId', 'note', 'photo'], close: ['note'], rate: ['score', 'note'],
  requestExtension: ['hours', 'reason'], approveExtension: ['note'], refuseExtension: ['note'], suspend: ['reason'], resume: ['note'], supervise: ['note'],
  escalate: ['to', 'reason'], callIn: ['departments', 'reason', 'hours'], feedback: ['note', 'photo'], release: ['note'], selfClose: ['note', 'photo'],
  askLinkage: ['linkageReason', 'note'], consult: ['heldAt', 'attendees', 'decision', 'taskDepartment', 'taskText', 'taskDue'], completeTask: ['task', 'note'],
  arbitrate: ['lead', 'note'], returnToPolice: ['reason'],
};

async function fieldFor(name, c) {
  const id = `f-${name}`;
  const select = (options) => el('select', { id, name }, ...options.map(([v, label]) => el('option', { value: v }, label)));
  let input;
  switch (name) {
    case 'note': case 'reason': case 'decision': input = el('textarea', { id, name, rows: '2' }); break;
    case 'photo': input = el('input', { id, name, type: 'file', accept: 'image/jpeg,image/png,image/webp' }); break;
    case 'lead': case 'departments': case 'taskDepartment': {
      const departments = await api('/api/v1/departments');
      input = select(departments.map(d => [d.id, d.name]));
      if (name === 'departments') input.multiple = true;
      break;
    }
    case 'returnReason': input = select(['notOurDuty', 'outOfArea', 'wrongCategory', 'insufficientInfo', 'duplicate', 'other'].map(r => [r, t(`returnReason.${r}`)])); input.name = 'reason'; break;
    case 'linkageReason': input = select(['crossFunction', 'crossArea', 'crossOwnership', 'beyondMeans'].map(r => [r, t(`linkageReason.${r}`)])); input.name = 'reason'; break;
    case 'passed': input = select([['true', t('field.passedYes')], ['false', t('field.passedNo')]]); break;
    case 'method': input = select([['onSite', t('field.methodOnSite')], ['video', t('field.methodVideo')]]); break;
    case 'cameraId': { const cams = await api('/api/v1/cameras').catch(() => []); input = select([['', '—'], ...cams.map(k => [k.id, k.name])]); break; }
    case 'score': input = select([5, 4, 3, 2, 1].map(n => [n, t(`score.${n}`)])); break;
    case 'task': input = select(((c.linkage && c.linkage.consultations) || []).flatMap(k => k.tasks).filter(k => !k.doneAt).map(k => [k.id, k.task])); break;
    case 'heldAt': case 'taskDue': input = el('input', { id, name, type: 'datetime-local' }); break;
    default: input = el('input', { id, name, type: ['hours', 'into', 'to'].includes(name) ? 'number' : 'text' });
  }
  return { input };
}

// ---------- live stream ----------
function openStream(onItem) {
  const controller = new AbortController();
  state.stream = controller;
  (async () => {
    try {
      const reply = await fetch('/api/v1/stream', { headers: { Authorization: `Bearer ${state.token}` }, signal: controller.signal });
      const reader = reply.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
          const data = block.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
          if (data) onItem(JSON.parse(data));
        }
      }
    } catch (e) { if (e.name !== 'AbortError') console.warn('stream closed', e); }
  })();
}

// ---------- router ----------
async function route() {
  clearTimers();
  const view = $('#view');
  delete view.dataset.ready;
  const [path, query] = location.hash.slice(1).split('?');
  const parts = (path || '/').split('/').filter(Boolean);
  const params = new URLSearchParams(query || '');
  let me = null;
  try { me = await ensureMe(); } catch { me = null; }
  renderChrome();
  const name = parts[0] || '';
  if (!me && name !== 'login') { location.hash = '#/login'; return; }
  if (name === '' ) { location.hash = homeFor(me); return; }
  const page = pages[name];
  view.replaceChildren();
  if (!page) { view.append(el('p', {}, t('error.notFound'))); return; }
  try { await page(view, params, parts[1]); } catch (e) { console.error('page failed', e && e.stack || e); view.append(el('p', { class: 'error', role: 'alert' }, (e && e.message) || String(e))); }
}

async function start() {
  await loadStrings(state.lang);
  translate(document);
  $('#lang').addEventListener('click', async () => { await loadStrings(state.lang === 'zh-CN' ? 'en' : 'zh-CN'); translate(document); route(); });
  $('#logout').addEventListener('click', signOut);
  const tick = () => { $('#clock').textContent = new Date().toLocaleString(state.lang); };
  tick(); setInterval(tick, 1000);
  window.addEventListener('hashchange', route);
  route();
}
start();
