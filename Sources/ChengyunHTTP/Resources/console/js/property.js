'use strict';
// 物业 — property companies (docs/PROPERTY.md). A company's staff see their company's published record, the emergency
// repairs waiting for them on the 30-minute clock (三级应急维修: not reached in time, a repair goes to the street's
// repair service, then the district's command centre) and the notices to acknowledge. A street's or district's staff
// and its housing office see the companies with their record, score and grade, and write notices to them.
pages.property = async (view) => {
  const me = state.me;
  const roles = new Set(me.assignments.map(a => a.role));
  const own = me.propertyDesk === 'company' ? await api('/api/v1/property-companies/mine').catch(() => null) : null;
  const units = new Set(me.assignments.map(a => a.departmentId).filter(Boolean));
  const cats = await taxonomy();
  const repairKinds = new Set(cats.categories.filter(c => c.leadDepartmentKind === 'wuye').map(c => `${c.kind}:${c.code}`));
  // Times as the city reads them (Beijing time), whatever the browser's zone.
  const stamp = (d) => new Date(d).toLocaleString(state.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
  const date = (d) => new Date(d).toLocaleDateString(state.lang, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'Asia/Shanghai' });
  const percent = (part, whole) => (whole ? `${Math.round(part * 100 / whole)}%` : '—');
  const grade = (g) => el('span', { class: `badge grade-${g}` }, g);
  const parts = [];
  const tail = [];

  // The record as figures: what the grade is made of.
  const figures = (line) => el('dl', { class: 'property-figures' },
    ...[['property.score', `${line.score}`], ['property.compounds', `${line.record.compounds} / ${line.record.households}`],
      ['property.complaints', `${line.record.complaints}`], ['property.per100', line.complaintsPer100Households == null ? '—' : `${line.complaintsPer100Households}`],
      ['property.onTime', `${percent(line.record.repairsOnTime, line.record.repairs)} (${line.record.repairsOnTime}/${line.record.repairs})`],
      ['property.passedOn', `${line.record.repairsPassedOn}`], ['property.satisfaction', percent(line.record.satisfied, line.record.rated)],
      ['property.acknowledged', `${line.record.noticesAcknowledged}/${line.record.notices}`]]
      .flatMap(([key, value]) => [el('dt', {}, t(key)), el('dd', {}, value)]));

  if (own) {
    const line = own.line;
    // A company's staff see their work first (repairs, notices), their record after it.
    tail.push(el('section', { class: 'panel', id: 'property-mine' },
      el('h2', {}, line.company.name, ' ', grade(line.grade)),
      el('p', { class: 'muted' }, [line.company.creditCode, line.company.hotline && t('property.hotline', { phone: line.company.hotline }), line.company.address].filter(Boolean).join(' · ')),
      figures(line), el('p', { class: 'muted' }, t('property.period', { from: date(own.from), to: date(own.to) }))));
  }

  // 待到场 — the repairs this caller's unit holds, with the time left on the clock.
  if (me.propertyDesk) {
    const lists = await Promise.all([...units].map(u => api(`/api/v1/cases?state=dispatched&departmentId=${u}&limit=100`).then(p => p.items, () => [])));
    const waiting = lists.flat().filter(c => repairKinds.has(c.categoryId) && units.has(c.leadDepartmentId))
      .sort((a, b) => new Date(a.dispatchedAt) - new Date(b.dispatchedAt));
    const message = el('p', { class: 'error', role: 'alert' });
    const rows = waiting.map(c => {
      const left = Math.round((new Date(c.dispatchedAt).getTime() + 30 * 60_000 - Date.now()) / 60_000);
      const arrive = el('button', { type: 'button', onclick: async () => {
        arrive.disabled = true;
        message.textContent = '';
        await api(`/api/v1/cases/${c.id}/actions/start`, { method: 'POST', json: { note: t('property.arrivedNote') } }).then(route, (err) => { message.textContent = err.message; arrive.disabled = false; });
      } }, t('property.arrive'));
      return el('li', { 'data-case': c.id, class: left < 0 ? 'late' : '' },
        el('div', {}, el('span', { class: left < 0 ? 'badge bad' : left <= 10 ? 'badge warn' : 'badge' }, left < 0 ? t('property.overdue', { n: -left }) : t('property.left', { n: left }))),
        el('div', {}, el('strong', {}, c.categoryName || categoryLabel(c.categoryId)), ' ', el('a', { href: `#/case/${c.id}` }, c.number)),
        el('div', { class: 'muted' }, [c.address, c.description].filter(Boolean).join(' · ')), arrive);
    });
    parts.push(el('section', { class: 'panel', id: 'property-repairs' }, el('h2', {}, t('property.repairs')),
      el('p', { class: 'muted' }, t('property.clockNote')),
      rows.length ? el('ul', { class: 'property-repairs' }, ...rows) : el('p', { class: 'muted' }, t('property.noRepairs')), message));
  }

  // 通知 — a company's inbox, or what a street or district sent, with who acknowledged.
  const notices = await api('/api/v1/company-notices?limit=20').then(p => p.notices, () => []);
  const noticeCard = (n) => {
    const mine = own && n.recipients.find(r => r.companyId === own.line.company.id);
    const acknowledged = n.recipients.filter(r => r.acknowledgedAt).length;
    const message = el('span', { class: 'error', role: 'alert' });
    const late = (r) => r.acknowledgedAt && new Date(r.acknowledgedAt) > new Date(n.dueAt);
    return el('li', { 'data-notice': n.id },
      el('strong', {}, n.title), ' ', el('span', { class: 'muted' }, `${n.sentByName} · ${stamp(n.sentAt)} · ${t('property.due', { at: stamp(n.dueAt) })}`),
      el('p', {}, n.body),
      mine ? (mine.acknowledgedAt ? el('span', { class: late(mine) ? 'badge warn' : 'badge ok' }, t(late(mine) ? 'property.ackLate' : 'property.acked', { at: stamp(mine.acknowledgedAt) }))
        : el('button', { type: 'button', onclick: () => api(`/api/v1/company-notices/${n.id}/acknowledge`, { method: 'POST', json: {} }).then(route, (err) => { message.textContent = err.message; }) },
          t('property.acknowledge')))
        : el('details', {}, el('summary', {}, t('property.ackCount', { n: acknowledged, total: n.recipients.length })),
          el('ul', { class: 'property-recipients' }, ...n.recipients.map(r => el('li', {}, r.companyName, ' ',
            r.acknowledgedAt ? el('span', { class: late(r) ? 'badge warn' : 'badge ok' }, t(late(r) ? 'property.ackLate' : 'property.acked', { at: stamp(r.acknowledgedAt) }))
              : el('span', { class: new Date(n.dueAt) < new Date() ? 'badge bad' : 'badge' }, t('property.notAcked')))))),
      message);
  };

  // A notice from the caller's street or district (its leaders and duty officers, or its housing office).
  const senderNodes = me.assignments.filter(a => (['leader', 'dutyOfficer', 'admin'].includes(a.role) || (a.role === 'departmentHandler' && me.propertyDesk === 'housing'))
    && [2, 3].includes(a.nodePath.split('/').filter(Boolean).length));
  if (senderNodes.length) {
    const names = await Promise.all(senderNodes.map(a => api(`/api/v1/org/nodes/${a.nodeId}`).then(n => n.name, () => String(a.nodeId))));
    const message = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { id: 'property-notice-form', class: 'sweep-launch', onsubmit: async (e) => {
      e.preventDefault();
      message.textContent = '';
      await api('/api/v1/company-notices', { method: 'POST', json: { nodeId: Number(form.node.value), title: form.title.value.trim(), body: form.body.value.trim(),
        dueHours: Number(form.hours.value) } }).then(route, (err) => { message.textContent = err.message; });
    } },
      el('label', { for: 'notice-node' }, t('property.from')),
      el('select', { id: 'notice-node', name: 'node' }, ...senderNodes.map((a, i) => el('option', { value: String(a.nodeId) }, names[i]))),
      el('label', { for: 'notice-title' }, t('property.noticeTitle')), el('input', { id: 'notice-title', name: 'title', required: '', maxlength: '100' }),
      el('label', { for: 'notice-body' }, t('property.noticeBody')), el('textarea', { id: 'notice-body', name: 'body', required: '', rows: '4', maxlength: '2000' }),
      el('label', { for: 'notice-hours' }, t('property.dueHours')), el('input', { id: 'notice-hours', name: 'hours', type: 'number', min: '1', max: '168', value: '24' }),
      el('p', {}, el('button', { type: 'submit' }, t('property.send'))), message);
    parts.push(el('section', { class: 'panel', id: 'property-notice-send' }, el('h2', {}, t('property.sendTitle')), form));
  }
  parts.push(el('section', { class: 'panel', id: 'property-notices' }, el('h2', {}, t(own ? 'property.inbox' : 'property.sent')),
    notices.length ? el('ul', { class: 'property-notices' }, ...notices.map(noticeCard)) : el('p', { class: 'muted' }, t('property.noNotices'))));

  // 信用 — the companies of the caller's area with their published record, a page at a time.
  if (!own) {
    const body = el('tbody', {});
    const more = el('button', { type: 'button', class: 'secondary', hidden: '' }, t('property.more'));
    const detail = el('div', { id: 'property-detail' });
    let after = null;
    const load = async () => {
      const page = await api(`/api/v1/property-companies?limit=50${after ? `&after=${after}` : ''}`);
      for (const line of page.companies) {
        const show = async () => {
          const [d, cases] = await Promise.all([api(`/api/v1/property-companies/${line.company.id}`),
            api(`/api/v1/cases?propertyCompanyId=${line.company.id}&limit=10`).then(p => p.items, () => [])]);
          detail.replaceChildren(el('h3', {}, d.line.company.name, ' ', grade(d.line.grade), ' ', el('span', { class: 'muted' }, d.line.districtName || '')), figures(d.line),
            el('h4', {}, t('property.compoundsTitle')),
            el('ul', { class: 'property-compounds' }, ...d.compounds.map(c => el('li', {}, `${c.name}（${t(`base.type.${c.type}`)}）`))),
            el('h4', {}, t('property.cases')),
            cases.length ? el('ul', { class: 'property-cases' }, ...cases.map(c => el('li', {}, el('a', { href: `#/case/${c.id}` }, c.number), ' ',
              c.categoryName || categoryLabel(c.categoryId), ' ', el('span', { class: 'muted' }, `${t(`source.${c.source}`)} · ${stamp(c.reportedAt)}`))))
              : el('p', { class: 'muted' }, t('property.noCases')));
          detail.scrollIntoView({ block: 'nearest' });
        };
        body.append(el('tr', { 'data-company': line.company.id },
          el('td', {}, el('button', { type: 'button', class: 'link', onclick: show }, line.company.name)), el('td', {}, line.districtName || '—'),
          el('td', {}, `${line.record.compounds}`), el('td', {}, `${line.record.households}`), el('td', {}, `${line.record.complaints}`),
          el('td', {}, line.complaintsPer100Households == null ? '—' : `${line.complaintsPer100Households}`),
          el('td', {}, percent(line.record.repairsOnTime, line.record.repairs)), el('td', {}, `${line.record.repairsPassedOn}`),
          el('td', {}, percent(line.record.satisfied, line.record.rated)), el('td', {}, `${line.record.noticesAcknowledged}/${line.record.notices}`),
          el('td', {}, `${line.score}`), el('td', {}, grade(line.grade))));
      }
      after = page.nextAfter;
      more.hidden = !after;
    };
    more.onclick = load;
    await load();
    const head = ['property.company', 'property.district', 'property.compoundsShort', 'property.households', 'property.complaints', 'property.per100', 'property.onTime',
      'property.passedOn', 'property.satisfaction', 'property.acknowledged', 'property.score', 'property.grade'];
    parts.unshift(el('section', { class: 'panel', id: 'property-companies' }, el('h2', {}, t('property.companies')),
      el('p', { class: 'muted' }, t('property.gradeNote')),
      el('div', { class: 'table-scroll' }, el('table', { id: 'property-table' }, el('thead', {}, el('tr', {}, ...head.map(k => el('th', {}, t(k))))), body)), more, detail));
  }

  view.replaceChildren(el('h1', {}, t('property.title')), ...parts, ...tail);
  view.dataset.ready = 'true';
};
