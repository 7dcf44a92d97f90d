'use strict';
// 拉网式排摸 — sweeps (docs/SWEEPS.md), `#/sweeps?sweep=&node=`: the sweeps over or under the caller's area with their
// progress where the caller stands; one sweep's progress drilled from its area down to a committee's building groups;
// its differences from the base data (综合比对) with the correction a committee makes; launching (from above) and
// closing. The leaders' phone page is sweep-work.js.

const sweepLaunchers = ['dutyOfficer', 'leader', 'admin'];
const sweepKeepers = ['communityWorker', 'stationChief', 'admin'];
const sweepShare = (p) => (p && p.targets ? p.done / p.targets : 0);

/// A progress bar with its numbers: done of targets, and differences when there are any.
function sweepBar(p) {
  const share = sweepShare(p);
  return el('span', { class: 'sweep-bar-wrap' },
    el('span', { class: 'sweep-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(p ? p.targets : 0), 'aria-valuenow': String(p ? p.done : 0) },
      el('span', { class: 'sweep-bar-fill', style: `width:${(share * 100).toFixed(1)}%` })),
    el('span', { class: 'sweep-bar-text' }, p ? t('sweeps.doneOf', { done: p.done.toLocaleString(state.lang), targets: p.targets.toLocaleString(state.lang), share: percent(share) }) : '—'),
    p && p.differences ? el('span', { class: 'badge warn' }, t('sweeps.differencesN', { n: p.differences })) : '');
}

pages.sweeps = async (view, params) => {
  const roles = new Set(state.me.assignments.map(a => a.role));
  const launcher = sweepLaunchers.some(r => roles.has(r));
  const keeper = sweepKeepers.some(r => roles.has(r));
  const go = (changes) => {
    const query = new URLSearchParams(location.hash.split('?')[1] || '');
    for (const [k, v] of Object.entries(changes)) { if (v === null || v === undefined || v === '') query.delete(k); else query.set(k, String(v)); }
    location.hash = `#/sweeps${query.toString() ? `?${query}` : ''}`;
  };
  const list = await api('/api/v1/sweeps?limit=50');
  const chosen = params.get('sweep') || (list.sweeps[0] && String(list.sweeps[0].sweep.id));
  const listPanel = el('section', { class: 'panel', id: 'sweep-list' }, el('h2', {}, t('sweeps.list')),
    list.sweeps.length ? el('ul', { class: 'sweep-items' }, ...list.sweeps.map(v => el('li', { class: String(v.sweep.id) === chosen ? 'selected' : '', 'data-sweep': v.sweep.id },
      el('a', { href: '#', onclick: (e) => { e.preventDefault(); go({ sweep: v.sweep.id, node: null }); } }, v.sweep.title),
      ' ', el('span', { class: v.sweep.closedAt ? 'badge' : 'badge ok' }, t(v.sweep.closedAt ? 'sweeps.closed' : 'sweeps.open')),
      el('div', { class: 'muted' }, t('sweeps.window', { from: v.sweep.startsOn, to: v.sweep.dueOn }), ' · ', t('sweeps.launchedBy', { by: v.sweep.launchedBy })),
      sweepBar(v.progress)))) : el('p', { class: 'muted' }, t('sweeps.none')));

  const detail = el('section', { class: 'panel', id: 'sweep-detail' });
  if (chosen) {
    try {
      await sweepDetail(detail, chosen, params.get('node'), { launcher, keeper, go });
    } catch (err) { detail.append(el('p', { class: 'error', role: 'alert' }, err.message)); }
  }
  const items = await api('/api/v1/admission-items').catch(() => []);
  view.replaceChildren(el('h1', {}, t('sweeps.title')), el('div', { class: 'sweep-grid' }, listPanel, detail),
    launcher ? await sweepLaunchPanel(items) : '', sweepAdmissionPanel(items, roles));
  view.dataset.ready = 'true';
};

/// One sweep: its guide, its progress at a node with the node's children (down to building groups), its differences.
async function sweepDetail(panel, id, node, { launcher, keeper, go }) {
  const [view, progress] = await Promise.all([api(`/api/v1/sweeps/${id}`), api(`/api/v1/sweeps/${id}/progress${node ? `?nodeId=${node}` : ''}`)]);
  const s = view.sweep;
  const groups = progress.children.some(c => c.groupId !== undefined && c.groupId !== null);
  const rows = progress.children.map(c => el('tr', { 'data-node': c.nodeId, 'data-group': c.groupId === undefined ? '' : c.groupId },
    el('th', { scope: 'row' }, c.groupId === undefined || c.groupId === null
      ? el('a', { href: '#', onclick: (e) => { e.preventDefault(); go({ sweep: id, node: c.nodeId }); } }, c.name)
      : (c.groupId === -1 ? t('sweeps.noGroup') : c.name)),
    el('td', {}, sweepBar(c))));
  const close = launcher && !s.closedAt ? el('button', { type: 'button', id: 'sweep-close', onclick: async (e) => {
    if (!confirm(t('sweeps.closeConfirm'))) return;
    try { await api(`/api/v1/sweeps/${id}/close`, { method: 'POST' }); go({ sweep: id }); } catch (err) { e.target.after(el('span', { class: 'error', role: 'alert' }, err.message)); }
  } }, t('sweeps.close')) : '';
  panel.append(el('h2', {}, s.title, ' ', el('span', { class: 'muted' }, s.code)),
    s.guide ? el('p', { class: 'sweep-guide' }, s.guide) : '',
    el('p', { class: 'muted' }, t('sweeps.window', { from: s.startsOn, to: s.dueOn }), ' · ', t(`sweeps.subject.${s.subject}`), ' · ',
      t('sweeps.questions', { list: s.form.map(f => f.label).join('、') }), s.admissionCode ? ` · ${t('sweeps.admission')} ${s.admissionCode}` : ''),
    s.windows && s.windows.length > 1 ? el('p', { class: 'muted', id: 'sweep-windows' }, t('sweeps.windows'), '：',
      s.windows.map(w => t('sweeps.windowAt', { name: (progress.children.find(c => c.nodeId === w.nodeId) || {}).name || `#${w.nodeId}`,
        at: new Date(w.opensAt).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) })).join(' · ')) : '',
    el('h3', {}, t('sweeps.progressAt'), ' ', progress.nodeId !== s.areaId ? el('a', { href: '#', id: 'sweep-up', onclick: (e) => { e.preventDefault(); go({ sweep: id, node: null }); } }, t('sweeps.backToArea')) : ''),
    el('p', { id: 'sweep-total' }, sweepBar(progress.total)),
    rows.length ? el('table', { class: 'a-table sweep-progress', id: 'sweep-progress' },
      el('thead', {}, el('tr', {}, el('th', {}, t(groups ? 'sweeps.group' : 'sweeps.place')), el('th', {}, t('sweeps.progress')))), el('tbody', {}, ...rows))
      : el('p', { class: 'muted' }, t('sweeps.noChildren')),
    close);
  // 综合比对 — where what was found differs from the base data; a committee corrects the house's use.
  const differences = await api(`/api/v1/sweeps/${id}/differences?limit=50${node ? `&nodeId=${node}` : ''}`);
  const diffRows = differences.differences.map(d => {
    const r = d.result;
    const found = r.answers.houseUse, residents = r.answers.residents;
    const cell = el('td', {});
    if (keeper && found && d.currentUse && found !== d.currentUse) {
      cell.append(el('button', { type: 'button', class: 'sweep-apply', onclick: async (e) => {
        try {
          await api(`/api/v1/sweeps/${id}/differences/${r.subjectId}/apply`, { method: 'POST' });
          cell.replaceChildren(el('span', { class: 'badge ok' }, t('sweeps.corrected')));
        } catch (err) { cell.append(el('span', { class: 'error', role: 'alert' }, err.message)); }
      } }, t('sweeps.apply', { use: t(`base.use.${found}`) })));
    } else if (residents !== undefined && Number(residents) !== r.recordedResidents) {
      cell.append(el('a', { href: `#/base?node=${r.nodeId}` }, t('sweeps.fixResidents')));
    }
    return el('tr', { 'data-subject': r.subjectId },
      el('td', {}, d.label, el('div', { class: 'muted' }, d.place)),
      el('td', {}, found ? `${t(`base.use.${d.currentUse || r.recordedUse}`)} → ${t(`base.use.${found}`)}` : '—'),
      el('td', {}, residents !== undefined ? `${r.recordedResidents ?? '—'} → ${residents}` : '—'),
      el('td', {}, t(`sweeps.method.${r.method}`), el('div', { class: 'muted' }, r.by)),
      cell);
  });
  panel.append(el('h3', {}, t('sweeps.differences')),
    diffRows.length ? el('div', { class: 'table-scroll' }, el('table', { class: 'a-table', id: 'sweep-differences' },
      el('thead', {}, el('tr', {}, ...['sweeps.house', 'sweeps.use', 'sweeps.residents', 'sweeps.methodHead', ''].map(k => el('th', {}, k ? t(k) : '')))),
      el('tbody', {}, ...diffRows))) : el('p', { class: 'muted' }, t('sweeps.noDifferences')));
}

/// 发起 — a sweep over the caller's area or one of its parts, under an item of the admission list (its form and guide
/// unless changed; the four checks 四查四清 when it has none).
async function sweepLaunchPanel(items) {
  const admitted = items.filter(i => i.kind === 'sweep' && i.active);
  if (!admitted.length) return el('section', { class: 'panel', id: 'sweep-launch-panel' }, el('h2', {}, t('sweeps.launchTitle')), el('p', { class: 'muted' }, t('sweeps.noItems')));
  const own = state.me.assignments.filter(a => sweepLaunchers.includes(a.role)).sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
  const [node, children] = await Promise.all([api(`/api/v1/org/nodes/${own.nodeId}`), api(`/api/v1/org/nodes/${own.nodeId}/children`).catch(() => [])]);
  const area = el('select', { id: 'sweep-area', name: 'area' }, el('option', { value: node.id }, node.name),
    ...children.filter(c => c.kind !== 'grid').map(c => el('option', { value: c.id }, `— ${c.name}`)));
  const today = localDay(new Date()), week = localDay(Date.now() + 6 * 86_400_000);
  const message = el('p', { class: 'error', role: 'alert' });
  const guide = el('textarea', { id: 'sweep-guide', name: 'guide', rows: '3', maxlength: '2000' }, admitted[0].guide);
  const admission = el('select', { id: 'sweep-admission', name: 'admission', onchange: () => {
    const item = admitted.find(i => i.code === admission.value);
    if (item) { form.title.value = item.name; guide.value = item.guide; }
  } }, ...admitted.map(i => el('option', { value: i.code }, `${i.code} ${i.name}`)));
  const form = el('form', { class: 'sweep-launch', id: 'sweep-launch', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    try {
      const made = await api('/api/v1/sweeps', { method: 'POST', json: {
        code: form.code.value.trim(), title: form.title.value.trim(), admissionCode: admission.value, areaNodeId: Number(area.value),
        guide: form.guide.value.trim() || undefined, startsOn: form.startsOn.value, dueOn: form.dueOn.value, subject: form.subject.value } });
      location.hash = `#/sweeps?sweep=${made.id}`;
    } catch (err) { message.textContent = err.message; }
  } },
    el('label', { for: 'sweep-code' }, t('sweeps.code')), el('input', { id: 'sweep-code', name: 'code', required: '', maxlength: '64', value: `PM-${today.replaceAll('-', '')}` }),
    el('label', { for: 'sweep-admission' }, t('sweeps.admission')), admission,
    el('label', { for: 'sweep-title' }, t('sweeps.titleField')), el('input', { id: 'sweep-title', name: 'title', required: '', maxlength: '50', value: admitted[0].name }),
    el('label', { for: 'sweep-area' }, t('sweeps.area')), area,
    el('label', { for: 'sweep-subject' }, t('sweeps.subjectField')),
    el('select', { id: 'sweep-subject', name: 'subject' }, el('option', { value: 'house' }, t('sweeps.subject.house')), el('option', { value: 'building' }, t('sweeps.subject.building'))),
    el('label', { for: 'sweep-starts' }, t('sweeps.startsOn')), el('input', { id: 'sweep-starts', name: 'startsOn', type: 'date', required: '', value: today }),
    el('label', { for: 'sweep-due' }, t('sweeps.dueOn')), el('input', { id: 'sweep-due', name: 'dueOn', type: 'date', required: '', value: week }),
    el('label', { for: 'sweep-guide' }, t('sweeps.guide')), guide,
    el('p', { class: 'muted' }, t('sweeps.formNote')),
    el('p', {}, el('button', { type: 'submit' }, t('sweeps.launch'))), message);
  return el('section', { class: 'panel', id: 'sweep-launch-panel' }, el('h2', {}, t('sweeps.launchTitle')), form);
}

/// 准入清单 — what may be pushed down to committees, for everyone to see; leaders and administrators of the city or a
/// district add items and withdraw them.
function sweepAdmissionPanel(items, roles) {
  const keeperAt = state.me.assignments.filter(a => ['leader', 'admin'].includes(a.role)).sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
  const keeps = keeperAt && keeperAt.nodePath.split('/').filter(Boolean).length <= 2;
  const rows = items.map(i => {
    const action = el('td', {});
    if (keeps && i.nodePath.startsWith(keeperAt.nodePath)) {
      action.append(el('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await api(`/api/v1/admission-items/${i.id}/active`, { method: 'POST', json: { active: !i.active } }); route(); } catch (err) { action.append(el('span', { class: 'error', role: 'alert' }, err.message)); }
      } }, t(i.active ? 'sweeps.withdraw' : 'sweeps.restore')));
    }
    return el('tr', { 'data-item': i.code },
      el('td', {}, i.code), el('td', {}, i.name, i.active ? '' : el('span', { class: 'badge' }, t('sweeps.withdrawn'))),
      el('td', {}, t(`sweeps.kind.${i.kind}`)), el('td', {}, i.staggerMinutes ? t('sweeps.staggerN', { n: i.staggerMinutes }) : t('sweeps.noStagger')), action);
  });
  const message = el('p', { class: 'error', role: 'alert' });
  const form = keeps ? el('form', { class: 'sweep-launch', id: 'admission-add', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    try {
      await api('/api/v1/admission-items', { method: 'POST', json: { code: form.code.value.trim(), name: form.name.value.trim(), kind: form.kind.value,
        nodeId: keeperAt.nodeId, staggerMinutes: Number(form.stagger.value || 0), guide: form.guide.value.trim() || undefined } });
      route();
    } catch (err) { message.textContent = err.message; }
  } },
    el('label', { for: 'admission-code' }, t('sweeps.itemCode')), el('input', { id: 'admission-code', name: 'code', required: '', maxlength: '64' }),
    el('label', { for: 'admission-name' }, t('sweeps.itemName')), el('input', { id: 'admission-name', name: 'name', required: '', maxlength: '50' }),
    el('label', { for: 'admission-kind' }, t('sweeps.itemKind')), el('select', { id: 'admission-kind', name: 'kind' }, ...['sweep', 'ledger', 'report'].map(k => el('option', { value: k }, t(`sweeps.kind.${k}`)))),
    el('label', { for: 'admission-stagger' }, t('sweeps.stagger')), el('input', { id: 'admission-stagger', name: 'stagger', type: 'number', min: '0', max: '720', value: '30' }),
    el('label', { for: 'admission-guide' }, t('sweeps.guide')), el('textarea', { id: 'admission-guide', name: 'guide', rows: '2', maxlength: '2000' }),
    el('p', {}, el('button', { type: 'submit' }, t('sweeps.addItem'))), message) : '';
  return el('section', { class: 'panel', id: 'sweep-admission' }, el('h2', {}, t('sweeps.admissionList')), el('p', { class: 'muted' }, t('sweeps.admissionNote')),
    rows.length ? el('div', { class: 'table-scroll' }, el('table', { class: 'a-table', id: 'admission-items' },
      el('thead', {}, el('tr', {}, ...['sweeps.itemCode', 'sweeps.itemName', 'sweeps.itemKind', 'sweeps.stagger', ''].map(k => el('th', {}, k ? t(k) : '')))),
      el('tbody', {}, ...rows))) : el('p', { class: 'muted' }, t('sweeps.noItems')), form);
}
