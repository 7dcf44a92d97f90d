'use strict';
// 感知预警 — the sensing desk (#/sensing): the warnings (received from the meteorological service or issued here, each
// with its relay down the tree and who has acknowledged it), the alarms on now in the user's area (acknowledge, clear,
// the case each opened), and a datastream's last readings as a chart. Refreshed every 30 s.

pages.sensing = async (view, params) => {
  const me = state.me;
  const roles = new Set((me.assignments || []).map(a => a.role));
  const approver = roles.has('leader') || roles.has('admin');
  const [warnings, alarmPage, alarmCounts] = await Promise.all([api('/api/v1/warnings?limit=20'), api('/api/v1/alarms?state=on&limit=100'),
    api('/api/v1/alarms/counts')]);
  const relays = await Promise.all(warnings.map(w => (w.state === 'published' ? api(`/api/v1/warnings/${w.id}/relay`).catch(() => null) : null)));
  const when = (d) => (d ? new Date(d).toLocaleString(state.lang, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—');
  const message = el('p', { id: 's-message', role: 'status', class: 'muted' });
  const act = async (path, body) => {
    try { await api(path, { method: 'POST', json: body || {} }); await pages.sensing(view, params); } catch (e) { message.className = 'error'; message.textContent = e.message; }
  };

  // Warnings: newest first, with the relay's progress and the acknowledgement this user owes.
  const warningRows = warnings.map((w, i) => {
    const relay = relays[i];
    const mine = relay && relay.nodes.filter(n => (me.assignments || []).some(a => a.nodeId === n.nodeId));
    const owed = mine && mine.some(n => !n.acknowledgedAt);
    return el('tr', { 'data-warning': w.id },
      el('td', {}, levelBadge(w.level)),
      el('td', {}, el('strong', {}, w.headline), el('div', { class: 'muted' }, `${t(`sensing.hazard.${w.hazard}`)} · ${w.areaDescription}`,
        w.step ? ` · ${t('sensing.step', { step: t(`sensing.step.${w.step}`) })}` : '', w.msgType === 'Cancel' ? ` · ${t('sensing.cancelled')}` : '')),
      el('td', {}, t(`sensing.origin.${w.origin}`), el('div', { class: 'muted' }, when(w.publishedAt || w.sentAt))),
      el('td', {}, w.state === 'published' && relay
        ? el('span', { class: relay.acknowledged < relay.relayed ? 'warn-text' : '' }, t('sensing.relayed', { a: relay.acknowledged, n: relay.relayed }))
        : t(`sensing.state.${w.state}`)),
      el('td', { class: 'actions' },
        owed ? el('button', { type: 'button', class: 'primary', onclick: () => act(`/api/v1/warnings/${w.id}/acknowledge`) }, t('sensing.acknowledge')) : '',
        w.state === 'pending' && approver && w.issuedBy !== me.username
          ? el('button', { type: 'button', class: 'primary', onclick: () => act(`/api/v1/warnings/${w.id}/approve`) }, t('sensing.approve')) : '',
        w.step && w.state === 'published' ? el('button', { type: 'button', onclick: () => showSequence(w).catch(e => { message.className = 'error'; message.textContent = e.message; }) }, t('sensing.sequence')) : '',
        w.state === 'published' ? el('a', { href: `/cap/warnings/${w.id}.xml`, target: '_blank', rel: 'noopener' }, 'CAP') : ''));
  });
  // 31631: the steps of the warning's sequence — when each came, whether on time and narrower than the last — and the
  // steps that did not come.
  const sequenceBox = el('div', { id: 's-sequence', class: 'panel', hidden: '' });
  const showSequence = async (w) => {
    const seq = await api(`/api/v1/warnings/${w.id}/sequence`);
    sequenceBox.hidden = false;
    sequenceBox.replaceChildren(el('h2', {}, t('sensing.sequenceOf', { hazard: t(`sensing.hazard.${seq.hazard}`) })),
      el('ol', { class: 'sequence' }, ...seq.steps.map(s => el('li', {},
        el('strong', {}, t(`sensing.step.${s.step}`)), ' · ', when(s.sentAt), ' · ',
        el('span', { class: s.onTime === false ? 'warn-text' : '' }, s.onTime === undefined ? '—' : t(s.onTime ? 'sensing.onTime' : 'sensing.late')),
        ' · ', s.areaDescription, s.narrower ? '' : ` · ${t('sensing.notNarrower')}`))),
      seq.missing.length ? el('p', { class: 'muted' }, t('sensing.missingSteps', { steps: seq.missing.map(m => t(`sensing.step.${m}`)).join('、') })) : '',
      el('p', { class: 'muted' }, t('sensing.streetsTold', { n: seq.streets.length, all: seq.streets.filter(x => x.told.length === seq.steps.length).length })));
  };

  // Alarms on now, the most severe first.
  const order = ['red', 'orange', 'yellow', 'blue'];
  const alarms = alarmPage.alarms.slice().sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || b.id - a.id);
  const chartBox = el('div', { id: 's-chart-box', class: 'panel', hidden: '' }, el('h2', { id: 's-chart-title' }), el('canvas', { id: 's-chart', height: '110' }));
  let chart = null;
  const showReadings = async (alarm) => {
    const readings = await api(`/sta/v1.1/Datastreams(${alarm.datastreamId})/Observations?$top=120&$orderby=phenomenonTime%20desc`);
    const points = readings.value.slice().reverse();
    chartBox.hidden = false;
    $('#s-chart-title').textContent = t('sensing.readingsOf', { name: alarm.ruleName, kind: t(`sensing.kind.${alarm.kind}`) });
    if (chart) chart.destroy();
    // Readings a minute or less apart are labelled to the second.
    const close = points.length > 1 && new Date(points[points.length - 1].phenomenonTime) - new Date(points[0].phenomenonTime) < 3600000;
    const label = (d) => (close ? new Date(d).toLocaleTimeString(state.lang) : when(d));
    chart = new Chart($('#s-chart'), { type: 'line', data: { labels: points.map(o => label(o.phenomenonTime)), datasets: [
      { label: t(`sensing.kind.${alarm.kind}`), data: points.map(o => o.result), borderColor: levelColours[alarm.level], tension: 0.2, pointRadius: 0 }] },
      options: { animation: false, plugins: { legend: { labels: { color: '#e6f0ff' } } }, scales: { x: { ticks: { color: '#8fb3de', maxTicksLimit: 8 } }, y: { ticks: { color: '#8fb3de' } } } } });
  };
  const alarmRows = alarms.map(a => el('tr', { 'data-alarm': a.id },
    el('td', {}, levelBadge(a.level)),
    el('td', {}, el('strong', {}, a.ruleName), el('div', { class: 'muted' }, a.deviceName || (a.kind ? t(`sensing.kind.${a.kind}`) : t('sensing.coincidence')),
      a.household ? ` · ${t('sensing.household')}` : '', a.parentId ? ` · ${t('sensing.grouped', { id: a.parentId })}` : '')),
    el('td', {}, a.value === undefined ? '—' : String(Math.round(a.value * 100) / 100)),
    el('td', {}, when(a.raisedAt), a.refires ? el('div', { class: 'muted' }, t('sensing.refires', { n: a.refires })) : ''),
    el('td', {}, t(`sensing.alarmState.${a.state}`), a.acknowledgedBy ? el('div', { class: 'muted' }, a.acknowledgedBy) : ''),
    el('td', {}, a.caseId ? el('a', { href: `#/case/${a.caseId}` }, t('sensing.case')) : '—'),
    el('td', { class: 'actions' },
      a.state === 'raised' ? el('button', { type: 'button', onclick: () => act(`/api/v1/alarms/${a.id}/acknowledge`) }, t('sensing.acknowledgeAlarm')) : '',
      el('button', { type: 'button', onclick: () => act(`/api/v1/alarms/${a.id}/clear`) }, t('sensing.clear')),
      a.datastreamId ? el('button', { type: 'button', onclick: () => showReadings(a).catch(e => { message.className = 'error'; message.textContent = e.message; }) }, t('sensing.readings')) : '')));

  const counts = order.map(level => el('div', { class: 'tile' }, el('div', { class: 'label' }, levelBadge(level)),
    el('div', { class: 'value', id: `s-count-${level}` }, alarmCounts[level])));
  const total = order.reduce((n, level) => n + alarmCounts[level], 0);
  view.replaceChildren(el('div', { class: 'sensing' },
    el('section', { class: 'panel' }, el('h1', {}, t('sensing.title')), el('p', { class: 'muted' }, t('sensing.explain')),
      el('div', { class: 'tiles level-tiles' }, ...counts), message),
    el('section', { class: 'panel' }, el('h2', {}, t('sensing.warnings')),
      warningRows.length ? el('div', { class: 'table-scroll' }, el('table', { id: 's-warnings' },
        el('thead', {}, el('tr', {}, ...['sensing.level', 'sensing.headline', 'sensing.source', 'sensing.relay', ''].map(k => el('th', {}, k ? t(k) : '')))),
        el('tbody', {}, ...warningRows))) : el('p', {}, t('sensing.noWarnings'))),
    el('section', { class: 'panel' }, el('h2', {}, t('sensing.alarmsOn', { n: total })),
      total > alarms.length ? el('p', { class: 'muted' }, t('sensing.mostSevere', { n: alarms.length })) : '',
      alarmRows.length ? el('div', { class: 'table-scroll' }, el('table', { id: 's-alarms' },
        el('thead', {}, el('tr', {}, ...['sensing.level', 'sensing.rule', 'sensing.value', 'sensing.raisedAt', 'sensing.stateHead', 'sensing.caseHead', ''].map(k => el('th', {}, k ? t(k) : '')))),
        el('tbody', {}, ...alarmRows))) : el('p', {}, t('sensing.noAlarms'))),
    sequenceBox, chartBox));
  view.dataset.ready = 'true';
  state.timers.push(setTimeout(() => { if (location.hash.startsWith('#/sensing')) pages.sensing(view, params); }, 30000));
};
