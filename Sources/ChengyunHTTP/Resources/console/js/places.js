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
/// (`unmaintained=1`, `pafter`), `go` changes the query.
async function keyPlacePanel(nodeId, counts, params, go, keeper) {
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
    message);
}
