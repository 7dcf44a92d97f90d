'use strict';
// 动线管理图 — a compound's entrances as a wall map (seed 002: "形成'动线管理图'规范入口。绘出人员信息登记、返沪人员管控、
// 入门测温、快递外卖配送等流程动线，实现无接触式管理服务"): each entrance with the way people pass (进出 / 只进 / 只出),
// closed ones crossed out, its checkpoints numbered in the order a person passes them, a checkpoint that stands apart
// (the delivery shelf outside) where it stands; printed as a wall map. A committee's keepers change the entrances here
// (PUT /api/v1/compounds/{id}/entrances, with the version they read: someone else's change meanwhile is refused).

const CHECKPOINT_KINDS = ['registration', 'returnees', 'temperature', 'deliveries'];
const STEP_MARKS = ['①', '②', '③', '④', '⑤', '⑥'];

/// The flow-line map of compound `id` as a section; its committee's keepers get the form that changes the entrances.
async function flowLineMap(id) {
  const map = await api(`/api/v1/status-maps/compounds/${id}`);
  const compound = map.compound;
  const keeper = state.me.assignments.some(a => ['communityWorker', 'stationChief', 'admin'].includes(a.role) && compound.nodePath.startsWith(a.nodePath));
  const gates = compound.entrances || [];
  const placed = map.buildings.filter(b => b.location);
  const ring = compound.area && compound.area.type === 'Polygon' ? compound.area.coordinates[0] : [];
  const points = [...placed.map(b => [b.location.lon, b.location.lat]), ...gates.map(g => [g.location.lon, g.location.lat]), ...ring,
    ...gates.flatMap(g => g.checkpoints.filter(c => c.location).map(c => [c.location.lon, c.location.lat]))];
  if (compound.location) points.push([compound.location.lon, compound.location.lat]);
  const section = el('section', { class: 'panel wall-map', id: 'status-flow' },
    el('h2', { class: 'wall-title' }, t('statusMaps.flowTitle', { name: compound.name })),
    el('p', { class: 'muted' }, t('statusMaps.flowNote')));
  if (!points.length) { section.append(el('p', { class: 'muted' }, t('statusMaps.flowNothing'))); return section; }
  const frame = planFrame(points);
  const centre = points.reduce((a, p) => [a[0] + p[0] / points.length, a[1] + p[1] / points.length], [0, 0]);
  const [cx, cy] = frame.at(centre[0], centre[1]);
  const plan = svgNode('svg', { viewBox: `0 0 ${frame.W} ${frame.H}`, class: 'status-site flow-site', id: 'flow-site', role: 'img', 'aria-label': t('statusMaps.flowTitle', { name: compound.name }) },
    svgNode('defs', {}, svgNode('marker', { id: 'flow-arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
      svgNode('path', { d: 'M0,0 L10,5 L0,10 Z', class: 'flow-arrow-head' }))));
  if (ring.length) plan.append(svgNode('polygon', { class: 'status-site-bound', points: ring.map(p => frame.at(p[0], p[1]).join(',')).join(' ') }));
  for (const b of placed) {
    const [x, y] = frame.at(b.location.lon, b.location.lat);
    plan.append(svgNode('g', { class: 'flow-building' }, svgNode('rect', { x: x - 30, y: y - 16, width: 60, height: 32, rx: 4 }),
      svgNode('text', { x, y: y + 5, 'text-anchor': 'middle' }, b.number)));
  }
  gates.forEach((gate, i) => {
    const [x, y] = frame.at(gate.location.lon, gate.location.lat);
    // The flow line runs from the gate towards the compound's middle; its arrows say which way people pass.
    const len = Math.hypot(cx - x, cy - y) || 1, ux = (cx - x) / len, uy = (cy - y) / len, reach = Math.min(90, Math.max(40, len * 0.6));
    const g = svgNode('g', { class: `flow-gate${gate.open ? '' : ' closed'}${gate.vehicles ? ' vehicles' : ''}`, 'data-gate': gate.name, 'data-direction': gate.direction });
    // Begun a little inside the gate, so that an arrow out of it does not hide the gate's mark.
    const line = { x1: x + ux * 14, y1: y + uy * 14, x2: x + ux * reach, y2: y + uy * reach, class: 'flow-line' };
    if (gate.open && gate.direction !== 'exit') line['marker-end'] = 'url(#flow-arrow)';
    if (gate.open && gate.direction !== 'entry') line['marker-start'] = 'url(#flow-arrow)';
    g.append(svgNode('line', line), svgNode('path', { d: `M${x},${y - 9} L${x + 9},${y + 7} L${x - 9},${y + 7} Z`, class: 'flow-gate-mark' }));
    if (!gate.open) g.append(svgNode('path', { d: `M${x - 11},${y - 11} L${x + 11},${y + 11} M${x + 11},${y - 11} L${x - 11},${y + 11}`, class: 'flow-closed' }));
    g.append(svgNode('text', { x: x + 13, y: y - 10, class: 'flow-gate-name' }, `${gate.name}${gate.vehicles ? t('statusMaps.vehicles') : t('statusMaps.people')}`));
    // Checkpoints along the line, numbered in order; one that stands apart is drawn where it stands, tied to its gate.
    gate.checkpoints.forEach((c, j) => {
      let [px, py] = [x + ux * (22 + j * 24) + uy * 18, y + uy * (22 + j * 24) - ux * 18];
      if (c.location) {
        [px, py] = frame.at(c.location.lon, c.location.lat);
        g.append(svgNode('line', { x1: x, y1: y, x2: px, y2: py, class: 'flow-tie' }));
      }
      g.append(svgNode('g', { class: 'flow-step', 'data-kind': c.kind, 'data-step': j + 1 },
        svgNode('circle', { cx: px, cy: py, r: 8 }), svgNode('text', { x: px, y: py + 4, 'text-anchor': 'middle' }, String(j + 1)),
        svgNode('title', {}, `${gate.name} ${STEP_MARKS[j]} ${t(`statusMaps.checkpoint.${c.kind}`)}`)));
    });
    plan.append(g);
  });
  const steps = el('div', { class: 'table-scroll' }, el('table', { id: 'flow-steps' },
    el('thead', {}, el('tr', {}, ...['entrance', 'passes', 'direction', 'state', 'steps'].map(k => el('th', {}, t(`statusMaps.flowCol.${k}`))))),
    el('tbody', {}, ...gates.map(gate => el('tr', { 'data-gate': gate.name, class: gate.open ? '' : 'muted' },
      el('th', { scope: 'row' }, gate.name),
      el('td', {}, gate.vehicles ? t('statusMaps.flowVehicles') : t('statusMaps.flowPeople')),
      el('td', { 'data-col': 'direction' }, t(`statusMaps.direction.${gate.direction}`)),
      el('td', { 'data-col': 'state' }, gate.open ? t('statusMaps.flowOpen') : t('statusMaps.flowClosed')),
      el('td', { 'data-col': 'steps' }, ...gate.checkpoints.flatMap((c, j) => [j ? ' → ' : '',
        el('span', { class: 'flow-step-text', 'data-kind': c.kind }, `${STEP_MARKS[j]} ${t(`statusMaps.checkpoint.${c.kind}`)}${c.note ? `（${c.note}）` : ''}${c.location ? t('statusMaps.flowApart') : ''}`)]),
        gate.checkpoints.length ? '' : '—'))))));
  section.append(
    el('p', { class: 'muted flow-legend' }, t('statusMaps.flowLegend')),
    el('p', { class: 'no-print' }, el('button', { type: 'button', id: 'flow-print', onclick: () => window.print() }, t('statusMaps.flowPrint'))),
    el('div', { class: 'status-site-box' }, plan), steps);
  if (keeper) section.append(entranceEditor(compound, frame, plan));
  return section;
}

/// The keepers' form: each entrance's name, traffic, way, open or closed, and checkpoints (ticked ones in the order
/// shown, with a note each); an entrance added by tapping its place on the plan; saved whole with the version read.
function entranceEditor(compound, frame, plan) {
  const list = el('div', { id: 'flow-edit-list' });
  const error = el('p', { class: 'error', role: 'alert' });
  const hint = el('p', { class: 'muted', role: 'status' });
  const rows = [];
  const add = (gate) => {
    const name = el('input', { value: gate.name, maxlength: '20', 'aria-label': t('statusMaps.flowCol.entrance'), 'data-field': 'name' });
    const vehicles = el('input', { type: 'checkbox', 'data-field': 'vehicles' });
    vehicles.checked = gate.vehicles;
    const direction = el('select', { 'aria-label': t('statusMaps.flowCol.direction'), 'data-field': 'direction' },
      ...['both', 'entry', 'exit'].map(d => el('option', { value: d }, t(`statusMaps.direction.${d}`))));
    direction.value = gate.direction;
    const open = el('input', { type: 'checkbox', 'data-field': 'open' });
    open.checked = gate.open;
    // The entrance's checkpoints first, in their order, then the kinds it has not.
    const kinds = [...gate.checkpoints.map(c => c.kind), ...CHECKPOINT_KINDS.filter(k => !gate.checkpoints.some(c => c.kind === k))];
    const checks = kinds.map(kind => {
      const had = gate.checkpoints.find(c => c.kind === kind);
      const box = el('input', { type: 'checkbox', 'data-kind': kind });
      box.checked = Boolean(had);
      const note = el('input', { value: (had && had.note) || '', maxlength: '100', placeholder: t('statusMaps.flowNotePlaceholder'), 'aria-label': t('statusMaps.flowNotePlaceholder'), 'data-note': kind });
      return { kind, box, note, location: had && had.location, row: el('label', { class: 'flow-check' }, box, ` ${t(`statusMaps.checkpoint.${kind}`)} `, note) };
    });
    const row = { gate, name, vehicles, direction, open, checks, box: null };
    row.box = el('fieldset', { class: 'flow-edit-gate', 'data-gate': gate.name },
      el('div', { class: 'inline-form' }, name,
        el('label', {}, vehicles, ` ${t('statusMaps.flowVehicles')}`), direction, el('label', {}, open, ` ${t('statusMaps.flowOpen')}`),
        el('button', { type: 'button', class: 'secondary', 'data-action': 'remove', onclick: () => { rows.splice(rows.indexOf(row), 1); row.box.remove(); } }, t('statusMaps.flowRemove'))),
      ...checks.map(c => c.row));
    rows.push(row);
    list.append(row.box);
  };
  (compound.entrances || []).forEach(add);
  // A new entrance: the next tap on the plan places it.
  let placing = false;
  plan.addEventListener('click', (e) => {
    if (!placing) return;
    placing = false;
    plan.classList.remove('placing');
    const p = plan.createSVGPoint();
    p.x = e.clientX; p.y = e.clientY;
    const at = p.matrixTransform(plan.getScreenCTM().inverse());
    const [lon, lat] = frame.place(at.x, at.y);
    add({ name: t('statusMaps.flowNewName', { n: rows.length + 1 }), location: { lon, lat }, vehicles: false, direction: 'both', open: true, checkpoints: [] });
    hint.textContent = t('statusMaps.flowPlaced');
  });
  const save = async () => {
    error.textContent = '';
    const entrances = rows.map(r => ({
      name: r.name.value, location: r.gate.location, vehicles: r.vehicles.checked, direction: r.direction.value, open: r.open.checked,
      checkpoints: r.checks.filter(c => c.box.checked).map(c => Object.assign({ kind: c.kind, note: c.note.value }, c.location ? { location: c.location } : {})),
    }));
    try {
      await api(`/api/v1/compounds/${compound.id}/entrances`, { method: 'PUT', json: { entrances, version: compound.version } });
      route();
    } catch (err) { error.textContent = err.message; }
  };
  return el('details', { class: 'no-print flow-edit', id: 'flow-edit' },
    el('summary', {}, t('statusMaps.flowEdit')),
    list,
    el('p', { class: 'inline-form' },
      el('button', { type: 'button', class: 'secondary', id: 'flow-add', onclick: () => { placing = true; plan.classList.add('placing'); hint.textContent = t('statusMaps.flowTapPlan'); } }, t('statusMaps.flowAdd')),
      el('button', { type: 'button', id: 'flow-save', onclick: save }, t('statusMaps.flowSave'))),
    hint, error);
}
