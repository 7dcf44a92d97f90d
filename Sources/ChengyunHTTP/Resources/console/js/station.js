'use strict';
// 站点工作台 — a joint-duty station's desk (docs/STATIONS.md): the station itself (type, coverage, 第一站长, posted
// staff), its matters (知事项: today's tasks and the positive list, matters.js), record what it fixed itself, its open
// cases, and what help it got. A person serving several stations (a
// committee's community station and a special area over it) picks one.
pages.station = async (view, params) => {
  const mine = (await api('/api/v1/stations?limit=50')).stations;
  if (!mine.length) { view.append(el('p', {}, t('station.none'))); view.dataset.ready = 'true'; return; }
  const station = mine.find(s => String(s.id) === params.get('station')) || mine.find(s => s.type !== 'specialArea') || mine[0];
  // Where a self-handled problem is recorded without a tap on the map: the first committee the station serves.
  const home = station.committeeIds[0] || station.nodeId;
  const catalogue = await taxonomy();
  const picker = categoryPicker('s-category', catalogue.categories);
  const category = picker.select;
  const description = el('textarea', { id: 's-description', rows: '2', required: '' });
  const before = el('input', { id: 's-before', type: 'file', accept: 'image/*' });
  const after = el('input', { id: 's-after', type: 'file', accept: 'image/*' });
  const note = el('input', { id: 's-note', type: 'text' });
  const error = el('p', { class: 'error', role: 'alert' });
  const upload = (caseId, input, field) => uploadPhoto(caseId, input.files && input.files[0], field);
  // Where it was: a tap on the committee's map (its grids), else the committee itself.
  const mapBox = el('div', { id: 's-map', style: 'height:220px' });
  const placeNote = el('p', { class: 'muted', id: 's-place-note' }, t('station.tapTheMap'));
  let spot = null, pin = null;
  // 防重复提交: one key for this record and what was done of it, so a retry after a refused photo makes one case.
  const key = requestKey();
  let made = null, beforeSent = false;
  const form = el('form', { class: 'panel report', id: 'self-handle', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      for (const [input, field] of [[before, 's-before'], [after, 's-after']]) if (input.files && input.files[0]) await checkPhoto(input.files[0], field);
      const where = spot ? { location: spot } : { nodeId: home };
      made = made || await api('/api/v1/cases', { method: 'POST', headers: { 'Idempotency-Key': key },
        json: Object.assign({ source: 'station', selfHandle: true, categoryId: category.value, description: description.value }, where) });
      if (!beforeSent) { await upload(made.id, before, 's-before'); beforeSent = true; }
      const afterId = await upload(made.id, after, 's-after');
      if (afterId) await api(`/api/v1/cases/${made.id}/actions/selfClose`, { method: 'POST', json: { note: note.value || description.value, attachmentIds: [afterId] } });
      location.hash = `#/case/${made.id}`;
    } catch (err) { error.textContent = err.field ? `${t(`station.${err.field === 's-before' ? 'before' : 'after'}`)}：${err.message}` : err.message; }
  } },
    el('h2', {}, t('station.selfHandle')),
    el('label', { for: 's-category' }, t('report.category')), picker.box,
    el('label', { for: 's-description' }, t('report.description')), description,
    el('p', {}, t('report.place')), mapBox, placeNote,
    el('label', { for: 's-before' }, t('station.before')), before,
    el('label', { for: 's-after' }, t('station.after')), after,
    el('label', { for: 's-note' }, t('station.result')), note,
    el('p', {}, el('button', { type: 'submit', id: 's-submit' }, t('station.record'))), error);
  const to = new Date().toISOString();
  const [open, desk, recent, units, signsBoard, base, matters, digest] = await Promise.all([
    api(`/api/v1/cases?stationId=${station.id}&state=accepted,dispatched,inProgress,handled&limit=50`),
    api(`/api/v1/stations/${station.id}/view?to=${encodeURIComponent(to)}`),
    api(`/api/v1/cases?stationId=${station.id}&limit=500`),
    departments().catch(() => []),
    api(`/api/v1/vital-signs?nodeId=${home}`).catch(() => null),
    // 盘家底 — the base data of each committee the station serves, counted by the server.
    Promise.all(station.committeeIds.map(id => api(`/api/v1/base-data/counts?nodeId=${id}`).catch(() => null))),
    // 知事项 — today's tasks and the positive list (matters.js).
    mattersPanel(station),
    // 居委简报 — the first committee's digest (committee-digest.js).
    station.committeeIds.length ? digestPanel(home) : Promise.resolve(''),
  ]);
  const workload = desk.view;
  // 联席会议 — the joint consultations this station's cases were taken to, with each owner's task.
  const unitName = (d) => { const u = units.find(x => x.id === d); return u ? u.name : `#${d}`; };
  const day = (d) => new Date(d).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const meetings = recent.items.flatMap(c => ((c.linkage && c.linkage.consultations) || []).map(k => ({ c, k })))
    .sort((a, b) => new Date(b.k.heldAt) - new Date(a.k.heldAt));
  const consultations = el('ul', { id: 'station-consultations' }, ...meetings.map(({ c, k }) => el('li', {},
    el('a', { href: `#/case/${c.id}` }, c.number), ` ${day(k.heldAt)} · ${t('station.level', { n: k.level })} · ${k.decision}`,
    el('ul', {}, ...k.tasks.map(task => el('li', {}, `${unitName(task.departmentId)}：${task.task} · `,
      task.doneAt ? el('span', { class: 'badge' }, t('station.taskDone')) : el('span', { class: 'badge warn' }, t('station.taskDue', { at: day(task.dueAt) }))))))));
  if (!meetings.length) consultations.append(el('li', {}, t('station.noConsultations')));
  // 明体征 — the signs of the station's (first) committee: its fed indicators, those out of normal first and coloured, the normal ones compact after.
  const signsPanel = (board) => {
    const fed = board.dimensions.flatMap(d => d.figures).filter(signFed);
    const rank = (f) => signStates.indexOf(f.state);
    const odd = fed.filter(f => f.state !== 'normal').sort((a, b) => rank(a) - rank(b));
    const calm = fed.filter(f => f.state === 'normal');
    const link = (f, ...content) => el('a', { href: `#/signs?node=${board.node.id}&sign=${encodeURIComponent(f.sign.code)}`, 'data-code': f.sign.code }, ...content);
    return el('section', { class: 'panel', id: 'station-signs' },
      el('h2', {}, t('signs.station.title'), ' · ', board.node.name),
      el('p', { class: 'muted' }, t('signs.station.explain')),
      odd.length ? el('ul', { class: 'station-signs-odd' }, ...odd.map(f => el('li', {}, link(f, signChip(f.state), ' ', signName(f.sign), ' ',
        el('strong', { style: `color:${signStateColour(f.state)}` }, f.state === 'noData' ? '' : signValue(f.value, f.sign)))))) : el('p', {}, t('signs.station.allNormal')),
      calm.length && odd.length ? el('p', { class: 'muted station-signs-others' }, t('signs.station.others', { n: calm.length })) : '',
      calm.length ? el('ul', { class: 'station-signs-calm' }, ...calm.map(f => el('li', {}, link(f, signName(f.sign)), ' ', el('span', { class: 'muted' }, signValue(f.value, f.sign))))) : '',
      el('p', {}, el('a', { href: `#/signs?node=${board.node.id}`, id: 'station-signs-link' }, `${t('signs.station.open')} ›`)));
  };
  // 盘家底 — the station's committees' compounds, houses and residents, with a way into each committee's base data.
  const basePanel = (areas) => {
    if (!areas.length) return '';
    const sum = (f) => areas.reduce((n, a) => n + (f(a.counts) || 0), 0);
    const elderly = sum(c => (c.byTag || {}).elderlyAlone);
    return el('section', { class: 'panel', id: 'station-base' },
      el('h2', {}, t('station.base')),
      el('div', { class: 'tiles' }, figure('base.compounds', sum(c => c.compounds)), figure('base.houses', sum(c => c.houses)),
        figure('base.residents', sum(c => c.residents)), figure('station.elderlyAlone', elderly)),
      el('p', {}, ...areas.map(a => el('a', { href: `#/base?node=${a.nodeId}`, class: 'badge', 'data-node': a.nodeId }, `${a.nodeName} ›`))));
  };
  const figure = (key, value) => el('div', { class: 'tile' }, el('div', { class: 'label' }, t(key)), el('div', { class: 'value' }, value));
  // 站点 — what the station is: its type, street, coverage, chief and the department staff posted to it.
  const about = el('section', { class: 'panel', id: 'station-about' },
    el('h2', {}, station.name, ' ', el('span', { class: 'badge' }, t(`station.type.${station.type}`))),
    mine.length > 1 ? el('p', {}, el('label', { for: 'station-pick' }, t('station.pick')), ' ',
      el('select', { id: 'station-pick', onchange: (e) => { location.hash = `#/station?station=${e.target.value}`; } },
        ...mine.map(s => el('option', { value: String(s.id), selected: s.id === station.id ? '' : null }, s.name)))) : '',
    el('dl', { class: 'facts' },
      el('dt', {}, t('station.coverage')), el('dd', { id: 'station-coverage' }, station.committeeNames.length ? station.committeeNames.join('、') : t('station.specialOnly')),
      el('dt', {}, t('station.chief')), el('dd', {}, station.chiefName || '—'),
      station.address ? el('dt', {}, t('station.address')) : '', station.address ? el('dd', {}, station.address) : '',
      el('dt', {}, t('station.posts')), el('dd', { id: 'station-posts' }, station.posts.length
        ? station.posts.map(p => `${p.userName || '#' + p.userId}（${p.departmentName || '#' + p.departmentId}）`).join('、') : t('station.noPosts'))));
  view.replaceChildren(about, matters, el('div', { class: 'station' },
    form,
    // Beside the form: the committee's own view, and its signs under it.
    el('div', { class: 'station-side' },
      el('section', { class: 'panel' }, el('h2', {}, t('station.view'), ' · ', workload.name),
        el('div', { class: 'tiles' }, figure('station.cases', workload.workload.cases), figure('station.selfHandled', workload.workload.selfHandled),
          figure('station.callIns', workload.raised.callIns), figure('station.help', workload.help.callInsAnswered + workload.help.dispatchedClosed))),
      basePanel(base.filter(Boolean)),
      digest,
      signsBoard ? signsPanel(signsBoard) : ''),
    el('section', { class: 'panel' }, el('h2', {}, t('station.open')),
      el('ul', { id: 'station-open' }, ...open.items.map(c => el('li', {}, el('a', { href: `#/case/${c.id}` }, c.number), ` ${caseCategory(c)} · ${t(`state.${c.state}`)}`,
        c.linkage ? el('span', { class: 'badge' }, ' ', t('station.linked')) : '', c.callIns.length ? el('span', { class: 'badge' }, ' ', t('action.callIn')) : '')))),
    el('section', { class: 'panel' }, el('h2', {}, t('station.consultations')), consultations)));
  // The grids of the committee it serves first (a special area's own boundary over them) under the form's map; a tap
  // marks where the problem was.
  const map = baseMap(mapBox);
  const grids = await api(`/api/v1/map/areas?kind=grid&nodeId=${home}`).catch(() => ({ type: 'FeatureCollection', features: [] }));
  const outline = L.geoJSON(grids, { style: { color: '#3ba4ff', weight: 1, fillOpacity: 0.1 } }).addTo(map);
  areaNames(map, grids.features);
  const boundary = station.area ? L.geoJSON(station.area, { style: { color: '#e8a33d', weight: 2, fillOpacity: 0.08 } }).addTo(map) : null;
  if (boundary) map.fitBounds(boundary.getBounds()); else if (grids.features.length) map.fitBounds(outline.getBounds()); else map.setView([31.2, 121.45], 14);
  map.on('click', e => {
    spot = { lon: Number(e.latlng.lng.toFixed(6)), lat: Number(e.latlng.lat.toFixed(6)) };
    if (pin) pin.remove();
    pin = L.marker([spot.lat, spot.lon]).addTo(map);
    placeNote.textContent = t('report.placed');
  });
  view.dataset.ready = 'true';
};
