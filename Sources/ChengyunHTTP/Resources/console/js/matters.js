'use strict';
// 知事项 — a joint-duty station's matters (docs/MATTERS.md): today's tasks from its district's responsibility list,
// ticked by the station's people, and its positive list closed out item by item from its cases (消项式); and the lists'
// page, where the city and the districts keep them.

/// The station desk's 知事项 panel: today's tasks first (what to do), then the positive list (what is left to clear).
async function mattersPanel(station) {
  const panel = el('section', { class: 'panel', id: 'station-matters' }, el('h2', {}, t('matters.title')));
  const draw = async () => {
    const m = await api(`/api/v1/stations/${station.id}/matters`);
    const time = (d) => new Date(d).toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit' });
    const done = m.tasks.filter(x => x.done).length;
    const tasks = el('ul', { class: 'matter-tasks', id: 'matter-tasks' }, ...m.tasks.map(task => {
      const today = task.count.reported ? el('span', { class: 'badge' }, t('matters.today', { n: task.count.reported })) : '';
      const head = el('div', {}, el('strong', {}, task.item.name), today, task.item.guide ? el('div', { class: 'muted' }, task.item.guide) : '');
      if (task.done) {
        return el('li', { 'data-item': task.item.code, class: 'done' }, el('span', { class: 'badge ok' }, '✓'), head,
          el('div', { class: 'muted' }, t('matters.doneBy', { by: task.done.by, at: time(task.done.at) }), task.done.note ? ` · ${task.done.note}` : ''));
      }
      const note = el('input', { type: 'text', maxlength: '500', placeholder: t('matters.notePlaceholder'), 'aria-label': `${task.item.name} ${t('matters.notePlaceholder')}` });
      const message = el('span', { class: 'error', role: 'alert' });
      const tick = el('button', { type: 'button', onclick: async () => {
        tick.disabled = true;
        message.textContent = '';
        try {
          await api(`/api/v1/stations/${station.id}/tasks`, { method: 'POST', json: { itemId: task.item.id, day: m.day, note: note.value.trim() || undefined } });
          await draw();
        } catch (err) { message.textContent = err.message; tick.disabled = false; }
      } }, t('matters.tick'));
      return el('li', { 'data-item': task.item.code }, el('span', { class: 'badge warn' }, '○'), head, el('div', { class: 'matter-tick' }, note, tick, message));
    }));
    const clear = m.positive.filter(x => x.closedOut).length;
    // Open items first (overdue ones before), then the closed-out ones, each in the list's order.
    const rank = (x) => (x.closedOut ? 2 : x.count.overdue ? 0 : 1);
    const lines = [...m.positive].sort((a, b) => rank(a) - rank(b));
    const positive = el('ul', { class: 'matter-grid', id: 'matter-positive' }, ...lines.map(x => el('li', {
      'data-item': x.item.code, class: x.closedOut ? 'clear' : x.count.overdue ? 'overdue' : 'open',
      title: x.item.categoryIds.map(categoryLabel).join('、') },
      el('span', { class: 'matter-mark', 'aria-hidden': 'true' }, x.closedOut ? '✓' : '!'),
      el('span', { class: 'matter-name' }, x.item.name),
      el('span', { class: 'matter-figures' }, x.closedOut ? t('matters.clear') : t('matters.open', { n: x.count.open }),
        x.count.overdue ? ` · ${t('matters.overdue', { n: x.count.overdue })}` : '',
        x.count.closed ? ` · ${t('matters.closed', { n: x.count.closed })}` : ''))));
    panel.replaceChildren(el('h2', {}, t('matters.title')),
      el('h3', {}, t('matters.tasks'), ' ', el('span', { class: 'badge', id: 'matter-task-count' }, `${done}/${m.tasks.length}`)),
      m.tasks.length ? tasks : el('p', { class: 'muted' }, t('matters.noTasks')),
      el('h3', {}, t('matters.positive'), ' ', el('span', { class: 'badge', id: 'matter-clear-count' }, t('matters.clearCount', { n: clear, total: m.positive.length }))),
      el('p', { class: 'muted' }, t('matters.explain')),
      m.positive.length ? positive : el('p', { class: 'muted' }, t('matters.noPositive')));
  };
  await taxonomy();
  await draw();
  return panel;
}

/// 清单 — the positive lists of each station type and the responsibility lists: everyone who works an area reads them;
/// leaders and administrators of the city or a district add items and withdraw their own.
pages.matters = async (view) => {
  const items = await api('/api/v1/matter-items');
  const catalogue = await taxonomy();
  const keeperAt = state.me.assignments.filter(a => ['leader', 'admin'].includes(a.role)).sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
  const keeps = keeperAt && keeperAt.nodePath.split('/').filter(Boolean).length <= 2;
  const row = (i) => {
    const action = el('td', {});
    if (keeps && i.nodePath.startsWith(keeperAt.nodePath)) {
      action.append(el('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await api(`/api/v1/matter-items/${i.id}/active`, { method: 'POST', json: { active: !i.active } }); route(); } catch (err) { action.append(el('span', { class: 'error', role: 'alert' }, err.message)); }
      } }, t(i.active ? 'matters.withdraw' : 'matters.restore')));
    }
    return el('tr', { 'data-item': i.code },
      el('td', {}, i.code), el('td', {}, i.name, i.active ? '' : el('span', { class: 'badge' }, t('matters.withdrawn'))),
      el('td', {}, i.stationTypes.map(s => t(`station.type.${s}`)).join('、')),
      el('td', {}, i.categoryIds.map(categoryLabel).join('、')), el('td', { class: 'muted' }, i.guide || ''), action);
  };
  const table = (list, rows) => rows.length ? el('div', { class: 'table-scroll' }, el('table', { class: 'a-table', id: `matter-items-${list}` },
    el('thead', {}, el('tr', {}, ...['matters.code', 'matters.name', 'matters.types', 'matters.categories', 'matters.guide', ''].map(k => el('th', {}, k ? t(k) : '')))),
    el('tbody', {}, ...rows.map(row)))) : el('p', { class: 'muted' }, t('matters.noItems'));
  const types = ['communityCentre', 'specialArea', 'village'];
  const positive = el('section', { class: 'panel', id: 'matters-positive' }, el('h2', {}, t('matters.positive')), el('p', { class: 'muted' }, t('matters.positiveNote')),
    ...types.map(type => {
      const rows = items.filter(i => i.list === 'positive' && i.stationTypes.includes(type));
      // Each type's list folded (20 or so items each), opened by its heading.
      return el('details', { class: 'matter-type', 'data-type': type },
        el('summary', {}, el('strong', {}, t(`station.type.${type}`)), ' ', el('span', { class: 'badge' }, String(rows.filter(i => i.active).length))), table(`positive-${type}`, rows));
    }));
  const responsibility = el('section', { class: 'panel', id: 'matters-responsibility' }, el('h2', {}, t('matters.responsibility')),
    el('p', { class: 'muted' }, t('matters.responsibilityNote')), table('responsibility', items.filter(i => i.list === 'responsibility')));
  let adding = '';
  if (keeps) {
    const picker = categoryPicker('matter-category', catalogue.categories);
    picker.select.required = false;
    const chosen = [];
    const chips = el('p', { id: 'matter-chosen' });
    const drawChips = () => chips.replaceChildren(...chosen.map(id => el('button', { type: 'button', class: 'secondary', 'data-category': id,
      onclick: () => { chosen.splice(chosen.indexOf(id), 1); drawChips(); } }, `${categoryLabel(id)} ×`)));
    const add = el('button', { type: 'button', class: 'secondary', id: 'matter-category-add', onclick: () => {
      if (picker.select.value && !chosen.includes(picker.select.value)) { chosen.push(picker.select.value); drawChips(); }
    } }, t('matters.addCategory'));
    const message = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { class: 'sweep-launch', id: 'matter-add', onsubmit: async (e) => {
      e.preventDefault();
      message.textContent = '';
      try {
        await api('/api/v1/matter-items', { method: 'POST', json: { list: form.list.value, code: form.code.value.trim(), name: form.name.value.trim(), nodeId: keeperAt.nodeId,
          stationTypes: types.filter(type => form[`type-${type}`].checked), categoryIds: chosen, guide: form.guide.value.trim() || undefined } });
        route();
      } catch (err) { message.textContent = err.message; }
    } },
      el('label', { for: 'matter-list' }, t('matters.list')),
      el('select', { id: 'matter-list', name: 'list' }, ...['positive', 'responsibility'].map(l => el('option', { value: l }, t(`matters.${l}`)))),
      el('label', { for: 'matter-code' }, t('matters.code')), el('input', { id: 'matter-code', name: 'code', required: '', maxlength: '32' }),
      el('label', { for: 'matter-name' }, t('matters.name')), el('input', { id: 'matter-name', name: 'name', required: '', maxlength: '50' }),
      el('fieldset', {}, el('legend', {}, t('matters.types')), ...types.map(type => el('label', {},
        el('input', { type: 'checkbox', name: `type-${type}`, id: `matter-type-${type}` }), ' ', t(`station.type.${type}`)))),
      el('label', { for: 'matter-category' }, t('matters.categories')), picker.box, add, chips,
      el('label', { for: 'matter-guide' }, t('matters.guide')), el('textarea', { id: 'matter-guide', name: 'guide', rows: '2', maxlength: '2000' }),
      el('p', {}, el('button', { type: 'submit' }, t('matters.addItem'))), message);
    adding = el('section', { class: 'panel', id: 'matters-add' }, el('h2', {}, t('matters.addTitle')), form);
  }
  view.replaceChildren(el('h1', {}, t('matters.listsTitle')), positive, responsibility, adding);
  view.dataset.ready = 'true';
};
