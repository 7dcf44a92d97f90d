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
  return el('section', { class: 'panel wall-map', id: 'status-guide', 'data-kind': kind },
    el('h2', { class: 'wall-title' }, guide.title),
    el('p', { class: 'muted', id: 'status-guide-source' }, source),
    el('p', { class: 'no-print' }, el('button', { type: 'button', id: 'status-guide-print', onclick: () => window.print() }, t('statusMaps.guidePrint'))),
    el('ol', { class: 'guide-steps', id: 'status-guide-steps' }, ...guide.steps.map((s, i) => el('li', { class: 'guide-step', 'data-step': i + 1 },
      el('h3', {}, el('span', { class: 'guide-number' }, String(i + 1)), ' ', s.title),
      el('p', {}, s.content),
      el('dl', { class: 'guide-facts' }, ...facts(s)),
      s.signs.length ? el('div', { class: 'guide-signs' }, el('span', { class: 'muted' }, t('statusMaps.guideSigns')),
        ...s.signs.map(sign => el('div', { class: 'guide-sign', lang: sign.lang, 'data-lang': sign.lang }, el('b', {}, sign.lang.toUpperCase()), ' ', sign.text))) : ''))));
}
