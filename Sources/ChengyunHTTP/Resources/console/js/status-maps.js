'use strict';
// 房态图 / 楼态图 — the status maps (docs/STATUS-MAPS.md), `#/status-maps`: drawn every day by the city's rules
// (多色管理). A committee sees each compound as a plan of its buildings coloured by level (三色) with their class
// (放心楼 / 重点楼 / 关注楼 / 互助楼), and a building floor by floor: each house in its colour with its residents as
// shapes (三角形: ▲ ■ ●, counts only) and party members (★); both print as wall maps (挂图作战). A street, district or
// the city reads the counts of its parts in the tree's order (no ranking).

const STATUS_SHAPES = { triangle: '▲', square: '■', circle: '●' };
/// A building's level on a map (the city map's building layer).
const BUILDING_LEVEL_COLOURS = { red: '#dc2626', yellow: '#eab308', green: '#16a34a' };

/// A rule's label in the user's language: the standard rules have English names; a city's own keep theirs.
function statusLabel(kind, rule) {
  const key = `statusMaps.${kind}.${rule.code}`;
  return state.lang === 'en' && state.strings[key] !== undefined ? t(key) : rule.label;
}

/// The legend of the rules: house colours, building classes with their level, resident shapes.
function statusLegend(rules) {
  return el('div', { class: 'status-legend', id: 'status-legend' },
    el('div', {}, el('strong', {}, t('statusMaps.legendHouses')), ' ',
      ...rules.houses.map(r => el('span', { class: `status-chip status-${r.colour}`, 'data-rule': r.code }, statusLabel('house', r)))),
    el('div', {}, el('strong', {}, t('statusMaps.legendBuildings')), ' ',
      ...rules.buildings.map(r => el('span', { class: `status-chip status-frame status-level-${r.level}`, 'data-class': r.code }, statusLabel('building', r)))),
    el('div', {}, el('strong', {}, t('statusMaps.legendResidents')), ' ',
      ...rules.residents.map(r => el('span', { class: 'status-shape-key', 'data-shape': r.shape }, `${STATUS_SHAPES[r.shape]} ${statusLabel('resident', r)}`)),
      el('span', { class: 'status-shape-key' }, `★ ${t('statusMaps.party')}`)));
}

/// Why a building has its class: the condition of its rule that held, in words.
function statusReason(rules, entry, tagNames = {}) {
  const rule = rules.buildings.find(r => r.code === entry.buildingClass);
  if (!rule || entry.reason === undefined || entry.reason === null) return '';
  const c = rule.when[entry.reason] || {};
  const houseNames = (c.houses || []).map(code => { const r = rules.houses.find(h => h.code === code); return r ? statusLabel('house', r) : code; }).join('、');
  if (c.openCasesAtLeast) return t('statusMaps.reasonCases', { n: entry.reasonCount });
  if (c.houses) return t('statusMaps.reasonHouses', { what: houseNames, n: entry.reasonCount });
  if (c.residentTags) return t('statusMaps.reasonResidents', { what: c.residentTags.map(code => tagNames[code] || code).join('、'), n: entry.reasonCount });
  if (c.buildingTags) return t('statusMaps.reasonTag');
  return '';
}

/// An SVG element built node by node: nothing from the data ever reaches markup.
function svgNode(tag, attrs, ...children) {
  const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [a, v] of Object.entries(attrs)) if (v !== undefined && v !== null) n.setAttribute(a, String(v));
  n.append(...children);
  return n;
}

/// The frame of a compound's plan over [lon, lat] points: one scale for both directions, as large as fits 900 × 520
/// (a lone point gets a 100 m frame). `at` places a point; `place` turns a point of the drawing back into [lon, lat].
function planFrame(points) {
  const lat0 = points.reduce((a, p) => a + p[1], 0) / points.length, k = Math.cos(lat0 * Math.PI / 180);
  const xs = points.map(p => p[0] * k), ys = points.map(p => p[1]);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  const W = 900, pad = 45, dx = Math.max(maxX - minX, 0.001), dy = Math.max(maxY - minY, 0.0003);
  const scale = Math.min((W - 2 * pad) / dx, (520 - 2 * pad) / dy), H = Math.max(160, Math.round(dy * scale) + 2 * pad);
  const ox = (W - (maxX - minX) * scale) / 2, oy = (H - (maxY - minY) * scale) / 2;
  return {
    W, H,
    at: (lon, lat) => [ox + (lon * k - minX) * scale, H - oy - (lat - minY) * scale],
    place: (x, y) => [((x - ox) / scale + minX) / k, (H - oy - y) / scale + minY],
  };
}

pages['status-maps'] = async (view, params) => {
  const me = state.me;
  const node = params.get('node') || '';
  const go = (q) => { location.hash = `#/status-maps?${new URLSearchParams(Object.entries(Object.assign({ node }, q)).filter(([, v]) => v))}`; };
  const [counts, tags] = await Promise.all([api(`/api/v1/status-maps/counts${node ? `?nodeId=${node}` : ''}`), api('/api/v1/tags')]);
  const tagNames = Object.fromEntries(tags.map(g => [g.code, g.name]));
  const rules = counts.rules;
  const area = counts.rows[0];
  const groupsMap = params.get('map') === 'groups' && area.level === 'committee';
  const flowMap = params.get('map') === 'flow' && area.level === 'committee';
  const guide = area.level === 'committee' ? WALL_GUIDE_KINDS[params.get('map')] : undefined;
  const parts = [];
  const classCols = rules.buildings.map(r => r.code);
  const levelOf = Object.fromEntries(rules.buildings.map(r => [r.code, r.level]));

  if (area.level !== 'committee') {
    // An area: its row, then its parts' — buildings by class, houses by colour as a bar.
    parts.push(el('section', { class: 'panel', id: 'status-counts-panel' },
      el('h2', {}, t('statusMaps.counts', { area: counts.name })),
      node ? el('p', {}, el('a', { href: '#/status-maps' }, t('ledgers.back'))) : '',
      el('div', { class: 'table-scroll' }, el('table', { id: 'status-counts' },
        el('thead', {}, el('tr', {}, el('th', {}, t('statusMaps.area')), el('th', {}, t('statusMaps.buildings')),
          ...rules.buildings.map(r => el('th', {}, el('span', { class: `dot status-${r.level}` }), ' ', statusLabel('building', r))),
          el('th', {}, t('statusMaps.houses')), el('th', {}, t('statusMaps.houseColours')))),
        el('tbody', {}, ...counts.rows.map(r => el('tr', { 'data-node': r.nodeId, class: r.area ? 'ledger-area' : '' },
          el('th', { scope: 'row', class: 'status-area-name' }, r.area ? r.name : el('button', { type: 'button', class: 'link', onclick: () => go({ node: String(r.nodeId) }) }, r.name)),
          el('td', { 'data-col': 'buildings' }, String(r.buildings)),
          ...classCols.map(c => el('td', { 'data-col': `class:${c}` }, String(r.classes[c] || 0))),
          el('td', { 'data-col': 'houses' }, String(r.houses)),
          el('td', {}, houseBar(r.houseRules, r.houses)))))))));
  } else {
    parts.push(await committeePanel(area));
  }
  view.replaceChildren(el('h1', {}, t('statusMaps.title')), groupsMap || flowMap || guide ? '' : statusLegend(rules), el('div', { class: 'status-page' }, ...parts));
  // A building chosen: shown where it is (below the plan, out of sight on a phone).
  if (params.get('building')) { const b = document.getElementById('status-building'); if (b) b.scrollIntoView({ block: 'start' }); }
  // A group chosen on the responsibility map: its checks, below the map.
  if (params.get('group')) { const c = document.getElementById('status-group-checks'); if (c) c.scrollIntoView({ block: 'start' }); }
  view.dataset.ready = 'true';

  /// Houses by colour as one bar, each part as wide as its share.
  function houseBar(byRule, total) {
    return el('div', { class: 'status-bar', role: 'img', 'aria-label': rules.houses.filter(r => byRule[r.code]).map(r => `${statusLabel('house', r)} ${byRule[r.code]}`).join('，') },
      ...rules.houses.filter(r => byRule[r.code]).map(r => el('span', { class: `status-${r.colour}`, style: `flex-grow:${byRule[r.code]}`, title: `${statusLabel('house', r)} ${byRule[r.code]}` })));
  }

  // A committee: its figures, its compounds to choose, the chosen compound's plan and building.
  async function committeePanel(row) {
    const keeper = me.assignments.some(a => ['communityWorker', 'stationChief', 'admin'].includes(a.role) && row && a.nodePath.split('/').filter(Boolean).length <= 4);
    const compounds = (await api(`/api/v1/compounds?nodeId=${row.nodeId}&limit=200`)).compounds;
    const chosen = Number(params.get('compound')) || (compounds[0] && compounds[0].id);
    const message = el('p', { class: 'muted', role: 'status' });
    const redraw = keeper ? el('button', { type: 'button', class: 'secondary no-print', id: 'status-redraw', onclick: async () => {
      message.textContent = '';
      try { await api('/api/v1/status-maps/draw', { method: 'POST', json: { nodeId: row.nodeId } }); route(); } catch (err) { message.textContent = err.message; }
    } }, t('statusMaps.redraw')) : '';
    const head = el('section', { class: 'panel no-print', id: 'status-committee' },
      el('h2', {}, row.name),
      el('dl', { class: 'ledger-figures' },
        el('dt', {}, t('statusMaps.buildings')), el('dd', { 'data-col': 'buildings' }, String(row.buildings)),
        ...rules.buildings.flatMap(r => [el('dt', {}, el('span', { class: `dot status-${r.level}` }), ' ', statusLabel('building', r)),
          el('dd', { 'data-col': `class:${r.code}` }, String(row.classes[r.code] || 0))]),
        el('dt', {}, t('statusMaps.houses')), el('dd', { 'data-col': 'houses' }, String(row.houses))),
      houseBar(row.houseRules, row.houses),
      el('div', { class: 'status-compounds', id: 'status-compounds' }, ...compounds.map(c => el('button', { type: 'button', class: c.id === chosen && !groupsMap && !guide ? '' : 'secondary',
        'aria-pressed': String(c.id === chosen && !groupsMap && !guide), 'data-compound': c.id, onclick: () => go({ node: String(row.nodeId), compound: String(c.id) }) }, c.name)),
        el('button', { type: 'button', class: groupsMap ? '' : 'secondary', id: 'status-groups-map', 'aria-pressed': String(groupsMap),
          onclick: () => go({ node: String(row.nodeId), map: 'groups' }) }, t('statusMaps.groupsMap')),
        ...Object.entries(WALL_GUIDE_KINDS).map(([key, kind]) => el('button', { type: 'button', class: guide === kind ? '' : 'secondary', id: `status-guide-${key}`,
          'aria-pressed': String(guide === kind), onclick: () => go({ node: String(row.nodeId), map: key }) }, t(`statusMaps.guideMap.${kind}`)))),
      redraw, message);
    if (groupsMap) return el('div', { class: 'status-committee' }, head, await responsibilityMap(row));
    if (guide) return el('div', { class: 'status-committee' }, head, await wallGuideMap(guide, row.nodeId));
    if (!chosen) return el('div', {}, head, el('p', { class: 'muted' }, t('statusMaps.noCompounds')));
    if (flowMap) return el('div', { class: 'status-committee' }, head, await flowLineMap(chosen));
    const plan = await compoundPlan(chosen, row);
    return el('div', { class: 'status-committee' }, head, plan);
  }

  async function compoundPlan(id, row) {
    // The key places and facilities inside the compound (重点场所与设施: a charging shed, extinguishers) go on its plan.
    const [map, placed, kinds] = await Promise.all([api(`/api/v1/status-maps/compounds/${id}`),
      api(`/api/v1/places?nodeId=${row.nodeId}&limit=200`).then(p => p.places.filter(x => x.compoundId === id)), api('/api/v1/places/kinds')]);
    const buildingID = Number(params.get('building')) || null;
    const drawn = map.drawn ? t('statusMaps.drawn', { day: map.drawn.day, version: map.drawn.rulesVersion }) : t('statusMaps.notDrawn');
    const tiles = el('div', { class: 'status-plan', id: 'status-plan' }, ...map.buildings.map(b => {
      const rule = rules.buildings.find(r => r.code === b.buildingClass);
      const total = Object.values(b.houses).reduce((a, n) => a + n, 0);
      return el('button', { type: 'button', class: `status-building status-frame status-level-${b.level || 'none'}${b.id === buildingID ? ' chosen' : ''}`,
        'data-building': b.id, 'data-class': b.buildingClass || '', 'aria-pressed': String(b.id === buildingID),
        onclick: () => go({ node: String(row.nodeId), compound: String(id), building: String(b.id) }) },
        el('strong', {}, b.number), ' ', el('span', { class: 'status-class' }, rule ? statusLabel('building', rule) : '—'),
        el('span', { class: 'status-building-meta' }, t('statusMaps.buildingMeta', { floors: b.floors, houses: total, cases: b.openCases })),
        b.groupName ? el('span', { class: 'status-building-meta' }, b.groupName) : '',
        el('span', { class: 'status-building-meta status-reason' }, b.assessment ? t('statusMaps.assessedShort') : statusReason(rules, b, tagNames)),
        houseBar(b.houses, total));
    }));
    const entrances = (map.compound.entrances || []).map(e => `${e.name}${e.vehicles ? t('statusMaps.vehicles') : t('statusMaps.people')}`).join('，');
    const section = el('section', { class: 'panel wall-map', id: 'status-compound' },
      el('h2', { class: 'wall-title' }, t('statusMaps.compoundTitle', { name: map.compound.name })),
      el('p', { class: 'muted' }, drawn, entrances ? ` · ${t('statusMaps.entrances')}：${entrances}` : ''),
      el('p', { class: 'no-print inline-form' }, el('button', { type: 'button', id: 'status-print', onclick: () => window.print() }, t('statusMaps.print')),
        el('button', { type: 'button', class: 'secondary', id: 'status-flow-map', onclick: () => go({ node: String(row.nodeId), compound: String(id), map: 'flow' }) }, t('statusMaps.flowMap'))),
      sitePlan(map, row, id, buildingID, placed, kinds), tiles);
    const out = [section];
    if (buildingID) out.push(await buildingGrid(buildingID));
    return el('div', {}, ...out);
  }

  /// 位置图 — the compound's buildings where they stand, framed and filled by level, with its entrances (the points of
  /// the flow-line map: vehicles and people, or people only) and its boundary; drawn from the base data's points, in
  /// SVG built node by node. Nothing when no building has a point.
  function sitePlan(map, row, compoundID, buildingID, places, kinds) {
    const placed = map.buildings.filter(b => b.location);
    if (!placed.length) return '';
    const gates = map.compound.entrances || [];
    const ring = map.compound.area && map.compound.area.type === 'Polygon' ? map.compound.area.coordinates[0] : [];
    const { W, H, at } = planFrame([...placed.map(b => [b.location.lon, b.location.lat]), ...gates.map(g => [g.location.lon, g.location.lat]), ...ring,
      ...places.map(p => [p.location.lon, p.location.lat])]);
    const svg = svgNode;
    const plan = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'status-site', id: 'status-site', role: 'img', 'aria-label': t('statusMaps.sitePlan') });
    if (ring.length) plan.append(svg('polygon', { class: 'status-site-bound', points: ring.map(p => at(p[0], p[1]).join(',')).join(' ') }));
    for (const b of placed) {
      const [x, y] = at(b.location.lon, b.location.lat);
      const rule = rules.buildings.find(r => r.code === b.buildingClass);
      const g = svg('g', { class: `status-site-building status-site-${b.level || 'none'}${b.id === buildingID ? ' chosen' : ''}`, 'data-building': b.id, tabindex: '0' },
        svg('rect', { x: x - 34, y: y - 20, width: 68, height: 40, rx: 4 }),
        svg('text', { x, y: y - 3, 'text-anchor': 'middle' }, b.number),
        svg('text', { x, y: y + 13, 'text-anchor': 'middle', class: 'status-site-class' }, rule ? statusLabel('building', rule) : '—'));
      const open = () => go({ node: String(row.nodeId), compound: String(compoundID), building: String(b.id) });
      g.addEventListener('click', open);
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
      plan.append(g);
    }
    for (const gate of gates) {
      const [x, y] = at(gate.location.lon, gate.location.lat);
      plan.append(svg('g', { class: `status-site-gate${gate.vehicles ? ' vehicles' : ''}`, 'data-gate': gate.name },
        svg('path', { d: `M${x},${y - 9} L${x + 9},${y + 7} L${x - 9},${y + 7} Z` }),
        svg('text', { x: x + 13, y: y + 5 }, `${gate.name}${gate.vehicles ? t('statusMaps.vehicles') : t('statusMaps.people')}`)));
    }
    // 重点场所与设施 as diamonds with their kind; a facility nobody maintains in red (a finding).
    for (const p of places) {
      const [x, y] = at(p.location.lon, p.location.lat);
      const kind = kinds.find(k => k.code === p.kind);
      const finding = kind && kind.placeClass === 'facility' && !p.maintainer;
      plan.append(svg('g', { class: `status-site-place${finding ? ' finding' : ''}`, 'data-place': p.id },
        svg('path', { d: `M${x},${y - 8} L${x + 8},${y} L${x},${y + 8} L${x - 8},${y} Z` }),
        svg('text', { x: x + 11, y: y + 4 }, placeKindName(kinds, p.kind)),
        svg('title', {}, `${p.name} · ${p.maintainer || t('places.noMaintainer')}`)));
    }
    return el('div', { class: 'status-site-box' }, plan);
  }

  // 楼组包干图 — the committee's chain (总支抓总、支部包片、楼组包楼、工作到户): who answers for which building group,
  // each group with its buildings, leaders, party group and chat group; printed as a wall map.
  async function responsibilityMap(row) {
    const groups = [];
    let after = '';
    for (let page = 0; page < 10; page += 1) {
      const got = await api(`/api/v1/building-groups?nodeId=${row.nodeId}&limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      groups.push(...got.groups);
      if (!got.nextAfter) break;
      after = got.nextAfter;
    }
    const duties = ['secretary', 'committeeMember', 'socialWorker', 'cadreSentDown'];
    const who = (c) => c.userName || `#${c.userId}`;
    const chain = duties.map(d => [d, [...new Set(groups.flatMap(g => g.group.cadres.filter(c => c.duty === d).map(who)))]]).filter(([, names]) => names.length);
    const leader = (name, party) => (name ? `${name}${party ? t('statusMaps.partyMark') : ''}` : '—');
    // A group chosen: its checks (现场检查、视频复查、实地复核) below the map, not printed with it.
    const chosenGroup = groups.find(g => String(g.group.id) === params.get('group'));
    const map = el('section', { class: 'panel wall-map', id: 'status-groups' },
      el('h2', { class: 'wall-title' }, t('statusMaps.groupsTitle', { name: row.name })),
      el('p', { class: 'muted' }, t('statusMaps.groupsNote', { n: groups.length })),
      el('dl', { class: 'status-chain', id: 'status-chain' }, ...chain.flatMap(([d, names]) => [el('dt', {}, t(`statusMaps.duty.${d}`)), el('dd', { 'data-duty': d }, names.join('、'))])),
      el('p', { class: 'no-print' }, el('button', { type: 'button', id: 'status-groups-print', onclick: () => window.print() }, t('statusMaps.printGroups'))),
      el('div', { class: 'table-scroll' }, el('table', { id: 'status-groups-table' },
        el('thead', {}, el('tr', {}, ...['group', 'buildings', 'leader', 'secondLeader', 'partyGroup', 'chatGroup', 'cadres'].map(k => el('th', {}, t(`statusMaps.col.${k}`))))),
        el('tbody', {}, ...groups.map(g => el('tr', { 'data-group': g.group.id },
          el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link', 'data-open': g.group.id, 'aria-pressed': String(g === chosenGroup),
            onclick: () => go({ node: String(row.nodeId), map: 'groups', group: String(g.group.id) }) }, g.group.name)),
          el('td', {}, g.buildings.join('、') || '—'),
          el('td', {}, leader(g.leaderName, g.leaderPartyMember)),
          el('td', {}, g.secondLeaderName || '—'),
          el('td', {}, g.group.partyGroup || '—'),
          el('td', {}, g.group.chatGroup || '—'),
          el('td', { 'data-col': 'cadres' }, [...g.group.cadres].sort((a, b) => duties.indexOf(a.duty) - duties.indexOf(b.duty)).map(c => `${t(`statusMaps.duty.${c.duty}`)} ${who(c)}`).join('；') || '—')))))));
    if (!chosenGroup) return map;
    const checks = await groupChecksPanel(chosenGroup.group);
    return el('div', {}, map, checks);
  }

  async function buildingGrid(id) {
    const b = await api(`/api/v1/status-maps/buildings/${id}`);
    const rule = rules.buildings.find(r => r.code === b.buildingClass);
    const units = [...new Set(b.houses.map(h => h.unit))].sort((x, y) => x.localeCompare(y, 'zh-CN', { numeric: true }));
    const floors = [...new Set(b.houses.map(h => h.floor))].sort((x, y) => y - x);
    const colour = Object.fromEntries(rules.houses.map(r => [r.code, r.colour]));
    const cell = (h) => {
      const houseRule = rules.houses.find(r => r.code === h.rule);
      const shapes = [['triangle', h.triangles], ['square', h.squares], ['circle', h.circles]].filter(([, n]) => n > 0)
        .map(([s, n]) => el('span', { class: 'status-shapes', 'data-shape': s }, n > 3 ? `${STATUS_SHAPES[s]}×${n}` : STATUS_SHAPES[s].repeat(n)));
      return el('td', { class: `status-house status-${colour[h.rule] || 'none'}`, 'data-house': h.id, 'data-rule': h.rule || '',
        title: `${h.unit}单元 ${h.number} · ${houseRule ? statusLabel('house', houseRule) : '—'}` },
        el('span', { class: 'status-room' }, h.number), ' ', ...shapes, h.partyMembers ? el('span', { class: 'status-party', title: t('statusMaps.party') }, '★'.repeat(Math.min(h.partyMembers, 3))) : '');
    };
    const byPlace = new Map(b.houses.map(h => [`${h.unit}|${h.floor}`, []]));
    for (const h of b.houses) byPlace.get(`${h.unit}|${h.floor}`).push(h);
    const width = Math.max(1, ...[...byPlace.values()].map(l => l.length));
    const table = el('table', { class: 'status-grid', id: 'status-grid' },
      el('thead', {}, el('tr', {}, el('th', {}, t('statusMaps.floor')), ...units.map(u => el('th', { colspan: String(width) }, t('statusMaps.unit', { unit: u }))))),
      el('tbody', {}, ...floors.map(f => el('tr', { 'data-floor': f }, el('th', { scope: 'row' }, `${f}F`,),
        ...units.flatMap(u => { const list = (byPlace.get(`${u}|${f}`) || []).sort((x, y) => x.number.localeCompare(y.number, 'zh-CN', { numeric: true }));
          return [...list.map(cell), ...Array.from({ length: width - list.length }, () => el('td', { class: 'status-house status-none' }))]; })))));
    // 分级评估 — the committee's grading by hand, shown; its keepers grade or withdraw it.
    const keeper = me.assignments.some(a => ['communityWorker', 'stationChief', 'admin'].includes(a.role) && b.building.nodePath.startsWith(a.nodePath));
    const graded = b.assessment ? el('p', { id: 'status-assessment' }, t('statusMaps.assessed', { by: b.assessment.by, reason: b.assessment.reason })) : '';
    const error = el('p', { class: 'error', role: 'alert' });
    const classSelect = el('select', { id: 'status-assess-class', 'aria-label': t('statusMaps.assessClass') },
      ...rules.buildings.map(r => el('option', { value: r.code }, statusLabel('building', r))));
    if (b.buildingClass) classSelect.value = b.buildingClass;
    const reasonInput = el('input', { id: 'status-assess-reason', maxlength: '200', placeholder: t('statusMaps.assessReason'), 'aria-label': t('statusMaps.assessReason') });
    const send = async (method, json) => {
      error.textContent = '';
      try { await api(`/api/v1/status-maps/buildings/${id}/assessment`, { method, json }); route(); } catch (err) { error.textContent = err.message; }
    };
    const assessForm = keeper ? el('div', { class: 'inline-form no-print', id: 'status-assess' },
      el('span', { class: 'muted' }, t('statusMaps.assess')), classSelect, reasonInput,
      el('button', { type: 'button', id: 'status-assess-save', onclick: () => send('PUT', { buildingClass: classSelect.value, reason: reasonInput.value }) }, t('statusMaps.assessSave')),
      b.assessment ? el('button', { type: 'button', class: 'secondary', id: 'status-assess-withdraw', onclick: () => send('DELETE') }, t('statusMaps.assessWithdraw')) : '',
      error) : '';
    return el('section', { class: `panel wall-map status-frame status-level-${b.level || 'none'}`, id: 'status-building' },
      el('h2', { class: 'wall-title' }, t('statusMaps.buildingTitle', { compound: b.compoundName, number: b.building.number }), ' ',
        el('span', { class: `status-chip status-frame status-level-${b.level || 'none'}`, id: 'status-building-class' }, rule ? statusLabel('building', rule) : '—')),
      el('p', { class: 'muted' }, [b.groupName, b.partyGroup, b.chatGroup].filter(Boolean).join(' · '),
        statusReason(rules, b, tagNames) ? ` · ${statusReason(rules, b, tagNames)}` : '', b.drawn ? ` · ${t('statusMaps.drawn', { day: b.drawn.day, version: b.drawn.rulesVersion })}` : ''),
      graded, assessForm,
      el('div', { class: 'table-scroll' }, table));
  }
};
