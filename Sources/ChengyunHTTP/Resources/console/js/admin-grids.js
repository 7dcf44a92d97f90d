'use strict';
// 系统管理 · 网格导入: choose a GeoJSON file, see it on the map over the streets' boundaries, let the server check it
// (dryRun: what it would create and update, or the feature it refuses), and only then confirm the import.

adminTabs.grids = async (panel) => {
  const file = el('input', { id: 'a-grid-file', name: 'geojson', type: 'file', accept: '.geojson,.json,application/geo+json,application/json', required: '' });
  const confirm = el('button', { type: 'button', id: 'a-grid-confirm', disabled: '' }, t('admin.grids.confirm'));
  const note = el('div', { id: 'a-grid-note' });
  const result = el('div', { id: 'a-grid-result', role: 'status', 'aria-live': 'polite' });
  const mapBox = el('div', { id: 'a-grid-map', role: 'region', 'aria-label': t('admin.grids.map') });
  const fitFile = el('button', { type: 'button', class: 'small', id: 'a-grid-fit-file', onclick: () => { if (drawn.getLayers().length) map.fitBounds(drawn.getBounds(), { maxZoom: 17, padding: [40, 40] }); } }, t('admin.grids.viewFile'));
  const fitAll = el('button', { type: 'button', class: 'small', id: 'a-grid-fit-all', onclick: () => {
    const bounds = L.latLngBounds([]);
    [base, drawn].forEach(g => { if (g.getLayers().length) bounds.extend(g.getBounds()); });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
  } }, t('admin.grids.viewAll'));
  const featureBody = el('tbody', {});
  let text = null, doc = null, checked = false, layers = [];

  const form = adminForm('a-grid-form', null, [adminField('admin.grids.file', file, 'features type geojson', 'admin.grids.fileHint')], async () => {
    if (!text) throw adminInvalid('geojson', t('admin.grids.chooseFirst'));
    const sent = text;
    result.replaceChildren();
    try {
      const answer = await api('/api/v1/grids/import?dryRun=true', { method: 'POST', headers: { 'Content-Type': 'application/geo+json' }, body: sent });
      if (sent !== text) return;
      checked = true;
      confirm.disabled = false;
      result.replaceChildren(el('p', { class: 'ok' }, t('admin.grids.wouldDo', { created: answer.created, updated: answer.updated })), kindsList(answer.kinds));
    } catch (err) {
      highlight(err.field);
      throw err;
    }
  }, 'admin.grids.check');
  form.querySelector('button[type=submit]').id = 'a-grid-check';
  form.querySelector('.a-buttons').append(' ', confirm);

  const kindsList = (kinds) => el('ul', { class: 'a-kinds' }, ...Object.entries(kinds || {}).map(([k, n]) => el('li', {}, t('admin.grids.kindCount', { kind: t(`admin.kind.${k}`), n }))));

  panel.append(el('div', { class: 'a-grid2 wide-right' },
    el('div', {}, form, note, result,
      el('h2', {}, t('admin.grids.features')),
      el('div', { class: 'a-scroll' }, el('table', { id: 'a-grid-features', class: 'a-table' }, el('thead', {}, el('tr', {},
        ...['admin.grids.index', 'admin.org.kind', 'admin.org.code', 'admin.org.name', 'admin.grids.parentCode'].map(k => el('th', { scope: 'col' }, t(k))))), featureBody))),
    el('div', {}, el('p', { class: 'a-buttons' }, fitFile, ' ', fitAll), mapBox)));

  // The map: the streets' boundaries under the admin as the base (no tile server), the file's features above them.
  const map = baseMap(mapBox, { zoomSnap: 0.25, minZoom: 2 });
  const base = L.geoJSON(null, { style: { color: '#3b6ea5', weight: 1, fillOpacity: 0.05 }, onEachFeature: (f, layer) => layer.bindTooltip(featureLabel(f.properties)) }).addTo(map);
  const drawn = L.featureGroup().addTo(map);
  try { const streets = await api('/api/v1/map/areas?kind=street'); base.addData(streets); areaNames(map, streets.features); } catch (e) { console.warn('no street boundaries', e); }
  if (base.getLayers().length) map.fitBounds(base.getBounds()); else map.setView([31.2, 121.45], 10);

  // A tooltip's content as an element: the file's names and codes are text, never HTML for Leaflet to read.
  function featureLabel(p) { p = p || {}; return el('span', {}, `${p.name || '—'} · ${p.code || t('admin.grids.noCode')}`); }
  const normal = { color: '#f1c40f', weight: 2, fillOpacity: 0.25 };
  const bad = { color: '#e74c3c', weight: 4, fillOpacity: 0.45 };

  function draw() {
    drawn.clearLayers();
    layers = [];
    featureBody.replaceChildren();
    (doc.features || []).forEach((f, i) => {
      const p = (f && f.properties) || {};
      let layer = null;
      try { layer = L.geoJSON(f, { style: normal }); layer.bindTooltip(featureLabel(p), { sticky: true }); drawn.addLayer(layer); } catch (e) { layer = null; }
      layers[i] = layer;
      featureBody.append(el('tr', { id: `a-grid-feature-${i}` }, el('td', {}, i), el('td', {}, p.kind ? t(`admin.kind.${p.kind}`) : '—'), el('td', {}, el('code', {}, p.code || '—')),
        el('td', {}, p.name || '—'), el('td', {}, p.parentCode || '—')));
    });
    if (drawn.getLayers().length) {
      map.fitBounds(drawn.getBounds(), { maxZoom: 17, padding: [40, 40] });
      // Far from every street: often a file in another coordinate system (the server takes WGS-84).
      if (base.getLayers().length && !base.getBounds().pad(0.05).intersects(drawn.getBounds())) note.append(el('p', { class: 'warn', id: 'a-grid-outside' }, t('admin.grids.outside')));
    }
    mapBox.dataset.features = String(drawn.getLayers().length);
  }
  /// Marks the feature an error names (`features[3].properties.code`) on the map and in the table.
  function highlight(field) {
    const m = /^features\[(\d+)\]/.exec(field || '');
    if (!m) return;
    const i = Number(m[1]);
    const row = document.getElementById(`a-grid-feature-${i}`);
    if (row) { row.classList.add('bad'); row.setAttribute('aria-invalid', 'true'); }
    const layer = layers[i];
    if (layer) { layer.setStyle(bad); layer.bringToFront(); map.fitBounds(layer.getBounds(), { maxZoom: 18, padding: [60, 60] }); layer.openTooltip(); }
    mapBox.dataset.highlight = String(i);
  }

  file.addEventListener('change', async () => {
    adminClear(form);
    result.replaceChildren(); note.replaceChildren();
    checked = false; confirm.disabled = true; text = null; doc = null;
    delete mapBox.dataset.highlight;
    drawn.clearLayers(); featureBody.replaceChildren();
    const chosen = file.files[0];
    if (!chosen) return;
    const content = await chosen.text();
    try { doc = JSON.parse(content); } catch { adminShowError(form, adminInvalid('geojson', t('admin.grids.notJson'))); return; }
    if (!doc || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) { adminShowError(form, adminInvalid('geojson', t('admin.grids.notCollection'))); return; }
    text = content;
    note.append(el('p', { class: 'muted' }, t('admin.grids.loaded', { n: doc.features.length })));
    draw();
  });

  confirm.addEventListener('click', async () => {
    if (!checked || !text) return;
    adminClear(form);
    confirm.disabled = true;
    try {
      const answer = await api('/api/v1/grids/import', { method: 'POST', headers: { 'Content-Type': 'application/geo+json' }, body: text });
      checked = false;
      result.replaceChildren(el('p', { class: 'ok', id: 'a-grid-done' }, t('admin.grids.done', { created: answer.created, updated: answer.updated })), kindsList(answer.kinds));
      drawn.setStyle({ color: '#2ecc71' });
    } catch (err) {
      confirm.disabled = false;
      highlight(err.field);
      adminShowError(form, err);
    }
  });
};
