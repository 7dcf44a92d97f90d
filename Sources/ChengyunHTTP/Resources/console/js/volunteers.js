'use strict';
// 志愿者 — volunteers (docs/VOLUNTEERS.md). A resident verified by their committee joins; a volunteer, on a phone, sees
// their points (积分), grabs open tasks and micro-wishes (抢单) — a second press is the same place, the last place
// goes to whoever is first — and sees what the committee has confirmed. The committee's workers post tasks and
// micro-wishes (one key per form), confirm places done, close tasks, keep teams (护楼队, 护村队, 先锋队) and pair
// volunteers with residents in need (结对).
const NEED_TAGS = ['elderlyAlone', 'elderly80', 'disabled', 'homeIsolation'];

/// 服务时长 in hours, one decimal: 90 minutes → "1.5".
const serviceHours = (minutes) => String(Math.round((minutes || 0) / 6) / 10);
/// What a place is worth: its points and, when counted, its hours.
const taskWorth = (task) => [t('volunteers.pointsEach', { n: task.points }), task.minutes ? t('volunteers.hoursEach', { n: serviceHours(task.minutes) }) : ''].filter(Boolean).join(' · ');

pages.volunteers = async (view) => {
  const me = state.me;
  const keeperAt = me.assignments.find(a => ['communityWorker', 'stationChief', 'admin'].includes(a.role) && a.nodePath.split('/').filter(Boolean).length === 4);
  const parts = keeperAt ? await committeeParts(keeperAt) : await volunteerParts();
  view.replaceChildren(el('h1', {}, t('volunteers.title')), el('div', { class: 'groups-page volunteers' }, ...parts));
  view.dataset.ready = 'true';
};

const dayText = (d) => new Date(`${d}T00:00:00+08:00`).toLocaleDateString(state.lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', weekday: 'short' });
const kindBadge = (task) => el('span', { class: `badge ${task.kind === 'microWish' ? 'warn' : ''}` }, t(`volunteers.kind.${task.kind}`));

/// A volunteer's own page (or the way to join).
async function volunteerParts() {
  const self = await api('/api/v1/volunteers/me').catch(() => null);
  if (!self) {
    const registration = await api('/api/v1/registrations/mine').catch(() => null);
    const message = el('p', { class: 'error', role: 'alert' });
    const verified = registration && registration.status === 'verified';
    const form = el('form', { id: 'volunteer-join', class: 'join-form', onsubmit: async (e) => {
      e.preventDefault();
      await api('/api/v1/volunteers', { method: 'POST', json: { skills: form.skills.value.trim() } }).then(() => route(), (err) => { message.textContent = err.message; });
    } }, el('label', { for: 'volunteer-skills' }, t('volunteers.skills')),
      el('input', { id: 'volunteer-skills', name: 'skills', maxlength: '100', placeholder: t('volunteers.skillsExample') }),
      el('p', {}, el('button', { type: 'submit', id: 'volunteer-join-submit' }, t('volunteers.join'))), message);
    return [el('section', { class: 'panel', id: 'volunteer-welcome' }, el('p', {}, t('volunteers.welcome')),
      verified ? form : el('p', { class: 'muted', id: 'volunteer-not-verified' }, t('volunteers.notVerified')))];
  }
  const v = self.volunteer;
  const page = await api('/api/v1/volunteer-tasks');
  const message = el('p', { class: 'error', role: 'alert', id: 'volunteer-error' });
  const grab = (id) => api(`/api/v1/volunteer-tasks/${id}/grab`, { method: 'POST' }).then(() => route(), (err) => { message.textContent = err.message; });
  const cards = page.tasks.map(({ task, beneficiaryName, mine }) => el('li', { class: 'volunteer-task', 'data-task': task.id },
    el('p', {}, kindBadge(task), ' ', el('strong', {}, task.title), ' ', el('span', { class: 'muted' }, taskWorth(task))),
    el('p', { class: 'muted' }, [dayText(task.day), task.place, beneficiaryName ? t('volunteers.wishOf', { name: beneficiaryName }) : ''].filter(Boolean).join(' · ')),
    task.detail ? el('p', {}, task.detail) : '',
    el('p', {}, mine ? el('span', { class: 'badge ok', 'data-mine': 'true' }, t('volunteers.grabbed'))
      : task.taken >= task.slots ? el('span', { class: 'badge' }, t('volunteers.full'))
        : el('button', { type: 'button', class: 'volunteer-grab', onclick: () => grab(task.id) }, t('volunteers.grab')),
      ' ', el('span', { class: 'muted' }, t('volunteers.left', { n: task.slots - task.taken, of: task.slots })))));
  return [
    el('section', { class: 'panel', id: 'volunteer-self' },
      el('p', { class: 'volunteer-points' }, t('volunteers.points'), ' ', el('strong', { id: 'volunteer-points' }, String(v.points)),
        v.spent ? el('span', { class: 'muted' }, ` ${t('volunteers.spentSoFar', { n: v.spent })}`) : ''),
      el('p', { class: 'volunteer-points' }, t('volunteers.hours'), ' ', el('strong', { id: 'volunteer-hours' }, serviceHours(v.minutes))),
      el('p', { class: 'muted' }, [self.team ? `${t(`volunteers.team.${self.team.kind}`)} · ${self.team.name}` : t('volunteers.noTeam'), v.skills].filter(Boolean).join(' · '))),
    el('section', { class: 'panel', id: 'volunteer-open' }, el('h2', {}, t('volunteers.open')), message,
      cards.length ? el('ul', { class: 'volunteer-tasks' }, ...cards) : el('p', { class: 'muted' }, t('volunteers.noneOpen'))),
    el('section', { class: 'panel', id: 'volunteer-places' }, el('h2', {}, t('volunteers.mine')),
      self.places.length ? el('ul', { class: 'registration-list' }, ...self.places.map(p => el('li', { 'data-task': p.claim.taskId },
        el('strong', {}, p.title), ' ', el('span', { class: 'muted' }, dayText(p.day)), ' ',
        p.claim.confirmedAt ? el('span', { class: 'badge ok', 'data-confirmed': 'true' }, t('volunteers.confirmedPoints', { n: p.claim.points }))
          : el('span', { class: 'badge warn' }, t('volunteers.toConfirm'))))) : el('p', { class: 'muted' }, t('volunteers.noPlaces'))),
    await volunteerRewards(self),
    self.pairings.length ? el('section', { class: 'panel', id: 'volunteer-pairings' }, el('h2', {}, t('volunteers.pairings')),
      el('ul', { class: 'registration-list' }, ...self.pairings.map(p => el('li', {}, el('strong', {}, p.residentName), ' ',
        p.needs.map(n => el('span', { class: 'badge' }, tagName(n))), ' ', el('span', { class: 'muted' }, p.pairing.note))))) : '',
  ];
}

/// The tag dictionary's name of a resident tag (read once with the committee's page).
const tagNames = new Map();
function tagName(code) { return tagNames.get(code) || code; }

/// A committee's workers: post, confirm, close; volunteers and teams; pairings.
async function committeeParts(at) {
  const node = at.nodeId;
  const [tasks, volunteers, teams, pairings, tags] = await Promise.all([api(`/api/v1/volunteer-tasks?nodeId=${node}&limit=30`), api(`/api/v1/volunteers?nodeId=${node}&limit=200`),
    api(`/api/v1/volunteer-teams?nodeId=${node}`), api(`/api/v1/pairings?nodeId=${node}`), api('/api/v1/tags').catch(() => [])]);
  tags.forEach(tg => tagNames.set(tg.code, tg.name));
  const inNeed = (await Promise.all(NEED_TAGS.map(tag => api(`/api/v1/residents?nodeId=${node}&tag=${tag}&limit=100`).then(p => p.residents, () => []))))
    .flat().filter((r, i, all) => all.findIndex(x => x.id === r.id) === i);
  const today = localDay(new Date());
  const people = (list) => list.map(r => el('option', { value: String(r.id) }, `${r.name} ${(r.tags || []).filter(x => NEED_TAGS.includes(x)).map(tagName).join('、')}`));

  // 发布任务 / 微心愿 — one key per form: a second press, or a retry, is the same task.
  let key = requestKey();
  const postMessage = el('p', { class: 'error', role: 'alert' });
  const post = el('form', { id: 'task-form', class: 'sweep-launch', onsubmit: async (e) => {
    e.preventDefault();
    postMessage.textContent = '';
    const wish = post.kind.value === 'microWish';
    const json = { nodeId: node, kind: post.kind.value, title: post.title.value.trim(), day: post.day.value, place: post.place.value.trim(), detail: post.detail.value.trim(),
      points: Number(post.points.value || 0), slots: wish ? 1 : Number(post.slots.value || 0), minutes: Math.round(Number(post.hours.value || 0) * 60), clientKey: key };
    if (wish) json.beneficiaryId = Number(post.beneficiary.value);
    await api('/api/v1/volunteer-tasks', { method: 'POST', json }).then(() => { key = requestKey(); route(); }, (err) => { postMessage.textContent = err.message; });
  } },
    el('label', { for: 'task-kind' }, t('volunteers.kindLabel')),
    el('select', { id: 'task-kind', name: 'kind', onchange: () => { const wish = post.kind.value === 'microWish'; wishRow.forEach(n => { n.hidden = !wish; }); slotRow.forEach(n => { n.hidden = wish; }); } },
      el('option', { value: 'task' }, t('volunteers.kind.task')), el('option', { value: 'microWish' }, t('volunteers.kind.microWish'))),
    el('label', { for: 'task-title' }, t('volunteers.taskTitle')), el('input', { id: 'task-title', name: 'title', required: '', maxlength: '60' }),
    el('label', { for: 'task-day' }, t('volunteers.day')), el('input', { id: 'task-day', name: 'day', type: 'date', value: today, min: today, required: '' }),
    el('label', { for: 'task-place' }, t('volunteers.place')), el('input', { id: 'task-place', name: 'place', maxlength: '100' }),
    el('label', { for: 'task-detail' }, t('volunteers.detail')), el('textarea', { id: 'task-detail', name: 'detail', rows: '2', maxlength: '500' }),
    el('label', { for: 'task-points' }, t('volunteers.pointsLabel')), el('input', { id: 'task-points', name: 'points', type: 'number', min: '0', max: '100', value: '5' }),
    el('label', { for: 'task-hours' }, t('volunteers.hoursLabel')), el('input', { id: 'task-hours', name: 'hours', type: 'number', min: '0', max: '24', step: '0.5', value: '1' }),
    el('p', {}, el('button', { type: 'submit', id: 'task-post' }, t('volunteers.post'))), postMessage);
  const slotRow = [el('label', { for: 'task-slots' }, t('volunteers.slots')), el('input', { id: 'task-slots', name: 'slots', type: 'number', min: '1', max: '200', value: '2' })];
  const wishRow = [el('label', { for: 'task-beneficiary', hidden: '' }, t('volunteers.beneficiary')),
    el('select', { id: 'task-beneficiary', name: 'beneficiary', hidden: '' }, ...people(inNeed))];
  post.querySelector('#task-points').after(...slotRow, ...wishRow);

  // 任务 — each with its places; a worker confirms each done (the points are the volunteer's), or closes the task.
  const taskMessage = el('p', { class: 'error', role: 'alert' });
  const act = (path, json) => api(path, { method: 'POST', json }).then(() => route(), (err) => { taskMessage.textContent = err.message; });
  const taskItems = tasks.tasks.map(({ task, beneficiaryName, claims }) => {
    return el('li', { 'data-task': task.id },
      el('p', {}, kindBadge(task), ' ', el('strong', {}, task.title), ' ', el('span', { class: 'muted' }, `${dayText(task.day)} · ${t('volunteers.taken', { n: task.taken, of: task.slots })} · ${taskWorth(task)}`),
        beneficiaryName ? el('span', { class: 'muted' }, ` · ${t('volunteers.wishOf', { name: beneficiaryName })}`) : '', ' ',
        task.state === 'open' ? el('button', { type: 'button', class: 'secondary task-close', onclick: () => act(`/api/v1/volunteer-tasks/${task.id}/close`) }, t('volunteers.close'))
          : el('span', { class: 'badge' }, t('volunteers.closed'))),
      claims.length ? el('ul', { class: 'task-claims' }, ...claims.map(c => el('li', { 'data-volunteer': c.volunteerId }, c.volunteerName, ' ',
        c.confirmedAt ? el('span', { class: 'badge ok' }, t('volunteers.confirmedPoints', { n: c.points }))
          : el('button', { type: 'button', class: 'task-confirm', onclick: () => act(`/api/v1/volunteer-tasks/${task.id}/confirm`, { volunteerId: c.volunteerId }) }, t('volunteers.confirm'))))) : '');
  });

  // 志愿者与队伍
  const teamName = new Map(teams.map(tm => [tm.id, tm.name]));
  const teamForm = el('form', { id: 'team-form', class: 'inline-form', onsubmit: async (e) => {
    e.preventDefault();
    await api('/api/v1/volunteer-teams', { method: 'POST', json: { nodeId: node, kind: teamForm.kind.value, name: teamForm.name.value.trim() } })
      .then(() => route(), (err) => { taskMessage.textContent = err.message; });
  } }, el('select', { name: 'kind', 'aria-label': t('volunteers.teamKind') }, ...['buildingGuard', 'villageGuard', 'vanguard'].map(k => el('option', { value: k }, t(`volunteers.team.${k}`)))),
    ' ', el('input', { name: 'name', required: '', maxlength: '50', placeholder: t('volunteers.teamName'), 'aria-label': t('volunteers.teamName') }), ' ',
    el('button', { type: 'submit' }, t('volunteers.addTeam')));
  const pairForm = el('form', { id: 'pair-form', class: 'inline-form', onsubmit: async (e) => {
    e.preventDefault();
    await api('/api/v1/pairings', { method: 'POST', json: { volunteerId: Number(pairForm.volunteer.value), residentId: Number(pairForm.resident.value), note: pairForm.note.value.trim() } })
      .then(() => route(), (err) => { taskMessage.textContent = err.message; });
  } }, el('select', { name: 'volunteer', 'aria-label': t('volunteers.volunteer') }, ...volunteers.map(v => el('option', { value: String(v.id) }, v.name))), ' ',
    el('select', { name: 'resident', 'aria-label': t('volunteers.resident') }, ...people(inNeed)), ' ',
    el('input', { name: 'note', maxlength: '200', placeholder: t('volunteers.pairNote'), 'aria-label': t('volunteers.pairNote') }), ' ',
    el('button', { type: 'submit', id: 'pair-submit' }, t('volunteers.pair')));

  return [
    el('section', { class: 'panel', id: 'task-post-panel' }, el('h2', {}, t('volunteers.postTitle')), el('p', { class: 'muted' }, t('volunteers.postNote')), post),
    el('section', { class: 'panel', id: 'task-list' }, el('h2', {}, t('volunteers.tasks')), taskMessage,
      taskItems.length ? el('ul', { class: 'registration-list' }, ...taskItems) : el('p', { class: 'muted' }, t('volunteers.noTasks'))),
    el('section', { class: 'panel', id: 'volunteer-list' }, el('h2', {}, t('volunteers.people', { n: volunteers.length })),
      el('p', { class: 'muted' }, teams.map(tm => `${t(`volunteers.team.${tm.kind}`)} ${tm.name}（${tm.members}）`).join('；') || t('volunteers.noTeams')), teamForm,
      el('div', { class: 'table-scroll' }, el('table', { id: 'volunteer-table' },
        el('thead', {}, el('tr', {}, ...['volunteers.name', 'volunteers.teamLabel', 'volunteers.skills', 'volunteers.pointsColumn', 'volunteers.hoursColumn'].map(k => el('th', {}, t(k))))),
        el('tbody', {}, ...volunteers.map(v => el('tr', { 'data-volunteer': v.id }, el('td', {}, v.name), el('td', {}, teamName.get(v.teamId) || '—'),
          el('td', {}, v.skills || '—'), el('td', {}, v.spent ? `${v.points}（${v.points - v.spent}）` : String(v.points)),
          el('td', { 'data-hours': v.minutes || 0 }, serviceHours(v.minutes)))))))),
    el('section', { class: 'panel', id: 'pairing-list' }, el('h2', {}, t('volunteers.pairings')), el('p', { class: 'muted' }, t('volunteers.pairingsNote')),
      pairings.length ? el('ul', { class: 'registration-list' }, ...pairings.map(p => el('li', {}, `${p.volunteerName} ↔ ${p.residentName} `,
        ...p.needs.map(n => el('span', { class: 'badge' }, tagName(n))), ' ', el('span', { class: 'muted' }, p.pairing.note)))) : '',
      volunteers.length && inNeed.length ? pairForm : ''),
    await committeeRewards(node),
  ];
}
