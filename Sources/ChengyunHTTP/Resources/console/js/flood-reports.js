'use strict';
// 防汛 · 灾情直报 — a damage report from a street, a committee or a grid (what, how many, where, what happened), the
// place optionally tapped on the map of the reporter's own area; and the area's recent reports, newest first, with
// 加载更多 by the server's cursor. A submission carries an Idempotency-Key, the same on a retry after a lost answer, so
// the server stores it once; the key is renewed once a report is stored.

function floodReportsPanel(ctx) {
  const section = el('section', { class: 'panel flood-reports', id: 'flood-reports', 'aria-labelledby': 'fr-title' });
  let key = requestKey();
  let spot = null, pin = null, map = null, marks = null, next = null;
  const loaded = [];

  const kind = el('select', { id: 'fr-kind', required: '' }, el('option', { value: '' }, t('flood.report.chooseKind')),
    ...floodKinds.map(k => el('option', { value: k }, t(`flood.kind.${k}`))));
  const count = el('input', { id: 'fr-count', type: 'number', min: '0', max: '1000000', step: '1', inputmode: 'numeric', required: '' });
  const unit = el('span', { id: 'fr-unit', class: 'flood-unit', 'aria-live': 'polite' });
  const showUnit = () => { unit.textContent = kind.value ? t(`flood.unit.${kind.value}`) : ''; };
  kind.addEventListener('change', showUnit);
  const address = el('input', { id: 'fr-address', type: 'text', maxlength: '200', placeholder: t('flood.report.addressHint') });
  const description = el('textarea', { id: 'fr-description', rows: '3', required: '', maxlength: '2000', placeholder: t('flood.report.descriptionHint') });
  const mapBox = el('div', { id: 'fr-map', class: 'flood-map' });
  const placeNote = el('span', { id: 'fr-place-note', class: 'muted' }, t('flood.report.tapMap'));
  const clearPlace = el('button', { type: 'button', class: 'secondary', id: 'fr-clear-place', hidden: '', onclick: () => {
    spot = null; if (pin) pin.remove(); pin = null; clearPlace.hidden = true; placeNote.textContent = t('flood.report.tapMap');
  } }, t('flood.report.clearPlace'));
  const fieldError = { count: el('span', { class: 'error', id: 'fr-count-error' }), description: el('span', { class: 'error', id: 'fr-description-error' }) };
  const error = el('p', { class: 'error', role: 'alert', id: 'fr-error' });
  const status = el('p', { id: 'fr-status', role: 'status' });
  const submit = el('button', { type: 'submit', id: 'fr-submit' }, t('flood.report.submit'));
  const field = (id, key, control, after) => el('div', { class: 'flood-field' }, el('label', { for: id }, t(key)), control, after || '');

  const form = el('form', { id: 'fr-form', class: 'flood-form', onsubmit: async (e) => {
    e.preventDefault();
    for (const line of [error, fieldError.count, fieldError.description, status]) line.textContent = '';
    submit.disabled = true;
    try {
      const report = await api('/api/v1/flood/reports', { method: 'POST', headers: { 'Idempotency-Key': key }, json: {
        kind: kind.value, count: Number(count.value), description: description.value,
        address: address.value.trim() || undefined, location: spot || undefined } });
      // Stored: the next report is a new one.
      key = requestKey();
      form.reset(); showUnit(); clearPlace.click();
      floodSay(status, t('flood.report.sent', { kind: t(`flood.kind.${report.kind}`), count: floodCount(report.kind, report.count), node: report.nodeName }), true);
      await drawList(true);
    } catch (err) {
      // Refused or lost: the same key goes with the next press, so a report the server did store is not stored twice.
      const line = fieldError[err.field] || error;
      line.textContent = floodError(err);
    } finally { submit.disabled = false; }
  } },
  el('div', { class: 'flood-row' },
    field('fr-kind', 'flood.report.kind', kind),
    field('fr-count', 'flood.report.count', el('span', { class: 'flood-count-box' }, count, unit), fieldError.count)),
  field('fr-address', 'flood.report.address', address),
  field('fr-description', 'flood.report.description', description, fieldError.description),
  el('div', { class: 'flood-field' }, el('span', { class: 'flood-label' }, t('flood.report.place')), mapBox,
    el('p', { class: 'flood-place' }, placeNote, ' ', clearPlace)),
  el('p', {}, submit), error, status);

  const list = el('ul', { id: 'fr-list', class: 'flood-list' });
  const empty = el('p', { class: 'muted', id: 'fr-empty', hidden: '' }, t('flood.report.none'));
  const more = el('button', { type: 'button', id: 'fr-more', class: 'secondary', hidden: '', onclick: () => drawList(false).catch(e => floodSay(listError, floodError(e))) }, t('flood.more'));
  const listError = el('p', { role: 'status' });
  const item = (r) => el('li', { 'data-report': r.id, 'data-kind': r.kind },
    el('div', { class: 'flood-item-head' },
      el('span', { class: `flood-kind kind-${r.kind}` }, t(`flood.kind.${r.kind}`)),
      el('strong', { class: 'flood-item-count' }, floodCount(r.kind, r.count)),
      el('span', { class: 'muted flood-item-time' }, floodWhen(r.reportedAt))),
    el('div', { class: 'flood-item-place' }, r.nodeName, r.address ? ` · ${r.address}` : '',
      r.location ? el('span', { class: 'muted' }, ` · ${t('flood.report.located')}`) : ''),
    el('p', { class: 'flood-item-text' }, r.description),
    el('div', { class: 'muted' }, t('flood.report.by', { name: r.reporterName || r.reportedBy })));
  const drawList = async (fresh) => {
    const page = await api(`/api/v1/flood/reports?limit=20${!fresh && next ? `&before=${next}` : ''}`);
    if (fresh) { list.replaceChildren(); loaded.length = 0; }
    list.append(...page.reports.map(item));
    loaded.push(...page.reports);
    next = page.nextBefore || null;
    more.hidden = !next;
    empty.hidden = loaded.length > 0;
    drawMarks();
  };
  // The loaded reports with a place, as dots on the form's map.
  const drawMarks = () => {
    if (!map) return;
    if (marks) marks.remove();
    marks = L.layerGroup(loaded.filter(r => r.location).map(r => L.circleMarker([r.location.lat, r.location.lon],
      { radius: 6, color: '#fff', weight: 1, fillColor: r.kind === 'waterlogging' ? '#3ba4ff' : '#f97316', fillOpacity: 0.9 })
      .bindTooltip(el('span', {}, `${t(`flood.kind.${r.kind}`)} ${floodCount(r.kind, r.count)} · ${floodWhen(r.reportedAt)}`)))).addTo(map);
  };

  section.append(
    el('h2', { id: 'fr-title' }, t('flood.report.title')),
    el('p', { class: 'muted' }, t('flood.report.explain', { node: ctx.ownNode.name })),
    form,
    el('h3', {}, t('flood.report.recent', { area: ctx.areaNode.name })), listError, list, empty, el('p', {}, more));

  const draw = async () => {
    // The map of the reporter's own area, by the level below it (a street's committees, a committee's grids).
    map = baseMap(mapBox);
    const kinds = ['district', 'street', 'committee', 'grid', 'grid'];
    const below = kinds[Math.min(ctx.own.nodePath.split('/').filter(Boolean).length, kinds.length) - 1];
    const areas = await api(`/api/v1/map/areas?kind=${below}&nodeId=${ctx.own.nodeId}`).catch(() => ({ type: 'FeatureCollection', features: [] }));
    const outline = L.geoJSON(areas, { style: { color: '#3ba4ff', weight: 1, fillOpacity: 0.08 } }).addTo(map);
    areaNames(map, areas.features);
    if (areas.features.length) map.fitBounds(outline.getBounds()); else map.setView([31.2, 121.45], 11);
    map.on('click', (e) => {
      spot = { lon: Number(e.latlng.lng.toFixed(6)), lat: Number(e.latlng.lat.toFixed(6)) };
      if (pin) pin.remove();
      pin = L.marker([spot.lat, spot.lon]).addTo(map);
      placeNote.textContent = t('flood.report.placed');
      clearPlace.hidden = false;
    });
    await drawList(true);
  };
  return { section, draw };
}
