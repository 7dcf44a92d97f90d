'use strict';
// 三会 — a committee's consultations (docs/CONSULTATIONS.md): topics gathered per building group, a hearing, coordination
// or evaluation meeting planned on them, held with its participants and decisions (each with an owner and a due day,
// tracked to done), the outcome published to residents and their satisfaction. A committee's workers and chief run
// them; a building group's leader raises topics; the street and above follow; residents read what was published.
pages.consultations = async (view) => {
  const me = state.me;
  const roles = new Set(me.assignments.map(a => a.role));
  // The committee a worker or chief runs meetings for: their assignment at a committee (depth 4).
  const keeperAt = me.assignments.find(a => ['communityWorker', 'stationChief'].includes(a.role) && a.nodePath.split('/').filter(Boolean).length === 4);
  const staff = ['dutyOfficer', 'leader', 'stationChief', 'communityWorker', 'gridInspector', 'admin'].some(r => roles.has(r));
  const groups = me.leadsGroup ? (await api('/api/v1/sweeps/mine')).groups : [];
  const [page, topics] = await Promise.all([
    api('/api/v1/community-consultations?limit=50'),
    staff || groups.length ? api('/api/v1/consultation-topics?limit=100') : Promise.resolve([]),
  ]);
  const day = (d) => new Date(d).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const fail = (box) => (err) => { box.textContent = err.message; };

  // 议题 — the open topics; a keeper ticks those a meeting takes up.
  const chosen = new Set();
  const topicList = el('ul', { class: 'consult-topics', id: 'consult-topics' }, ...topics.map(x => el('li', { 'data-topic': x.id },
    keeperAt ? el('input', { type: 'checkbox', id: `topic-${x.id}`, 'aria-label': x.text, onchange: (e) => { e.target.checked ? chosen.add(x.id) : chosen.delete(x.id); } }) : '',
    el('span', {}, x.text), ' ', el('span', { class: 'muted' }, [x.buildingGroupName, x.raisedBy, day(x.raisedAt)].filter(Boolean).join(' · ')))));
  if (!topics.length) topicList.append(el('li', { class: 'muted' }, t('consult.noTopics')));
  const raiseMessage = el('p', { class: 'error', role: 'alert' });
  const raiseText = el('input', { id: 'topic-text', type: 'text', maxlength: '500', required: '', placeholder: t('consult.topicPlaceholder') });
  const raiseGroup = groups.length ? el('select', { id: 'topic-group' }, ...groups.map(g => el('option', { value: String(g.id) }, g.name))) : null;
  const raise = (keeperAt || groups.length || roles.has('gridInspector')) ? el('form', { id: 'topic-raise', class: 'consult-row', onsubmit: async (e) => {
    e.preventDefault();
    raiseMessage.textContent = '';
    const body = raiseGroup ? { buildingGroupId: Number(raiseGroup.value), text: raiseText.value } : { nodeId: (keeperAt || me.assignments.find(a => a.role === 'gridInspector')).nodeId, text: raiseText.value };
    await api('/api/v1/consultation-topics', { method: 'POST', json: body }).then(route, fail(raiseMessage));
  } }, raiseGroup || '', raiseText, el('button', { type: 'submit' }, t('consult.raise')), raiseMessage) : '';

  // 召开 — a meeting planned on the ticked topics.
  let plan = '';
  if (keeperAt) {
    const message = el('p', { class: 'error', role: 'alert' });
    const when = new Date(Date.now() + 8 * 3600 * 1000 + 86_400_000).toISOString().slice(0, 11) + '19:00';
    const form = el('form', { id: 'consult-plan', class: 'sweep-launch', onsubmit: async (e) => {
      e.preventDefault();
      message.textContent = '';
      await api('/api/v1/community-consultations', { method: 'POST', json: { nodeId: keeperAt.nodeId, kind: form.kind.value, title: form.title.value.trim(),
        host: form.host.value.trim(), place: form.place.value.trim(), scheduledAt: new Date(`${form.at.value}:00+08:00`).toISOString(), topicIds: [...chosen] } })
        .then(route, fail(message));
    } },
      el('label', { for: 'consult-kind' }, t('consult.kind')),
      el('select', { id: 'consult-kind', name: 'kind' }, ...['hearing', 'coordination', 'evaluation'].map(k => el('option', { value: k }, t(`consult.kind.${k}`)))),
      el('label', { for: 'consult-title' }, t('consult.titleField')), el('input', { id: 'consult-title', name: 'title', required: '', maxlength: '100' }),
      el('label', { for: 'consult-host' }, t('consult.host')), el('input', { id: 'consult-host', name: 'host', required: '', maxlength: '50' }),
      el('label', { for: 'consult-at' }, t('consult.at')), el('input', { id: 'consult-at', name: 'at', type: 'datetime-local', required: '', value: when }),
      el('label', { for: 'consult-place' }, t('consult.place')), el('input', { id: 'consult-place', name: 'place', required: '', maxlength: '200' }),
      el('p', { class: 'muted' }, t('consult.planNote')),
      el('p', {}, el('button', { type: 'submit' }, t('consult.plan'))), message);
    plan = el('section', { class: 'panel', id: 'consult-plan-panel' }, el('h2', {}, t('consult.planTitle')), form);
  }

  const meeting = (c) => {
    const mine = keeperAt && c.nodePath.startsWith(keeperAt.nodePath);
    const message = el('p', { class: 'error', role: 'alert' });
    const post = (path, json) => api(`/api/v1/community-consultations/${c.id}/${path}`, { method: 'POST', json }).then(route, fail(message));
    const decisions = el('ol', { class: 'consult-decisions' }, ...c.decisions.map(d => {
      const late = !d.doneAt && d.dueOn < today;
      return el('li', { 'data-ordinal': d.ordinal }, `${d.text} · ${t('consult.owner')}：${d.owner} · ${t('consult.due', { day: d.dueOn })} `,
        d.doneAt ? el('span', { class: 'badge ok' }, t('consult.done')) : el('span', { class: late ? 'badge bad' : 'badge warn' }, t(late ? 'consult.late' : 'consult.open')),
        d.doneNote ? el('span', { class: 'muted' }, ` ${d.doneNote}`) : '',
        mine && !d.doneAt ? el('button', { type: 'button', class: 'secondary', onclick: () => post(`decisions/${d.ordinal}/done`, {}) }, t('consult.markDone')) : '');
    }));
    const parts = [];
    if (mine && c.status === 'planned') {
      // 召开: who took part and what was decided; a row per decision.
      const rows = el('div', { class: 'consult-decision-rows' });
      const addRow = () => rows.append(el('div', { class: 'consult-row' },
        el('input', { type: 'text', class: 'd-text', maxlength: '500', placeholder: t('consult.decisionText'), 'aria-label': t('consult.decisionText') }),
        el('input', { type: 'text', class: 'd-owner', maxlength: '50', placeholder: t('consult.owner'), 'aria-label': t('consult.owner') }),
        el('input', { type: 'date', class: 'd-due', 'aria-label': t('consult.dueField') })));
      addRow();
      const form = el('form', { class: 'consult-held', onsubmit: (e) => {
        e.preventDefault();
        const decisions = [...rows.children].map(r => ({ text: r.querySelector('.d-text').value.trim(), owner: r.querySelector('.d-owner').value.trim(), dueOn: r.querySelector('.d-due').value }))
          .filter(d => d.text || d.owner || d.dueOn);
        post('held', { participants: form.participants.value.trim(), participantCount: Number(form.count.value || 0), decisions });
      } },
        el('label', {}, t('consult.participants'), el('input', { name: 'participants', type: 'text', maxlength: '500', placeholder: t('consult.participantsPlaceholder') })),
        el('label', {}, t('consult.count'), el('input', { name: 'count', type: 'number', min: '1', max: '10000' })),
        el('p', {}, t('consult.decisions')), rows,
        el('p', {}, el('button', { type: 'button', class: 'secondary', onclick: addRow }, t('consult.addDecision')), ' ', el('button', { type: 'submit' }, t('consult.recordHeld'))));
      parts.push(form);
    }
    if (c.status !== 'planned') parts.push(el('p', { class: 'muted' }, t('consult.heldLine', { n: c.participantCount, who: c.participants })), decisions);
    if (mine && c.status === 'held') {
      const notice = el('textarea', { rows: '2', maxlength: '2000', placeholder: t('consult.noticePlaceholder'), 'aria-label': t('consult.notice') });
      parts.push(el('p', { class: 'consult-row' }, notice, el('button', { type: 'button', class: 'consult-publish', onclick: () => post('notice', { notice: notice.value }) }, t('consult.publish'))));
    }
    if (c.notice) parts.push(el('blockquote', { class: 'consult-notice' }, el('strong', {}, t('consult.notice')), ' ', c.notice));
    if (c.surveyed) parts.push(el('p', {}, t('consult.satisfactionLine', { pct: Math.round(100 * c.satisfied / c.surveyed), satisfied: c.satisfied, surveyed: c.surveyed })));
    else if (mine && c.status !== 'planned') {
      const asked = el('input', { type: 'number', min: '1', 'aria-label': t('consult.surveyed'), placeholder: t('consult.surveyed') });
      const happy = el('input', { type: 'number', min: '0', 'aria-label': t('consult.satisfied'), placeholder: t('consult.satisfied') });
      parts.push(el('p', { class: 'consult-row' }, asked, happy, el('button', { type: 'button', class: 'secondary', onclick: () => post('satisfaction', { surveyed: Number(asked.value), satisfied: Number(happy.value) }) }, t('consult.recordSatisfaction'))));
    }
    return el('article', { class: 'panel consult', 'data-consultation': c.id, 'data-status': c.status },
      el('h3', {}, el('span', { class: 'badge' }, t(`consult.kind.${c.kind}`)), ' ', c.title, ' ', el('span', { class: 'badge' }, t(`consult.status.${c.status}`))),
      el('p', { class: 'muted' }, `${day(c.scheduledAt)} · ${c.place} · ${t('consult.host')}：${c.host}`), ...parts, message);
  };

  const list = el('section', { id: 'consult-list' }, el('h2', {}, t('consult.meetings')),
    ...(page.consultations.length ? page.consultations.map(meeting) : [el('p', { class: 'muted' }, t('consult.noMeetings'))]));
  const topicPanel = staff || groups.length ? el('section', { class: 'panel', id: 'consult-topic-panel' }, el('h2', {}, t('consult.topics')),
    el('p', { class: 'muted' }, t(keeperAt ? 'consult.topicsNoteKeeper' : 'consult.topicsNote')), topicList, raise) : '';
  view.replaceChildren(el('h1', {}, t('consult.title')), topicPanel, plan, list);
  view.dataset.ready = 'true';
};
