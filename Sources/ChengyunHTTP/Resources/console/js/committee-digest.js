'use strict';
// 居委简报 — a committee's digest of the last 30 days (docs/STATIONS.md): governance points, the 三会 topics its cases
// suggest, and the houses where six or more live (群租 suspected). The committee's own; never a comparison with others.

/// The station desk's digest panel for the committee `nodeId`.
async function digestPanel(nodeId) {
  const d = await api(`/api/v1/committees/${nodeId}/digest?days=30`).catch(() => null);
  if (!d) return '';
  const point = (p) => {
    const category = p.categoryId ? categoryLabel(p.categoryId) : '';
    switch (p.kind) {
      case 'most': return t('digest.most', { category, n: p.count });
      case 'rising': return t('digest.rising', { category, n: p.count, before: p.before || 0 });
      case 'overdue': return t('digest.overdue', { n: p.count });
      case 'lateDecisions': return t('digest.lateDecisions', { n: p.count });
      case 'waitingTopics': return t('digest.waitingTopics', { n: p.count });
      default: return '';
    }
  };
  const kindClass = { rising: 'badge warn', overdue: 'badge bad', lateDecisions: 'badge bad', waitingTopics: 'badge', most: 'badge' };
  return el('section', { class: 'panel', id: 'station-digest' },
    el('h2', {}, t('digest.title'), ' · ', d.name),
    el('p', { class: 'muted' }, t('digest.explain')),
    el('h3', {}, t('digest.points')),
    d.points.length ? el('ul', { class: 'digest-points' }, ...d.points.map(p => el('li', { 'data-kind': p.kind },
      el('span', { class: kindClass[p.kind] || 'badge' }, t(`digest.kind.${p.kind}`)), ' ', point(p)))) : el('p', { class: 'muted' }, t('digest.noPoints')),
    el('h3', {}, t('digest.topics')),
    d.suggestedTopics.length ? el('ul', { class: 'digest-topics' }, ...d.suggestedTopics.map(s => el('li', { 'data-compound': s.compoundId },
      t('digest.topic', { compound: s.compoundName, category: categoryLabel(s.categoryId), n: s.count }))))
      : el('p', { class: 'muted' }, t('digest.noTopics')),
    el('p', {}, el('a', { href: '#/consultations' }, `${t('digest.toConsultations')} ›`)),
    el('h3', {}, t('digest.patterns')),
    d.patterns.length ? el('ul', { class: 'digest-patterns' }, ...d.patterns.map(p => el('li', { 'data-house': p.houseId },
      t('digest.crowded', { compound: p.compoundName, building: p.building, unit: p.unit, house: p.house, n: p.residents }))))
      : el('p', { class: 'muted' }, t('digest.noPatterns')));
}
