'use strict';
// 指引图 — the procedure wall guides of 挂图作战 (docs/WALL-GUIDES.md) on a committee's status maps: the home-isolation
// procedure map (居家隔离索引图: each step's content, who answers for it, what is required, the protection, what to
// watch — "让首次操作人员也一看就会") and the foreign-residents service guide (涉外服务指引图, with its signs in other
// languages), as the city or the district set them; printed as a wall map.

const WALL_GUIDE_KINDS = { isolation: 'homeIsolation', foreign: 'foreignResidents' };

/// The guide of `kind` in force at node `nodeId` as a section.
async function wallGuideMap(kind, nodeId) {
  const found = await api(`/api/v1/wall-guides/${kind}?nodeId=${nodeId}`);
  const guide = found.guide;
  const source = found.source === 'standard' ? t('statusMaps.guideStandard')
    : t('statusMaps.guideSetBy', { by: found.sourceName || '', version: guide.version, day: guide.setAt ? new Date(guide.setAt).toLocaleDateString(state.lang) : '' });
  const facts = (s) => ['responsible', 'requirements', 'protection', 'notes'].filter(k => s[k])
    .flatMap(k => [el('dt', {}, t(`statusMaps.guide.${k}`)), el('dd', { 'data-col': k }, s[k])]);
  // An administrator of the city or a district sets the guide for their area (its city or district level: depth 1 or 2).
  const own = state.me.assignments.find(a => a.role === 'admin' && a.nodePath.split('/').filter(Boolean).length <= 2);
  const section = el('section', { class: 'panel wall-map', id: 'status-guide', 'data-kind': kind },
    el('h2', { class: 'wall-title' }, guide.title),
    el('p', { class: 'muted', id: 'status-guide-source' }, source),
    el('p', { class: 'no-print' }, el('button', { type: 'button', id: 'status-guide-print', onclick: () => window.print() }, t('statusMaps.guidePrint'))),
    el('ol', { class: 'guide-steps', id: 'status-guide-steps' }, ...guide.steps.map((s, i) => el('li', { class: 'guide-step', 'data-step': i + 1 },
      el('h3', {}, el('span', { class: 'guide-number' }, String(i + 1)), ' ', s.title),
      el('p', {}, s.content),
      el('dl', { class: 'guide-facts' }, ...facts(s)),
      s.signs.length ? el('div', { class: 'guide-signs' }, el('span', { class: 'muted' }, t('statusMaps.guideSigns')),
        ...s.signs.map(sign => el('div', { class: 'guide-sign', lang: sign.lang, 'data-lang': sign.lang }, el('b', {}, sign.lang.toUpperCase()), ' ', sign.text))) : ''))));
  if (own) {
    // The guide of the administrator's own area, which may not be the one in force here (a district's own guide over
    // this committee, when a city administrator looks).
    const mine = guide.nodeId === own.nodeId ? guide : (await api(`/api/v1/wall-guides/${kind}?nodeId=${own.nodeId}`)).guide;
    section.append(wallGuideEditor(kind, mine, own));
  }
  return section;
}

/// 编辑 — an administrator's form for the guide of their city or district, started from the one in force: the title,
/// each step's texts and its signs (a language tag and the text), steps and signs added and removed; saved whole on
/// the version read there (0 while their area has none of its own), so someone else's change meanwhile is not undone.
function wallGuideEditor(kind, guide, own) {
  const version = guide.nodeId === own.nodeId ? guide.version : 0;
  const title = el('input', { id: 'guide-edit-title', value: guide.title, maxlength: '50', 'aria-label': t('statusMaps.guideEdit.title') });
  const list = el('ol', { id: 'guide-edit-steps', class: 'guide-edit-steps' });
  const fields = ['title', 'content', 'responsible', 'requirements', 'protection', 'notes'];
  const steps = [];
  const signRow = (holder, sign) => {
    const lang = el('input', { value: sign.lang, maxlength: '12', size: '5', 'aria-label': t('statusMaps.guideEdit.lang'), 'data-sign': 'lang' });
    const text = el('input', { value: sign.text, maxlength: '200', 'aria-label': t('statusMaps.guideEdit.signText'), 'data-sign': 'text' });
    const row = el('div', { class: 'inline-form guide-edit-sign' }, lang, text,
      el('button', { type: 'button', class: 'secondary', onclick: () => { holder.signs.splice(holder.signs.indexOf(entry), 1); row.remove(); } }, t('statusMaps.guideEdit.remove')));
    const entry = { lang, text };
    holder.signs.push(entry);
    return row;
  };
  const addStep = (s) => {
    const holder = { inputs: {}, signs: [] };
    for (const f of fields) {
      holder.inputs[f] = f === 'content'
        ? el('textarea', { rows: '2', maxlength: '500', 'data-field': f, 'aria-label': t(`statusMaps.guideEdit.${f}`) })
        : el('input', { maxlength: f === 'title' ? '50' : '200', 'data-field': f, 'aria-label': t(`statusMaps.guideEdit.${f}`) });
      holder.inputs[f].value = s[f] || '';
    }
    const signs = el('div', { class: 'guide-edit-signs' }, ...(s.signs || []).map(x => signRow(holder, x)));
    const item = el('li', { class: 'guide-edit-step' },
      el('div', { class: 'place-form' }, ...fields.flatMap(f => [el('label', {}, t(`statusMaps.guideEdit.${f}`)), holder.inputs[f]])),
      signs,
      el('p', { class: 'inline-form' },
        el('button', { type: 'button', class: 'secondary', 'data-action': 'add-sign', onclick: () => signs.append(signRow(holder, { lang: '', text: '' })) }, t('statusMaps.guideEdit.addSign')),
        // 调整顺序 — the step moved up or down, in the list and in what is saved.
        el('button', { type: 'button', class: 'secondary', 'data-action': 'step-up', onclick: () => {
          const i = steps.indexOf(holder);
          if (i > 0) { [steps[i - 1], steps[i]] = [steps[i], steps[i - 1]]; item.previousElementSibling.before(item); }
        } }, t('statusMaps.guideEdit.up')),
        el('button', { type: 'button', class: 'secondary', 'data-action': 'step-down', onclick: () => {
          const i = steps.indexOf(holder);
          if (i < steps.length - 1) { [steps[i], steps[i + 1]] = [steps[i + 1], steps[i]]; item.nextElementSibling.after(item); }
        } }, t('statusMaps.guideEdit.down')),
        el('button', { type: 'button', class: 'secondary', 'data-action': 'remove-step', onclick: () => { steps.splice(steps.indexOf(holder), 1); item.remove(); } }, t('statusMaps.guideEdit.removeStep'))));
    steps.push(holder);
    list.append(item);
  };
  guide.steps.forEach(addStep);
  const error = el('p', { class: 'error', role: 'alert' });
  const save = async () => {
    error.textContent = '';
    const body = { nodeId: own.nodeId, title: title.value, version, steps: steps.map(h => Object.assign(
      Object.fromEntries(fields.map(f => [f, h.inputs[f].value])), { signs: h.signs.map(x => ({ lang: x.lang.value.trim(), text: x.text.value })) })) };
    try { await api(`/api/v1/wall-guides/${kind}`, { method: 'PUT', json: body }); route(); } catch (err) { error.textContent = err.message; }
  };
  // 撤回 — the area's own guide withdrawn (on the version read): the one above it is in force again.
  const withdraw = async () => {
    error.textContent = '';
    try { await api(`/api/v1/wall-guides/${kind}?nodeId=${own.nodeId}&version=${version}`, { method: 'DELETE' }); route(); } catch (err) { error.textContent = err.message; }
  };
  return el('details', { class: 'no-print guide-edit', id: 'guide-edit' },
    el('summary', {}, t('statusMaps.guideEdit.open')),
    el('p', { class: 'muted' }, t('statusMaps.guideEdit.note')),
    el('label', { for: 'guide-edit-title' }, t('statusMaps.guideEdit.title')), title,
    list,
    el('p', { class: 'inline-form' },
      el('button', { type: 'button', class: 'secondary', id: 'guide-edit-add', onclick: () => addStep({}) }, t('statusMaps.guideEdit.addStep')),
      el('button', { type: 'button', id: 'guide-edit-save', onclick: save }, t('statusMaps.guideEdit.save')),
      version > 0 ? el('button', { type: 'button', class: 'secondary', id: 'guide-edit-withdraw', onclick: withdraw }, t('statusMaps.guideEdit.withdraw')) : ''),
    error);
}
