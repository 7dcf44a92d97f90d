'use strict';
// 吹哨人 — anyone reports a hazard, with their name or anonymously, and follows it by its receipt code (no sign-in);
// the designated handler of the district (or the city) verifies, answers, hands it to the case loop and rewards it;
// an administrator designates the handler (docs/WHISTLEBLOWING.md).

const WHISTLE_KINDS = ['flyingWireCharging', 'threeInOne', 'fireSafety', 'hazardousChemicals', 'crowdedPlace', 'constructionSite', 'oldBuilding',
  'factoryStudio', 'specialEquipment', 'gasWaterMains', 'curtainWall', 'outdoorUnit', 'publicHealth', 'foodSafety', 'other'];

/// A receipt code as printed: three groups of four letters.
function whistleCode(code) { return code.replace(/(.{4})(?=.)/g, '$1-'); }

/// The thread between the reporter and the handler, oldest first; the handler is never named.
function whistleThread(messages) {
  return el('ol', { class: 'whistle-thread', id: 'whistle-thread' }, ...(messages || []).map(m =>
    el('li', { class: `whistle-${m.from}` }, el('span', { class: 'muted' }, `${t(`whistle.from.${m.from}`)} · ${shortTime(m.at)}`), ' ', m.text)));
}

/// A one-line form that sends `{text}` to `path` and reloads the page.
function whistleMessageForm(path, id, label) {
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'whistle-message', id, onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    await api(path, { method: 'POST', json: { text: form.text.value.trim() }, signedOut: null }).then(() => route(), (err) => { message.textContent = err.message; });
  } }, el('textarea', { name: 'text', rows: '2', maxlength: '500', required: '', 'aria-label': label, placeholder: label }),
    el('p', {}, el('button', { type: 'submit' }, t('whistle.send'))), message);
  return form;
}

/// Where a report stands, as its reporter reads it: the outcome, the case it became, the reward.
function whistleOutcome(f) {
  const parts = [el('p', {}, el('strong', { id: 'whistle-status', 'data-status': f.status }, t(`whistle.status.${f.status}`)),
    f.levelSkipped ? el('span', { class: 'badge' }, t('whistle.levelSkipped')) : '')];
  if (f.reply) parts.push(el('p', { id: 'whistle-reply' }, `${t('whistle.reply')}：${f.reply}`));
  if (f.status === 'unfounded') parts.push(el('p', { class: 'muted' }, t('whistle.noLiability')));
  if (f.caseNumber) parts.push(el('p', { id: 'whistle-case' }, t('whistle.case', { number: f.caseNumber, state: t(`state.${f.caseState}`) })));
  if (f.hazardNumber) parts.push(el('p', { id: 'whistle-hazard' }, t('whistle.hazard', { number: f.hazardNumber, state: t(`hazards.state.${f.hazardState}`) })));
  if (f.reward) parts.push(el('p', { id: 'whistle-reward', class: 'whistle-reward' }, t('whistle.reward', { yuan: f.reward.yuan, how: f.reward.note || t('whistle.rewardClaim') })));
  return parts;
}

/// The public page: a new report, or a report followed by its code (`#/whistle/<code>`).
pages.whistle = async (view, params, code) => {
  if (code) return whistleFollow(view, (() => { try { return decodeURIComponent(code); } catch { return code; } })());
  const areas = await api('/api/v1/whistleblower-reports/areas', { signedOut: null });
  const area = el('select', { id: 'w-area', name: 'area', required: '' }, el('option', { value: '' }, t('whistle.chooseArea')));
  const groups = new Map();
  for (const a of areas) {
    if (!groups.has(a.district)) { groups.set(a.district, el('optgroup', { label: a.district })); area.append(groups.get(a.district)); }
    groups.get(a.district).append(el('option', { value: String(a.id) }, a.name));
  }
  let key = requestKey();
  const message = el('p', { class: 'error', role: 'alert', id: 'whistle-error' });
  const kind = el('select', { id: 'w-kind', name: 'kind', required: '' }, el('option', { value: '' }, t('whistle.chooseKind')),
    ...WHISTLE_KINDS.map(k => el('option', { value: k }, t(`hazard.${k}`))));
  const role = el('select', { id: 'w-role', name: 'role' }, ...['citizen', 'internalInformant', 'medicalStaff'].map(r => el('option', { value: r }, t(`whistle.role.${r}`))));
  const urgentBox = el('label', { class: 'check', hidden: '' }, el('input', { type: 'checkbox', id: 'w-urgent', name: 'urgent' }), ' ', t('whistle.urgent'));
  const anonymous = el('input', { type: 'checkbox', id: 'w-anonymous', name: 'anonymous', checked: '' });
  const who = el('div', { class: 'join-form', hidden: '' },
    el('label', { for: 'w-name' }, t('whistle.name')), el('input', { id: 'w-name', name: 'name', maxlength: '50', autocomplete: 'name' }),
    el('label', { for: 'w-phone' }, t('whistle.phone')), el('input', { id: 'w-phone', name: 'phone', type: 'tel', maxlength: '20', autocomplete: 'tel' }));
  role.addEventListener('change', () => { urgentBox.hidden = role.value !== 'medicalStaff'; if (urgentBox.hidden) urgentBox.querySelector('input').checked = false; });
  anonymous.addEventListener('change', () => { who.hidden = anonymous.checked; });
  const form = el('form', { class: 'join-form', id: 'whistle-form', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    const json = { kind: kind.value, nodeId: Number(area.value), address: form.address.value.trim(), description: form.description.value.trim(),
      unitName: form.unit.value.trim(), reporterRole: role.value, urgent: form.urgent.checked, anonymous: anonymous.checked, clientKey: key };
    if (!anonymous.checked) Object.assign(json, { name: form.name.value.trim(), phone: form.phone.value.trim() });
    // One request at a time: a second press would answer with a new code and leave the first one dead.
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    await api('/api/v1/whistleblower-reports', { method: 'POST', json, signedOut: null }).then((receipt) => {
      key = requestKey();
      whistleReceipt(view, receipt);
    }, (err) => { message.textContent = err.message; button.disabled = false; });
  } },
    el('label', { for: 'w-kind' }, t('whistle.kind')), kind,
    el('label', { for: 'w-area' }, t('whistle.area')), area,
    el('label', { for: 'w-address' }, t('whistle.address')), el('input', { id: 'w-address', name: 'address', maxlength: '100', required: '' }),
    el('label', { for: 'w-description' }, t('whistle.description')),
    el('textarea', { id: 'w-description', name: 'description', rows: '4', maxlength: '1000', required: '', placeholder: t('whistle.descriptionExample') }),
    el('label', { for: 'w-unit' }, t('whistle.unit')), el('input', { id: 'w-unit', name: 'unit', maxlength: '100' }),
    el('label', { for: 'w-role' }, t('whistle.roleLabel')), role, urgentBox,
    el('label', { class: 'check' }, anonymous, ' ', t('whistle.anonymous')), who,
    el('p', { class: 'muted' }, t('whistle.protection')),
    el('p', {}, el('button', { type: 'submit' }, t('whistle.submit'))), message);
  const follow = el('form', { class: 'join-form', id: 'whistle-code-form', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/whistle/${encodeURIComponent(follow.code.value.replace(/[\s-]/g, '').toUpperCase())}`;
  } }, el('label', { for: 'w-code' }, t('whistle.codeLabel')), el('input', { id: 'w-code', name: 'code', required: '', maxlength: '20', autocomplete: 'off' }),
    el('p', {}, el('button', { type: 'submit' }, t('whistle.follow'))));
  view.replaceChildren(el('section', { class: 'panel join', id: 'whistle-panel' }, el('h1', {}, t('whistle.title')), el('p', {}, t('whistle.intro')), form),
    el('section', { class: 'panel join' }, el('h2', {}, t('whistle.followTitle')), follow));
  view.dataset.ready = 'true';
};

/// The answer to a new report: the receipt code, to keep — it is shown once and is the only way back to the report.
function whistleReceipt(view, receipt) {
  view.replaceChildren(el('section', { class: 'panel join', id: 'whistle-receipt' },
    el('h1', {}, t('whistle.received')),
    el('p', {}, t('whistle.keepCode')),
    el('p', { class: 'whistle-code', id: 'whistle-code', 'data-code': receipt.code }, whistleCode(receipt.code)),
    receipt.followUp.levelSkipped ? el('p', {}, t('whistle.sentToCity')) : '',
    el('p', {}, el('a', { href: `#/whistle/${receipt.code}`, id: 'whistle-follow-link' }, t('whistle.follow')))));
  view.dataset.ready = 'true';
}

/// A report followed by its receipt code: what was reported, where it stands, the thread, more to add.
async function whistleFollow(view, code) {
  const path = `/api/v1/whistleblower-receipts/${encodeURIComponent(code)}`;
  const panel = el('section', { class: 'panel join', id: 'whistle-follow' }, el('h1', {}, t('whistle.followTitle')));
  const f = await api(path, { signedOut: null }).catch((err) => ({ error: err.message }));
  if (f.error) {
    panel.append(el('p', { class: 'error', role: 'alert', id: 'whistle-error' }, f.error), el('p', {}, el('a', { href: '#/whistle' }, t('whistle.title'))));
  } else {
    panel.append(el('p', { class: 'muted' }, [t(`hazard.${f.kind}`), f.areaName, f.address, shortTime(f.createdAt), f.anonymous ? t('whistle.anonymousShort') : ''].filter(Boolean).join(' · ')),
      el('p', {}, f.description), f.unitName ? el('p', { class: 'muted' }, `${t('whistle.unit')}：${f.unitName}`) : '',
      ...whistleOutcome(f), el('h2', {}, t('whistle.thread')), whistleThread(f.messages),
      whistleMessageForm(`${path}/messages`, 'whistle-supplement', t('whistle.supplement')));
  }
  view.replaceChildren(panel);
  view.dataset.ready = 'true';
}

/// 吹哨人受理 — the designated handler's reports (newest first, by status), one opened with its steps; an administrator's
/// designations below.
pages['whistleblower-reports'] = async (view, params, id) => {
  const parts = [];
  if (state.me.whistleHandler) parts.push(id ? await whistleDesk(id) : await whistleList(params));
  if (state.me.assignments.some(a => ['admin', 'auditor'].includes(a.role))) parts.push(await whistleDesignations());
  view.replaceChildren(el('div', { class: 'whistle-desk' }, el('h1', {}, t('menu.whistle')), ...parts));
  view.dataset.ready = 'true';
};

async function whistleList(params) {
  const status = params.get('status') || '';
  const page = await api(`/api/v1/whistleblower-reports?limit=50${status ? `&status=${status}` : ''}${params.get('cursor') ? `&cursor=${params.get('cursor')}` : ''}`);
  const filter = el('select', { id: 'whistle-filter', 'aria-label': t('whistle.statusFilter'), onchange: () => { location.hash = `#/whistleblower-reports${filter.value ? `?status=${filter.value}` : ''}`; } },
    el('option', { value: '' }, t('whistle.all')), ...['received', 'verifying', 'confirmed', 'unfounded'].map(s => el('option', { value: s }, t(`whistle.status.${s}`))));
  filter.value = status;
  const rows = page.reports.map(v => el('tr', { 'data-id': v.report.id },
    el('td', {}, el('a', { href: `#/whistleblower-reports/${v.report.id}` }, `#${v.report.id}`)), el('td', {}, t(`hazard.${v.report.kind}`)),
    el('td', {}, `${v.areaName} ${v.report.address}`), el('td', {}, v.report.anonymous ? t('whistle.anonymousShort') : `${t('whistle.named')} · ${t(`whistle.role.${v.report.reporterRole}`)}`,
      v.report.levelSkipped ? el('span', { class: 'badge' }, t('whistle.levelSkipped')) : ''),
    el('td', {}, t(`whistle.status.${v.report.status}`)), el('td', {}, shortTime(v.report.createdAt))));
  return el('section', { class: 'panel', id: 'whistle-list' }, el('h2', {}, t('whistle.reports')), el('p', {}, filter),
    rows.length ? el('div', { class: 'table-scroll' }, el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, ...['id', 'kind', 'area', 'reporter', 'status', 'time'].map(h => el('th', {}, t(`whistle.col.${h}`))))),
      el('tbody', {}, ...rows))) : el('p', { class: 'muted' }, t('whistle.none')),
    page.next ? el('p', {}, el('a', { href: `#/whistleblower-reports?${status ? `status=${status}&` : ''}cursor=${page.next}` }, t('whistle.more'))) : '');
}

async function whistleDesk(id) {
  const base = `/api/v1/whistleblower-reports/${id}`;
  const v = await api(base), r = v.report;
  const message = el('p', { class: 'error', role: 'alert', id: 'whistle-step-error' });
  const send = (path, json) => api(path, { method: 'POST', json }).then(() => route(), (err) => { message.textContent = err.message; });
  const panel = el('section', { class: 'panel', id: 'whistle-report', 'data-status': r.status },
    el('p', {}, el('a', { href: '#/whistleblower-reports' }, t('whistle.back'))),
    el('h2', {}, `#${r.id} ${t(`hazard.${r.kind}`)} · ${t(`whistle.status.${r.status}`)}`),
    el('p', { class: 'muted' }, [v.areaName, r.address, shortTime(r.createdAt), t('whistle.routedTo', { name: v.routedName })].join(' · ')),
    el('p', {}, r.description), r.unitName ? el('p', {}, `${t('whistle.unit')}：${r.unitName}`) : '',
    el('p', {}, r.anonymous ? t('whistle.anonymousShort') : `${t('whistle.named')} · ${t(`whistle.role.${r.reporterRole}`)}`, r.urgent ? el('span', { class: 'badge' }, t('whistle.urgentShort')) : '',
      r.levelSkipped ? el('span', { class: 'badge' }, t('whistle.levelSkipped')) : ''));
  // Who reported: read on demand, by the handler alone, and the read is on the audit trail.
  if (!r.anonymous) {
    const shown = el('span', { id: 'whistle-reporter' });
    panel.append(el('p', {}, el('button', { type: 'button', id: 'whistle-reveal', onclick: async (e) => {
      const who = await api(`${base}/reporter`).catch((err) => ({ error: err.message }));
      shown.textContent = who.error || `${who.name} ${who.phone}`;
      e.target.hidden = true;
    } }, t('whistle.reveal')), ' ', shown, el('span', { class: 'muted' }, ` ${t('whistle.revealAudited')}`)));
  }
  panel.append(...whistleOutcome({ status: r.status, reply: r.reply, caseNumber: v.caseNumber, caseState: v.caseState, hazardNumber: v.hazardNumber, hazardState: v.hazardState,
    reward: r.reward, levelSkipped: false }));
  if (r.status === 'received') panel.append(el('p', {}, el('button', { type: 'button', id: 'whistle-verify', onclick: () => send(`${base}/steps`, { action: 'verify', version: r.version }) }, t('whistle.verify'))));
  if (r.status === 'received' || r.status === 'verifying') {
    const catalogue = await taxonomy();
    const picker = categoryPicker('whistle-category', catalogue.categories);
    picker.select.removeAttribute('required');
    const decide = el('form', { class: 'join-form', id: 'whistle-decide', onsubmit: (e) => e.preventDefault() },
      el('label', { for: 'whistle-reply-text' }, t('whistle.replyLabel')), el('textarea', { id: 'whistle-reply-text', name: 'reply', rows: '2', maxlength: '500' }),
      el('label', { for: 'whistle-category' }, t('whistle.caseCategory')), picker.box,
      el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'whistle-record-hazard', name: 'recordHazard' }), ' ', t('whistle.recordHazard'), ' ',
        el('select', { id: 'whistle-severity', name: 'severity', 'aria-label': t('hazards.severity') }, el('option', { value: 'general' }, t('hazards.general')),
          el('option', { value: 'major' }, t('hazards.major')))),
      el('label', { for: 'whistle-case-text' }, t('whistle.caseText')), el('textarea', { id: 'whistle-case-text', name: 'caseText', rows: '2', maxlength: '1000', placeholder: r.description }),
      el('p', {}, el('button', { type: 'button', id: 'whistle-confirm', onclick: () => send(`${base}/steps`, { action: 'confirm', reply: decide.reply.value.trim(), version: r.version,
        categoryId: picker.select.value || undefined, caseDescription: decide.caseText.value.trim() || undefined,
        recordHazard: decide.recordHazard.checked, severity: decide.severity.value }) }, t('whistle.confirm')), ' ',
      el('button', { type: 'button', id: 'whistle-dismiss', onclick: () => send(`${base}/steps`, { action: 'dismiss', reply: decide.reply.value.trim(), version: r.version }) }, t('whistle.dismiss'))));
    panel.append(decide);
  }
  if (r.status === 'confirmed' && !r.reward) {
    const reward = el('form', { class: 'join-form', id: 'whistle-reward-form', onsubmit: (e) => {
      e.preventDefault();
      send(`${base}/reward`, { yuan: Number(reward.yuan.value), note: reward.note.value.trim(), version: r.version });
    } }, el('label', { for: 'whistle-yuan' }, t('whistle.rewardYuan')), el('input', { id: 'whistle-yuan', name: 'yuan', type: 'number', min: '1', max: '1000000', required: '' }),
      el('label', { for: 'whistle-reward-note' }, t('whistle.rewardNote')), el('input', { id: 'whistle-reward-note', name: 'note', maxlength: '200' }),
      el('p', {}, el('button', { type: 'submit' }, t('whistle.rewardGrant'))));
    panel.append(reward);
  }
  panel.append(message, el('h2', {}, t('whistle.thread')), whistleThread(v.messages), whistleMessageForm(`${base}/messages`, 'whistle-write', t('whistle.write')));
  return panel;
}

/// 指定受理人 — the city and each district, with its handler and the reports waiting; an administrator sets one by user id.
async function whistleDesignations() {
  const rows = await api('/api/v1/whistleblower-handlers');
  const admin = state.me.assignments.some(a => a.role === 'admin');
  const message = el('p', { class: 'error', role: 'alert', id: 'whistle-designate-error' });
  return el('section', { class: 'panel', id: 'whistle-designations' }, el('h2', {}, t('whistle.designations')), el('p', { class: 'muted' }, t('whistle.designationsHelp')),
    el('div', { class: 'table-scroll' }, el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, ...['area', 'handler', 'open', 'since'].map(h => el('th', {}, t(`whistle.col.${h}`))), admin ? el('th', {}) : '')),
      el('tbody', {}, ...rows.map(h => {
        // The staff of the district (or the city) to choose from, and whoever holds it now.
        const choices = h.candidates.some(c => c.id === h.userId) || !h.userId ? h.candidates : [{ id: h.userId, name: h.userName }, ...h.candidates];
        const choose = el('select', { 'aria-label': t('whistle.col.handler'), class: 'whistle-user' }, el('option', { value: '' }, t('whistle.noHandler')),
          ...choices.map(c => el('option', { value: String(c.id) }, c.name)));
        choose.value = h.userId ? String(h.userId) : '';
        return el('tr', { 'data-node': h.nodeId }, el('td', {}, h.nodeName), el('td', {}, h.userName || el('span', { class: 'late' }, t('whistle.noHandler'))),
          el('td', {}, String(h.open)), el('td', {}, h.designatedAt ? `${cityDate(h.designatedAt)} ${h.designatedBy}` : ''),
          admin ? el('td', {}, choose, ' ', el('button', { type: 'button', onclick: () => api(`/api/v1/whistleblower-handlers/${h.nodeId}`, { method: 'PUT',
            json: { userId: choose.value ? Number(choose.value) : null } }).then(() => route(), (err) => { message.textContent = err.message; }) }, t('whistle.designate'))) : '');
      })))), message);
}
