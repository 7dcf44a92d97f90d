'use strict';
// 使用痕迹 — the audit trail for the auditor (#/audit?kind=…&actor=…&subject=…&from=…&to=…): the alerts on unusual
// access at the top, then the lines newest first, a page at a time by the server's `next` cursor. The filters live in
// the route, so a query by person (a click on a subject's id) is a link like any other.

// The kinds of line the filter offers: an action prefix each (GET /api/v1/audit?action=<prefix>).
const auditKinds = [['', 'audit.kind.all'], ['auth.', 'audit.kind.auth'], ['personal.', 'audit.kind.personal'], ['alert.', 'audit.kind.alert'],
  ['user.', 'audit.kind.user'], ['apikey.', 'audit.kind.apikey'], ['export.', 'audit.kind.export'], ['sharing.', 'audit.kind.sharing']];

// The platform's own notes on a line, in the user's language when the console knows them; any other note (a key's
// or a template's name, a change list) is shown as the server wrote it. Parts are separated by "; ".
const auditDetails = [[/^reporter name and phone$/, 'audit.detail.reporterContact'], [/^(\d+) reads of personal data within an hour$/, 'audit.detail.manyReads'],
  [/^read in the off-hours$/, 'audit.detail.offHours'], [/^(\d+) other sessions ended$/, 'audit.detail.sessionsEnded']];
function auditDetailText(detail) {
  return (detail || '').split('; ').map(part => {
    for (const [pattern, key] of auditDetails) { const m = part.match(pattern); if (m) return t(key, { n: m[1] }); }
    return part;
  }).join(t('audit.detailSep'));
}

/// An action in words (`auth.signed_in` → 登录成功); an action this console does not know yet is shown as its code.
function auditActionText(action) {
  const key = `audit.action.${action}`;
  return key in state.strings ? t(key) : action;
}
/// A target as words: `case:400` → 案件 400, `user:3` → 用户 #3; an unknown kind as written.
function auditTargetText(target) {
  const cut = (target || '').indexOf(':');
  if (cut < 0) return target || '';
  const key = `audit.target.${target.slice(0, cut)}`;
  return key in state.strings ? t(key, { id: target.slice(cut + 1) }) : target;
}
/// A calendar day (yyyy-mm-dd, in the browser's time zone) as the instant it starts; `days` later for the end of a range.
function auditDayStart(day, days = 0) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + days).toISOString();
}

pages.audit = async (view, params) => {
  const filters = { kind: params.get('kind') || '', actor: params.get('actor') || '', subject: params.get('subject') || '', from: params.get('from') || '', to: params.get('to') || '' };
  if (!auditKinds.some(([prefix]) => prefix === filters.kind)) filters.kind = '';
  const limit = Math.min(1000, Math.max(1, Number(params.get('limit')) || 50));
  // The route of the trail with some filters changed (an empty value drops that filter).
  const linkTo = (change) => `#/audit?${new URLSearchParams(Object.entries(Object.assign({}, filters, change)).filter(([, v]) => v))}`;
  const go = (change) => { location.hash = linkTo(change); };
  // The query the server is asked: the filters, with the days as instants in the user's time zone.
  const query = (extra) => {
    const q = new URLSearchParams();
    if (filters.actor) q.set('actorId', filters.actor);
    if (filters.from) q.set('from', auditDayStart(filters.from));
    if (filters.to) q.set('to', auditDayStart(filters.to, 1));
    for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
    return `/api/v1/audit?${q}`;
  };
  const when = (d) => new Date(d).toLocaleString(state.lang);

  // The filter bar.
  const kind = el('select', { id: 'audit-kind', name: 'kind' }, ...auditKinds.map(([prefix, key]) => el('option', { value: prefix }, t(key))));
  kind.value = filters.kind;
  const actor = el('input', { id: 'audit-actor', name: 'actor', type: 'number', min: '1', inputmode: 'numeric', value: filters.actor, size: '8' });
  const subject = el('input', { id: 'audit-subject', name: 'subject', type: 'number', min: '1', inputmode: 'numeric', value: filters.subject, size: '8' });
  const from = el('input', { id: 'audit-from', name: 'from', type: 'date', value: filters.from });
  const to = el('input', { id: 'audit-to', name: 'to', type: 'date', value: filters.to });
  const field = (key, control) => el('span', { class: 'audit-field' }, el('label', { for: control.id }, t(key)), control);
  const bar = el('form', { class: 'panel filters audit-filters', id: 'audit-filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    go({ kind: kind.value, actor: actor.value.trim(), subject: subject.value.trim(), from: from.value, to: to.value });
  } },
    field('audit.filter.kind', kind), field('audit.filter.actor', actor), field('audit.filter.subject', subject),
    field('audit.filter.from', from), field('audit.filter.to', to),
    el('button', { type: 'submit', id: 'audit-apply' }, t('audit.filter.apply')),
    el('a', { href: '#/audit', id: 'audit-clear' }, t('audit.filter.clear')));

  // A subject or actor id is a link that narrows the trail to that person.
  const personLink = (name, id, label) => el('a', { href: linkTo({ [name]: String(id) }), class: 'audit-person', [`data-${name}`]: id, title: t(`audit.by.${name}`, { id }) }, label);
  const row = (e) => el('tr', { 'data-id': e.id, 'data-action': e.action, class: e.action.startsWith('alert.') ? 'audit-alert' : '' },
    el('td', { class: 'audit-at' }, when(e.at)),
    el('td', {}, e.actorId ? personLink('actor', e.actorId, e.actor) : e.actor, e.actorId ? el('span', { class: 'muted' }, ` #${e.actorId}`) : ''),
    el('td', {}, auditActionText(e.action)),
    el('td', {}, auditTargetText(e.target)),
    el('td', {}, e.subjectUserId ? personLink('subject', e.subjectUserId, `#${e.subjectUserId}`) : '—'),
    el('td', {}, e.reason || ''),
    el('td', { class: 'audit-address' }, e.address || ''),
    el('td', { class: 'muted' }, auditDetailText(e.detail)));

  const [page, alerts] = await Promise.all([
    api(query({ action: filters.kind, subjectUserId: filters.subject, limit })),
    api(query({ action: 'alert.', limit: 20 }))]);

  // The alerts on unusual access, above everything: who, when, why the platform raised them.
  const alertPanel = el('section', { class: `panel audit-alerts${alerts.items.length ? ' raised' : ''}`, id: 'audit-alerts', 'aria-labelledby': 'audit-alerts-title' },
    el('h2', { id: 'audit-alerts-title' }, t('audit.alerts'), alerts.items.length ? el('span', { class: 'badge bad' }, String(alerts.items.length)) : ''),
    alerts.items.length
      ? el('ul', { class: 'audit-alert-list' }, ...alerts.items.map(a => el('li', { 'data-id': a.id },
        el('strong', {}, when(a.at)), ' · ', a.actorId ? personLink('actor', a.actorId, a.actor) : a.actor, ' · ', auditActionText(a.action),
        a.detail ? ` · ${auditDetailText(a.detail)}` : '', a.address ? el('span', { class: 'muted' }, ` · ${a.address}`) : '')))
      : el('p', { class: 'muted' }, t('audit.noAlerts')));

  const body = el('tbody', {}, ...page.items.map(row));
  const count = el('span', { id: 'audit-count', class: 'muted', 'aria-live': 'polite' });
  const error = el('p', { class: 'error', role: 'alert', id: 'audit-error' });
  let next = page.next;
  const more = el('button', { type: 'button', id: 'audit-more', onclick: async () => {
    more.disabled = true; error.textContent = '';
    try {
      const further = await api(query({ action: filters.kind, subjectUserId: filters.subject, limit, before: next }));
      body.append(...further.items.map(row));
      next = further.next;
      shown();
    } catch (err) { error.textContent = err.message; } finally { more.disabled = false; }
  } }, t('audit.more'));
  const shown = () => { count.textContent = t('audit.count', { n: body.children.length }); more.hidden = !next; };
  shown();

  // The person asked about, with a way back to the whole trail.
  const narrowed = ['subject', 'actor'].filter(name => filters[name]).map(name => el('span', { class: 'chip', id: `audit-${name}-chip` },
    t(`audit.by.${name}`, { id: filters[name] }), ' ', el('a', { href: linkTo({ [name]: '' }), 'aria-label': t('audit.removeFilter') }, '×')));

  view.replaceChildren(el('div', { class: 'audit' },
    el('h1', {}, t('audit.title')), el('p', { class: 'muted' }, t('audit.explain')),
    alertPanel, bar,
    el('section', { class: 'panel', 'aria-labelledby': 'audit-lines-title' },
      el('h2', { id: 'audit-lines-title' }, t('audit.lines'), ' ', count, ' ', ...narrowed),
      // On a phone the eight columns scroll sideways instead of being squeezed a character wide.
      el('div', { class: 'table-scroll' }, el('table', { id: 'audit-table', class: 'audit-table' },
        el('thead', {}, el('tr', {}, ...['audit.col.at', 'audit.col.actor', 'audit.col.action', 'audit.col.target', 'audit.col.subject', 'audit.col.reason', 'audit.col.address', 'audit.col.detail']
          .map(k => el('th', { scope: 'col' }, t(k))))),
        body)),
      page.items.length ? '' : el('p', { class: 'muted', id: 'audit-none' }, t('audit.none')),
      el('p', {}, more), error)));
  view.dataset.ready = 'true';
};
