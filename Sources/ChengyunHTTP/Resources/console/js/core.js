// Chengyun console: one page, hash routes, every string from the translation tables (i18n/*.json).
'use strict';

// The session is an HttpOnly cookie that no script can read (docs/CONSOLE.md, "Sessions and hostile text"); only the language is kept here.
const state = { lang: localStorage.getItem('cy.lang') || 'zh-CN', strings: {}, me: null, stream: null, timers: [] };

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
  // A function, so that `$&` or `$'` in a name is kept as it is; the result is text, never markup.
  for (const [k, v] of Object.entries(values || {})) s = s.replace(`{${k}}`, () => String(v));
  return s;
}
function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach(el => { el.setAttribute('aria-label', t(el.dataset.i18nLabel)); });
}

// ---------- API ----------
/// Sent with every request: the server refuses a cookie-authenticated change (POST, PUT, PATCH, DELETE) without it,
/// which a form or a page on another site cannot add (auth.csrf).
const consoleHeader = { 'X-Chengyun-Console': '1' };
/// Reads whose cost grows with the city (the server's load shedding calls them dear): the server runs a few of one
/// user's at once and refuses more (429 `rate.concurrent`), so the console queues them itself — the big screen asks
/// for nine at once. The list and the number come from the server (`/console/config.json`).
const heavyGate = { free: 0, waiting: [] };
const isHeavy = path => ((state.config && state.config.heavyPaths) || []).some(p => path.startsWith(p));
async function heavyTurn(work) {
  if (heavyGate.free > 0) heavyGate.free -= 1; else await new Promise(resolve => heavyGate.waiting.push(resolve));
  try { return await work(); } finally { const next = heavyGate.waiting.shift(); if (next) next(); else heavyGate.free += 1; }
}
/// `fetch` with the session cookie and the console's header; a heavy read waits its turn, and a read the server
/// refuses for now (429 or 503 with Retry-After) is asked again, at most twice.
async function send(path, init = {}) {
  const options = Object.assign({}, init, { credentials: 'same-origin', headers: Object.assign({}, consoleHeader, init.headers || {}) });
  const entry = { path, since: Date.now(), step: 'queued' };
  pendingRequests.add(entry);
  const once = () => (isHeavy(path) ? heavyTurn(() => { entry.step = 'sent'; return fetch(path, options); }) : (entry.step = 'sent', fetch(path, options)));
  try {
    for (let attempt = 0; ; attempt += 1) {
      const reply = await once();
      const wait = Number(reply.headers.get('Retry-After'));
      const again = (reply.status === 429 || reply.status === 503) && (!options.method || options.method === 'GET') && attempt < 2 && wait > 0 && wait <= 5;
      if (!again) return reply;
      entry.step = `retry after ${reply.status}`;
      await new Promise(resolve => setTimeout(resolve, wait * 1000));
    }
  } finally { pendingRequests.delete(entry); }
}
/// The requests under way (path, since when, queued behind the heavy gate or sent): what a page that never gets
/// ready is waiting for, for whoever looks (a browser test reports them).
const pendingRequests = new Set();
function pendingSummary() {
  return [...pendingRequests].map(r => `${r.step} ${Math.round((Date.now() - r.since) / 1000)} s ${r.path}`);
}
/// The entity tags of whole tables as last read (calendar, handling powers): a save sends it back as If-Match, and
/// the server refuses it (412) when someone else saved in between.
const entityTags = new Map();
/// Calls the API with the session cookie. `signedOut` is what a 401 returns instead of ending the session (asking who
/// is signed in); otherwise a 401 signs out and throws.
async function api(path, options = {}) {
  const headers = Object.assign({ 'Accept': 'application/json' }, consoleHeader, options.headers || {});
  if (options.ifMatch && entityTags.has(path)) headers['If-Match'] = entityTags.get(path);
  if (options.json !== undefined) { headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(options.json); }
  const reply = await send(path, Object.assign({}, options, { headers }));
  if (reply.status === 401 && 'signedOut' in options) return options.signedOut;
  if (reply.status === 401 && path !== '/api/v1/auth/login') { await signOut(); throw new Error(t('error.signedOut')); }
  const text = await reply.text();
  const body = text ? JSON.parse(text) : null;
  if (!reply.ok) {
    const error = body && body.error;
    const e = new Error(error ? errorText(error) : reply.statusText);
    e.field = error && error.field; e.code = error && error.code;
    throw e;
  }
  if (reply.headers.get('ETag')) entityTags.set(path, reply.headers.get('ETag'));
  // A saved category or department makes the session's copies stale (pickers, names on every page).
  if (options.method && options.method !== 'GET') {
    if (path.startsWith('/api/v1/taxonomy')) state.taxonomy = null;
    if (path.startsWith('/api/v1/departments')) state.departments = null;
  }
  return body;
}

/// An API error in the user's language: every code the server returns has a string (`error.<code>`, i18n/*/errors.json,
/// checked by a test); the server's own English message only for a code this console does not know yet.
function errorText(error) {
  const known = error && error.code && state.strings[`error.${error.code}`];
  if (!known) return (error && error.message) || t('error.unknown');
  // Where in a list or a file the fault is, from the field the server names (features[1].code, line 3 username).
  const item = error.field && error.field.match(/\[(\d+)\]/), line = error.field && error.field.match(/^line (\d+)/);
  return known + (line ? t('error.atLine', { n: line[1] }) : item ? t('error.atItem', { n: Number(item[1]) + 1 }) : '');
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
/// A local day as YYYY-MM-DD (the form a date input and the API's local days take).
/// Alarm and warning levels (蓝 < 黄 < 橙 < 红): their colours, and a level as a coloured badge in words.
const levelColours = { blue: '#3b82f6', yellow: '#eab308', orange: '#f97316', red: '#dc2626' };
function levelBadge(level) {
  return el('span', { class: `level level-${level}`, style: `background:${levelColours[level] || '#888'}` }, t(`sensing.level.${level}`));
}

/// The city's day of `d` (Beijing time, as the server counts days), YYYY-MM-DD, whatever the browser's time zone: in a
/// browser set to UTC, 00:30 in Shanghai is still the day before, and today's note or a review date would miss by one.
function localDay(d) { return new Date(d).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }); }
/// A time shown briefly in the user's language, in the city's time (12/8 09:30).
function shortTime(at) { return new Date(at).toLocaleString(state.lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }
/// A date in the user's language, in the city's time.
function cityDate(at) { return new Date(at).toLocaleDateString(state.lang, { timeZone: 'Asia/Shanghai' }); }
/// 挂账: a parked case's badge, red once its review date has come (复核到期).
function parkedBadge(c) {
  if (!c.parkedUntil) return '';
  const due = new Date(c.parkedUntil) <= new Date();
  return el('span', { class: due ? 'badge bad' : 'badge', 'data-parked': due ? 'due' : 'parked' }, ' ', t(due ? 'case.reviewDue' : 'case.parked'));
}
function percent(x) { return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`; }
function localMidnight() { const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), d.getDate()).toISOString(); }
/// The photo types the server takes, by their first bytes (as the server checks them): JPEG, PNG, WebP.
const photoMagic = [['image/jpeg', [0xFF, 0xD8, 0xFF]], ['image/png', [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]]];
/// Checks a chosen photo as the server will — a JPEG, PNG or WebP by its bytes, not empty, within the size limit —
/// before anything is sent; returns its type, throws an error naming `field` in the user's language.
async function checkPhoto(file, field = 'photo', { pdf = false } = {}) {
  const refuse = (key, values) => { const e = new Error(t(key, values)); e.field = field; throw e; };
  if (!file.size) refuse('error.attachment.empty');
  const limit = (state.config && state.config.photoMaxBytes) || 8 * 1024 * 1024;
  if (file.size > limit) refuse('photo.tooLarge', { mb: Math.floor(limit / 1048576) });
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const starts = (magic, at = 0) => magic.every((b, i) => head[at + i] === b);
  const ascii = (text) => [...text].map(ch => ch.charCodeAt(0));
  const type = (photoMagic.find(([, magic]) => starts(magic)) || [])[0] || (starts(ascii('RIFF')) && starts(ascii('WEBP'), 8) ? 'image/webp' : null)
    || (pdf && starts(ascii('%PDF-')) ? 'application/pdf' : null);
  if (!type) refuse(pdf ? 'document.notAllowed' : 'photo.notAPhoto');
  return type;
}
/// Files a document (a photo or a PDF, checked first) with a request or an entry at `path` (…/documents) and returns it;
/// a refusal names the field.
async function uploadDocument(path, file, field = 'document') {
  return uploadFile(path, file, await checkPhoto(file, field, { pdf: true }), field);
}
/// Opens a stored file (a document's bytes need the session's header, so not a plain link) in a new tab: the tab is
/// opened at the tap (a phone's browser blocks one opened later), then shown the file; its object URL freed a minute on.
async function openStoredFile(path) {
  const tab = window.open('', '_blank');
  try {
    const reply = await fetch(path, { credentials: 'same-origin', headers: consoleHeader, cache: 'no-store' });
    if (!reply.ok) { const body = await reply.json().catch(() => null); throw new Error(errorText(body && body.error)); }
    const url = URL.createObjectURL(await reply.blob());
    if (tab) { tab.opener = null; tab.location.href = url; } else { window.open(url, '_blank', 'noopener'); }
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (err) {
    if (tab) tab.close();
    throw err;
  }
}
/// Uploads a photo to a case (checked first) and returns the attachment's id (null when no file was chosen); a
/// refusal names the field.
async function uploadPhoto(caseId, file, field = 'photo') {
  if (!file) return null;
  return (await uploadFile(`/api/v1/cases/${caseId}/attachments`, file, await checkPhoto(file, field), field)).id;
}
/// Sends a checked file of `type` as the raw body to `path` and returns what was stored; a refusal names the field.
async function uploadFile(path, file, type, field) {
  const reply = await fetch(`${path}?fileName=${encodeURIComponent(file.name)}`,
    { method: 'POST', credentials: 'same-origin', headers: Object.assign({ 'Content-Type': type }, consoleHeader), body: file });
  const meta = await reply.json();
  if (!reply.ok) { const e = new Error(errorText(meta.error)); e.field = field; e.code = meta.error && meta.error.code; throw e; }
  return meta;
}
/// The documents filed with a request or an entry (`base` is its …/documents): each opened on demand (every read may be
/// audited, so never as a thumbnail); with `file`, a button that files the chosen photo or PDF (checked first) at once —
/// the picker is the button, so no browser-language "Choose File" text shows. `compact`: only the button while none is filed.
function documentsPanel(docs, base, { file = false, title, none, add, compact = false }) {
  const message = el('p', { class: 'error', role: 'alert' });
  const list = docs.length ? el('ul', { class: 'documents' }, ...docs.map(d => el('li', { 'data-document': d.id },
    el('button', { type: 'button', class: 'link', onclick: () => openStoredFile(`${base}/${d.id}`).catch((err) => { message.textContent = err.message; }) }, d.fileName),
    ' ', el('span', { class: 'muted' }, `${Math.max(1, Math.round(d.byteCount / 1024))} KB · ${d.uploadedByName} · ${shortTime(d.uploadedAt)}`))))
    : el('p', { class: 'muted' }, none);
  const input = el('input', { type: 'file', class: 'document-file', accept: 'image/jpeg,image/png,image/webp,application/pdf', onchange: async () => {
    message.textContent = '';
    const chosen = input.files && input.files[0];
    if (!chosen) return;
    await uploadDocument(base, chosen).then(() => route(), (err) => { message.textContent = err.message; input.value = ''; });
  } });
  const button = file ? el('p', {}, el('label', { class: `button-like ${compact ? 'link' : 'secondary'}`, 'data-action': 'document' }, input, add)) : '';
  // Compact: with none filed yet, only the button (a list of entries is not repeated "none" lines).
  if (compact && !docs.length) return el('div', { class: 'documents-panel', 'data-documents': 0 }, button, message);
  return el('div', { class: 'documents-panel', 'data-documents': docs.length }, el('p', {}, el('strong', {}, title)), list, button, message);
}
/// A new request key (防重复提交): sent with a create, and again with its retries, so the server creates once.
function requestKey() {
  return crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}
/// The taxonomy, read once per sign-in.
async function taxonomy() {
  if (!state.taxonomy) state.taxonomy = await api('/api/v1/taxonomy');
  return state.taxonomy;
}
/// The departments the user may see, read once per sign-in.
async function departments() {
  if (!state.departments) state.departments = await api('/api/v1/departments');
  return state.departments;
}
/// A category's name in the console's language (the taxonomy must have been read).
function categoryLabel(id) {
  const c = state.taxonomy && state.taxonomy.categories.find(x => `${x.kind}:${x.code}` === id);
  return c ? (state.lang === 'en' && c.nameEn ? c.nameEn : c.name) : id;
}
/// A case's category as the console's language names it (the server gives the Chinese name).
function caseCategory(c) {
  return state.lang === 'en' && state.taxonomy ? categoryLabel(c.categoryId) : (c.categoryName || c.categoryId);
}
/// A category in a picker: major class and name in Chinese, the English name in English.
function categoryOption(c) {
  return el('option', { value: `${c.kind}:${c.code}` }, state.lang === 'en' && c.nameEn ? c.nameEn : `${c.majorName} · ${c.name}`);
}
/// 问题类别 picker: a search box over the categories grouped by major class (事件 · 市容环境…), nothing chosen at
/// first (no "上水井盖" by default); typing narrows the list and chooses the first match. Returns the box and the select.
function categoryPicker(id, categories) {
  const select = el('select', { id, required: '' }, el('option', { value: '' }, t('report.chooseCategory')));
  const groups = new Map();
  for (const c of categories) {
    const label = `${t(`kind.${c.kind}`)} · ${state.lang === 'en' && c.majorNameEn ? c.majorNameEn : c.majorName}`;
    if (!groups.has(label)) { groups.set(label, el('optgroup', { label })); select.append(groups.get(label)); }
    groups.get(label).append(el('option', { value: `${c.kind}:${c.code}` }, state.lang === 'en' && c.nameEn ? c.nameEn : c.name));
  }
  const search = el('input', { id: `${id}-search`, type: 'search', placeholder: t('report.searchCategory'), 'aria-controls': id, autocomplete: 'off',
    oninput: () => {
      const words = search.value.trim().toLowerCase();
      let first = null;
      for (const option of select.querySelectorAll('option[value]:not([value=""])')) {
        const c = categories.find(x => `${x.kind}:${x.code}` === option.value);
        const hit = !words || [c.name, c.majorName, c.nameEn || '', c.code].some(s => s.toLowerCase().includes(words));
        option.hidden = !hit;
        if (hit && !first) first = option;
      }
      for (const g of groups.values()) g.hidden = ![...g.children].some(o => !o.hidden);
      if (words && first) select.value = first.value;
    } });
  return { box: el('div', { class: 'category-picker' }, search, select), select };
}
/// A Leaflet map whose base is the deployment's own tiles when the operator configured them (`serve --tile-url`) —
/// never a tile server on the internet — and otherwise a plain base drawn from what the server ships
/// (/console/map/base.json: Shanghai's districts and the neighbouring land, WGS-84 like every layer; the rest is water),
/// with the district names. The page draws its own areas over it, named with `areaNames`.
function baseMap(container, options = {}) {
  const tiles = state.config && state.config.tileURL;
  const map = L.map(container, Object.assign({ attributionControl: !!tiles, minZoom: 8, maxZoom: 19 }, options));
  // Leaflet 1.6 writes an attribution as HTML: the operator's credit is escaped so it shows as the text given.
  if (tiles) L.tileLayer(tiles, { attribution: asHTMLText(state.config.tileAttribution || ''), maxZoom: 19 }).addTo(map);
  else drawLand(map);
  map.getContainer().leafletMap = map;   // for the browser tests, which tap and zoom as a person would
  return map;
}
let landData = null;
async function drawLand(map) {
  landData = landData || fetch('/console/map/base.json').then(r => r.ok ? r.json() : null).catch(() => null);
  const land = await landData;
  if (!land || !map.getContainer().isConnected) return;
  map.createPane('land').style.zIndex = 250;   // under the page's areas (overlayPane, 400)
  L.geoJSON(land, { pane: 'land', interactive: false, style: f => f.properties.kind === 'province'
    ? { color: '#2c4866', weight: 1, fillColor: '#15304c', fillOpacity: 1 }
    : { color: '#56799f', weight: 1, dashArray: '4 3', fillColor: '#1a3856', fillOpacity: 1 } }).addTo(map);
  areaNames(map, land.features, { maxZoom: 13, className: 'land' });
}
/// The names of areas drawn on the map at their middle, each shown only at the zooms where its area is wide enough
/// for its name (so districts name themselves when the city is in view, streets and committees as one comes closer)
/// and where it meets no name already placed: the page's own areas first, the base's districts after them.
function areaNames(map, features, { maxZoom = 19, className = '' } = {}) {
  // Above the case bubbles and markers (600), under tooltips and popups (650+); names take no clicks (style.css).
  if (!map.getPane('names')) map.createPane('names').style.zIndex = 640;
  const names = features.map(f => {
    const text = state.lang === 'en' && f.properties.nameEn ? f.properties.nameEn : f.properties.name;
    const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]] : f.geometry.coordinates.map(p => p[0]);
    const largest = rings.reduce((a, b) => ringArea(b) > ringArea(a) ? b : a);
    const lons = largest.map(p => p[0]), lats = largest.map(p => p[1]);
    const bounds = L.latLngBounds([Math.min(...lats), Math.min(...lons)], [Math.max(...lats), Math.max(...lons)]);
    const at = ringMiddle(largest);
    const label = L.marker(at, { pane: 'names', interactive: false, keyboard: false,
      icon: L.divIcon({ className: `map-name ${className}`.trim(), html: el('span', {}, text), iconSize: null }) });
    // The name's width at 13–14 px: a Chinese character is about a square, a digit or Latin letter half one.
    return { label, bounds, at, width: [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2E80 ? 7.5 : 14), 8) };
  });
  const sets = map.nameSets || (map.nameSets = []);
  sets.push({ names, maxZoom, base: className === 'land', group: L.layerGroup().addTo(map) });
  sets.sort((a, b) => a.base - b.base);
  if (!map.placesNames) {
    map.placesNames = true;
    map.on('zoomend', () => placeNames(map));
  }
  if (map._loaded) placeNames(map); else map.whenReady(() => placeNames(map));
}
function placeNames(map) {
  const taken = [];
  for (const set of map.nameSets) {
    set.group.clearLayers();
    if (map.getZoom() > set.maxZoom) continue;
    for (const n of set.names) {
      const a = map.latLngToLayerPoint(n.bounds.getSouthWest()), b = map.latLngToLayerPoint(n.bounds.getNorthEast());
      if (Math.abs(b.x - a.x) < n.width || Math.abs(a.y - b.y) < 24) continue;
      const p = map.latLngToLayerPoint(n.at);
      const box = { x0: p.x - n.width / 2, x1: p.x + n.width / 2, y0: p.y - 12, y1: p.y + 12 };
      if (taken.some(t => t.x0 < box.x1 && box.x0 < t.x1 && t.y0 < box.y1 && box.y0 < t.y1)) continue;
      taken.push(box);
      set.group.addLayer(n.label);
    }
  }
}
function ringArea(ring) { let s = 0; for (let i = 1; i < ring.length; i++) s += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1]; return Math.abs(s / 2); }
/// The centroid of a ring as [lat, lon]; the middle of its widest east–west run through the centroid's latitude when
/// the centroid falls outside (a crescent-shaped district).
function ringMiddle(ring) {
  let a = 0, x = 0, y = 0;
  for (let i = 1; i < ring.length; i++) {
    const [x0, y0] = ring[i - 1], [x1, y1] = ring[i], f = x0 * y1 - x1 * y0;
    a += f; x += (x0 + x1) * f; y += (y0 + y1) * f;
  }
  if (!a) return [ring[0][1], ring[0][0]];
  const cx = x / (3 * a), cy = y / (3 * a);
  const crossings = [];
  for (let i = 1; i < ring.length; i++) {
    const [x0, y0] = ring[i - 1], [x1, y1] = ring[i];
    if ((y0 > cy) !== (y1 > cy)) crossings.push(x0 + (cy - y0) / (y1 - y0) * (x1 - x0));
  }
  crossings.sort((p, q) => p - q);
  let best = null;
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    if (cx >= crossings[i] && cx <= crossings[i + 1]) return [cy, cx];
    if (!best || crossings[i + 1] - crossings[i] > best[1] - best[0]) best = [crossings[i], crossings[i + 1]];
  }
  return [cy, best ? (best[0] + best[1]) / 2 : cx];
}
/// Text escaped for the few Leaflet options that take only an HTML string (an attribution): it shows as written.
function asHTMLText(text) { const box = document.createElement('span'); box.textContent = text; return box.innerHTML; }
/// Runs `fn` once, `ms` after the first of a burst of calls (the live stream can bring many changes at once).
function debounced(fn, ms) {
  let pending = null;
  return () => {
    if (pending) return;
    pending = setTimeout(() => { pending = null; fn(); }, ms);
    state.timers.push(pending);
  };
}
function clearTimers() { state.timers.forEach(clearTimeout); state.timers = []; if (state.stream) { state.stream.abort(); state.stream = null; } }

// ---------- session ----------
function homeFor(me) {
  const roles = new Set(me.assignments.map(a => a.role));
  // The auditor reads the audit trail (使用痕迹) and changes nothing.
  if (roles.has('auditor')) return '#/audit';
  if (roles.has('leader') || roles.has('dutyOfficer') || roles.has('admin')) return '#/screen';
  if (roles.has('resident') && roles.size === 1) return me.leadsGroup ? '#/sweep-work' : '#/mine';
  if (roles.has('stationChief')) return '#/station';
  return '#/desk';
}
/// Ends the session on the server (which clears the cookie) before the login page asks who is signed in.
async function signOut() {
  if (state.me) await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: consoleHeader }).catch(() => {});
  state.me = null; state.taxonomy = null; state.departments = null;
  localStorage.removeItem('cy.sweep.me');
  location.hash = '#/login';
}
/// Who is signed in, asked of the server (the cookie is out of a script's reach); null when nobody is. With no network
/// at all (not a refusal), a building-group leader's phone goes on with who they were at the last sign-in, so that the
/// sweep page works after a reload offline (sw.js keeps the console's files); nobody else's is kept.
async function ensureMe() {
  if (state.me) return state.me;
  try {
    state.me = await markLeader(await api('/api/v1/me', { signedOut: null }));
  } catch (e) {
    const kept = e instanceof TypeError ? JSON.parse(localStorage.getItem('cy.sweep.me') || 'null') : null;
    if (!kept) throw e;
    state.me = kept;
    return kept;
  }
  return state.me;
}
/// A resident who leads a building group works its sweeps on their phone (sweep-work.js): marked once a session.
async function markLeader(me) {
  if (me && me.assignments.some(a => a.role === 'resident')) me.leadsGroup = await api('/api/v1/sweeps/mine').then(w => w.groups.length > 0, () => false);
  // 物业: a property company's staff, or a housing office's (the repairs' second and third levels).
  if (me && me.assignments.some(a => a.role === 'departmentHandler')) {
    const units = new Set(me.assignments.map(a => a.departmentId).filter(Boolean));
    const kinds = await api('/api/v1/departments').then(ds => ds.filter(d => units.has(d.id)).map(d => d.kind), () => []);
    me.propertyDesk = kinds.includes('wuye') ? 'company' : kinds.includes('fangguan') ? 'housing' : null;
    // 社区事务受理服务中心: a street's centre decides the community-affairs requests its stations forward.
    me.serviceCentre = kinds.includes('shequshiwu');
  }
  // 吹哨人: whether a staff member is the designated handler of a district or the city.
  if (me && me.assignments.some(a => !['resident', 'auditor'].includes(a.role))) {
    me.whistleHandler = await api('/api/v1/whistleblower-handlers/mine').then(m => m.paths.length > 0, () => false);
  }
  // Who a building-group leader is, kept on their phone for a reload with no network (ensureMe); nobody else's.
  if (me && me.leadsGroup) {
    localStorage.setItem('cy.sweep.me', JSON.stringify({ id: me.id, displayName: me.displayName, assignments: me.assignments, leadsGroup: true }));
  } else {
    localStorage.removeItem('cy.sweep.me');
  }
  return me;
}
/// A bearer token that an older console kept in localStorage, where any script could read it: revoked and forgotten.
async function forgetStoredToken() {
  const old = localStorage.getItem('cy.token');
  if (!old) return;
  localStorage.removeItem('cy.token');
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${old}` } }).catch(() => {});
}
function renderChrome() {
  const me = state.me;
  $('#who').textContent = me ? me.displayName : '';
  $('#logout').hidden = !me;
  $('#password-link').hidden = !me;
  $('#password-link').setAttribute('aria-current', me && location.hash.split('?')[0] === '#/password' ? 'page' : 'false');
  const menu = $('#menu');
  menu.replaceChildren();
  if (!me) return;
  const roles = new Set(me.assignments.map(a => a.role));
  const items = [];
  if (roles.has('leader') || roles.has('dutyOfficer') || roles.has('admin')) items.push(['#/screen', 'menu.screen'], ['#/kpi', 'menu.kpi'], ['#/duty', 'menu.duty'], ['#/diversion', 'menu.diversion']);
  if (roles.has('admin')) items.push(['#/admin', 'menu.admin']);
  if (roles.has('auditor')) items.push(['#/audit', 'menu.audit']);
  // The work desk is for those who handle cases: not a resident's, not an auditor's.
  if ([...roles].some(r => r !== 'resident' && r !== 'auditor')) items.push(['#/desk', 'menu.desk']);
  if (roles.has('stationChief') || roles.has('communityWorker')) items.push(['#/station', 'menu.station']);
  if (['leader', 'dutyOfficer', 'admin', 'stationChief', 'communityWorker', 'gridInspector'].some(r => roles.has(r))) items.push(['#/base', 'menu.base'], ['#/sweeps', 'menu.sweeps'], ['#/matters', 'menu.matters']);
  // 三会: the committees run them, building-group leaders raise topics, the street follows, residents read the notices.
  if (['leader', 'dutyOfficer', 'admin', 'stationChief', 'communityWorker', 'gridInspector', 'resident'].some(r => roles.has(r))) items.push(['#/consultations', 'menu.consultations']);
  // 物业: the companies' credit and notices for a street or district; a company's own desk for its staff.
  if (['leader', 'dutyOfficer', 'admin'].some(r => roles.has(r)) || me.propertyDesk) items.push(['#/property', 'menu.property']);
  // 台账: a committee keeps its ledgers; a street, district or the city reads the generated report.
  if (['leader', 'dutyOfficer', 'admin', 'stationChief', 'communityWorker'].some(r => roles.has(r))) items.push(['#/ledgers', 'menu.ledgers']);
  // 楼组与注册: a committee prints its groups' QR codes and verifies residents' registrations; above it, the rates.
  if (['leader', 'dutyOfficer', 'admin', 'stationChief', 'communityWorker'].some(r => roles.has(r))) items.push(['#/groups', 'menu.groups']);
  // 房态图: a committee's compounds and buildings coloured by the city's rules; above it, the counts of its parts.
  if (['leader', 'dutyOfficer', 'admin', 'stationChief', 'communityWorker'].some(r => roles.has(r))) items.push(['#/status-maps', 'menu.statusMaps']);
  // 志愿服务: a committee's workers post tasks and confirm them; residents volunteer (sign up, grab, see their points).
  if (roles.has('resident') || me.assignments.some(a => ['communityWorker', 'stationChief'].includes(a.role) && a.nodePath.split('/').filter(Boolean).length === 4)) items.push(['#/volunteers', 'menu.volunteers']);
  // 一网通办: residents file and follow their requests; stations file at the window and take the steps; above them, the counts.
  if (['leader', 'dutyOfficer', 'admin', 'stationChief', 'communityWorker', 'resident'].some(r => roles.has(r)) || me.serviceCentre) items.push(['#/services', 'menu.services']);
  if (me.leadsGroup) items.push(['#/sweep-work', 'menu.sweepWork']);
  // A committee's own staff take sweep results house by house too, on a phone (sweep-work.js).
  else if (me.assignments.some(a => ['communityWorker', 'stationChief', 'gridInspector'].includes(a.role) && a.nodePath.split('/').filter(Boolean).length === 4)) items.push(['#/sweep-work', 'menu.sweepEntry']);
  if (['leader', 'dutyOfficer', 'admin', 'stationChief', 'communityWorker'].some(r => roles.has(r))) items.push(['#/sensing', 'menu.sensing'], ['#/devices', 'menu.devices'], ['#/alarm-rules', 'menu.alarmRules'], ['#/signs', 'menu.signs']);
  // 防汛: everyone who works an area of the tree (flood.js).
  if (['leader', 'dutyOfficer', 'stationChief', 'communityWorker', 'gridInspector', 'admin'].some(r => roles.has(r))) items.push(['#/flood', 'menu.flood']);
  // 隐患排查: whoever works an area records inspections and takes hazards to their close-out (hazards.js).
  if (['leader', 'dutyOfficer', 'admin', 'departmentHandler', 'stationChief', 'communityWorker', 'gridInspector'].some(r => roles.has(r))) items.push(['#/hazards', 'menu.hazards']);
  items.push(['#/report', 'menu.report']);
  // 吹哨人: the designated handler's reports (and an administrator's designations); anyone else reports one.
  if (me.whistleHandler || ['admin', 'auditor'].some(r => roles.has(r))) items.push(['#/whistleblower-reports', 'menu.whistle']);
  else items.push(['#/whistle', 'menu.whistleReport']);
  items.push(['#/mine', 'menu.mine']);
  // The health-check report is reached from 城市体征, which stays marked.
  const current = location.hash.split('?')[0].replace(/^#\/signs-report$/, '#/signs');
  for (const [href, key] of items) menu.append(el('a', { href, 'aria-current': href === current ? 'page' : undefined }, t(key)));
}

// ---------- pages ----------
const pages = {};

pages.login = async (view) => {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'panel login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      // `cookie: true`: the server sets an HttpOnly session cookie and gives no token to this page.
      const reply = await api('/api/v1/auth/login', { method: 'POST', json: { username: form.username.value.trim(), password: form.password.value, cookie: true } });
      state.me = await markLeader(reply.user); state.taxonomy = null; state.departments = null;
      location.hash = homeFor(reply.user);
    } catch (err) { error.textContent = err.message; }
  } },
    el('h1', {}, t('login.title')),
    el('label', { for: 'username' }, t('login.username')), el('input', { id: 'username', name: 'username', autocomplete: 'username', required: '' }),
    el('label', { for: 'password' }, t('login.password')), el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: '' }),
    el('p', {}, el('button', { type: 'submit', id: 'signin' }, t('login.submit'))), error,
    el('p', { class: 'muted' }, el('a', { href: '#/whistle', id: 'login-whistle' }, t('whistle.title')), ' · ', el('a', { href: '#/rate' }, t('services.rateTitle'))));
  view.replaceChildren(form);
  form.username.focus();
};


// ---------- live stream ----------
function openStream(onItem) {
  const controller = new AbortController();
  state.stream = controller;
  (async () => {
    try {
      const reply = await fetch('/api/v1/stream', { credentials: 'same-origin', headers: consoleHeader, signal: controller.signal });
      if (!reply.ok) throw new Error(`stream ${reply.status}`);
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
  document.body.classList.remove('wall');   // the big screen's wall mode is its own; every other page has the top bar
  const view = $('#view');
  delete view.dataset.ready;
  delete view.dataset.failed;
  const [path, query] = location.hash.slice(1).split('?');
  const parts = (path || '/').split('/').filter(Boolean);
  const params = new URLSearchParams(query || '');
  // Only a 401 means signed out (ensureMe answers null): a server that cannot answer for now (shedding load, restarting)
  // is said on the page, which is marked failed, instead of sending a signed-in user to the sign-in page.
  let me = null, unreachable = null;
  try { me = await ensureMe(); } catch (e) { unreachable = e; }
  renderChrome();
  const name = parts[0] || '';
  // The sign-in page, a building group's QR code (扫码注册, join.js), a rating code (扫码评价) and whistle-blowing (吹哨人,
  // whistle.js: a report and its receipt code) are for those not signed in.
  const open = ['login', 'join', 'rate', 'whistle'].includes(name);
  if (unreachable && !open) {
    const why = unreachable.message || String(unreachable);
    view.replaceChildren(el('p', { class: 'error', role: 'alert' }, why));
    view.dataset.failed = why;
    return;
  }
  if (!me && !open) { location.hash = '#/login'; return; }
  if (name === '' ) { location.hash = homeFor(me); return; }
  const page = pages[name];
  view.replaceChildren();
  // A page that cannot be shown says so and is marked failed (data-failed holds why), so that whoever waits for it to be
  // ready — the browser tests — learns the reason instead of waiting out a timeout.
  if (!page) { view.append(el('p', {}, t('error.notFound'))); view.dataset.failed = 'not found'; return; }
  try {
    await page(view, params, parts[1]);
    // Keyboard and screen-reader users start at the new page, not where the old one left them.
    if (document.activeElement === document.body || !view.contains(document.activeElement)) view.focus({ preventScroll: true });
  } catch (e) {
    console.error('page failed', e && e.stack || e);
    const why = (e && e.message) || String(e);
    view.append(el('p', { class: 'error', role: 'alert' }, why));
    if (view.dataset.ready !== 'true') view.dataset.failed = why;
  }
}

async function start() {
  const [config] = await Promise.all([fetch('/console/config.json').then(r => r.json()).catch(() => ({})), loadStrings(state.lang), forgetStoredToken()]);
  state.config = config;
  heavyGate.free = config.heavyPerUser || 2;
  translate(document);
  $('#lang').addEventListener('click', async () => { await loadStrings(state.lang === 'zh-CN' ? 'en' : 'zh-CN'); translate(document); route(); });
  $('#logout').addEventListener('click', signOut);
  const tick = () => { $('#clock').textContent = new Date().toLocaleString(state.lang); };
  tick(); setInterval(tick, 1000);
  window.addEventListener('hashchange', route);
  // The console's files kept for a phone that loses its connection (sw.js); a browser without it works as before.
  if ('serviceWorker' in navigator && window.isSecureContext) navigator.serviceWorker.register('/console/sw.js', { scope: '/console/' }).catch(() => {});
  route();
}
window.addEventListener('DOMContentLoaded', start);
