'use strict';
// 随手报 for a resident: the common problems in plain words, each with an icon, a tap to choose; a search box that
// narrows them and, when none fits, searches the full list of categories (under 其他问题).

/// Each problem: its words (zh, en), more words it is searched by, the taxonomy's category, and its icon's strokes
/// (24×24, drawn as lines: the fonts have no emoji, and nothing is fetched).
const quickProblems = [
  { zh: '垃圾没清运', en: 'Rubbish left out', words: '垃圾 垃圾桶 满溢 臭 rubbish trash', category: 'event:0110', icon: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6' },
  { zh: '井盖破损', en: 'Broken manhole cover', words: '井盖 窨井 下水道 缺失 丢失 manhole', category: 'component:0101', icon: 'M12 4a8 8 0 1 0 0.01 0M5 9h14M4 12h16M5 15h14' },
  { zh: '路灯不亮', en: 'Street light out', words: '路灯 灯 不亮 light lamp', category: 'component:0118', icon: 'M12 21V10M9 21h6M7 10h10l-2-6H9zM12 13v0' },
  { zh: '路面塌陷坑洼', en: 'Hole in the road', words: '路面 塌陷 坑 破损 道路 pothole road', category: 'event:0401', icon: 'M3 20L9 4M21 20L15 4M12 5v2M12 10v2M8 17c2-2 6-2 8 0' },
  { zh: '乱停车', en: 'Bad parking', words: '停车 违停 车 挡路 parking car', category: 'event:0509', icon: 'M4 16h16v-4l-2-5H6l-2 5zM4 12h16M7 19.5a1.5 1.5 0 1 0 0.01 0M17 19.5a1.5 1.5 0 1 0 0.01 0' },
  { zh: '噪音扰民', en: 'Noise', words: '噪音 吵 扰民 装修 noise', category: 'event:0511', icon: 'M3 10h4l5-4v12l-5-4H3zM16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12' },
  { zh: '乱贴小广告', en: 'Flyers and graffiti', words: '小广告 广告 涂写 牛皮癣 flyer poster', category: 'event:0201', icon: 'M6 3h12v18H6zM9 8h6M9 12h6M9 16h3' },
  { zh: '占道摆摊', en: 'Stalls on the pavement', words: '摆摊 占道 小贩 摊 stall vendor', category: 'event:0506', icon: 'M3 10h18l-2-5H5zM5 10v10h14V10M9 20v-5h6v5' },
  { zh: '路面积水', en: 'Flooded street', words: '积水 水 下雨 淹 flood water', category: 'event:0405', icon: 'M12 3c4 6 6 9 6 12a6 6 0 0 1-12 0c0-3 2-6 6-12z' },
  { zh: '树木倒伏', en: 'Fallen tree', words: '树 倒 树枝 tree', category: 'event:0409', icon: 'M12 21v-7M6 14h12L12 3zM9 21h6' },
  { zh: '违规养犬', en: 'Dog problems', words: '狗 犬 遛狗 dog', category: 'event:0604', icon: 'M8 15a4 4 0 1 0 8 0c0-3-2-5-4-5s-4 2-4 5zM5 10.5a1.5 1.5 0 1 0 0.01 0M9 6a1.5 1.5 0 1 0 0.01 0M15 6a1.5 1.5 0 1 0 0.01 0M19 10.5a1.5 1.5 0 1 0 0.01 0' },
  { zh: '公共设施坏了', en: 'Broken public facility', words: '设施 损坏 坏 座椅 栏杆 broken facility', category: 'event:0606', icon: 'M15 4a4 4 0 0 0-4 5l-7 7 3 3 7-7a4 4 0 0 0 5-4l-3 1-2-2z' },
];

function quickIcon(d) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of [['viewBox', '0 0 24 24'], ['width', '28'], ['height', '28'], ['aria-hidden', 'true'], ['fill', 'none'],
    ['stroke', 'currentColor'], ['stroke-width', '1.8'], ['stroke-linecap', 'round'], ['stroke-linejoin', 'round']]) svg.setAttribute(k, v);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

/// The resident's picker: the tiles, their search, and the full picker folded under 其他问题. Choosing a tile sets the
/// full picker's value (the form sends that).
function quickPicker(picker, categories) {
  const known = new Set(categories.map(c => `${c.kind}:${c.code}`));
  const problems = quickProblems.filter(p => known.has(p.category));
  const more = el('details', { id: 'r-more' }, el('summary', {}, t('report.otherProblem')), picker.box);
  const tiles = problems.map(p => el('button', { type: 'button', class: 'quick', 'data-category': p.category, 'data-words': `${p.zh} ${p.en} ${p.words}`.toLowerCase(),
    'aria-pressed': 'false', onclick: () => choose(p.category) }, quickIcon(p.icon), el('span', {}, state.lang === 'en' ? p.en : p.zh)));
  const none = el('p', { class: 'muted', id: 'r-quick-none', hidden: '' }, t('report.quickNone'));
  function choose(category) {
    picker.select.value = category;
    for (const b of tiles) b.setAttribute('aria-pressed', String(b.dataset.category === category));
  }
  // Choosing in the full list un-marks the tiles (unless it is one of theirs).
  picker.select.addEventListener('change', () => choose(picker.select.value));
  const search = el('input', { id: 'r-quick-search', type: 'search', placeholder: t('report.quickSearch'), autocomplete: 'off', oninput: () => {
    const words = search.value.trim().toLowerCase();
    let shown = 0;
    for (const b of tiles) { b.hidden = !!words && !b.dataset.words.includes(words); if (!b.hidden) shown++; }
    none.hidden = shown > 0;
    // None fits: the full list, searched for the same words.
    if (!shown) {
      more.open = true;
      const full = document.getElementById(`${picker.select.id}-search`);
      full.value = search.value;
      full.dispatchEvent(new Event('input'));
    }
  } });
  return el('div', { id: 'r-quick' }, search, el('div', { class: 'quick-grid' }, ...tiles), none, more);
}
