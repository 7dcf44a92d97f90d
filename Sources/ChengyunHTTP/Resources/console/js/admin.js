'use strict';
// 系统管理 — administration of the admin's node, one tab per panel (#/admin?tab=…). This file draws the tabs and holds
// the helpers the tab files share (js/admin-org.js, js/admin-rules.js, js/admin-roster.js, js/admin-grids.js,
// js/admin-apikeys.js): labelled
// fields with a slot for the server's error, forms that put an error next to the field it names, and the data most
// tabs need (the admin's nodes, departments, taxonomy, calendar), loaded once per drawing.
const adminTabs = {};
const adminTabOrder = ['org', 'users', 'taxonomy', 'rules', 'powers', 'calendar', 'roster', 'grids', 'apikeys'];
const adminRoles = ['admin', 'leader', 'dutyOfficer', 'departmentHandler', 'gridInspector', 'communityWorker', 'stationChief', 'resident', 'auditor'];
// The department kinds the server knows (GET /api/v1/department-kinds), read when the page is drawn.
let adminKinds = [];
const adminKindName = (code) => { const k = adminKinds.find(x => x.code === code); return k ? (state.lang === 'en' ? k.nameEn : k.name) : code; };
const adminKindOptions = () => adminKinds.map(k => [k.code, adminKindName(k.code)]);
const adminNodeKinds = ['city', 'district', 'street', 'committee', 'grid'];
let adminFlash = null;

pages.admin = async (view, params) => {
  const tab = adminTabOrder.includes(params.get('tab')) ? params.get('tab') : 'org';
  const nav = el('nav', { class: 'admin-tabs', 'aria-label': t('admin.tabs') },
    ...adminTabOrder.map(name => el('a', { href: `#/admin?tab=${name}`, id: `a-tab-${name}`, 'aria-current': name === tab ? 'page' : undefined }, t(`admin.tab.${name}`))));
  const panel = el('section', { class: 'panel admin-panel', id: `a-panel-${tab}`, 'aria-labelledby': `a-tab-${tab}` });
  view.replaceChildren(nav, panel);
  if (adminFlash) { panel.append(el('p', { class: 'ok', role: 'status', id: 'a-flash' }, adminFlash)); adminFlash = null; }
  const ctx = adminContext();
  if (!ctx.admin) {
    panel.append(el('p', { class: 'error', role: 'alert' }, t('admin.notAdmin')));
  } else {
    try {
      if (!adminKinds.length) adminKinds = await api('/api/v1/department-kinds');
      await adminTabs[tab](panel, ctx, params);
    } catch (e) {
      console.error('admin tab failed', e);
      panel.append(el('p', { class: 'error', role: 'alert', id: 'a-tab-error' }, e.message || String(e)));
    }
  }
  view.dataset.ready = 'true';
};

/// What the tabs share: the admin's top node and lazily the nodes under it, departments, taxonomy and calendar.
function adminContext() {
  const admins = state.me.assignments.filter(a => a.role === 'admin').sort((a, b) => a.nodePath.length - b.nodePath.length);
  const once = (load) => { let p = null; return () => (p = p || load()); };
  const ctx = { admin: admins[0] || null };
  if (!ctx.admin) return ctx;
  ctx.top = once(() => api(`/api/v1/org/nodes/${ctx.admin.nodeId}`));
  // Every node above the grids, in tree order, with its depth below the admin's node.
  ctx.nodes = once(async () => {
    const top = await ctx.top();
    const list = [];
    for (let offset = 0, page = null; !page || page.length === 5000; offset += 5000) {
      page = await api(`/api/v1/org/nodes?under=${top.id}&kind=city,district,street,committee&limit=5000&offset=${offset}`);
      list.push(...page);
    }
    if (!list.some(n => n.id === top.id)) list.unshift(top);
    const depth = (n) => n.path.split('/').filter(Boolean).length - top.path.split('/').filter(Boolean).length;
    const key = (n) => n.path.split('/').filter(Boolean).map(Number);
    list.sort((a, b) => { const x = key(a), y = key(b); for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i] - y[i]; return x.length - y.length; });
    list.forEach(n => { n.depth = depth(n); });
    return list;
  });
  ctx.nodeMap = once(async () => new Map((await ctx.nodes()).map(n => [n.id, n])));
  ctx.departments = once(() => api('/api/v1/departments'));
  ctx.taxonomy = once(() => api('/api/v1/taxonomy'));
  ctx.calendar = once(() => api('/api/v1/calendar'));
  return ctx;
}

// ---------- shared helpers ----------
/// Re-draws the admin page with new parameters, showing a message once (a saved change, a created user).
function adminGo(query, flash) {
  adminFlash = flash || null;
  const hash = `#/admin?${new URLSearchParams(query)}`;
  if (location.hash === hash) route(); else location.hash = hash;
}

/// A labelled field: label, control and an error slot that receives the server's error for the names in `fields`.
function adminField(labelKey, control, fields, hintKey) {
  const slot = el('span', { class: 'error', id: `${control.id}-err`, 'data-field': fields || control.name || control.id });
  control.setAttribute('aria-describedby', `${control.id}-err`);
  const label = el('label', { for: control.id }, t(labelKey));
  return el('div', { class: 'a-field' }, label, control, hintKey ? el('small', { class: 'hint' }, t(hintKey)) : '', slot);
}
function adminInput(id, attrs = {}) { return el('input', Object.assign({ id, name: id.replace(/^a-/, ''), type: 'text' }, attrs)); }
function adminSelect(id, options, value, attrs = {}) {
  const select = el('select', Object.assign({ id, name: id.replace(/^a-/, '') }, attrs), ...options.map(([v, label]) => el('option', { value: v }, label)));
  if (value !== undefined && value !== null) select.value = String(value);
  return select;
}
/// The options of a node select: indented by depth, with the node's kind.
function adminNodeOptions(nodes, filter = () => true) {
  return nodes.filter(filter).map(n => [n.id, `${'\u3000'.repeat(n.depth)}${n.name} · ${t(`admin.kind.${n.kind}`)}`]);
}
function adminDeptName(departments, id) { const d = departments.find(x => x.id === id); return d ? d.name : `#${id}`; }
function adminCategoryName(taxonomy, id) {
  const c = taxonomy.categories.find(x => `${x.kind}:${x.code}` === id);
  return c ? `${t(`admin.categoryKind.${c.kind}`)} ${c.code} ${state.lang === 'en' ? c.nameEn : c.name}` : id;
}
/// ISO weekdays (1 = Monday) as words, runs of three or more as a range: 周一至周五、周日.
function adminWeekdays(list) {
  const days = [...new Set(list)].sort((a, b) => a - b), parts = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j += 1;
    if (j - i >= 2) parts.push(t('admin.weekdayRange', { from: t(`admin.weekday.${days[i]}`), to: t(`admin.weekday.${days[j]}`) }));
    else for (let k = i; k <= j; k += 1) parts.push(t(`admin.weekday.${days[k]}`));
    i = j + 1;
  }
  return parts.join(t('admin.sep'));
}
/// An error the browser found before asking the server, shaped like the server's.
function adminInvalid(field, message) { const e = new Error(message); e.field = field; return e; }

/// Clears a form's errors.
function adminClear(form) {
  form.querySelectorAll('.error').forEach(x => { x.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(x => x.removeAttribute('aria-invalid'));
  form.querySelectorAll('.ok').forEach(x => { x.textContent = ''; });
}
/// Puts an error next to the field it names (`assignments[0].nodeId`, `window.start`, `features[3].properties.code`):
/// the slot for that name, else for a shorter name (`features[3]`, `features`), else the form's general alert.
function adminShowError(form, err) {
  const slots = [...form.querySelectorAll('[data-field]')];
  const candidates = [];
  for (let f = err.field || ''; f;) {
    candidates.push(f, f.replace(/^[A-Za-z]*\[\d+\]\.?/, ''));
    const cut = f.search(/(\.[^.[\]]+|\[\d+\])$/);
    if (cut <= 0) break;
    f = f.slice(0, cut);
  }
  let slot = null;
  for (const c of candidates) { slot = slots.find(s => c && s.dataset.field.split(' ').includes(c)); if (slot) break; }
  const target = slot || form.querySelector('[role=alert]');
  target.textContent = err.message;
  if (slot) {
    const input = document.getElementById(slot.id.replace(/-err$/, ''));
    if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
  }
  return slot;
}
/// A form with a general alert and a status line; `submit` runs after the browser's own checks, and an error it throws
/// (from the server or from adminInvalid) is shown next to its field.
function adminForm(id, titleKey, children, submit, submitKey = 'admin.save') {
  const alert = el('p', { class: 'error', role: 'alert', id: `${id}-alert` });
  const status = el('p', { class: 'ok', role: 'status', id: `${id}-status` });
  const form = el('form', { id, class: 'a-form' }, titleKey ? el('h2', {}, t(titleKey)) : '', ...children,
    el('p', { class: 'a-buttons' }, el('button', { type: 'submit', id: `${id.replace(/-form$/, '')}-submit` }, t(submitKey))), alert, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    adminClear(form);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try { await submit(form, status); } catch (err) { adminShowError(form, err); } finally { button.disabled = false; }
  });
  return form;
}
/// A button that asks to be pressed again before it acts (no modal dialog; Escape or leaving it disarms).
function adminConfirmButton(attrs, labelKey, action) {
  const button = el('button', Object.assign({ type: 'button', class: 'danger' }, attrs), t(labelKey));
  const disarm = () => { delete button.dataset.armed; button.textContent = t(labelKey); };
  button.addEventListener('click', async () => {
    if (!button.dataset.armed) { button.dataset.armed = 'true'; button.textContent = t('admin.confirmAgain'); return; }
    disarm();
    button.disabled = true;
    try { await action(); } finally { button.disabled = false; }
  });
  button.addEventListener('blur', disarm);
  button.addEventListener('keydown', (e) => { if (e.key === 'Escape') disarm(); });
  return button;
}
/// A search box over table rows: each row's data-text holds the words it is found by. apply() re-filters after a redraw.
function adminSearch(id, labelKey, rows) {
  const input = adminInput(id, { type: 'search', autocomplete: 'off' });
  const count = el('span', { class: 'muted', id: `${id}-count`, 'aria-live': 'polite' });
  const apply = () => {
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const list = typeof rows === 'function' ? rows() : rows;
    let shown = 0;
    list.forEach(r => { r.hidden = !words.every(w => (r.dataset.text || r.textContent.toLowerCase()).includes(w)); if (!r.hidden) shown += 1; });
    count.textContent = t('admin.shown', { shown, total: list.length });
  };
  input.addEventListener('input', apply);
  return { input, apply, element: el('p', { class: 'a-inline' }, el('label', { for: id }, t(labelKey)), ' ', input, ' ', count) };
}
function adminTable(id, headKeys, rows) {
  return el('table', { id, class: 'a-table' }, el('thead', {}, el('tr', {}, ...headKeys.map(k => el('th', { scope: 'col' }, k ? t(k) : '')))), el('tbody', {}, ...rows));
}

/// Local date and time in the city's time zone (the working calendar's offset), as the roster and CSV use them.
function adminLocal(iso, offsetSeconds) {
  const d = new Date(new Date(iso).getTime() + offsetSeconds * 1000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16), value: d.slice(0, 16) };
}
function adminFromLocal(value, offsetSeconds) {
  return new Date(Date.parse(`${value}:00Z`) - offsetSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
function adminOffsetText(offsetSeconds) {
  const sign = offsetSeconds < 0 ? '-' : '+', m = Math.abs(offsetSeconds) / 60;
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
