'use strict';
// 系统管理 · 分类, 派遣规则, 处置权限 and 工作日历: the taxonomy with a form to add or change a category, the dispatch
// rules, the 110 handling-power table and the working calendar's holidays and make-up working days.

adminTabs.taxonomy = async (panel, ctx, params) => {
  const taxonomy = await ctx.taxonomy();
  const categories = taxonomy.categories;
  const hoursText = (c) => `${['normal', 'urgent', 'critical'].map(u => c.deadlineHours[u] ?? '—').join(' / ')} ${t(`admin.hoursKind.${c.hoursKind}`)}`;
  const rows = categories.map(c => el('tr', { 'data-id': `${c.kind}:${c.code}`, 'data-text': [c.kind, c.code, c.majorName, c.name, c.nameEn, c.leadDepartmentKind, adminKindName(c.leadDepartmentKind)].join(' ').toLowerCase() },
    el('td', {}, t(`admin.categoryKind.${c.kind}`)), el('td', {}, el('code', {}, c.code)), el('td', {}, c.majorName),
    el('td', {}, c.name, el('div', { class: 'muted', lang: 'en' }, c.nameEn)), el('td', {}, adminKindName(c.leadDepartmentKind)),
    el('td', {}, t(`admin.urgency.${c.urgency}`)), el('td', {}, hoursText(c)),
    el('td', {}, el('button', { type: 'button', class: 'small', onclick: () => fill(c) }, t('admin.edit')))));
  const search = adminSearch('a-tax-search', 'admin.tax.search', rows);

  // The form edits the whole category object; fields the form does not know are kept from the loaded one.
  let editing = null;
  const f = {
    kind: adminSelect('a-cat-kind', ['event', 'component'].map(k => [k, t(`admin.categoryKind.${k}`)])),
    code: adminInput('a-cat-code', { required: '', pattern: '(0[1-9]|[1-9][0-9]){2}', maxlength: '4', inputmode: 'numeric', autocomplete: 'off' }),
    majorName: adminInput('a-cat-major', { required: '', maxlength: '40' }),
    name: adminInput('a-cat-name', { required: '', maxlength: '40' }),
    nameEn: adminInput('a-cat-name-en', { required: '', maxlength: '80' }),
    leadDepartmentKind: adminSelect('a-cat-lead', adminKindOptions()),
    urgency: adminSelect('a-cat-urgency', ['normal', 'urgent', 'critical'].map(u => [u, t(`admin.urgency.${u}`)])),
    normal: adminInput('a-cat-hours-normal', { type: 'number', required: '', min: '0.5', max: '8760', step: '0.5' }),
    urgent: adminInput('a-cat-hours-urgent', { type: 'number', required: '', min: '0.5', max: '8760', step: '0.5' }),
    critical: adminInput('a-cat-hours-critical', { type: 'number', required: '', min: '0.5', max: '8760', step: '0.5' }),
    hoursKind: adminSelect('a-cat-hours-kind', ['working', 'natural'].map(k => [k, t(`admin.hoursKind.${k}`)])),
    acceptanceCriteria: el('textarea', { id: 'a-cat-acceptance', rows: '2', required: '' }),
    closingCriteria: el('textarea', { id: 'a-cat-closing', rows: '2', required: '' }),
    afterPhotoRequired: el('input', { id: 'a-cat-after-photo', type: 'checkbox' }),
  };
  const title = el('h2', {}, t('admin.tax.add'));
  const form = adminForm('a-cat-form', null, [title,
    el('div', { class: 'a-row' }, adminField('admin.tax.kind', f.kind, 'kind'), adminField('admin.tax.code', f.code, 'code', 'admin.tax.codeHint')),
    adminField('admin.tax.major', f.majorName, 'majorName'), adminField('admin.tax.name', f.name, 'name'), adminField('admin.tax.nameEn', f.nameEn, 'nameEn'),
    adminField('admin.tax.lead', f.leadDepartmentKind, 'leadDepartmentKind'), adminField('admin.tax.urgency', f.urgency, 'urgency'),
    el('fieldset', {}, el('legend', {}, t('admin.tax.deadline')),
      el('div', { class: 'a-row' }, adminField('admin.urgency.normal', f.normal, 'deadlineHours.normal deadlineHours'), adminField('admin.urgency.urgent', f.urgent, 'deadlineHours.urgent'),
        adminField('admin.urgency.critical', f.critical, 'deadlineHours.critical')),
      adminField('admin.tax.hoursKind', f.hoursKind, 'hoursKind')),
    adminField('admin.tax.acceptance', f.acceptanceCriteria, 'acceptanceCriteria'), adminField('admin.tax.closing', f.closingCriteria, 'closingCriteria'),
    adminField('admin.tax.afterPhoto', f.afterPhotoRequired, 'afterPhotoRequired', 'admin.tax.afterPhotoHint'),
  ], async (_, status) => {
    const id = `${f.kind.value}:${f.code.value}`;
    if (!editing && categories.some(c => `${c.kind}:${c.code}` === id)) throw adminInvalid('code', t('admin.tax.exists', { id }));
    const hours = { normal: Number(f.normal.value), urgent: Number(f.urgent.value), critical: Number(f.critical.value) };
    if (!(hours.urgent <= hours.normal && hours.critical <= hours.urgent)) throw adminInvalid('deadlineHours.urgent', t('admin.tax.hoursOrder'));
    const body = Object.assign({}, editing || {}, {
      kind: f.kind.value, code: f.code.value, majorName: f.majorName.value.trim(), name: f.name.value.trim(), nameEn: f.nameEn.value.trim(),
      leadDepartmentKind: f.leadDepartmentKind.value, urgency: f.urgency.value, deadlineHours: hours, hoursKind: f.hoursKind.value,
      acceptanceCriteria: f.acceptanceCriteria.value.trim(), closingCriteria: f.closingCriteria.value.trim(), afterPhotoRequired: f.afterPhotoRequired.checked });
    const saved = await api('/api/v1/taxonomy/categories', { method: 'PUT', json: body });
    adminGo({ tab: 'taxonomy', q: saved.code }, t('admin.tax.saved', { code: saved.code, name: saved.name }));
  });
  const reset = el('button', { type: 'button', class: 'link', id: 'a-cat-new', onclick: () => fill(null) }, t('admin.tax.new'));
  form.querySelector('.a-buttons').append(' ', reset);
  function fill(c, focus = true) {
    editing = c;
    title.textContent = c ? t('admin.tax.editTitle', { code: `${c.kind}:${c.code}` }) : t('admin.tax.add');
    const v = c || { kind: 'event', code: '', majorName: '', name: '', nameEn: '', leadDepartmentKind: 'chengguan', urgency: 'normal', deadlineHours: { normal: 24, urgent: 8, critical: 2 }, hoursKind: 'working', acceptanceCriteria: '', closingCriteria: '' };
    for (const k of ['kind', 'code', 'majorName', 'name', 'nameEn', 'leadDepartmentKind', 'urgency', 'hoursKind', 'acceptanceCriteria', 'closingCriteria']) f[k].value = v[k] ?? '';
    for (const u of ['normal', 'urgent', 'critical']) f[u].value = v.deadlineHours[u] ?? '';
    f.afterPhotoRequired.checked = v.afterPhotoRequired === true;
    f.kind.disabled = !!c; f.code.readOnly = !!c;
    adminClear(form);
    if (focus) (c ? f.name : f.code).focus();
  }
  fill(null, false);
  panel.append(el('div', { class: 'a-grid2 wide-left' },
    el('div', {}, search.element,
      el('div', { class: 'a-scroll' }, adminTable('a-tax-table', ['admin.tax.kind', 'admin.tax.code', 'admin.tax.major', 'admin.tax.name', 'admin.tax.lead', 'admin.tax.urgency', 'admin.tax.deadline', ''], rows))),
    el('div', {}, form)));
  search.input.value = params.get('q') || '';
  search.apply();
};

adminTabs.rules = async (panel, ctx) => {
  const [rules, taxonomy, nodes, departments, top] = await Promise.all([api('/api/v1/rules'), ctx.taxonomy(), ctx.nodes(), ctx.departments(), ctx.top()]);
  const nodeMap = await ctx.nodeMap();
  const pathOfDept = (d) => (nodeMap.get(d.nodeId) || {}).path;
  const weekdayName = (d) => t(`admin.weekday.${d}`);
  const windowText = (w) => (w ? `${adminWeekdays(w.weekdays)} ${w.start}–${w.end}` : t('admin.rules.always'));
  const areaText = (r) => (r.areaNodeId ? (nodeMap.get(r.areaNodeId) || { name: `#${r.areaNodeId}` }).name : t('admin.rules.wholeCity'));
  const listAlert = el('p', { class: 'error', role: 'alert', id: 'a-rules-alert' });
  const rows = rules.map(r => el('tr', { 'data-rule': r.name, class: r.active ? '' : 'inactive' },
    el('td', {}, r.name), el('td', {}, r.categoryId ? adminCategoryName(taxonomy, r.categoryId) : t('admin.rules.anyCategory')), el('td', {}, areaText(r)),
    el('td', {}, windowText(r.window)), el('td', {}, adminDeptName(departments, r.leadDepartmentId)),
    el('td', {}, r.coHandlerIds.map(id => adminDeptName(departments, id)).join(t('admin.sep')) || '—'), el('td', {}, r.active ? t('admin.yes') : t('admin.no')),
    el('td', { class: 'a-actions' }, el('button', { type: 'button', class: 'small', onclick: () => fill(r) }, t('admin.edit')), ' ',
      adminConfirmButton({ class: 'small danger', 'data-delete': r.name }, 'admin.delete', async () => {
        listAlert.textContent = '';
        try { await api(`/api/v1/rules/${r.id}`, { method: 'DELETE' }); adminGo({ tab: 'rules' }, t('admin.rules.deleted', { name: r.name })); } catch (err) { listAlert.textContent = err.message; }
      }))));

  const search = adminSearch('a-rules-search', 'admin.rules.search', rows);
  let editing = null;
  const name = adminInput('a-rule-name', { required: '', maxlength: '100', autocomplete: 'off' });
  const category = adminSelect('a-rule-category', [['', t('admin.rules.anyCategory')], ...taxonomy.categories.map(c => [`${c.kind}:${c.code}`, adminCategoryName(taxonomy, `${c.kind}:${c.code}`)])]);
  // The area is always a node: the server refuses a rule without one (its area would be "/", above every admin).
  const area = adminSelect('a-rule-area', adminNodeOptions(nodes), top.id, { required: '' });
  const windowOn = el('input', { id: 'a-rule-window', type: 'checkbox' });
  const days = [1, 2, 3, 4, 5, 6, 7].map(d => el('input', { id: `a-rule-day-${d}`, type: 'checkbox', value: String(d) }));
  const start = adminInput('a-rule-start', { type: 'time', value: '18:00' });
  const end = adminInput('a-rule-end', { type: 'time', value: '08:00' });
  const lead = adminSelect('a-rule-lead', [], null, { required: '' });
  const co = adminSelect('a-rule-co', [], null, { multiple: '', size: '5' });
  const active = el('input', { id: 'a-rule-active', type: 'checkbox' });
  const windowBox = el('fieldset', { id: 'a-rule-window-box' }, el('legend', {}, t('admin.rules.window')),
    el('div', { class: 'a-days', role: 'group', 'aria-label': t('admin.rules.weekdays') }, ...days.map((c, i) => el('span', { class: 'a-check' }, c, el('label', { for: c.id }, weekdayName(i + 1))))),
    el('span', { class: 'error', id: 'a-rule-days-err', 'data-field': 'window.weekdays window' }),
    el('div', { class: 'a-row' }, adminField('admin.rules.start', start, 'window.start'), adminField('admin.rules.end', end, 'window.end')));
  // Only departments that serve the area may lead or co-handle (their node is the area's or above it).
  const serving = () => { const path = (nodeMap.get(Number(area.value)) || {}).path || ''; return departments.filter(d => path.startsWith(pathOfDept(d) || '\u0000')); };
  const fillDepartments = (leadId, coIds) => {
    const list = serving();
    lead.replaceChildren(...list.map(d => el('option', { value: d.id }, d.name)));
    if (leadId) lead.value = String(leadId);
    co.replaceChildren(...list.map(d => el('option', { value: d.id, selected: coIds.includes(d.id) ? '' : undefined }, d.name)));
  };
  area.addEventListener('change', () => fillDepartments(Number(lead.value), Array.from(co.selectedOptions).map(o => Number(o.value))));
  const syncWindow = () => { windowBox.disabled = !windowOn.checked; };
  windowOn.addEventListener('change', syncWindow);
  const title = el('h2', {}, t('admin.rules.add'));
  const form = adminForm('a-rule-form', null, [title,
    adminField('admin.rules.name', name, 'name'), adminField('admin.rules.category', category, 'categoryId'), adminField('admin.rules.area', area, 'areaNodeId'),
    el('div', { class: 'a-check' }, windowOn, el('label', { for: windowOn.id }, t('admin.rules.useWindow'))), windowBox,
    adminField('admin.rules.lead', lead, 'leadDepartmentId'), adminField('admin.rules.coHandlers', co, 'coHandlerIds', 'admin.rules.coHint'),
    el('div', { class: 'a-check' }, active, el('label', { for: active.id }, t('admin.rules.active'))),
  ], async () => {
    const body = { name: name.value.trim(), leadDepartmentId: Number(lead.value), coHandlerIds: Array.from(co.selectedOptions).map(o => Number(o.value)), active: active.checked };
    if (!lead.value) throw adminInvalid('leadDepartmentId', t('admin.rules.noLead'));
    if (body.coHandlerIds.includes(body.leadDepartmentId)) throw adminInvalid('coHandlerIds', t('admin.rules.leadIsCo'));
    if (category.value) body.categoryId = category.value;
    body.areaNodeId = Number(area.value);
    if (windowOn.checked) {
      const weekdays = days.filter(c => c.checked).map(c => Number(c.value));
      if (!weekdays.length) throw adminInvalid('window.weekdays', t('admin.rules.noDays'));
      if (!start.value) throw adminInvalid('window.start', t('admin.rules.noTime'));
      if (!end.value) throw adminInvalid('window.end', t('admin.rules.noTime'));
      if (start.value === end.value) throw adminInvalid('window.end', t('admin.rules.sameTime'));
      body.window = { weekdays, start: start.value, end: end.value };
    }
    const saved = await api(editing ? `/api/v1/rules/${editing.id}` : '/api/v1/rules', { method: editing ? 'PUT' : 'POST', json: body });
    adminGo({ tab: 'rules' }, t('admin.rules.saved', { name: saved.name }));
  });
  form.querySelector('.a-buttons').append(' ', el('button', { type: 'button', class: 'link', id: 'a-rule-new', onclick: () => fill(null) }, t('admin.rules.new')));
  function fill(r, focus = true) {
    editing = r;
    title.textContent = r ? t('admin.rules.editTitle', { name: r.name }) : t('admin.rules.add');
    name.value = r ? r.name : '';
    category.value = r && r.categoryId ? r.categoryId : '';
    area.value = String(r && r.areaNodeId && nodeMap.has(r.areaNodeId) ? r.areaNodeId : top.id);
    windowOn.checked = !!(r && r.window);
    days.forEach(c => { c.checked = r && r.window ? r.window.weekdays.includes(Number(c.value)) : Number(c.value) <= 5; });
    start.value = r && r.window ? r.window.start : '18:00'; end.value = r && r.window ? r.window.end : '08:00';
    active.checked = r ? r.active : true;
    fillDepartments(r ? r.leadDepartmentId : null, r ? r.coHandlerIds : []);
    syncWindow();
    adminClear(form);
    if (focus) name.focus();
  }
  fill(null, false);
  search.apply();
  panel.append(el('div', { class: 'a-grid2 wide-left' },
    el('div', {}, el('p', { class: 'muted' }, t('admin.rules.explain')), search.element, listAlert,
      el('div', { class: 'a-scroll' }, adminTable('a-rules-table', ['admin.rules.name', 'admin.rules.category', 'admin.rules.area', 'admin.rules.window', 'admin.rules.lead', 'admin.rules.coHandlers', 'admin.rules.active', ''], rows)),
      rules.length ? '' : el('p', { class: 'muted' }, t('admin.rules.none'))),
    el('div', {}, form)));
};

adminTabs.powers = async (panel, ctx) => {
  const [powers, taxonomy, departments] = await Promise.all([api('/api/v1/handling-powers'), ctx.taxonomy(), ctx.departments()]);
  // The table is edited here and saved as a whole; removed rows stay visible, struck out, until saved.
  const rows = powers.map(p => ({ departmentId: p.departmentId, categoryId: p.categoryId, removed: false, added: false }));
  const body = el('tbody', {});
  const changes = el('p', { class: 'muted', id: 'a-powers-changes', 'aria-live': 'polite' });
  const search = adminSearch('a-powers-search', 'admin.powers.search', () => [...body.children]);
  const draw = () => {
    body.replaceChildren(...rows.map((p, i) => el('tr', { class: p.removed ? 'removed' : (p.added ? 'added' : ''), 'data-power': `${p.departmentId}|${p.categoryId}` },
      el('td', {}, adminDeptName(departments, p.departmentId)), el('td', {}, adminCategoryName(taxonomy, p.categoryId)),
      el('td', {}, p.added ? t('admin.powers.new') : (p.removed ? t('admin.powers.toRemove') : '')),
      el('td', {}, el('button', { type: 'button', class: 'small', 'aria-label': t(p.removed ? 'admin.powers.keepRow' : 'admin.powers.removeRow', { n: i + 1 }), onclick: () => {
        if (p.added) rows.splice(i, 1); else p.removed = !p.removed;
        draw();
      } }, p.removed ? t('admin.powers.keep') : t('admin.remove'))))));
    const added = rows.filter(p => p.added).length, removed = rows.filter(p => p.removed).length;
    changes.textContent = added || removed ? t('admin.powers.pending', { added, removed }) : '';
    search.apply();
  };
  const dept = adminSelect('a-power-dept', departments.map(d => [d.id, d.name]));
  const category = adminSelect('a-power-category', taxonomy.categories.map(c => [`${c.kind}:${c.code}`, adminCategoryName(taxonomy, `${c.kind}:${c.code}`)]));
  const addForm = adminForm('a-power-form', 'admin.powers.addTitle', [el('div', { class: 'a-row' },
    adminField('admin.powers.department', dept, 'departmentId'), adminField('admin.powers.category', category, 'categoryId'))], async () => {
    const row = { departmentId: Number(dept.value), categoryId: category.value };
    const same = rows.find(p => p.departmentId === row.departmentId && p.categoryId === row.categoryId);
    if (same && !same.removed) throw adminInvalid('categoryId', t('admin.powers.duplicate'));
    if (same) same.removed = false; else rows.push(Object.assign(row, { added: true, removed: false }));
    draw();
  }, 'admin.powers.addRow');
  const save = el('button', { type: 'button', id: 'a-powers-save' }, t('admin.save'));
  const saveAlert = el('p', { class: 'error', role: 'alert', id: 'a-powers-alert' });
  save.addEventListener('click', async () => {
    saveAlert.textContent = '';
    save.disabled = true;
    try {
      const kept = rows.filter(p => !p.removed).map(p => ({ departmentId: p.departmentId, categoryId: p.categoryId }));
      const saved = await api('/api/v1/handling-powers', { method: 'PUT', json: kept, ifMatch: true });
      adminGo({ tab: 'powers' }, t('admin.powers.saved', { n: saved.length }));
    } catch (err) {
      // A refused row is named by its index in the list sent (e.g. `[3].departmentId`).
      const m = /^\[?(\d+)\]?/.exec(err.field || '');
      saveAlert.textContent = m ? `${t('admin.powers.row', { n: Number(m[1]) + 1 })}: ${err.message}` : err.message;
    } finally { save.disabled = false; }
  });
  draw();
  panel.append(el('div', { class: 'a-grid2 wide-left' },
    el('div', {}, el('p', { class: 'muted' }, t('admin.powers.explain')), search.element,
      el('div', { class: 'a-scroll' }, el('table', { id: 'a-powers-table', class: 'a-table' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('admin.powers.department')), el('th', { scope: 'col' }, t('admin.powers.category')), el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, ''))), body)),
      el('p', { class: 'a-buttons' }, save, ' ', changes), saveAlert),
    el('div', {}, addForm)));
};

adminTabs.calendar = async (panel, ctx) => {
  const calendar = JSON.parse(JSON.stringify(await ctx.calendar()));
  const lists = { holidays: calendar.holidays.slice().sort(), makeUpWorkdays: calendar.makeUpWorkdays.slice().sort() };
  const boxes = { holidays: el('div', { id: 'a-cal-holidays', class: 'a-days-list' }), makeUpWorkdays: el('div', { id: 'a-cal-workdays', class: 'a-days-list' }) };
  const pending = el('p', { class: 'muted', id: 'a-cal-pending', 'aria-live': 'polite' });
  let dirty = false;
  const weekdayOf = (day) => { const d = new Date(`${day}T00:00:00Z`).getUTCDay(); return t(`admin.weekday.${d === 0 ? 7 : d}`); };
  const draw = () => {
    for (const key of Object.keys(lists)) {
      const byYear = {};
      lists[key].forEach(day => { (byYear[day.slice(0, 4)] = byYear[day.slice(0, 4)] || []).push(day); });
      boxes[key].replaceChildren(...(lists[key].length ? Object.entries(byYear).map(([year, days]) => el('div', { class: 'a-year' }, el('strong', {}, year), ' ',
        ...days.map(day => el('span', { class: 'chip', 'data-day': day }, `${day.slice(5)} ${weekdayOf(day)}`,
          el('button', { type: 'button', class: 'link', 'aria-label': t('admin.cal.removeDay', { day }), onclick: () => { lists[key] = lists[key].filter(x => x !== day); dirty = true; draw(); } }, '×')))))
        : [el('p', { class: 'muted' }, t('admin.cal.noDays'))]));
    }
    pending.textContent = dirty ? t('admin.cal.unsaved') : '';
  };
  const date = adminInput('a-cal-date', { type: 'date', required: '', min: '2000-01-01', max: '2100-12-31' });
  const form = adminForm('a-cal-form', 'admin.cal.addTitle', [adminField('admin.cal.date', date, 'date holidays makeUpWorkdays')], async () => {
    const which = form.dataset.which;
    const day = date.value;
    if (lists.holidays.includes(day) || lists.makeUpWorkdays.includes(day)) throw adminInvalid('date', t('admin.cal.already', { day }));
    lists[which] = [...lists[which], day].sort();
    dirty = true;
    draw();
  }, 'admin.cal.addHoliday');
  const holidayButton = form.querySelector('button[type=submit]');
  holidayButton.id = 'a-cal-add-holiday';
  const workdayButton = el('button', { type: 'submit', id: 'a-cal-add-workday' }, t('admin.cal.addWorkday'));
  holidayButton.after(' ', workdayButton);
  holidayButton.addEventListener('click', () => { form.dataset.which = 'holidays'; });
  workdayButton.addEventListener('click', () => { form.dataset.which = 'makeUpWorkdays'; });
  form.dataset.which = 'holidays';
  // Working weekdays and hours: a box per weekday, and the periods as "09:00-12:00, 13:30-17:30".
  const weekdayBoxes = [1, 2, 3, 4, 5, 6, 7].map(n => el('label', { class: 'a-check' },
    el('input', { type: 'checkbox', id: `a-cal-wd-${n}`, value: String(n), checked: calendar.workingWeekdays.includes(n) ? '' : undefined, onchange: () => { dirty = true; draw(); } }),
    ' ', t(`admin.weekday.${n}`)));
  const periods = adminInput('a-cal-periods', { value: calendar.periods.map(p => `${p.start}-${p.end}`).join(', '), oninput: () => { dirty = true; draw(); } });
  const periodsError = el('span', { class: 'error', id: 'a-cal-periods-err' });
  const readPeriods = () => periods.value.split(/[,，;；]/).map(x => x.trim()).filter(Boolean).map(text => {
    const m = text.match(/^(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})$/);
    if (!m) throw adminInvalid('periods', t('admin.cal.badPeriod', { text }));
    const pad = (x) => x.padStart(5, '0');
    return { start: pad(m[1]), end: pad(m[2]) };
  });
  const save = el('button', { type: 'button', id: 'a-cal-save' }, t('admin.save'));
  const saveAlert = el('p', { class: 'error', role: 'alert', id: 'a-cal-alert' });
  save.addEventListener('click', async () => {
    saveAlert.textContent = ''; periodsError.textContent = ''; periods.removeAttribute('aria-invalid');
    save.disabled = true;
    try {
      const workingWeekdays = weekdayBoxes.map(b => b.querySelector('input')).filter(b => b.checked).map(b => Number(b.value));
      await api('/api/v1/calendar', { method: 'PUT', ifMatch: true, json: Object.assign(calendar, { workingWeekdays, periods: readPeriods(), holidays: lists.holidays, makeUpWorkdays: lists.makeUpWorkdays }) });
      adminGo({ tab: 'calendar' }, t('admin.cal.saved'));
    } catch (err) {
      // An error about the hours goes next to them (the server names e.g. periods[0].end), any other above the button.
      if (err.field && /^(periods|workingWeekdays)/.test(err.field)) { periodsError.textContent = err.message; periods.setAttribute('aria-invalid', 'true'); } else saveAlert.textContent = err.message;
    } finally { save.disabled = false; }
  });
  draw();
  panel.append(el('div', { class: 'a-grid2 wide-left' },
    el('div', {},
      el('dl', { class: 'a-facts', id: 'a-cal-facts' },
        el('dt', {}, t('admin.cal.offset')), el('dd', {}, adminOffsetText(calendar.utcOffsetSeconds)),
        el('dt', {}, t('admin.cal.weekdays')), el('dd', {}, adminWeekdays(calendar.workingWeekdays))),
      el('fieldset', { class: 'a-hours', id: 'a-cal-hours' }, el('legend', {}, t('admin.cal.hoursTitle')),
        el('p', {}, ...weekdayBoxes),
        el('label', { for: 'a-cal-periods' }, t('admin.cal.periods')), periods, el('div', { class: 'muted' }, t('admin.cal.periodsHint')), periodsError),
      el('h2', {}, t('admin.cal.holidays')), boxes.holidays,
      el('h2', {}, t('admin.cal.workdays')), boxes.makeUpWorkdays,
      el('p', { class: 'a-buttons' }, save, ' ', pending), saveAlert),
    el('div', {}, form)));
};
