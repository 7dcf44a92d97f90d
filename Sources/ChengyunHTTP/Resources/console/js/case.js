'use strict';
// The case page: details, map, photos, history, and the transitions the user may make now.
pages.case = async (view, params, id) => {
  const [c, history, attachments, units] = await Promise.all([api(`/api/v1/cases/${id}`), api(`/api/v1/cases/${id}/history`), api(`/api/v1/cases/${id}/attachments`), departments().catch(() => []), taxonomy().catch(() => null)]);
  const unitName = (d) => { const u = units.find(x => x.id === d); return u ? u.name : d ? `#${d}` : null; };
  const actions = el('div', { class: 'actions', id: 'actions' });
  const form = el('form', { class: 'panel', id: 'action-form', hidden: '' });
  const when = (d) => d ? new Date(d).toLocaleString(state.lang) : '—';
  const fact = (key, value) => value ? [el('dt', {}, t(key)), el('dd', {}, value)] : [];
  const gallery = el('div', { class: 'gallery', id: 'photos' });
  const mapBox = el('div', { id: 'case-map', role: 'img', 'aria-label': t('case.map') });
  const finished = ['handled', 'verified', 'closed', 'rated', 'rejected', 'merged', 'returnedToPolice'].includes(c.state);
  // What the last action did, said once on the page drawn after it (确认).
  const done = state.flash ? el('p', { class: 'flash', role: 'status', id: 'case-flash' }, state.flash) : '';
  state.flash = null;
  // Each photo labelled by the step that brought it (上报, 处置后, 核查…) and its time.
  const photoStep = new Map(history.flatMap(e => e.attachmentIds.map(a => [a, e])));
  const urges = history.filter(e => e.action === 'urge').length;
  // On a phone the place and the photos come first: what an inspector needs to find and check the problem.
  view.replaceChildren(el('div', { class: 'case-page' },
    el('section', { class: 'panel case-main' }, done,
      el('h1', {}, `${c.number} · ${caseCategory(c)}`, c.urgency !== 'normal' ? el('span', { class: 'badge bad', id: 'case-urgency' }, t(`urgency.${c.urgency}`)) : ''),
      el('p', { id: 'case-state' }, t(`state.${c.state}`), c.overdue ? el('span', { class: 'badge bad' }, ' ', t('screen.overdue')) : '', parkedBadge(c),
        c.deadline && !finished && !c.suspended ? el('span', {}, ' · ', countdown(c.deadline)) : ''),
      el('p', { id: 'case-description' }, c.description),
      el('dl', { class: 'facts' },
        ...fact('case.source', t(`source.${c.source}`)), ...fact('case.urgency', t(`urgency.${c.urgency}`)),
        ...fact('case.place', (c.place || []).map(p => p.name).join(' / ')), ...fact('case.address', c.address), ...fact('case.reportedAt', when(c.reportedAt)),
        ...reporterFacts(c), ...fact('case.lead', unitName(c.leadDepartmentId)), ...fact('case.handler', c.handlerName),
        ...fact('case.urges', urges && t('case.urgeCount', { n: urges })),
        ...fact('case.parkedReason', c.parkedUntil && (history.filter(e => e.action === 'park').pop() || {}).note),
        ...fact('case.reviewOn', c.reviewOn),
        ...fact('desk.deadline', !finished && !c.parkedUntil && c.deadline && when(c.deadline)), ...fact('case.closedAt', c.closedAt && when(c.closedAt)),
        ...fact('case.rating', c.rating && `${'★'.repeat(c.rating)}${'☆'.repeat(5 - c.rating)} ${t(`score.${c.rating}`)}`)),
      callInList(c, unitName),
      el('h2', {}, t('case.actions')), actions, form),
    el('section', { class: 'panel case-side' }, mapBox, el('h2', {}, t('case.photos')), gallery),
    el('section', { class: 'panel case-history' }, el('h2', {}, t('case.history')),
      el('ol', { id: 'history' }, ...history.map(e => el('li', {}, historyLine(e, when)))))));
  // The place: the case's grid drawn as the base map, the case as a marker.
  if (c.location) {
    const map = baseMap(mapBox, { zoomControl: true }).setView([c.location.lat, c.location.lon], 17);
    // Staff see the case's grid; a resident the street that holds it (grid boundaries are for staff).
    const staff = state.me.assignments.some(a => a.role !== 'resident');
    const grid = await api(`/api/v1/map/areas?kind=${staff ? 'grid' : 'street'}&nodeId=${c.nodeId}`).catch(() => null);
    if (grid && grid.features.length) {
      const outline = L.geoJSON(grid, { style: { color: '#3ba4ff', weight: 1.5, fillOpacity: 0.15 } }).addTo(map);
      areaNames(map, grid.features);
      map.fitBounds(outline.getBounds().extend([c.location.lat, c.location.lon]), { padding: [20, 20], maxZoom: 18 });
    }
    // The address is the reporter's text: given to Leaflet as a text node, never as a string it would read as HTML.
    L.circleMarker([c.location.lat, c.location.lon], { radius: 9, color: '#fff', weight: 2, fillColor: stateColours[c.state] || '#fff', fillOpacity: 1, className: 'case-place' })
      .bindTooltip(el('span', { id: 'case-place-tip' }, c.address || c.number)).addTo(map);
  } else {
    mapBox.replaceWith(el('p', {}, t('case.noPlace')));
  }
  // Photos: fetched with the session cookie and shown from memory (a missing one is left out).
  const images = await Promise.all(attachments.map(async a => {
    if (!a.contentType.startsWith('image/')) return el('span', {}, a.fileName);
    const reply = await fetch(`/api/v1/attachments/${a.id}`, { credentials: 'same-origin', headers: consoleHeader });
    if (!reply.ok) return '';
    // A photo no step names was sent with the report when it came before the handling (a report's photo follows it).
    const handled = c.handledAt || c.closedAt;
    const step = photoStep.get(a.id) || (!handled || a.uploadedAt <= handled ? { action: 'report', at: a.uploadedAt } : null);
    const label = `${t(`photoLabel.${step ? step.action : 'other'}`)} · ${when(step ? step.at : a.uploadedAt)}`;
    return el('figure', { class: 'photo' }, el('img', { src: URL.createObjectURL(await reply.blob()), alt: `${label} ${a.fileName}`, title: a.fileName }), el('figcaption', {}, label));
  }));
  gallery.replaceChildren(...images);
  if (!attachments.length) gallery.append(el('p', { class: 'muted' }, t('case.noPhotos')));
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
        const result = await api(`/api/v1/cases/${c.id}/actions/${action}`, { method: 'POST', json: body });
        state.flash = t('case.actionDone', { action: t(`action.${action}`), state: t(`state.${result.case.state}`) });
        route();
      } catch (err) {
        const slot = err.field && document.getElementById(`err-${fieldSlot(err.field)}`);
        (slot && form.contains(slot) ? slot : general).textContent = err.message;
      }
    };
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  }

  async function collect(name, input, body) {
    const value = input.value;
    switch (name) {
      case 'photo':
        { const id = await uploadPhoto(c.id, input.files && input.files[0]); if (id) body.attachmentIds = [id]; }
        break;
      case 'lead': case 'into': case 'to': case 'cameraId': case 'task': if (value) body[name] = Number(value); break;
      case 'hours': case 'score': if (value) body[name] = Number(value); break;
      case 'passed': body.passed = value === 'true'; break;
      case 'departments': body.departments = Array.from(input.querySelectorAll('input:checked')).map(o => Number(o.value)); break;
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
  arbitrate: ['lead', 'note'], returnToPolice: ['reason'], urge: ['note'], park: ['reason', 'reviewOn'],
};

async function fieldFor(name, c) {
  const id = `f-${name}`;
  const select = (options) => el('select', { id, name }, ...options.map(([v, label]) => el('option', { value: v }, label)));
  let input;
  switch (name) {
    case 'note': case 'reason': case 'decision': input = el('textarea', { id, name, rows: '2' }); break;
    case 'photo': input = el('input', { id, name, type: 'file', accept: 'image/jpeg,image/png,image/webp' }); break;
    case 'lead': case 'taskDepartment': {
      // Only departments serving the case's area; the dispatch rule's suggestion first and chosen.
      input = select((c.departmentChoices || []).map(d => [d.id, d.suggested ? `${d.name}（${t('case.suggested')}）` : d.name]));
      break;
    }
    case 'departments': {
      // 吹哨约请: a tick per department that serves the area and does not yet take part in the case.
      const free = (c.departmentChoices || []).filter(d => !d.involved);
      input = el('fieldset', { id, class: 'choices' }, ...free.map(d => el('label', { class: 'choice' },
        el('input', { type: 'checkbox', name: 'departments', value: d.id }), ' ', d.name)));
      if (!free.length) input.append(el('p', { class: 'muted' }, t('case.noDepartmentsToCall')));
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
    // 挂账's review date: a day after today, sent as the day itself (YYYY-MM-DD).
    case 'reviewOn': input = el('input', { id, name, type: 'date', min: localDay(new Date(Date.now() + 86400000)) }); break;
    default: input = el('input', { id, name, type: ['hours', 'into', 'to'].includes(name) ? 'number' : 'text' });
  }
  return { input };
}

/// 处置经过, one step: staff read the step's name and who took it (name and role); a resident reads a plain step and
/// the department or the centre (the server gives a resident no staff names or notes).
function historyLine(e, when) {
  const staff = state.me.assignments.some(a => a.role !== 'resident');
  const who = e.own ? t('case.you') : staff ? `${e.actorName}${e.actorRole ? `（${t(`admin.role.${e.actorRole}`)}）` : ''}` : (e.actorName || t('case.centre'));
  const step = staff ? t(`action.${e.action}`) : t(`step.${e.action}`);
  return `${when(e.at)} · ${step} · ${who}${e.note ? ' · ' + e.note : ''}${e.attachmentIds.length ? ' · ' + t('case.photoCount', { n: e.attachmentIds.length }) : ''}`;
}

/// The error slot of a field the server names: `departments[1]` and `attachmentIds[0]` are the departments and photo
/// fields, `tasks[0].task` the consultation's task text.
function fieldSlot(field) {
  const base = field.replace(/\[\d+\]/g, '');
  return { attachmentIds: 'photo', 'tasks.task': 'taskText', 'tasks.departmentId': 'taskDepartment', 'tasks.dueAt': 'taskDue' }[base] || base.replace(/Ids?$/, '');
}

/// 吹哨约请: who was called in, why, by when, and what each answered.
function callInList(c, unitName) {
  if (!c.callIns || !c.callIns.length) return '';
  const when = (d) => d ? new Date(d).toLocaleString(state.lang) : '—';
  return el('section', { id: 'call-ins' }, el('h2', {}, t('case.callIns')),
    el('div', { class: 'table-scroll' }, el('table', { class: 'a-table' },
      el('thead', {}, el('tr', {}, ...['case.callInDepartment', 'case.callInReason', 'case.callInDue', 'case.callInStatus', 'case.callInFeedback'].map(k => el('th', {}, t(k))))),
      el('tbody', {}, ...c.callIns.map(k => el('tr', { 'data-department': k.departmentId },
        el('td', {}, unitName(k.departmentId)), el('td', {}, k.reason), el('td', {}, when(k.dueAt)),
        el('td', {}, el('span', { class: `badge ${k.status === 'open' && new Date(k.dueAt) < new Date() ? 'bad' : ''}` }, t(`callIn.${k.status}`))),
        el('td', {}, k.feedback ? `${k.feedback} · ${when(k.answeredAt)}` : '—')))))));
}

// 查看联系方式: the roles that act on a case and may need to call the reporter back.
const contactRoles = ['dutyOfficer', 'departmentHandler', 'stationChief', 'communityWorker', 'gridInspector'];

/// The reporter's name and phone as the server gives them (masked), and for the roles above a button that asks the
/// purpose and then shows them unmasked in their place. The read is on the server's audit trail with that purpose;
/// the contact is kept only in the page (never in localStorage) and is gone when the page is left.
function reporterFacts(c) {
  if (!c.reporterName && !c.reporterPhone) return [];
  const name = el('dd', { id: 'case-reporter' }, c.reporterName || '—');
  const phone = el('dd', { id: 'case-reporter-phone' }, c.reporterPhone || '—');
  const facts = [el('dt', {}, t('case.reporter')), name, el('dt', {}, t('case.reporterPhone')), phone];
  if (!state.me.assignments.some(a => contactRoles.includes(a.role))) return facts;
  const box = el('dd', { class: 'reveal', id: 'reveal-box' });
  const button = el('button', { type: 'button', id: 'reveal-contact', class: 'secondary', 'aria-controls': 'reveal-form', onclick: () => {
    button.hidden = true; form.hidden = false; reason.focus();
  } }, t('case.revealContact'));
  const reason = el('input', { id: 'reveal-reason', name: 'reason', type: 'text', required: '', minlength: '2', maxlength: '200', autocomplete: 'off',
    placeholder: t('case.revealPlaceholder'), 'aria-describedby': 'reveal-reason-err reveal-hint' });
  const error = el('span', { class: 'error', id: 'reveal-reason-err', role: 'alert' });
  const form = el('form', { id: 'reveal-form', class: 'reveal-form', hidden: '', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = ''; reason.removeAttribute('aria-invalid');
    try {
      const contact = await api(`/api/v1/cases/${c.id}/reporter`, { method: 'POST', json: { reason: reason.value.trim() } });
      name.replaceChildren(contact.name || '—');
      phone.replaceChildren(contact.phone ? el('a', { href: `tel:${contact.phone}`, id: 'case-reporter-tel' }, contact.phone) : '—');
      name.classList.add('revealed'); phone.classList.add('revealed');
      box.replaceChildren(el('span', { class: 'muted', id: 'reveal-done' }, t('case.revealed', { reason: reason.value.trim() })));
    } catch (err) {
      error.textContent = err.message; reason.setAttribute('aria-invalid', 'true'); reason.focus();
    }
  } },
    el('label', { for: 'reveal-reason' }, t('case.revealReason')), ' ', reason, ' ',
    el('button', { type: 'submit', id: 'reveal-submit' }, t('case.revealSubmit')), ' ',
    el('button', { type: 'button', class: 'link', id: 'reveal-cancel', onclick: () => { form.hidden = true; button.hidden = false; error.textContent = ''; button.focus(); } }, t('case.revealCancel')),
    el('small', { class: 'muted', id: 'reveal-hint' }, t('case.revealHint')), error);
  box.append(button, form);
  return [...facts, el('dt', { class: 'reveal-label', 'aria-hidden': 'true' }), box];
}
