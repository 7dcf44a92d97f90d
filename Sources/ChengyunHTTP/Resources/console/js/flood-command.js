'use strict';
// 防汛 · 指令 — instructions sent down the duty path. A receiver (whoever is on duty at a district, street or
// committee) finds those its nodes still owe on top (待签收) and acknowledges each with an optional reply; a sender (a
// centre's duty officers, leaders, admins) sends one from its centre to every level under it and reads, per
// instruction, how many nodes acknowledged and which were escalated for not acknowledging in time, and each node's
// receipt: who was on duty, by when, when acknowledged and by whom, the reply.

const floodSenders = ['dutyOfficer', 'leader', 'admin'];
const floodReceivers = ['dutyOfficer', 'leader', 'stationChief', 'communityWorker', 'admin'];

function floodCommandPanel(ctx) {
  const section = el('section', { class: 'panel flood-command', id: 'flood-command', 'aria-labelledby': 'fc-title' });
  const senderAt = ctx.assignments.filter(a => floodSenders.includes(a.role));
  const receiver = ctx.assignments.some(a => floodReceivers.includes(a.role));
  const status = el('p', { id: 'fc-status', role: 'status' });
  section.append(el('h2', { id: 'fc-title' }, t('flood.cmd.title')));
  if (!senderAt.length && !receiver) {
    section.append(el('p', { class: 'muted', id: 'fc-none' }, t('flood.cmd.notForYou')));
    return { section, draw: async () => { ctx.owed(0); } };
  }
  const owedBox = el('div', { id: 'fc-owed', class: 'flood-owed-box' });
  const listBox = el('div', { id: 'fc-list-box' });
  const receiptsBox = el('div', { id: 'fc-receipts', class: 'flood-receipts', hidden: '', 'aria-live': 'polite' });
  const loaded = [];
  let next = null;

  // 下达指令: from the widest centre the user sends for, to every level under it.
  const centre = senderAt.length ? senderAt.reduce((a, b) => (b.nodePath.length < a.nodePath.length ? b : a)) : null;
  let form = '';
  if (centre) {
    const centreName = centre.nodeId === ctx.area.nodeId ? ctx.areaNode.name : centre.nodeId === ctx.ownNode.id ? ctx.ownNode.name : '';
    const title = el('input', { id: 'fc-title-input', type: 'text', maxlength: '100', required: '', placeholder: t('flood.cmd.titleHint') });
    const text = el('textarea', { id: 'fc-text', rows: '3', maxlength: '2000', required: '', placeholder: t('flood.cmd.textHint') });
    const minutes = el('input', { id: 'fc-minutes', type: 'number', min: '5', max: '1440', step: '1', value: '30', required: '' });
    const errors = { title: el('span', { class: 'error', id: 'fc-title-error' }), text: el('span', { class: 'error', id: 'fc-text-error' }),
      acknowledgeMinutes: el('span', { class: 'error', id: 'fc-minutes-error' }) };
    const error = el('p', { class: 'error', role: 'alert', id: 'fc-error' });
    const send = el('button', { type: 'submit', id: 'fc-send' }, t('flood.cmd.send'));
    form = el('form', { id: 'fc-form', class: 'flood-form flood-send', onsubmit: async (e) => {
      e.preventDefault();
      for (const line of [error, status, ...Object.values(errors)]) line.textContent = '';
      send.disabled = true;
      try {
        const made = await api('/api/v1/instructions', { method: 'POST', json: { nodeId: centre.nodeId, title: title.value, text: text.value, acknowledgeMinutes: Number(minutes.value) } });
        form.reset();
        floodSay(status, t('flood.cmd.sent', { title: made.title, node: made.nodeName }), true);
        await draw();
        await openReceipts(made);
      } catch (err) { (errors[err.field] || error).textContent = floodError(err); } finally { send.disabled = false; }
    } },
    el('h3', {}, t('flood.cmd.sendTitle')),
    el('p', { class: 'muted' }, centreName ? t('flood.cmd.sendFrom', { node: centreName }) : t('flood.cmd.sendFromOwn')),
    el('div', { class: 'flood-field' }, el('label', { for: 'fc-title-input' }, t('flood.cmd.titleLabel')), title, errors.title),
    el('div', { class: 'flood-field' }, el('label', { for: 'fc-text' }, t('flood.cmd.textLabel')), text, errors.text),
    el('div', { class: 'flood-field flood-minutes' }, el('label', { for: 'fc-minutes' }, t('flood.cmd.minutesLabel')),
      el('span', { class: 'flood-count-box' }, minutes, el('span', { class: 'flood-unit' }, t('flood.cmd.minutes'))), errors.acknowledgeMinutes),
    el('p', {}, send), error);
  }

  const due = (i) => new Date(new Date(i.issuedAt).getTime() + i.acknowledgeMinutes * 60000);
  // 待签收: what the user's nodes owe, each with a reply box and 签收.
  const owedItem = (s) => {
    const i = s.instruction;
    const late = due(i) < new Date();
    const reply = el('input', { id: `fc-reply-${i.id}`, type: 'text', maxlength: '500', placeholder: t('flood.cmd.replyHint') });
    const line = el('span', { class: 'error', id: `fc-ack-error-${i.id}` });
    const button = el('button', { type: 'button', class: 'primary', id: `fc-ack-${i.id}`, onclick: async () => {
      line.textContent = ''; button.disabled = true;
      try {
        await api(`/api/v1/instructions/${i.id}/acknowledge`, { method: 'POST', json: { reply: reply.value.trim() || undefined } });
        floodSay(status, t('flood.cmd.acknowledged', { title: i.title }), true);
        await draw();
      } catch (err) { line.textContent = floodError(err); button.disabled = false; }
    } }, t('flood.cmd.acknowledge'));
    return el('li', { class: 'flood-owed', 'data-instruction': i.id },
      el('div', { class: 'flood-item-head' }, el('span', { class: 'badge warn' }, t('flood.cmd.owed')), el('strong', {}, i.title)),
      el('p', { class: 'flood-item-text' }, i.text),
      el('p', { class: 'muted' }, t('flood.cmd.fromAt', { node: i.nodeName, name: i.issuedBy, at: floodWhen(i.issuedAt) }), ' · ',
        el('span', { class: late ? 'flood-late' : '' }, t(late ? 'flood.cmd.late' : 'flood.cmd.dueBy', { at: floodWhen(due(i)) }))),
      el('div', { class: 'flood-ack' }, el('label', { for: `fc-reply-${i.id}` }, t('flood.cmd.reply')), reply, button), line);
  };

  const row = (s) => {
    const i = s.instruction;
    return el('tr', { 'data-instruction': i.id },
      el('td', {}, el('button', { type: 'button', class: 'link fc-open', 'data-instruction': i.id, onclick: () => openReceipts(i) }, i.title),
        s.owed.length ? el('span', { class: 'badge warn' }, t('flood.cmd.owed')) : '',
        el('div', { class: 'muted' }, t('flood.cmd.fromAt', { node: i.nodeName, name: i.issuedBy, at: floodWhen(i.issuedAt) }))),
      el('td', { class: 'num' }, t('flood.cmd.minutesN', { n: i.acknowledgeMinutes })),
      el('td', { class: 'num', 'data-count': 'sent' }, s.sent),
      el('td', { class: 'num', 'data-count': 'acknowledged' }, el('span', { class: s.acknowledged < s.sent ? 'warn-text' : 'ok' }, `${s.acknowledged} / ${s.sent}`)),
      el('td', { class: 'num', 'data-count': 'escalated' }, el('span', { class: s.escalated ? 'flood-late' : '' }, s.escalated)));
  };
  const drawList = () => {
    const owed = loaded.filter(s => s.owed.length);
    ctx.owed(owed.length);
    owedBox.replaceChildren(...(receiver ? [el('h3', {}, t('flood.cmd.owedTitle', { n: owed.length })),
      owed.length ? el('ul', { class: 'flood-list' }, ...owed.map(owedItem)) : el('p', { class: 'muted' }, t('flood.cmd.nothingOwed'))] : []));
    const more = el('button', { type: 'button', class: 'secondary', id: 'fc-more', onclick: () => page(false).catch(e => floodSay(status, floodError(e))) }, t('flood.more'));
    listBox.replaceChildren(el('h3', {}, t('flood.cmd.listTitle')),
      loaded.length ? el('div', { class: 'table-scroll' }, el('table', { id: 'fc-list', class: 'flood-table' },
        el('thead', {}, el('tr', {}, ...['flood.cmd.instruction', 'flood.cmd.limit', 'flood.cmd.sentCount', 'flood.cmd.ackCount', 'flood.cmd.escalated']
          .map((k, n) => el('th', { class: n ? 'num' : '' }, t(k))))),
        el('tbody', {}, ...loaded.map(row)))) : el('p', { class: 'muted' }, t('flood.cmd.none')),
      next ? el('p', {}, more) : '');
  };
  const page = async (fresh) => {
    const reply = await api(`/api/v1/instructions?limit=20${!fresh && next ? `&before=${next}` : ''}`);
    if (fresh) loaded.length = 0;
    loaded.push(...reply.instructions);
    next = reply.nextBefore || null;
    drawList();
  };
  const draw = () => page(true);
  // Asked again now and then (an instruction may come while the page is open), keeping the replies being typed; not
  // while someone is typing one.
  const refresh = async () => {
    if (owedBox.contains(document.activeElement)) return;
    const drafts = [...owedBox.querySelectorAll('input[id^="fc-reply-"]')].map(i => [i.id, i.value]);
    await page(true);
    for (const [id, value] of drafts) { const input = document.getElementById(id); if (input) input.value = value; }
  };

  // 回执: every node's receipt, the escalated in red; a filter to the unacknowledged or the escalated.
  const openReceipts = async (i) => {
    let receipts;
    try { receipts = await api(`/api/v1/instructions/${i.id}/receipts`); } catch (err) { floodSay(status, floodError(err)); return; }
    const depth = (r) => r.nodePath.split('/').filter(Boolean).length;
    const top = Math.min(...receipts.map(depth));
    const acknowledged = receipts.filter(r => r.acknowledgedAt).length, escalated = receipts.filter(r => r.escalatedAt).length;
    const filter = el('select', { id: 'fc-filter' }, ...['all', 'open', 'escalated'].map(f => el('option', { value: f }, t(`flood.cmd.filter.${f}`))));
    const body = el('tbody');
    const fill = () => body.replaceChildren(...receipts.filter(r => filter.value === 'all' || (filter.value === 'open' ? !r.acknowledgedAt : r.escalatedAt))
      .map(r => el('tr', { 'data-node': r.nodeId, class: r.escalatedAt ? 'escalated' : r.acknowledgedAt ? 'done' : '' },
        el('td', { style: `padding-left:${0.5 + (depth(r) - top) * 1.1}em` }, r.nodeName, el('span', { class: 'muted' }, ` ${t(`admin.kind.${r.kind}`)}`)),
        el('td', {}, r.onDuty.length ? r.onDuty.join('、') : el('span', { class: 'muted' }, t('flood.cmd.nobodyOnDuty'))),
        el('td', { class: 'nowrap' }, floodWhen(r.dueAt)),
        el('td', {}, r.acknowledgedAt ? [floodWhen(r.acknowledgedAt), el('div', { class: 'muted' }, r.acknowledgedBy || '')] : el('span', { class: 'muted' }, t('flood.cmd.notYet'))),
        el('td', { class: 'fc-reply' }, r.reply || ''),
        el('td', {}, r.escalatedAt ? el('span', { class: 'flood-late' }, t('flood.cmd.escalatedAt', { at: floodWhen(r.escalatedAt) }))
          : r.acknowledgedAt ? el('span', { class: 'ok' }, t('flood.cmd.done')) : new Date(r.dueAt) < new Date() ? el('span', { class: 'flood-late' }, t('flood.cmd.overdue')) : t('flood.cmd.waiting')))));
    filter.addEventListener('change', fill);
    fill();
    receiptsBox.hidden = false;
    receiptsBox.replaceChildren(
      el('div', { class: 'flood-receipts-head' }, el('h3', { id: 'fc-receipts-title', tabindex: '-1' }, t('flood.cmd.receiptsOf', { title: i.title })),
        el('button', { type: 'button', class: 'secondary', id: 'fc-receipts-close', onclick: () => { receiptsBox.hidden = true; receiptsBox.replaceChildren(); } }, t('flood.close'))),
      el('p', { class: 'flood-item-text' }, i.text),
      el('p', { id: 'fc-receipts-summary' }, t('flood.cmd.summary', { n: receipts.length, a: acknowledged, open: receipts.length - acknowledged }),
        escalated ? el('span', { class: 'flood-late' }, ` · ${t('flood.cmd.escalatedN', { n: escalated })}`) : ''),
      el('p', { class: 'flood-filter' }, el('label', { for: 'fc-filter' }, t('flood.cmd.show')), ' ', filter),
      el('div', { class: 'table-scroll flood-receipts-scroll' }, el('table', { id: 'fc-receipts-table', class: 'flood-table' },
        el('thead', {}, el('tr', {}, ...['flood.cmd.node', 'flood.cmd.onDuty', 'flood.cmd.due', 'flood.cmd.ackAt', 'flood.cmd.replyHead', 'flood.cmd.state'].map(k => el('th', {}, t(k))))),
        body)));
    $('#fc-receipts-title').focus({ preventScroll: true });
    receiptsBox.scrollIntoView({ block: 'nearest' });
  };

  section.append(el('p', { class: 'muted' }, t(centre ? 'flood.cmd.explainSender' : 'flood.cmd.explainReceiver')), status, owedBox, form, listBox, receiptsBox);
  return { section, draw, refresh };
}
