'use strict';
// 楼组与居民注册 — building groups' QR codes and residents' registrations (docs/REGISTRATIONS.md). A committee's workers
// print each group's QR code (drawn here from Debian's qrcode-generator, nothing from the internet), match the
// registrations waiting to a resident of the base data or refuse them with a reason; a street, district or the city
// reads the registration and activity rates of its parts in the tree's order (no ranking).
const SVG_NS = 'http://www.w3.org/2000/svg';

/// A QR code of `text` as an SVG element drawn module by module (no markup from a string).
function qrSVG(text, size = 240) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount(), margin = 4, total = n + margin * 2;
  const svg = document.createElementNS(SVG_NS, 'svg');
  for (const [k, v] of Object.entries({ viewBox: `0 0 ${total} ${total}`, width: String(size), height: String(size), role: 'img', 'shape-rendering': 'crispEdges' })) svg.setAttribute(k, v);
  const back = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ width: String(total), height: String(total), fill: '#fff' })) back.setAttribute(k, v);
  svg.append(back);
  let d = '';
  for (let r = 0; r < n; r += 1) for (let c = 0; c < n; c += 1) if (qr.isDark(r, c)) d += `M${c + margin},${r + margin}h1v1h-1z`;
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d); path.setAttribute('fill', '#000');
  svg.append(path);
  return svg;
}

pages.groups = async (view, params) => {
  const me = state.me;
  const node = params.get('node') || '';
  const keeperAt = me.assignments.find(a => ['communityWorker', 'stationChief', 'admin'].includes(a.role) && a.nodePath.split('/').filter(Boolean).length === 4);
  const go = (q) => { location.hash = `#/groups?${new URLSearchParams(Object.entries(Object.assign({ node }, q)).filter(([, v]) => v))}`; };
  const rates = await api(`/api/v1/registrations/rates${node ? `?nodeId=${node}` : ''}`);
  const pct = (v) => (v === null || v === undefined ? '—' : `${v}%`);
  const parts = [];

  // 注册率 / 活跃率 — the area's row, then its parts'; a committee's single row read as a list.
  const cols = [['residents', 'registrations.residents'], ['verified', 'registrations.verified'], ['registrationRate', 'registrations.registrationRate'],
    ['active', 'registrations.active'], ['activityRate', 'registrations.activityRate'], ['pending', 'registrations.pending']];
  const value = (r, k) => (k.endsWith('Rate') ? pct(r[k]) : String(r[k]));
  const single = rates.rows.length === 1;
  const figures = single
    ? el('dl', { class: 'ledger-figures', id: 'registration-figures' }, ...cols.flatMap(([k, label]) => [el('dt', {}, t(label)), el('dd', { 'data-col': k }, value(rates.rows[0], k))]))
    : el('div', { class: 'table-scroll' }, el('table', { id: 'registration-rates' },
      el('thead', {}, el('tr', {}, el('th', {}, t('registrations.area')), ...cols.map(([, label]) => el('th', {}, t(label))))),
      el('tbody', {}, ...rates.rows.map(r => el('tr', { 'data-node': r.nodeId, class: r.area ? 'ledger-area' : '' },
        el('th', { scope: 'row' }, r.area || r.level === 'committee' && !r.residents ? r.name
          : el('button', { type: 'button', class: 'link', onclick: () => go({ node: String(r.nodeId) }) }, r.name)),
        ...cols.map(([k]) => el('td', { 'data-col': k }, value(r, k))))))));
  parts.push(el('section', { class: 'panel', id: 'registration-rates-panel' },
    el('h2', {}, t('registrations.rates', { area: rates.name })),
    el('p', { class: 'muted' }, t('registrations.ratesNote', { since: rates.activeSince })),
    node ? el('p', {}, el('a', { href: '#/groups' }, t('ledgers.back'))) : '',
    figures));

  if (keeperAt && !node) {
    parts.push(await pendingPanel(keeperAt));
    parts.push(await groupNoticesPanel(keeperAt));
    parts.push(await groupsPanel(keeperAt));
  }
  view.replaceChildren(el('h1', {}, t('registrations.title')), el('div', { class: 'groups-page' }, ...parts));
  view.dataset.ready = 'true';

  // 待核验 — registrations waiting; opening one offers its building's residents, the same name first.
  async function pendingPanel(at) {
    const page = await api(`/api/v1/registrations?status=pending&nodeId=${at.nodeId}&limit=50`);
    const list = el('ul', { class: 'registration-list', id: 'registration-pending' }, ...page.registrations.map(r => el('li', { 'data-registration': r.id },
      el('strong', {}, r.name), ` ${r.phone} · `, `${r.groupName} ${r.building || ''}${r.room}`, ' ',
      el('span', { class: 'muted' }, new Date(r.createdAt).toLocaleString(state.lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })),
      ' ', el('button', { type: 'button', class: 'secondary', 'data-open': r.id, onclick: (e) => openOne(r.id, e.target.closest('li')) }, t('registrations.check')))));
    return el('section', { class: 'panel', id: 'registration-pending-panel' },
      el('h2', {}, t('registrations.pendingTitle', { n: page.registrations.length })),
      el('p', { class: 'muted' }, t('registrations.pendingNote')),
      page.registrations.length ? list : el('p', { class: 'muted', id: 'registration-none' }, t('registrations.none')));
  }

  async function openOne(id, item) {
    const old = item.querySelector('.registration-detail');
    if (old) { old.remove(); return; }
    const detail = await api(`/api/v1/registrations/${id}`);
    const message = el('p', { class: 'error', role: 'alert' });
    const choices = el('fieldset', { class: 'registration-candidates' }, el('legend', {}, t('registrations.candidates')),
      ...detail.candidates.map(c => el('label', { class: c.taken ? 'muted' : '' },
        el('input', { type: 'radio', name: `resident-${id}`, value: String(c.id), disabled: c.taken ? '' : undefined }),
        ` ${c.name} ${c.house || ''} · ${t(`base.kind.${c.kind}`)}`, c.sameName ? el('span', { class: 'badge ok' }, t('registrations.sameName')) : '',
        c.sameHouse ? el('span', { class: 'badge ok' }, t('registrations.sameHouse')) : '',
        c.taken ? el('span', { class: 'badge' }, t('registrations.taken')) : '')));
    const reason = el('input', { type: 'text', maxlength: '200', placeholder: t('registrations.reason'), 'aria-label': t('registrations.reason'), class: 'registration-reason' });
    const decide = (verb, json) => api(`/api/v1/registrations/${id}/${verb}`, { method: 'POST', json }).then(() => route(), (err) => { message.textContent = err.message; });
    item.append(el('div', { class: 'registration-detail' }, detail.candidates.length ? choices : el('p', { class: 'muted' }, t('registrations.noCandidates')),
      el('p', { class: 'registration-actions' },
        el('button', { type: 'button', class: 'registration-verify', onclick: () => {
          const chosen = choices.querySelector('input:checked');
          if (!chosen) { message.textContent = t('registrations.chooseResident'); return; }
          decide('verify', { residentId: Number(chosen.value) });
        } }, t('registrations.verify')), ' ',
        reason, ' ', el('button', { type: 'button', class: 'secondary registration-refuse', onclick: () => decide('refuse', { reason: reason.value.trim() }) }, t('registrations.refuse'))),
      message));
  }

  // 楼组二维码 — each group's code, printable as a card for the building's notice board.
  async function groupsPanel(at) {
    const page = await api(`/api/v1/building-groups?nodeId=${at.nodeId}&limit=200`);
    const card = el('div', { id: 'qr-card-slot' });
    const show = (g) => {
      const url = `${location.origin}/console/#/join/${g.group.registrationCode}`;
      card.replaceChildren(el('div', { class: 'qr-card', id: 'qr-card', 'data-group': g.group.id },
        el('p', { class: 'qr-card-title' }, t('registrations.cardTitle')),
        el('p', { class: 'qr-card-group' }, g.group.name),
        el('div', { class: 'qr-card-code' }, qrSVG(url)),
        el('p', {}, t('registrations.cardScan')),
        g.leaderName ? el('p', { class: 'muted' }, t('registrations.cardLeader', { name: g.leaderName })) : '',
        g.group.chatGroup ? el('p', { class: 'muted' }, t('join.chatGroup', { name: g.group.chatGroup })) : '',
        el('p', { class: 'qr-card-url' }, url),
        el('p', { class: 'no-print' }, el('button', { type: 'button', id: 'qr-print', onclick: () => window.print() }, t('registrations.print')))));
      card.scrollIntoView({ block: 'nearest' });
    };
    // 包干: a row under the group's with the people answering for it, opened and closed by its button.
    const chain = async (g, row) => {
      const open = row.nextElementSibling && row.nextElementSibling.dataset.chainRow;
      if (open) { row.nextElementSibling.remove(); return; }
      row.after(el('tr', { 'data-chain-row': g.group.id }, el('td', { colspan: '6' }, await groupChain(g))));
    };
    const rows = page.groups.map(g => el('tr', { 'data-group': g.group.id },
      el('th', { scope: 'row' }, g.group.name), el('td', {}, g.buildings.join('、') || t('registrations.village')),
      el('td', {}, g.leaderName || '—', g.secondLeaderName ? ` / ${g.secondLeaderName}` : ''), el('td', {}, g.group.chatGroup || '—'),
      el('td', {}, el('button', { type: 'button', class: 'secondary', 'data-qr': g.group.id, onclick: () => show(g) }, t('registrations.qr'))),
      el('td', {}, el('button', { type: 'button', class: 'secondary', 'data-chain': g.group.id, onclick: (e) => chain(g, e.target.closest('tr')) },
        t('registrations.chain', { n: (g.group.cadres || []).length })))));
    return el('section', { class: 'panel', id: 'group-codes' },
      el('h2', {}, t('registrations.groupsTitle')),
      el('p', { class: 'muted' }, t('registrations.groupsNote')),
      await groupSetupForm(at, page.groups),
      card,
      el('div', { class: 'table-scroll' }, el('table', { id: 'group-table' },
        el('thead', {}, el('tr', {}, ...['registrations.group', 'registrations.buildings', 'registrations.leader', 'registrations.chat', '', ''].map(k => el('th', {}, k ? t(k) : '')))),
        el('tbody', {}, ...rows))));
  }
};
