'use strict';
// 楼组包干 — setting building groups up and putting people on their chain (docs/BUILDING-GROUPS.md), on the committee's
// #/groups page. A new group covers buildings of the committee that are in no group yet (a village group none); its
// leader is a resident living in those buildings, a second leader only where the leader is not a party member (双楼长制,
// a party member); the party and chat groups by name. Its code is made once per form, so a form sent twice makes one
// group. Each group's chain (包干): the people answering for it, and a form to add one of the committee's or the
// street's staff with their duty.

const CADRE_DUTIES = ['secretary', 'socialWorker', 'committeeMember', 'cadreSentDown'];

/// The form that sets a new group up in the committee `at` whose groups are `groups` (their buildings are taken).
async function groupSetupForm(at, groups) {
  const taken = new Set(groups.flatMap(g => g.group.buildingIds || []));
  const compounds = (await api(`/api/v1/compounds?nodeId=${at.nodeId}&limit=200`)).compounds;
  const buildings = (await Promise.all(compounds.map(c => api(`/api/v1/compounds/${c.id}/buildings`).then(list => list.map(b => ({ b, c })), () => [])))).flat()
    .filter(({ b }) => !taken.has(b.id));
  const code = `LZX${at.nodeId}-${Date.now().toString(36)}`;
  let sent = false;
  const message = el('p', { class: 'error', role: 'alert', id: 'group-setup-error' });
  const people = new Map();   // resident id → resident (masked), of the chosen buildings
  const leader = el('select', { id: 'group-leader', name: 'leader' });
  const second = el('select', { id: 'group-second-leader', name: 'second' });
  const secondRow = [el('label', { for: 'group-second-leader', hidden: '' }, t('registrations.secondLeader')), second];
  second.hidden = true;
  const boxes = buildings.map(({ b, c }) => el('label', { class: 'group-building' },
    el('input', { type: 'checkbox', name: 'building', value: String(b.id), onchange: () => loadPeople() }), ` ${c.name} ${b.number}`));
  const buildingField = el('fieldset', { id: 'group-buildings' }, el('legend', {}, t('registrations.buildings')),
    ...(boxes.length ? boxes : [el('p', { class: 'muted' }, t('registrations.noFreeBuildings'))]));
  const kind = el('select', { id: 'group-kind', name: 'kind', onchange: () => { buildingField.hidden = kind.value === 'village'; loadPeople(); } },
    el('option', { value: 'building' }, t('registrations.kindBuilding')), el('option', { value: 'village' }, t('registrations.kindVillage')));
  const option = (r) => el('option', { value: String(r.id) }, `${r.name}${r.room ? ` ${r.room}` : ''}${r.partyMember ? ` · ${t('registrations.partyMember')}` : ''}`);
  const showSecond = () => {
    const chosen = people.get(Number(leader.value));
    const needed = chosen && !chosen.partyMember;
    secondRow.forEach(n => { n.hidden = !needed; });
    if (!needed) second.value = '';
  };
  leader.addEventListener('change', showSecond);
  async function loadPeople() {
    people.clear();
    const ids = kind.value === 'village' ? [] : boxes.map(b => b.querySelector('input')).filter(i => i.checked).map(i => Number(i.value));
    for (const id of ids) {
      const houses = await api(`/api/v1/buildings/${id}/houses`).catch(() => []);
      for (const h of houses) for (const r of h.residents) if (!r.movedOutOn) people.set(r.id, Object.assign({ room: h.house.number }, r));
    }
    const list = [...people.values()];
    leader.replaceChildren(el('option', { value: '' }, t('registrations.noLeaderYet')), ...list.map(option));
    second.replaceChildren(el('option', { value: '' }, t('registrations.noLeaderYet')), ...list.filter(r => r.partyMember).map(option));
    showSecond();
  }
  await loadPeople();
  const form = el('form', { id: 'group-setup', class: 'sweep-launch', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    const json = { code, name: form.groupName.value.trim(), kind: kind.value, nodeId: at.nodeId,
      buildingIds: kind.value === 'village' ? [] : boxes.map(b => b.querySelector('input')).filter(i => i.checked).map(i => Number(i.value)),
      partyGroup: form.partyGroup.value.trim() || undefined, chatGroup: form.chatGroup.value.trim() || undefined };
    if (leader.value) json.leaderId = Number(leader.value);
    if (second.value && !second.hidden) json.secondLeaderId = Number(second.value);
    await api('/api/v1/building-groups', { method: 'POST', json }).then(() => route(), (err) => {
      // Sent again after an answer that got lost: the group with this form's code is there already.
      if (sent && err.code === 'building_group.duplicate_code') { route(); return; }
      message.textContent = err.message;
    });
    sent = true;
  } },
    el('label', { for: 'group-kind' }, t('registrations.kind')), kind,
    el('label', { for: 'group-name' }, t('registrations.group')), el('input', { id: 'group-name', name: 'groupName', required: '', maxlength: '100', placeholder: t('registrations.groupNameExample') }),
    el('p', {}, buildingField),
    el('label', { for: 'group-leader' }, t('registrations.leader')), leader, ...secondRow,
    el('label', { for: 'group-party' }, t('registrations.partyGroup')), el('input', { id: 'group-party', name: 'partyGroup', maxlength: '100' }),
    el('label', { for: 'group-chat' }, t('registrations.chat')), el('input', { id: 'group-chat', name: 'chatGroup', maxlength: '100' }),
    el('p', {}, el('button', { type: 'submit', id: 'group-setup-submit' }, t('registrations.setUp'))), message);
  return el('details', { class: 'panel-part', id: 'group-setup-panel' }, el('summary', {}, t('registrations.setUpTitle')),
    el('p', { class: 'muted' }, t('registrations.setUpNote')), form);
}

/// 包干 — the people answering for group `g` and a form to add one (the committee's or the street's staff).
async function groupChain(g) {
  const candidates = await api(`/api/v1/building-groups/${g.group.id}/cadre-candidates`);
  const message = el('p', { class: 'error', role: 'alert' });
  const who = el('select', { name: 'user', 'aria-label': t('registrations.cadre') },
    ...candidates.map(c => el('option', { value: String(c.userId) }, `${c.name} · ${c.nodeName}`)));
  const duty = el('select', { name: 'duty', 'aria-label': t('registrations.duty') }, ...CADRE_DUTIES.map(d => el('option', { value: d }, t(`registrations.duty.${d}`))));
  const form = el('form', { class: 'inline-form group-chain-form', onsubmit: async (e) => {
    e.preventDefault();
    await api(`/api/v1/building-groups/${g.group.id}/cadres`, { method: 'POST', json: { userId: Number(who.value), duty: duty.value } })
      .then(() => route(), (err) => { message.textContent = err.message; });
  } }, who, ' ', duty, ' ', el('button', { type: 'submit' }, t('registrations.addCadre')));
  const cadres = g.group.cadres || [];
  return el('div', { class: 'group-chain', 'data-chain': g.group.id },
    cadres.length ? el('ul', { class: 'registration-list' }, ...cadres.map(c => el('li', { 'data-user': c.userId },
      el('strong', {}, c.userName || `#${c.userId}`), ' ', el('span', { class: 'badge' }, t(`registrations.duty.${c.duty}`)), ' ',
      el('span', { class: 'muted' }, t('registrations.since', { day: localDay(c.since) }))))) : el('p', { class: 'muted' }, t('registrations.noCadres')),
    candidates.length ? form : '', message);
}
