'use strict';
// 我的小区物业 — on a resident's 我的上报 (docs/PROPERTY.md): the compound they live in and the company serving it, with
// its repair line (a tap calls it on a phone) and its published grade and score over the last year; a self-managed
// compound says whom to ask. Nothing when the resident's home is not on record yet.

async function myHomePanel() {
  const home = await api('/api/v1/property-companies/serving-me').catch(() => null);
  if (!home) return '';
  const c = home.company;
  const gradeClass = (g) => (g === 'A' || g === 'B' ? 'ok' : g === 'C' ? 'warn' : 'bad');
  return el('section', { class: 'panel', id: 'mine-home' },
    el('h2', {}, t('mineHome.title')),
    el('p', {}, el('strong', {}, home.home.name), ' ', el('span', { class: 'muted' }, [home.home.building, t(`base.type.${home.home.type}`)].join(' · '))),
    c ? el('div', { id: 'mine-home-company', 'data-company': c.company.id },
      el('p', {}, t('mineHome.company'), ' ', el('strong', {}, c.company.name)),
      c.company.hotline ? el('p', {}, t('mineHome.hotline'), ' ', el('a', { href: `tel:${c.company.hotline}`, id: 'mine-home-hotline' }, c.company.hotline)) : '',
      el('p', {}, el('span', { class: `badge ${gradeClass(c.grade)}`, id: 'mine-home-grade', 'data-grade': c.grade }, t('mineHome.grade', { grade: c.grade, score: c.score })), ' ',
        el('span', { class: 'muted' }, t('mineHome.record', { repairs: c.record.repairsOnTime, of: c.record.repairs, complaints: c.record.complaints }))),
      el('p', { class: 'muted' }, t('mineHome.gradeNote')))
      : el('p', { class: 'muted', id: 'mine-home-self' }, t('mineHome.selfManaged')),
    el('p', {}, el('a', { href: '#/report', class: 'button-link' }, t('mineHome.report'))));
}
