'use strict';
// 一网通办 — community-affairs requests (docs/SERVICE-REQUESTS.md). A verified resident, on a phone, files a request
// from the catalogue (and may ask the committee to handle it for them) and follows its steps; a station's worker files
// one for the resident who shows their ID card — anywhere in the city for an item handled anywhere (全市通办) —, on
// their behalf (代办) with how they authorised it, and takes each request through 受理 → 转办 → 办结 or 退回; above the
// committees, the counts and the list of the area. 好差评: the resident rates a closed request once (a bad rating says
// why); the station answers a bad rating with what it put right (回访整改), and sees those not answered yet. 申请材料: the
// resident and the station file scans of the materials the item asks for while the request is open.

const SERVICE_STATES = ['submitted', 'accepted', 'forwarded', 'done', 'returned'];
const SERVICE_NEXT = { submitted: ['accept', 'return'], accepted: ['forward', 'complete', 'return'], forwarded: ['complete', 'return'] };

pages.services = async (view) => {
  const me = state.me;
  const keeperAt = me.assignments.find(a => ['communityWorker', 'stationChief', 'admin'].includes(a.role) && a.nodePath.split('/').filter(Boolean).length === 4);
  const readerAt = me.assignments.find(a => ['leader', 'dutyOfficer', 'admin', 'communityWorker', 'stationChief'].includes(a.role));
  const items = await api('/api/v1/service-items');
  const parts = keeperAt ? await serviceDesk(keeperAt, items, true) : readerAt ? await serviceDesk(readerAt, items, false)
    : me.serviceCentre ? await serviceCentreDesk() : await serviceResident(items);
  view.replaceChildren(el('h1', {}, t('services.title')), el('div', { class: 'groups-page services' }, ...parts));
  view.dataset.ready = 'true';
};

const SERVICE_SCORES = [5, 4, 3, 2, 1];
const serviceScoreBadge = (score) => el('span', { class: `badge ${score <= 2 ? 'bad' : score >= 4 ? 'ok' : ''}`, 'data-score': score }, t(`services.score.${score}`));
const serviceStateBadge = (s) => el('span', { class: `badge ${s === 'done' ? 'ok' : s === 'returned' ? 'bad' : s === 'submitted' ? 'warn' : ''}`, 'data-state': s }, t(`services.state.${s}`));

/// The item picker with what the chosen item asks for (materials, promised days, handled anywhere or not).
function serviceItemPicker(items, id) {
  const about = el('p', { class: 'muted', id: `${id}-about` });
  const select = el('select', { id, name: 'item', required: '', onchange: () => show() }, ...items.map(i => el('option', { value: i.code }, i.name)));
  const show = () => {
    const i = items.find(x => x.code === select.value);
    about.textContent = i ? t('services.about', { department: i.department, days: i.promisedDays, materials: i.materials.join('、') }) + (i.anywhere ? '' : ` ${t('services.notAnywhere')}`) : '';
  };
  show();
  return { select, about };
}

/// A request's steps, in order: who did what, when, with the note.
function serviceSteps(steps) {
  return el('ol', { class: 'service-steps' }, ...(steps || []).map(s => el('li', {}, el('strong', {}, t(`services.action.${s.action}`)), ' ',
    el('span', { class: 'muted' }, `${shortTime(s.at)} · ${s.by}`), s.note ? ` — ${s.note}` : '')));
}

/// 申请材料 — the documents filed with a request; while it is open and `file` is true, a button to file one more.
function serviceDocuments(v, file) {
  const open = ['submitted', 'accepted', 'forwarded'].includes(v.request.state);
  // A closed request with none filed has nothing to show or take.
  if (!open && !(v.documents || []).length) return '';
  return documentsPanel(v.documents || [], `/api/v1/service-requests/${v.request.id}/documents`,
    { file: file && open, title: t('services.documents', { n: (v.documents || []).length }), none: t('services.noDocuments'), add: t('services.documentAdd') });
}

/// A request's rating as its resident (`station` false) and the station see it: the score and why, the station's answer
/// or the day it is due (red for the station once past).
function serviceRating(rating, station) {
  if (!rating) return '';
  const late = station && rating.rectifyBy && rating.rectifyBy < new Date().toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' });
  return el('div', { class: 'service-rating' },
    el('p', {}, `${t('services.rating')}：`, serviceScoreBadge(rating.score), rating.comment ? ` ${rating.comment}` : ''),
    rating.rectification ? el('p', { class: 'service-rectification' }, `${t('services.rectification')}：${rating.rectification}`)
      : rating.rectifyBy ? el('p', { class: late ? 'late' : 'muted', 'data-rectify-by': rating.rectifyBy, 'data-late': late ? 'true' : 'false' },
        t(late ? 'services.rectifyLate' : station ? 'services.rectifyDue' : 'services.rectifyBy', { day: rating.rectifyBy })) : '');
}

/// 好差评 — a closed request rated: five choices, why (required for a bad one), sent to `path` with `extra` (the version
/// read, for a resident's own); `attrs` name the form.
function serviceRateForm(path, extra = {}, attrs = {}) {
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el('form', Object.assign({ class: 'service-rate', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    const chosen = form.querySelector('input[name=score]:checked');
    await api(path, { method: 'POST', json: Object.assign({ score: chosen ? Number(chosen.value) : 0, comment: form.comment.value.trim() }, extra) })
      .then(() => route(), (err) => { message.textContent = err.message; });
  } }, attrs),
    el('fieldset', {}, el('legend', {}, t('services.rateThis')),
      ...SERVICE_SCORES.map(n => el('label', { class: 'check' }, el('input', { type: 'radio', name: 'score', value: String(n) }), ' ', t(`services.score.${n}`)))),
    el('textarea', { name: 'comment', rows: '2', maxlength: '200', placeholder: t('services.commentExample'), 'aria-label': t('services.commentExample') }),
    el('p', {}, el('button', { type: 'submit' }, t('services.rate'))), message);
  return form;
}

/// A verified resident: file a request, follow one's own.
async function serviceResident(items) {
  const registration = await api('/api/v1/registrations/mine').catch(() => null);
  if (!registration || registration.status !== 'verified') {
    return [el('section', { class: 'panel', id: 'service-not-verified' }, el('p', {}, t('services.welcome')), el('p', { class: 'muted' }, t('services.notVerified')))];
  }
  const mine = await api('/api/v1/service-requests/mine');
  let key = requestKey();
  const message = el('p', { class: 'error', role: 'alert', id: 'service-error' });
  const picker = serviceItemPicker(items, 'service-item');
  const form = el('form', { id: 'service-form', class: 'join-form', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    await api('/api/v1/service-requests', { method: 'POST', json: { itemCode: picker.select.value, detail: form.detail.value.trim(), onBehalf: form.onBehalf.checked, clientKey: key } })
      .then(() => { key = requestKey(); route(); }, (err) => { message.textContent = err.message; });
  } },
    el('label', { for: 'service-item' }, t('services.item')), picker.select, picker.about,
    el('label', { for: 'service-detail' }, t('services.detail')), el('textarea', { id: 'service-detail', name: 'detail', rows: '2', maxlength: '500', placeholder: t('services.detailExample') }),
    el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'onBehalf', id: 'service-on-behalf' }), ' ', t('services.askOnBehalf')),
    el('p', {}, el('button', { type: 'submit', id: 'service-submit' }, t('services.submit'))), message);
  return [
    el('section', { class: 'panel', id: 'service-apply' }, el('h2', {}, t('services.apply')), el('p', { class: 'muted' }, t('services.applyNote')), form),
    el('section', { class: 'panel', id: 'service-mine' }, el('h2', {}, t('services.mine')),
      mine.length ? el('ul', { class: 'registration-list' }, ...mine.map(v => el('li', { 'data-request': v.request.id },
        el('p', {}, el('strong', {}, v.itemName), ' ', serviceStateBadge(v.request.state), v.request.onBehalf ? el('span', { class: 'badge' }, t('services.onBehalf')) : ''),
        el('p', { class: 'muted' }, `${t('services.number')} ${v.request.number} · ${t('services.due', { day: v.request.dueOn })}`),
        v.request.outcome ? el('p', {}, v.request.outcome) : '',
        v.request.rating ? serviceRating(v.request.rating) : ['done', 'returned'].includes(v.request.state)
          ? serviceRateForm(`/api/v1/service-requests/${v.request.id}/rating`, { version: v.request.version }, { 'data-rate': v.request.id }) : '',
        serviceDocuments(v, true), serviceSteps(v.steps)))) : el('p', { class: 'muted' }, t('services.noneMine'))),
  ];
}

/// A station's desk (keeper: file at the window, take steps) or an area's view above it (counts and list).
async function serviceDesk(at, items, keeper) {
  const node = at.nodeId;
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const only = SERVICE_STATES.includes(params.get('state')) ? params.get('state') : '';
  const badOpen = params.get('badOpen') === 'true';
  const [counts, page] = await Promise.all([api(`/api/v1/service-requests/counts?nodeId=${node}`),
    api(`/api/v1/service-requests?nodeId=${node}&limit=50${only ? `&state=${only}` : ''}${badOpen ? '&badOpen=true' : ''}`)]);
  const good = (counts.byScore?.['4'] || 0) + (counts.byScore?.['5'] || 0);
  const message = el('p', { class: 'error', role: 'alert', id: 'service-error' });

  const tallies = el('p', { class: 'service-counts', id: 'service-counts' },
    el('a', { href: '#/services', class: `badge ${only || badOpen ? '' : 'ok'}` }, `${t('services.all')} ${counts.total}`),
    ...SERVICE_STATES.map(s => el('a', { href: `#/services?state=${s}`, class: `badge ${only === s ? 'ok' : ''}`, 'data-count': s }, `${t(`services.state.${s}`)} ${counts.byState[s] || 0}`)),
    el('span', { class: `badge ${counts.overdue ? 'bad' : ''}`, 'data-count': 'overdue' }, `${t('services.overdue')} ${counts.overdue}`),
    el('span', { class: 'badge', 'data-count': 'onBehalf' }, `${t('services.onBehalf')} ${counts.onBehalf}`),
    el('span', { class: 'badge', 'data-count': 'goodRate', title: t('services.goodRateNote') },
      counts.rated ? t('services.goodRate', { rate: Math.round(good * 100 / counts.rated), rated: counts.rated }) : t('services.noRatings')),
    el('a', { href: '#/services?badOpen=true', class: `badge ${counts.badOpen ? 'bad' : badOpen ? 'ok' : ''}`, 'aria-current': badOpen ? 'page' : 'false', 'data-count': 'badOpen' },
      `${t('services.badOpen')} ${counts.badOpen || 0}`),
    counts.badOverdue ? el('span', { class: 'badge bad', 'data-count': 'badOverdue' }, `${t('services.badOverdue')} ${counts.badOverdue}`) : '');

  const rows = serviceRequestRows(page.requests, message, { actions: (r) => (keeper ? SERVICE_NEXT[r.state] || [] : []), rectify: keeper, file: keeper, ratingCode: keeper });

  const parts = [el('section', { class: 'panel', id: 'service-area' }, el('h2', {}, t('services.counts')), tallies)];
  if (keeper) parts.push(serviceWindow(node, items));
  parts.push(el('section', { class: 'panel', id: 'service-list' }, el('h2', {}, t('services.list')), message,
    rows.length ? el('ul', { class: 'registration-list' }, ...rows) : el('p', { class: 'muted' }, t('services.none'))));
  return parts;
}

/// A desk's rows of requests: what, whose, where filed, the due day, the rating; the steps `actions(request)` offers, with
/// a note, and — with `rectify` — the answer to a bad rating not answered yet; each sent on the version read, a refusal
/// said in `message`.
function serviceRequestRows(requests, message, { actions, rectify = false, file = false, ratingCode = false }) {
  const send = (v, path, json) => {
    message.textContent = '';
    return api(`/api/v1/service-requests/${v.request.id}/${path}`, { method: 'POST', json: Object.assign(json, { version: v.request.version }) })
      .then(() => route(), (err) => { message.textContent = err.message; });
  };
  return requests.map(v => {
    const r = v.request;
    const owed = rectify && r.rating && r.rating.score <= 2 && !r.rating.rectification;
    const answer = owed ? el('input', { class: 'service-rectify-note', maxlength: '200', placeholder: t('services.rectifyPlaceholder'), 'aria-label': t('services.rectifyPlaceholder') }) : null;
    const note = el('input', { class: 'service-note', maxlength: '200', placeholder: t('services.notePlaceholder'), 'aria-label': t('services.notePlaceholder') });
    const steps = actions(r);
    return el('li', { 'data-request': r.id },
      el('p', {}, el('strong', {}, v.itemName), ' ', serviceStateBadge(r.state), r.onBehalf ? el('span', { class: 'badge', 'data-on-behalf': 'true' }, t('services.onBehalf')) : '',
        v.overdue ? el('span', { class: 'badge bad', 'data-overdue': 'true' }, t('services.overdue')) : ''),
      el('p', { class: 'muted' }, [`${t('services.number')} ${r.number}`, `${v.residentName} · ${v.nodeName}`,
        r.filedAtId !== r.nodeId ? t('services.filedAt', { name: v.filedAtName }) : '', t('services.due', { day: r.dueOn }),
        r.onBehalf && r.authorisation ? t(`services.authorisation.${r.authorisation}`) : ''].filter(Boolean).join(' · ')),
      r.detail ? el('p', {}, r.detail) : '', r.outcome ? el('p', {}, `${t('services.outcome')}：${r.outcome}`) : '', serviceRating(r.rating, true),
      serviceDocuments(v, file),
      ratingCode && !r.rating && ['done', 'returned'].includes(r.state) ? serviceRatingCode(r, message) : '',
      owed ? el('p', { class: 'service-actions' }, answer, ' ', el('button', { type: 'button', 'data-action': 'rectify',
        onclick: () => send(v, 'rectification', { note: answer.value.trim() }) }, t('services.rectify'))) : '',
      steps.length ? el('p', { class: 'service-actions' }, note, ' ', ...steps.map(a => el('button', { type: 'button', class: a === 'return' ? 'secondary' : '', 'data-action': a,
        onclick: () => send(v, 'steps', { action: a, note: note.value.trim() }) }, t(`services.action.${a}`)))) : '');
  });
}

/// 社区事务受理服务中心 — the requests the street's stations forwarded, each decided (办结, with the decision) or
/// returned (with the reason) on the version read.
/// Below them, the bad ratings the street's stations have not answered by their day (差评逾期未整改, raised to the street).
async function serviceCentreDesk() {
  const [page, raised] = await Promise.all([api('/api/v1/service-requests/centre?limit=50'), api('/api/v1/service-requests/centre?raised=true&limit=50')]);
  const message = el('p', { class: 'error', role: 'alert', id: 'service-error' });
  const rows = serviceRequestRows(page.requests, message, { actions: (r) => (r.state === 'forwarded' ? ['complete', 'return'] : []), file: true });
  const late = serviceRequestRows(raised.requests, message, { actions: () => [] });
  return [el('section', { class: 'panel', id: 'service-list' }, el('h2', {}, t('services.centreList', { n: rows.length })),
    el('p', { class: 'muted' }, t('services.centreNote')), message,
    rows.length ? el('ul', { class: 'registration-list' }, ...rows) : el('p', { class: 'muted' }, t('services.centreNone'))),
  el('section', { class: 'panel', id: 'service-raised' }, el('h2', {}, t('services.raisedList', { n: late.length })),
    el('p', { class: 'muted' }, t('services.raisedNote')),
    late.length ? el('ul', { class: 'registration-list' }, ...late) : el('p', { class: 'muted' }, t('services.raisedNone')))];
}

/// 窗口受理 — the worker files for the resident whose ID card is shown; 代办 names how the resident authorised it.
function serviceWindow(node, items) {
  let key = requestKey();
  const message = el('p', { class: 'error', role: 'alert', id: 'service-window-error' });
  const picker = serviceItemPicker(items, 'window-item');
  const authorisation = el('select', { id: 'window-authorisation', name: 'authorisation', hidden: '' },
    ...['written', 'phone', 'guardian', 'visit'].map(a => el('option', { value: a }, t(`services.authorisation.${a}`))));
  const authorisationLabel = el('label', { for: 'window-authorisation', hidden: '' }, t('services.authorisationLabel'));
  const form = el('form', { id: 'service-window', class: 'sweep-launch', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    const onBehalf = form.onBehalf.checked;
    const json = { nodeId: node, itemCode: picker.select.value, idNumber: form.idNumber.value.trim(), detail: form.detail.value.trim(), onBehalf, clientKey: key };
    if (onBehalf) json.authorisation = authorisation.value;
    await api('/api/v1/service-requests', { method: 'POST', json }).then(() => { key = requestKey(); route(); }, (err) => { message.textContent = err.message; });
  } },
    el('label', { for: 'window-item' }, t('services.item')), picker.select, picker.about,
    el('label', { for: 'window-id-number' }, t('services.idNumber')),
    el('input', { id: 'window-id-number', name: 'idNumber', required: '', maxlength: '18', autocomplete: 'off', inputmode: 'text', placeholder: t('services.idNumberNote') }),
    el('label', { for: 'window-detail' }, t('services.detail')), el('textarea', { id: 'window-detail', name: 'detail', rows: '2', maxlength: '500' }),
    el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'onBehalf', id: 'window-on-behalf',
      onchange: (e) => { authorisation.hidden = !e.target.checked; authorisationLabel.hidden = !e.target.checked; } }), ' ', t('services.handleOnBehalf')),
    authorisationLabel, authorisation,
    el('p', {}, el('button', { type: 'submit', id: 'window-submit' }, t('services.file'))), message);
  return el('section', { class: 'panel', id: 'service-window-panel' }, el('h2', {}, t('services.window')), el('p', { class: 'muted' }, t('services.windowNote')), form);
}

/// 扫码评价 — for a closed request not rated yet, the station shows the resident at the window a one-off code (a QR code
/// and its letters) to rate the service on their own phone, no account needed; a new code replaces the last.
function serviceRatingCode(r, message) {
  const shown = el('div', { class: 'service-rating-code', hidden: '' });
  const button = el('button', { type: 'button', class: 'secondary', 'data-action': 'rating-code', onclick: async () => {
    message.textContent = '';
    try {
      const made = await api(`/api/v1/service-requests/${r.id}/rating-code`, { method: 'POST' });
      const link = `${location.origin}/console/#/rate/${made.code}`;
      const until = cityDate(made.expiresAt);
      shown.replaceChildren(qrSVG(link, 180), el('p', {}, t('services.ratingCodeNote', { until })),
        el('p', { class: 'rating-code', 'data-code': made.code }, made.code.replace(/(.{5})/, '$1 ')));
      shown.hidden = false;
    } catch (err) { message.textContent = err.message; }
  } }, t('services.ratingCode'));
  return el('div', {}, el('p', {}, button), shown);
}

/// The page a rating code opens on a resident's phone (no sign-in): what it is for — the item, the station, when it was
/// closed, no person — and the five choices, why when dissatisfied; rated once.
pages.rate = async (view, params, code) => {
  // No code in the address: the letters typed from the station's screen.
  if (!code) {
    const typed = el('form', { class: 'join-form', id: 'rate-code-form', onsubmit: (e) => { e.preventDefault(); location.hash = `#/rate/${encodeURIComponent(typed.code.value.replace(/[\s-]/g, '').toUpperCase())}`; } },
      el('label', { for: 'rate-code' }, t('services.rateCodeLabel')), el('input', { id: 'rate-code', name: 'code', required: '', maxlength: '20', autocomplete: 'off' }),
      el('p', {}, el('button', { type: 'submit' }, t('services.rateCodeGo'))));
    view.replaceChildren(el('section', { class: 'panel join', id: 'rate-panel' }, el('h1', {}, t('services.rateTitle')), typed));
    view.dataset.ready = 'true';
    return;
  }
  const typedCode = (() => { try { return decodeURIComponent(code); } catch { return code; } })();
  const path = `/api/v1/service-ratings/${encodeURIComponent(typedCode)}`;
  const invite = await api(path, { signedOut: null }).catch((err) => ({ error: err.message }));
  const panel = el('section', { class: 'panel join', id: 'rate-panel' }, el('h1', {}, t('services.rateTitle')));
  if (invite.error) {
    panel.append(el('p', { class: 'error', role: 'alert', id: 'rate-error' }, invite.error));
  } else {
    panel.append(el('p', {}, el('strong', {}, invite.itemName)), el('p', { class: 'muted' }, [invite.stationName,
      invite.closedAt ? cityDate(invite.closedAt) : '', t(`services.state.${invite.state}`)].filter(Boolean).join(' · ')));
    if (invite.rated) {
      panel.append(el('p', { id: 'rate-done' }, t('services.rateThanks'), ' ', serviceScoreBadge(invite.score)));
    } else {
      panel.append(serviceRateForm(path, {}, { id: 'rate-form' }));
    }
  }
  view.replaceChildren(panel);
  view.dataset.ready = 'true';
};
