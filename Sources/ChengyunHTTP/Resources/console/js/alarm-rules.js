'use strict';
// 告警规则 — the alarm rules over the user's area (#/alarm-rules, docs/SENSING.md): level, what each watches, its
// trigger in words (thresholds with hysteresis, rates, silence, 三碰头), the case category its alarms open and the rule
// they are grouped under. An admin over a rule's node switches it on and off and adds threshold rules; the server
// allows no one else to (403 `auth.out_of_scope`), so no one else is offered the switch.

const alarmLevels = ['blue', 'yellow', 'orange', 'red'];
/// A number as the rules give it (0.25, 17.2), in the page's locale.
const ruleNumber = (x) => (typeof x === 'number' ? x.toLocaleString(state.lang, { maximumFractionDigits: 4 }) : '—');

/// What a rule watches: a kind of device (and the quantity), one datastream by its device's name, or, for a
/// coincidence, the area under its node.
function ruleTarget(rule, streams) {
  const target = rule.target || {};
  if (target.datastreamId) {
    const s = streams.get(target.datastreamId);
    return s ? `${s.Thing ? `${s.Thing.name} · ` : ''}${s.name}` : t('alarmRules.datastream', { id: target.datastreamId });
  }
  if (target.kind) return deviceKindName(target.kind) + (target.property ? ` · ${t('alarmRules.property', { code: target.property })}` : '');
  return t('alarmRules.area');
}
/// A rule's trigger in words: 高于 0.25 报警、低于 0.05 解除，持续 60 秒; 静默 1800 秒报警; 三碰头：暴雨、高潮位、大风（全部）.
function ruleTrigger(rule, byId) {
  const tr = rule.trigger || {};
  const values = { raise: ruleNumber(tr.raise), clear: ruleNumber(tr.clear), n: tr.sustainSeconds };
  switch (tr.kind) {
    case 'threshold':
      return t(tr.above === false ? 'alarmRules.threshold.below' : 'alarmRules.threshold.above', values) + (tr.sustainSeconds ? t('alarmRules.sustain', values) : '');
    case 'rate':
      return t('alarmRules.rate', values) + (tr.sustainSeconds ? t('alarmRules.sustain', values) : '');
    case 'silence':
      return t('alarmRules.silence', { n: tr.silenceSeconds });
    case 'coincidence': {
      const members = tr.members || [];
      const names = members.map(id => (byId.get(id) ? byId.get(id).name : t('alarmRules.ruleNo', { id }))).join(t('alarmRules.sep'));
      const count = t('alarmRules.numbers').split(',')[members.length] || String(members.length);
      return t(tr.all === false ? 'alarmRules.coincidence.any' : 'alarmRules.coincidence.all', { count, names });
    }
    default: return tr.kind || '—';
  }
}

pages['alarm-rules'] = async (view) => {
  const me = state.me;
  const adminAt = (me.assignments || []).filter(a => a.role === 'admin');
  const mayChange = (rule) => adminAt.some(a => (rule.nodePath || '').startsWith(a.nodePath));
  const [rules] = await Promise.all([api('/api/v1/alarm-rules'), taxonomy().catch(() => null)]);
  const message = el('p', { id: 'ar-message', role: 'status' });
  const say = (text, ok) => { message.className = ok ? 'ok' : 'error'; message.textContent = text; };

  // The names each row needs, read once: the datastreams some rules watch, the nodes they are set over.
  const streams = new Map();
  const nodes = new Map();
  const names = async (list) => {
    await Promise.all([...new Set(list.map(r => r.target && r.target.datastreamId).filter(Boolean))].filter(id => !streams.has(id)).map(async id => {
      const s = await api(`/sta/v1.1/Datastreams(${id})?$expand=Thing`).catch(() => null);
      if (s) streams.set(id, s);
    }));
    await Promise.all([...new Set(list.map(r => r.nodeId))].filter(id => !nodes.has(id)).map(async id => nodes.set(id, await deviceNode(id))));
  };
  await names(rules);

  const body = el('tbody');
  const drawRows = (list) => {
    const byId = new Map(list.map(r => [r.id, r]));
    body.replaceChildren(...list.map(r => {
      const node = nodes.get(r.nodeId);
      const status = el('span', { class: `ar-state ${r.active ? 'on' : 'off'}`, 'data-state': r.active ? 'on' : 'off' }, t(r.active ? 'alarmRules.on' : 'alarmRules.off'));
      let control = status;
      if (mayChange(r)) {
        const button = el('button', { type: 'button', role: 'switch', class: 'switch', id: `ar-switch-${r.id}`, 'aria-checked': String(!!r.active),
          'aria-label': t('alarmRules.switchOf', { name: r.name }),
          onclick: async () => {
            button.disabled = true;
            try {
              const changed = await api(`/api/v1/alarm-rules/${r.id}`, { method: 'PATCH', json: { active: !r.active } });
              r.active = changed.active;
              say(t(r.active ? 'alarmRules.switchedOn' : 'alarmRules.switchedOff', { name: r.name }), true);
              drawRows(list);
              $(`#ar-switch-${r.id}`).focus();
            } catch (e) { say(e.message); button.disabled = false; }
          } }, el('span', { class: 'knob', 'aria-hidden': 'true' }), status);
        control = button;
      }
      // Each cell names its column (`data-label`), which a phone shows in front of it: there the rows are cards.
      const cell = (key, attrs, ...content) => el('td', Object.assign({ 'data-label': t(key) }, attrs), el('div', { class: 'ar-cell' }, ...content));
      return el('tr', { 'data-rule': r.id, class: r.active ? '' : 'inactive' },
        cell('alarmRules.level', { class: 'ar-level' }, levelBadge(r.level)),
        cell('alarmRules.name', { class: 'ar-name' }, el('strong', {}, r.name), node ? el('div', { class: 'muted' }, node.name) : ''),
        cell('alarmRules.target', {}, ruleTarget(r, streams)),
        cell('alarmRules.trigger', { class: 'ar-trigger' }, ruleTrigger(r, byId)),
        cell('alarmRules.category', {}, r.categoryId ? categoryLabel(r.categoryId) : el('span', { class: 'muted' }, t('alarmRules.noCase'))),
        cell('alarmRules.groupUnder', {}, r.groupUnder ? (byId.get(r.groupUnder) ? byId.get(r.groupUnder).name : t('alarmRules.ruleNo', { id: r.groupUnder })) : '—'),
        cell('alarmRules.state', { class: 'ar-switch' }, control));
    }));
  };
  drawRows(rules);

  const table = el('div', { class: 'table-scroll' }, el('table', { id: 'ar-table', class: 'ar-table' },
    el('thead', {}, el('tr', {}, ...['alarmRules.level', 'alarmRules.name', 'alarmRules.target', 'alarmRules.trigger', 'alarmRules.category', 'alarmRules.groupUnder', 'alarmRules.state']
      .map(k => el('th', {}, t(k))))), body));

  // 新增阈值规则: an admin's form, each refusal next to its field.
  let form = '';
  if (adminAt.length) {
    const field = (id, label, input, hint) => el('div', { class: 'a-field', id: `${id}-field` }, el('label', { for: id }, label), input,
      hint ? el('small', { class: 'muted' }, hint) : '', el('span', { class: 'error', id: `${id}-error`, role: 'alert' }));
    const name = el('input', { id: 'ar-name', required: '', maxlength: '100', placeholder: t('alarmRules.namePlaceholder') });
    const level = el('select', { id: 'ar-level' }, ...alarmLevels.map(l => el('option', { value: l }, t(`sensing.level.${l}`))));
    level.value = 'yellow';
    const node = el('select', { id: 'ar-node' }, ...adminAt.map(a => el('option', { value: a.nodeId }, (nodes.get(a.nodeId) || {}).name || t('alarmRules.ruleNo', { id: a.nodeId }))));
    await Promise.all(adminAt.filter(a => !nodes.has(a.nodeId)).map(async a => { const n = await deviceNode(a.nodeId); if (n) node.querySelector(`option[value="${a.nodeId}"]`).textContent = n.name; }));
    const kind = el('select', { id: 'ar-kind', required: '' }, el('option', { value: '' }, t('alarmRules.chooseKind')), ...deviceKinds.map(k => el('option', { value: k }, deviceKindName(k))));
    const above = el('select', { id: 'ar-above' }, el('option', { value: 'true' }, t('alarmRules.above')), el('option', { value: 'false' }, t('alarmRules.below')));
    const number = (id, extra) => el('input', Object.assign({ id, type: 'number', step: 'any', required: '', inputmode: 'decimal' }, extra || {}));
    const raise = number('ar-raise'), clear = number('ar-clear');
    const sustain = number('ar-sustain', { min: '0', max: '86400', step: '1', value: '0' });
    const cats = (state.taxonomy && state.taxonomy.categories) || [];
    const category = el('select', { id: 'ar-category' }, el('option', { value: '' }, t('alarmRules.noCaseOption')), ...cats.map(categoryOption));
    const fields = { name: 'ar-name', level: 'ar-level', nodeId: 'ar-node', kind: 'ar-kind', target: 'ar-kind', 'trigger.above': 'ar-above',
      'trigger.raise': 'ar-raise', 'trigger.clear': 'ar-clear', 'trigger.sustainSeconds': 'ar-sustain', categoryId: 'ar-category' };
    const formMessage = el('p', { id: 'ar-form-message', role: 'status' });
    const clearErrors = () => {
      form.querySelectorAll('.a-field .error').forEach(e => { e.textContent = ''; });
      form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
      formMessage.textContent = ''; formMessage.className = '';
    };
    form = el('form', { class: 'a-form ar-form', id: 'ar-form', onsubmit: async (e) => {
      e.preventDefault();
      clearErrors();
      const body = { name: name.value.trim(), level: level.value, nodeId: Number(node.value), kind: kind.value,
        trigger: { kind: 'threshold', above: above.value === 'true', raise: Number(raise.value), clear: Number(clear.value), sustainSeconds: Number(sustain.value || 0) } };
      if (category.value) body.categoryId = category.value;
      const submit = $('#ar-add');
      submit.disabled = true;
      try {
        const made = await api('/api/v1/alarm-rules', { method: 'POST', json: body });
        const list = await api('/api/v1/alarm-rules');
        await names(list);
        rules.splice(0, rules.length, ...list);
        drawRows(rules);
        $('#ar-count').textContent = t('alarmRules.count', { n: rules.length });
        form.reset(); level.value = 'yellow'; sustain.value = '0';
        formMessage.className = 'ok'; formMessage.textContent = t('alarmRules.added', { name: made.name });
      } catch (err) {
        const id = fields[err.field];
        if (id) { $(`#${id}-error`).textContent = err.message; $(`#${id}`).setAttribute('aria-invalid', 'true'); $(`#${id}`).focus(); }
        else { formMessage.className = 'error'; formMessage.textContent = err.message; }
      } finally { submit.disabled = false; }
    } },
    el('h2', {}, t('alarmRules.add')),
    el('p', { class: 'muted' }, t('alarmRules.addExplain')),
    field('ar-name', t('alarmRules.name'), name),
    el('div', { class: 'a-row' }, field('ar-level', t('alarmRules.level'), level), field('ar-node', t('alarmRules.node'), node)),
    el('div', { class: 'a-row' }, field('ar-kind', t('alarmRules.kind'), kind), field('ar-above', t('alarmRules.direction'), above)),
    el('div', { class: 'a-row' }, field('ar-raise', t('alarmRules.raise'), raise), field('ar-clear', t('alarmRules.clear'), clear, t('alarmRules.clearHint'))),
    el('div', { class: 'a-row' }, field('ar-sustain', t('alarmRules.sustainSeconds'), sustain), field('ar-category', t('alarmRules.caseCategory'), category, t('alarmRules.categoryHint'))),
    el('p', { class: 'a-buttons' }, el('button', { type: 'submit', id: 'ar-add' }, t('alarmRules.addButton'))), formMessage);
  }

  view.replaceChildren(el('div', { class: 'alarm-rules' },
    el('section', { class: 'panel' }, el('h1', {}, t('alarmRules.title')),
      el('p', { class: 'muted' }, t('alarmRules.explain'), ' ', t(adminAt.length ? 'alarmRules.adminNote' : 'alarmRules.readOnly')),
      el('p', { id: 'ar-count', class: 'muted' }, t('alarmRules.count', { n: rules.length })), message, table),
    form ? el('section', { class: 'panel' }, form) : ''));
  view.dataset.ready = 'true';
};
