'use strict';
// 积分兑换 — on the volunteers page (docs/VOLUNTEERS.md). A volunteer sees the points left to spend, the committee's
// items with 兑换 (one key per press: a second press or a retry is the same exchange), and their own exchanges (待领取,
// 已领取, 已取消; one not yet handed over may be cancelled, the points given back). The committee's workers offer items,
// restock or withdraw them, and hand items over.

const redemptionBadge = (r) => el('span', { class: `badge ${r.state === 'handedOver' ? 'ok' : r.state === 'requested' ? 'warn' : ''}`, 'data-state': r.state },
  t(`volunteers.redemption.${r.state}`));

/// A volunteer's part: the items to exchange their balance for, and their exchanges.
async function volunteerRewards(self) {
  const v = self.volunteer;
  const balance = v.points - (v.spent || 0);
  const items = await api('/api/v1/rewards');
  const message = el('p', { class: 'error', role: 'alert', id: 'reward-error' });
  const keys = new Map();   // item id → the key of the exchange being made (a second press is the same exchange)
  const redeem = (item) => {
    if (!keys.has(item.id)) keys.set(item.id, requestKey());
    message.textContent = '';
    return api(`/api/v1/rewards/${item.id}/redeem`, { method: 'POST', json: { clientKey: keys.get(item.id) } })
      .then(() => { keys.delete(item.id); route(); }, (err) => { message.textContent = err.message; });
  };
  const cancel = (r) => api(`/api/v1/redemptions/${r.id}/cancel`, { method: 'POST' }).then(() => route(), (err) => { message.textContent = err.message; });
  const cards = items.map(item => el('li', { class: 'volunteer-task', 'data-reward': item.id },
    el('p', {}, el('strong', {}, item.name), ' ', el('span', { class: 'muted' }, t('volunteers.rewardCost', { n: item.cost }))),
    el('p', {}, item.stock <= 0 ? el('span', { class: 'badge' }, t('volunteers.rewardNone'))
      : balance < item.cost ? el('span', { class: 'badge', 'data-short': 'true' }, t('volunteers.rewardShort'))
        : el('button', { type: 'button', class: 'reward-redeem', onclick: () => redeem(item) }, t('volunteers.redeem')),
    ' ', el('span', { class: 'muted' }, t('volunteers.rewardStock', { n: item.stock })))));
  const mine = (self.redemptions || []).map(r => el('li', { 'data-redemption': r.id },
    el('strong', {}, r.itemName), ' ', el('span', { class: 'muted' }, t('volunteers.rewardCost', { n: r.points })), ' ', redemptionBadge(r),
    r.state === 'requested' ? el('button', { type: 'button', class: 'secondary reward-cancel', onclick: () => cancel(r) }, t('volunteers.cancelRedemption')) : ''));
  return el('section', { class: 'panel', id: 'reward-shop' }, el('h2', {}, t('volunteers.rewards')),
    el('p', { class: 'volunteer-points' }, t('volunteers.balance'), ' ', el('strong', { id: 'volunteer-balance' }, String(balance))),
    el('p', { class: 'muted' }, t('volunteers.rewardsNote')), message,
    cards.length ? el('ul', { class: 'volunteer-tasks' }, ...cards) : el('p', { class: 'muted' }, t('volunteers.noRewards')),
    mine.length ? el('h3', {}, t('volunteers.myRedemptions')) : '', mine.length ? el('ul', { class: 'registration-list', id: 'reward-mine' }, ...mine) : '');
}

/// The committee's part: offer, restock, withdraw; hand over what was exchanged.
async function committeeRewards(node) {
  const [items, page] = await Promise.all([api(`/api/v1/rewards?nodeId=${node}`), api(`/api/v1/redemptions?nodeId=${node}&limit=50`)]);
  const message = el('p', { class: 'error', role: 'alert', id: 'reward-admin-error' });
  const act = (path, options) => api(path, options).then(() => route(), (err) => { message.textContent = err.message; });
  let key = requestKey();
  const form = el('form', { id: 'reward-form', class: 'inline-form', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    await api('/api/v1/rewards', { method: 'POST', json: { nodeId: node, name: form.rewardName.value.trim(), cost: Number(form.cost.value), stock: Number(form.stock.value), clientKey: key } })
      .then(() => { key = requestKey(); route(); }, (err) => { message.textContent = err.message; });
  } }, el('input', { name: 'rewardName', required: '', maxlength: '50', placeholder: t('volunteers.rewardName'), 'aria-label': t('volunteers.rewardName') }), ' ',
    el('input', { name: 'cost', type: 'number', min: '1', max: '10000', value: '10', 'aria-label': t('volunteers.rewardCostLabel'), title: t('volunteers.rewardCostLabel') }), ' ',
    el('input', { name: 'stock', type: 'number', min: '0', max: '100000', value: '10', 'aria-label': t('volunteers.rewardStockLabel'), title: t('volunteers.rewardStockLabel') }), ' ',
    el('button', { type: 'submit', id: 'reward-offer' }, t('volunteers.offer')));
  const rows = items.map(item => {
    const more = el('input', { type: 'number', min: '1', max: '1000', value: '5', class: 'reward-more', 'aria-label': t('volunteers.restock') });
    return el('tr', { 'data-reward': item.id, class: item.active ? '' : 'muted' },
      el('th', { scope: 'row' }, item.name), el('td', {}, String(item.cost)), el('td', { 'data-col': 'stock' }, String(item.stock)),
      el('td', {}, item.active ? t('volunteers.offered') : t('volunteers.withdrawn')),
      el('td', {}, more, ' ', el('button', { type: 'button', class: 'secondary reward-restock', onclick: () => act(`/api/v1/rewards/${item.id}`, { method: 'PATCH', json: { addStock: Number(more.value) } }) },
        t('volunteers.restock')), ' ',
        el('button', { type: 'button', class: 'secondary reward-toggle', onclick: () => act(`/api/v1/rewards/${item.id}`, { method: 'PATCH', json: { active: !item.active } }) },
          item.active ? t('volunteers.withdraw') : t('volunteers.offerAgain'))));
  });
  const exchanges = page.redemptions.map(r => el('li', { 'data-redemption': r.id },
    el('strong', {}, r.itemName), ` · ${r.volunteerName} · `, el('span', { class: 'muted' }, t('volunteers.rewardCost', { n: r.points })), ' ', redemptionBadge(r),
    r.state === 'requested' ? el('button', { type: 'button', class: 'reward-hand-over', onclick: () => act(`/api/v1/redemptions/${r.id}/hand-over`, { method: 'POST' }) },
      t('volunteers.handOver')) : ''));
  return el('section', { class: 'panel', id: 'reward-admin' }, el('h2', {}, t('volunteers.rewards')), el('p', { class: 'muted' }, t('volunteers.rewardsAdminNote')),
    form, message,
    rows.length ? el('div', { class: 'table-scroll' }, el('table', { id: 'reward-table' },
      el('thead', {}, el('tr', {}, ...['volunteers.rewardName', 'volunteers.rewardCostLabel', 'volunteers.rewardStockLabel', '', ''].map(k => el('th', {}, k ? t(k) : '')))),
      el('tbody', {}, ...rows))) : '',
    el('h3', {}, t('volunteers.exchanges')),
    exchanges.length ? el('ul', { class: 'registration-list', id: 'reward-exchanges' }, ...exchanges) : el('p', { class: 'muted' }, t('volunteers.noExchanges')));
}
