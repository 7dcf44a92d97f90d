'use strict';
// 楼组排摸 — a building-group leader's sweep on a phone (docs/SWEEPS.md), `#/sweep-work`: their group's buildings, each
// house with its state, the sweep's form for one house at a time. It works without a connection: the work and each
// building's houses are kept on the phone, and each taking is queued there with its own key and sent when the phone
// is back online — sending it twice is one result on the server, so nothing is lost and nothing is doubled.

const sweepStore = {
  get(key, fallback) { try { const v = localStorage.getItem(`cy.sweep.${key}`); return v ? JSON.parse(v) : fallback; } catch { return fallback; } },
  set(key, value) { localStorage.setItem(`cy.sweep.${key}`, JSON.stringify(value)); },
};
/// A key for one taking: random, made on the phone when the leader saves it.
function sweepTakingKey() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `tk-${[...bytes].map(b => b.toString(16).padStart(2, '0')).join('')}`;
}

/// Whether the server answered the last time the page asked it (any answer, a refusal too: only a request that found no
/// server counts): the phone may have a network (navigator.onLine) and still no way to the server (a basement, a dead
/// access point), and then it says it is offline.
let sweepReachable = true;

/// Sends what is queued, oldest first; stops at the first taking the network does not carry. A taking the server
/// refuses stays with its reason for the leader to see. Returns how many are still waiting. One send at a time: a
/// call while one runs waits for it and then sends again, so a taking saved meanwhile is neither lost nor raced.
let sweepSending = null;
let sweepAgain = false;
function sweepFlush() {
  if (sweepSending) { sweepAgain = true; return sweepSending; }
  sweepSending = (async () => {
    let waiting;
    do { sweepAgain = false; waiting = await sweepSendOnce(); } while (sweepAgain);
    return waiting;
  })().finally(() => { sweepSending = null; });
  return sweepSending;
}

async function sweepSendOnce() {
  const queue = sweepStore.get('queue', []);
  const sent = new Set();
  const refused = new Map();
  for (const item of queue) {
    if (item.error) continue;
    try {
      const reply = await send(`/api/v1/sweeps/${item.sweepId}/results`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(item.body) });
      sweepReachable = true;
      if (reply.ok) { sent.add(item.body.clientKey); sweepMark(item, 'done'); continue; }
      // Busy, or signed out: it waits for the next try (after signing in again).
      if (reply.status >= 500 || reply.status === 429 || reply.status === 401) break;
      const body = await reply.json().catch(() => null);
      refused.set(item.body.clientKey, body && body.error ? errorText(body.error) : reply.statusText);
    } catch {
      sweepReachable = false;
      break;
    }
  }
  // What is kept now, less what went and with the refusals' reasons: takings saved meanwhile stay queued.
  const left = sweepStore.get('queue', []).filter(q => !sent.has(q.body.clientKey))
    .map(q => (refused.has(q.body.clientKey) ? Object.assign({}, q, { error: refused.get(q.body.clientKey) }) : q));
  sweepStore.set('queue', left);
  return left.length;
}

/// Marks a house in the kept list of its building: `pending` once saved on the phone, `done` once the server has it.
function sweepMark(item, mark) {
  const key = `targets.${item.sweepId}.${item.buildingId}`;
  const targets = sweepStore.get(key, []);
  const t0 = targets.find(x => x.subjectId === item.body.subjectId);
  if (t0) { t0.mark = mark; t0.answers = item.body.answers; sweepStore.set(key, targets); }
}

/// The page on screen, for the browser's online and offline events (listened to once).
const sweepWorkPage = { refresh: () => {}, listening: false };

pages['sweep-work'] = async (view) => {
  // What the leader works: fetched when online, else what the phone kept.
  let work = null;
  try { work = await api('/api/v1/sweeps/mine'); sweepStore.set('work', work); sweepReachable = true; } catch (e) { work = sweepStore.get('work', null); sweepReachable = !(e instanceof TypeError); }
  const status = el('p', { class: 'sweep-sync', id: 'sweep-sync', 'aria-live': 'polite' });
  const houses = el('div', { class: 'sweep-houses', id: 'sweep-houses' });
  const formPanel = el('section', { class: 'panel sweep-form-panel', id: 'sweep-form-panel', hidden: '' });
  // A leader's building groups, and the committees a worker, station chief or inspector works in: each a place with
  // its buildings and open sweeps.
  const groups = ((work && work.groups) || []).concat((work && work.committees) || []);
  const pairs = groups.flatMap(g => g.sweeps.map(s => ({ group: g, sweep: s })));
  if (!pairs.length) {
    view.replaceChildren(el('h1', {}, t('sweepWork.title')), el('p', { class: 'muted', id: 'sweep-nothing' }, t(groups.length ? 'sweepWork.noSweep' : 'sweepWork.noGroup')));
    view.dataset.ready = 'true';
    return;
  }
  let current = pairs[0];
  let building = current.group.buildings[0];

  const refreshStatus = async (flush) => {
    // Nothing to send says nothing of the way to the server: ask it once when it did not answer last time.
    if (flush && !sweepReachable && !sweepStore.get('queue', []).length) await send('/api/v1/sweeps/mine').then(() => { sweepReachable = true; }, () => { sweepReachable = false; });
    const waiting = flush ? await sweepFlush() : sweepStore.get('queue', []).length;
    const failed = sweepStore.get('queue', []).filter(q => q.error);
    const online = navigator.onLine && sweepReachable;
    status.replaceChildren(el('span', { class: online ? 'badge ok' : 'badge warn', id: 'sweep-online' }, t(online ? 'sweepWork.online' : 'sweepWork.offline')), ' ',
      el('span', { id: 'sweep-waiting', 'data-waiting': String(waiting) }, waiting ? t('sweepWork.waiting', { n: waiting }) : t('sweepWork.allSent')),
      ...failed.map(q => el('span', { class: 'error sweep-failed' }, ' ', t('sweepWork.refused', { house: q.label, reason: q.error }), ' ',
        el('button', { type: 'button', class: 'linkish', onclick: () => { sweepStore.set('queue', sweepStore.get('queue', []).filter(x => x.body.clientKey !== q.body.clientKey)); refreshStatus(false); } },
          t('sweepWork.discard')))));
    if (flush) renderHouses(false);
  };

  /// The building's houses, from the server when online (kept on the phone), else as kept; saved takings not yet sent
  /// shown as waiting.
  const renderHouses = async (fetch) => {
    const key = `targets.${current.sweep.id}.${building.id}`;
    let targets = sweepStore.get(key, null);
    if (fetch || !targets) {
      try {
        const fresh = await api(`/api/v1/sweeps/${current.sweep.id}/targets?buildingId=${building.id}`);
        targets = fresh.map(x => ({ subjectId: x.subjectId, label: x.label, mark: x.result ? 'done' : '', answers: x.result ? x.result.answers : null }));
        sweepStore.set(key, targets);
        sweepReachable = true;
      } catch (e) { targets = targets || []; sweepReachable = !(e instanceof TypeError); }
    }
    const queued = new Set(sweepStore.get('queue', []).filter(q => q.sweepId === current.sweep.id).map(q => q.body.subjectId));
    const done = targets.filter(x => x.mark === 'done').length;
    houses.replaceChildren(el('p', { class: 'muted' }, t('sweepWork.count', { done, total: targets.length })),
      el('div', { class: 'sweep-house-grid' }, ...targets.map(x => {
        const mark = queued.has(x.subjectId) ? 'pending' : x.mark;
        return el('button', { type: 'button', class: `sweep-house ${mark || 'todo'}`, 'data-subject': x.subjectId, 'data-mark': mark || 'todo',
          onclick: () => openForm(x) }, x.label, el('small', {}, mark === 'done' ? ' ✓' : mark === 'pending' ? ` ${t('sweepWork.pending')}` : ''));
      })));
    if (!targets.length) houses.append(el('p', { class: 'muted' }, t('sweepWork.noHouses')));
  };

  /// The sweep's form for one house, with the method it was found by; saving queues it on the phone and sends it.
  const openForm = (target) => {
    const s = current.sweep;
    const method = el('select', { id: 'sweep-method', name: 'method' }, ...['visit', 'doorIntercom', 'chatRollCall', 'phone', 'notice'].map(m => el('option', { value: m }, t(`sweeps.method.${m}`))));
    const inputs = s.form.map(f => {
      const id = `sweep-q-${f.code}`;
      const prior = target.answers ? target.answers[f.code] : undefined;
      let input;
      if (f.kind === 'choice') {
        input = el('select', { id, name: f.code }, el('option', { value: '' }, '—'),
          ...f.options.map(o => el('option', { value: o }, f.code === 'houseUse' ? t(`base.use.${o}`) : o)));
      } else if (f.kind === 'yesNo') {
        input = el('select', { id, name: f.code }, el('option', { value: '' }, '—'), el('option', { value: 'yes' }, t('sweepWork.yes')), el('option', { value: 'no' }, t('sweepWork.no')));
      } else if (f.kind === 'number') {
        input = el('input', { id, name: f.code, type: 'number', min: '0', max: '9999', inputmode: 'numeric' });
      } else {
        input = el('input', { id, name: f.code, type: 'text', maxlength: '500' });
      }
      if (prior !== undefined) input.value = prior;
      if (f.required) input.setAttribute('required', '');
      return [el('label', { for: id }, f.label, f.required ? ' *' : ''), input];
    });
    const message = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { class: 'sweep-form', id: 'sweep-form', onsubmit: async (e) => {
      e.preventDefault();
      const answers = {};
      for (const f of s.form) { const v = form.elements[f.code].value.trim(); if (v) answers[f.code] = v; }
      const item = { sweepId: s.id, buildingId: building.id, label: target.label,
        body: { subjectId: target.subjectId, method: method.value, answers, takenAt: new Date().toISOString(), clientKey: sweepTakingKey() } };
      sweepStore.set('queue', sweepStore.get('queue', []).concat([item]));
      target.answers = answers;
      formPanel.hidden = true;
      message.textContent = '';
      await renderHouses(false);
      await refreshStatus(true);
      houses.querySelector(`[data-subject="${target.subjectId}"]`)?.focus();
    } },
      el('label', { for: 'sweep-method' }, t('sweeps.methodHead')), method, ...inputs.flat(),
      el('p', { class: 'sweep-form-actions' }, el('button', { type: 'submit', id: 'sweep-save' }, t('sweepWork.save')), ' ',
        el('button', { type: 'button', onclick: () => { formPanel.hidden = true; } }, t('sweepWork.cancel'))), message);
    formPanel.replaceChildren(el('h2', {}, target.label), form);
    formPanel.hidden = false;
    formPanel.scrollIntoView({ block: 'start' });
    method.focus();
  };

  const sweepSelect = el('select', { id: 'sweep-pick', onchange: () => { current = pairs[Number(sweepSelect.value)]; building = current.group.buildings[0]; drawBuildings(); renderHouses(true); } },
    ...pairs.map((p, i) => el('option', { value: String(i) }, `${p.sweep.title} · ${p.group.name}`)));
  const buildingBar = el('p', { class: 'sweep-buildings', id: 'sweep-buildings' });
  // A committee's buildings are told apart by their compounds' names.
  const drawBuildings = () => buildingBar.replaceChildren(...current.group.buildings.map(b => el('button', {
    type: 'button', 'aria-pressed': String(building && b.id === building.id), 'data-building': b.id,
    onclick: () => { building = b; drawBuildings(); formPanel.hidden = true; renderHouses(true); } },
    `${(current.group.compounds || {})[String(b.compoundId)] || ''}${b.number}`)));
  drawBuildings();
  const leads = ((work && work.groups) || []).length > 0;
  view.replaceChildren(el('h1', {}, t(leads ? 'sweepWork.title' : 'menu.sweepEntry')), status,
    el('section', { class: 'panel sweep-work' },
      el('label', { for: 'sweep-pick' }, t('sweepWork.sweep')), sweepSelect,
      current.sweep.guide ? el('p', { class: 'sweep-guide' }, current.sweep.guide) : '',
      el('p', { class: 'muted' }, t('sweeps.window', { from: current.sweep.startsOn, to: current.sweep.dueOn })),
      buildingBar, houses),
    formPanel);
  if (building) await renderHouses(true);
  await refreshStatus(true);
  // Back online: send what waits. While on this page, try again every 20 s.
  sweepWorkPage.refresh = (flush) => { if (status.isConnected) refreshStatus(flush); };
  if (!sweepWorkPage.listening) {
    window.addEventListener('online', () => sweepWorkPage.refresh(true));
    window.addEventListener('offline', () => sweepWorkPage.refresh(false));
    sweepWorkPage.listening = true;
  }
  const again = () => state.timers.push(setTimeout(() => { if (status.isConnected) { refreshStatus(true); again(); } }, 20000));
  again();
  view.dataset.ready = 'true';
};
