'use strict';
// 随手报 — report a problem from a phone: category, description, photo, and the place by GPS or a tap on the map.
pages.report = async (view) => {
  const catalogue = await taxonomy();
  const roles = new Set(state.me.assignments.map(a => a.role));
  const source = roles.has('gridInspector') ? 'inspector' : roles.has('stationChief') || roles.has('communityWorker') ? 'station' : 'resident';
  const picker = categoryPicker('r-category', catalogue.categories);
  const category = picker.select;
  // A resident picks from the common problems in plain words; staff from the full list of categories.
  const resident = roles.size === 1 && roles.has('resident');
  const categoryBox = resident ? quickPicker(picker, catalogue.categories) : picker.box;
  const description = el('textarea', { id: 'r-description', rows: '3', required: '' });
  const photo = el('input', { id: 'r-photo', type: 'file', accept: 'image/*', capture: 'environment' });
  const address = el('input', { id: 'r-address', type: 'text', maxlength: '200', autocomplete: 'street-address', placeholder: t('report.addressHint') });
  const lon = el('input', { id: 'r-lon', type: 'number', step: 'any' });
  const lat = el('input', { id: 'r-lat', type: 'number', step: 'any' });
  const error = el('p', { class: 'error', role: 'alert', id: 'r-error' });
  const mapBox = el('div', { id: 'r-map', style: 'height:240px' });
  const placeNote = el('p', { class: 'muted', id: 'r-place-note', 'aria-live': 'polite' }, t('report.tapTheMap'));
  const gps = el('button', { type: 'button', id: 'r-gps', onclick: () => navigator.geolocation && navigator.geolocation.getCurrentPosition(p => place(p.coords.longitude, p.coords.latitude), () => { error.textContent = t('report.noGps'); }) }, t('report.useGps'));
  const photoError = el('span', { class: 'error', id: 'err-photo', role: 'alert' });
  // 防重复提交: one key for this report, sent again with every retry, so the server creates the case once; a photo
  // refused after the case was stored is replaced and uploaded to that same case.
  const key = requestKey();
  const form = el('form', { class: 'panel report', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = ''; photoError.textContent = '';
    const file = photo.files && photo.files[0];
    let created = null;
    if (!lon.value || !lat.value) { error.textContent = t('report.placeRequired'); mapBox.focus(); return; }
    try {
      if (file) await checkPhoto(file);
      created = await api('/api/v1/cases', { method: 'POST', headers: { 'Idempotency-Key': key }, json: { source, categoryId: category.value, description: description.value, address: address.value.trim() || undefined, location: { lon: Number(lon.value), lat: Number(lat.value) } } });
      await uploadPhoto(created.id, file);
      location.hash = `#/case/${created.id}`;
    } catch (err) {
      if (err.field !== 'photo') { error.textContent = err.message; return; }
      photoError.textContent = created ? t('report.photoRefusedAfter', { number: created.number, reason: err.message }) : err.message;
      photo.focus();
    }
  } },
    el('h1', {}, t('report.title')),
    el('label', { for: resident ? 'r-quick-search' : 'r-category' }, t(resident ? 'report.whatProblem' : 'report.category')), categoryBox,
    el('label', { for: 'r-description' }, t('report.description')), description,
    el('label', { for: 'r-photo' }, t('report.photo')), photo, photoError,
    el('p', {}, t('report.place'), ' ', gps), mapBox, placeNote,
    el('label', { for: 'r-address' }, t('report.address')), address,
    // The place is a tap on the map or the phone's position; typing coordinates is there for the rare case.
    el('details', { id: 'r-coordinates' }, el('summary', {}, t('report.typeCoordinates')),
      el('label', { for: 'r-lon' }, t('report.lon')), lon, el('label', { for: 'r-lat' }, t('report.lat')), lat),
    el('p', {}, el('button', { type: 'submit', id: 'r-submit' }, t('report.submit'))), error);
  view.replaceChildren(form);
  const map = baseMap(mapBox);
  const grids = await api('/api/v1/map/areas?kind=street').catch(() => ({ type: 'FeatureCollection', features: [] }));
  const layer = L.geoJSON(grids, { style: { color: '#3ba4ff', weight: 1, fillOpacity: 0.1 } }).addTo(map);
  areaNames(map, grids.features);
  if (grids.features.length) map.fitBounds(layer.getBounds()); else map.setView([31.2, 121.45], 12);
  let pin = null;
  function place(x, y) {
    lon.value = x.toFixed(6); lat.value = y.toFixed(6);
    if (pin) pin.remove();
    pin = L.marker([y, x]).addTo(map);
    placeNote.textContent = t('report.placed');
  }
  map.on('click', e => place(e.latlng.lng, e.latlng.lat));
  // Typed coordinates move the pin too, so the reporter sees where they point.
  const typed = () => { const x = Number(lon.value), y = Number(lat.value); if (lon.value && lat.value && Math.abs(x) <= 180 && Math.abs(y) <= 90) { if (pin) pin.remove(); pin = L.marker([y, x]).addTo(map); } };
  lon.addEventListener('change', typed); lat.addEventListener('change', typed);
  view.dataset.ready = 'true';
};
