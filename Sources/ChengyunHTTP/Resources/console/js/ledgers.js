'use strict';
// 台账 — ledgers without double entry (docs/LEDGERS.md). The month's report (智慧报表) is generated from the data — the
// problem-handling record from cases, the 三会, sweeps' door visits — and from the entries kept once; a committee's
// workers type an entry (a retry is the same entry) or import an older system's file; a street or district reads its
// committees' or streets' rows in the tree's order (no ranking) and downloads the workbook. The paper of an entry (a
// sign-in sheet, the minutes, photos) is kept with it as a scan (台账附件): paper ledgers tend to zero.
pages.ledgers = async (view, params) => {
  const me = state.me;
  const today = localDay(new Date());
  const month = /^\d{4}-\d{2}$/.test(params.get('month') || '') ? params.get('month') : today.slice(0, 7);
  const node = params.get('node') || '';
  const writerAt = me.assignments.find(a => ['communityWorker', 'stationChief'].includes(a.role) && a.nodePath.split('/').filter(Boolean).length === 4);
  const query = new URLSearchParams(Object.entries({ nodeId: node, month }).filter(([, v]) => v));
  const [report, catalogue] = await Promise.all([api(`/api/v1/ledgers/report?${query}`), api(`/api/v1/ledger-items${node ? `?nodeId=${node}` : ''}`)]);
  const items = report.items;
  const kept = catalogue.filter(i => i.source === 'entries' && i.active);
  const go = (q) => { location.hash = `#/ledgers?${new URLSearchParams(Object.entries(Object.assign({ node, month }, q)).filter(([, v]) => v))}`; };

  // 智慧报表 — one row for the area, then its parts; each ledger's figure with what it counts.
  const picker = el('input', { type: 'month', id: 'ledger-month', value: month, max: today.slice(0, 7), onchange: () => go({ month: picker.value }) });
  const download = el('button', { type: 'button', id: 'ledger-xlsx', onclick: async () => {
    const reply = await send(`/api/v1/ledgers/report.xlsx?${query}&lang=${state.lang}`);
    if (!reply.ok) return;
    const link = el('a', { href: URL.createObjectURL(await reply.blob()), download: `chengyun-ledgers-${month}-${report.nodeId}.xlsx` });
    document.body.append(link); link.click(); link.remove();
  } }, t('ledgers.xlsx'));
  const cell = (item, f) => {
    const detail = item.source === 'cases' ? t('ledgers.reported', { n: f.reported || 0 })
      : item.source === 'volunteers' && f.minutes ? t('ledgers.serviceHours', { n: Math.round(f.minutes / 6) / 10 })
        : f.participants ? t('ledgers.people', { n: f.participants }) : '';
    return el('td', { 'data-item': item.id }, el('strong', {}, String(f.count)), detail ? el('span', { class: 'muted' }, ` ${detail}`) : '');
  };
  const head = el('tr', {}, el('th', {}, t('ledgers.area')), ...items.map(i => el('th', { title: i.guide }, i.name,
    el('span', { class: 'muted' }, ` · ${t(`ledgers.counts.${i.source}`)}`))));
  const rows = report.rows.map(r => el('tr', { 'data-node': r.nodeId, class: r.area ? 'ledger-area' : '' },
    el('th', { scope: 'row' }, r.area ? r.name : el('button', { type: 'button', class: 'link', onclick: () => go({ node: String(r.nodeId) }) }, r.name)),
    ...items.map(i => cell(i, r.figures.find(f => f.itemId === i.id) || { count: 0 }))));
  // A committee's month is one row: read as a list of its ledgers (a phone has no room for a wide table).
  const single = report.rows.length === 1;
  const figures = single ? el('dl', { class: 'ledger-figures', id: 'ledger-figures' }, ...items.flatMap(i => {
    const td = cell(i, report.rows[0].figures.find(f => f.itemId === i.id) || { count: 0 });
    return [el('dt', { title: i.guide }, i.name, el('span', { class: 'muted' }, ` · ${t(`ledgers.counts.${i.source}`)}`)),
      el('dd', { 'data-item': i.id }, ...td.childNodes)];
  })) : el('div', { class: 'table-scroll' }, el('table', { id: 'ledger-table' }, el('thead', {}, head), el('tbody', {}, ...rows)));
  const parts = [el('section', { class: 'panel', id: 'ledger-report' },
    el('h2', {}, t('ledgers.report', { area: report.name })),
    el('p', { class: 'muted' }, t('ledgers.reportNote', { from: report.from, through: report.through })),
    el('p', { class: 'ledger-controls' }, el('label', { for: 'ledger-month' }, t('ledgers.month')), ' ', picker, ' ', download,
      node ? el('a', { href: '#/ledgers', class: 'secondary' }, ` ${t('ledgers.back')}`) : ''),
    figures)];

  // 自动生成 — where each generated ledger's lines are read: nothing to type.
  const where = { cases: '#/desk', consultations: '#/consultations', sweeps: '#/sweeps', volunteers: '#/volunteers' };
  parts.push(el('section', { class: 'panel', id: 'ledger-generated' }, el('h2', {}, t('ledgers.generated')),
    el('ul', { class: 'ledger-generated' }, ...items.filter(i => i.source !== 'entries').map(i => el('li', {}, el('strong', {}, i.name), ' ',
      el('span', { class: 'muted' }, i.guide), ' ', el('a', { href: where[i.source] }, t(`ledgers.open.${i.source}`)))))));

  // 录入 — a committee's worker types an entry once; the key makes a second press (or a retry) the same entry.
  if (writerAt) {
    let key = requestKey();
    const message = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { id: 'ledger-entry-form', class: 'sweep-launch', onsubmit: async (e) => {
      e.preventDefault();
      message.textContent = '';
      const json = { itemId: Number(form.item.value), nodeId: writerAt.nodeId, day: form.day.value, title: form.title.value.trim(), place: form.place.value.trim(),
        content: form.content.value.trim(), clientKey: key };
      if (form.people.value !== '') json.participants = Number(form.people.value);
      await api('/api/v1/ledger-entries', { method: 'POST', json }).then(() => { key = requestKey(); route(); }, (err) => { message.textContent = err.message; });
    } },
      el('label', { for: 'ledger-item' }, t('ledgers.ledger')),
      el('select', { id: 'ledger-item', name: 'item' }, ...kept.map(i => el('option', { value: String(i.id) }, i.name))),
      el('label', { for: 'ledger-day' }, t('ledgers.day')), el('input', { id: 'ledger-day', name: 'day', type: 'date', value: today, max: today, required: '' }),
      el('label', { for: 'ledger-title' }, t('ledgers.title2')), el('input', { id: 'ledger-title', name: 'title', required: '', maxlength: '100' }),
      el('label', { for: 'ledger-place' }, t('ledgers.place')), el('input', { id: 'ledger-place', name: 'place', maxlength: '100' }),
      el('label', { for: 'ledger-people' }, t('ledgers.participants')), el('input', { id: 'ledger-people', name: 'people', type: 'number', min: '0', max: '100000' }),
      el('label', { for: 'ledger-content' }, t('ledgers.content')), el('textarea', { id: 'ledger-content', name: 'content', rows: '3', maxlength: '2000' }),
      el('p', {}, el('button', { type: 'submit', id: 'ledger-save' }, t('ledgers.save'))), message);
    parts.push(el('section', { class: 'panel', id: 'ledger-entry' }, el('h2', {}, t('ledgers.entryTitle')), el('p', { class: 'muted' }, t('ledgers.entryNote')), form));
  }

  // 记录 — the kept entries of the month under the area, the latest first, a page at a time.
  const list = el('ul', { class: 'ledger-entries', id: 'ledger-entries' });
  const more = el('button', { type: 'button', class: 'secondary', hidden: '' }, t('ledgers.more'));
  const names = new Map(catalogue.map(i => [i.id, i.name]));
  let cursor = null;
  const load = async () => {
    const q = new URLSearchParams(Object.entries({ nodeId: node, from: report.from, to: report.through, limit: '30', cursor }).filter(([, v]) => v));
    const page = await api(`/api/v1/ledger-entries?${q}`);
    const filed = new Map();
    for (const d of page.documents || []) filed.set(d.subjectId, (filed.get(d.subjectId) || []).concat([d]));
    for (const e of page.items) {
      const mine = writerAt && (e.nodePath || '').startsWith(writerAt.nodePath);
      const item = el('li', { 'data-entry': e.id },
        el('div', {}, el('span', { class: 'badge' }, names.get(e.itemId) || ''), ' ', el('strong', {}, e.title), ' ',
          el('span', { class: 'muted' }, [e.day, e.place, e.participants != null ? t('ledgers.people', { n: e.participants }) : ''].filter(Boolean).join(' · '))),
        e.content ? el('p', {}, e.content) : '',
        el('div', { class: 'muted' }, [e.recordedBy, e.origin === 'imported' ? t('ledgers.imported') : '',
          e.correctedAt ? t('ledgers.corrected', { by: e.correctedBy || '' }) : ''].filter(Boolean).join(' · ')));
      if (e.correctedAt) item.append(ledgerEntryVersions(e));
      // 台账附件 — the paper kept as a scan with its entry (a sign-in sheet, the minutes, photos).
      const docs = filed.get(e.id) || [];
      if (docs.length || mine) {
        item.append(documentsPanel(docs, `/api/v1/ledger-entries/${e.id}/documents`,
          { file: mine, title: t('ledgers.documents', { n: docs.length }), none: '', add: t('ledgers.documentAdd'), compact: true }));
      }
      if (mine) item.append(ledgerEntryTools(e, today));
      list.append(item);
    }
    if (!list.children.length) list.append(el('li', { class: 'muted' }, t('ledgers.noEntries')));
    cursor = page.next;
    more.hidden = !cursor;
  };
  more.onclick = load;
  await load();
  parts.push(el('section', { class: 'panel', id: 'ledger-list' }, el('h2', {}, t('ledgers.entries')), list, more));

  if (writerAt) {
    parts.push(csvImportPanel({ id: 'ledger-import', url: `/api/v1/ledger-entries/import?nodeId=${writerAt.nodeId}`, title: t('ledgers.importTitle'),
      hint: t('ledgers.importHint'), done: (n) => t('ledgers.importedN', { n }), after: route }));
  }
  view.replaceChildren(el('h1', {}, t('ledgers.title')), ...parts);
  view.dataset.ready = 'true';
};

/// 更正 / 撤回 — a committee's worker corrects an entry (checked as a new one) or withdraws one made in error, saying why;
/// both on the version read; the report follows.
function ledgerEntryTools(e, today) {
  const message = el('p', { class: 'error', role: 'alert' });
  const id = `ledger-fix-${e.id}`;
  const send = (url, method, json) => api(url, { method, json }).then(() => route(), (err) => { message.textContent = err.message; });
  const fix = el('form', { class: 'sweep-launch ledger-fix', hidden: '', onsubmit: (ev) => {
    ev.preventDefault();
    message.textContent = '';
    const json = { day: fix.day.value, title: fix.title.value.trim(), place: fix.place.value.trim(), content: fix.content.value.trim(), version: e.version };
    if (fix.people.value !== '') json.participants = Number(fix.people.value);
    send(`/api/v1/ledger-entries/${e.id}`, 'PUT', json);
  } },
    el('label', { for: `${id}-day` }, t('ledgers.day')), el('input', { id: `${id}-day`, name: 'day', type: 'date', value: e.day, max: today, required: '' }),
    el('label', { for: `${id}-title` }, t('ledgers.title2')), el('input', { id: `${id}-title`, name: 'title', value: e.title, required: '', maxlength: '100' }),
    el('label', { for: `${id}-place` }, t('ledgers.place')), el('input', { id: `${id}-place`, name: 'place', value: e.place || '', maxlength: '100' }),
    el('label', { for: `${id}-people` }, t('ledgers.participants')), el('input', { id: `${id}-people`, name: 'people', type: 'number', min: '0', max: '100000', value: e.participants != null ? String(e.participants) : '' }),
    el('label', { for: `${id}-content` }, t('ledgers.content')), el('textarea', { id: `${id}-content`, name: 'content', rows: '2', maxlength: '2000' }, e.content || ''),
    el('p', {}, el('button', { type: 'submit', 'data-action': 'save-correction' }, t('ledgers.saveCorrection'))));
  const reason = el('input', { class: 'ledger-withdraw-reason', maxlength: '200', placeholder: t('ledgers.withdrawReason'), 'aria-label': t('ledgers.withdrawReason') });
  const withdraw = el('p', { class: 'service-actions', hidden: '' }, reason, ' ',
    el('button', { type: 'button', class: 'secondary', 'data-action': 'confirm-withdraw', onclick: () => {
      message.textContent = '';
      send(`/api/v1/ledger-entries/${e.id}/withdrawal`, 'POST', { reason: reason.value.trim(), version: e.version });
    } }, t('ledgers.confirmWithdraw')));
  return el('div', { class: 'ledger-tools' },
    el('p', {}, el('button', { type: 'button', class: 'link', 'data-action': 'correct', onclick: () => { fix.hidden = !fix.hidden; withdraw.hidden = true; } }, t('ledgers.correct')),
      ' ', el('button', { type: 'button', class: 'link', 'data-action': 'withdraw', onclick: () => { withdraw.hidden = !withdraw.hidden; fix.hidden = true; } }, t('ledgers.withdraw'))),
    fix, withdraw, message);
}

/// 更正前的版本 — what a corrected entry said before, read when asked (the latest first): each version's day, title,
/// place, participants and content, who wrote it and when.
function ledgerEntryVersions(e) {
  const list = el('ol', { class: 'ledger-versions', hidden: '' });
  const message = el('p', { class: 'error', role: 'alert' });
  const toggle = el('button', { type: 'button', class: 'link', 'data-action': 'versions', onclick: async () => {
    if (!list.hidden) { list.hidden = true; return; }
    message.textContent = '';
    try {
      const versions = await api(`/api/v1/ledger-entries/${e.id}/versions`);
      list.replaceChildren(...versions.map(v => el('li', { 'data-version': v.version },
        el('strong', {}, t('ledgers.versionN', { n: v.version })), ' ', el('span', { class: 'muted' }, `${v.madeBy} · ${shortTime(v.madeAt)}`), el('br'),
        [v.day, v.title, v.place, v.participants != null ? t('ledgers.people', { n: v.participants }) : ''].filter(Boolean).join(' · '),
        v.content ? el('span', { class: 'muted' }, ` — ${v.content}`) : '')));
      if (!versions.length) list.append(el('li', { class: 'muted' }, t('ledgers.noVersions')));
      list.hidden = false;
    } catch (err) { message.textContent = err.message; }
  } }, t('ledgers.versions'));
  return el('div', { class: 'ledger-versions-panel' }, el('p', {}, toggle), list, message);
}
