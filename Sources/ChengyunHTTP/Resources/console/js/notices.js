'use strict';
// 楼组通知 — a committee's notices to its building groups (docs/GROUP-NOTICES.md). The committee's workers write to every
// group or to some (one key per form) and see how many registered residents read each and how many groups' chats it
// reached; a registered resident reads the notices for their group on 我的上报 (each read counted once); a group's
// leader copies the text for the group's chat (楼组家园群) and marks it relayed.

/// The committee's panel on #/groups: write, and the notices with their reach.
async function groupNoticesPanel(at) {
  const [notices, groups] = await Promise.all([api(`/api/v1/group-notices?nodeId=${at.nodeId}`), api(`/api/v1/building-groups?nodeId=${at.nodeId}&limit=200`)]);
  let key = requestKey();
  const message = el('p', { class: 'error', role: 'alert' });
  const picks = el('fieldset', { class: 'notice-groups' }, el('legend', {}, t('notices.groups')),
    ...groups.groups.map(g => el('label', {}, el('input', { type: 'checkbox', name: 'group', value: String(g.group.id) }), ` ${g.group.name}`)));
  const form = el('form', { id: 'notice-form', class: 'join-form notice-form', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    const groupIds = [...picks.querySelectorAll('input:checked')].map(i => Number(i.value));
    await api('/api/v1/group-notices', { method: 'POST', json: { nodeId: at.nodeId, title: form.title.value.trim(), body: form.body.value.trim(), groupIds, clientKey: key } })
      .then(() => { key = requestKey(); route(); }, (err) => { message.textContent = err.message; });
  } },
    el('label', { for: 'notice-title' }, t('notices.title')), el('input', { id: 'notice-title', name: 'title', required: '', maxlength: '60' }),
    el('label', { for: 'notice-body' }, t('notices.body')), el('textarea', { id: 'notice-body', name: 'body', rows: '3', required: '', maxlength: '1000' }),
    picks, el('span', { class: 'muted join-hint' }, t('notices.allHint')),
    el('p', {}, el('button', { type: 'submit', id: 'notice-send' }, t('notices.send'))), message);
  const list = el('ul', { class: 'registration-list', id: 'notice-list' }, ...notices.map(v => el('li', { 'data-notice': v.notice.id },
    el('strong', {}, v.notice.title), ' ', el('span', { class: 'muted' }, v.groups.length ? v.groups.join('、') : t('notices.everyGroup')), el('br'),
    el('span', { 'data-reach': 'reads' }, t('notices.reads', { n: v.notice.reads, of: v.notice.audience })), ' · ',
    el('span', { 'data-reach': 'relayed' }, t('notices.relayed', { n: v.relayed, of: v.groupCount })), ' ',
    el('span', { class: 'muted' }, new Date(v.notice.createdAt).toLocaleString(state.lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })))));
  return el('section', { class: 'panel', id: 'notice-panel' }, el('h2', {}, t('notices.panel')), el('p', { class: 'muted' }, t('notices.note')), form,
    notices.length ? list : el('p', { class: 'muted' }, t('notices.none')));
}

/// A resident's (and a group leader's) notices on #/mine: unread ones marked read once shown; a leader's relay.
async function myNoticesPanel() {
  const inbox = await api('/api/v1/group-notices/mine').catch(() => ({ items: [] }));
  if (!inbox.items.length) return '';
  const failed = el('p', { class: 'error', role: 'alert' });
  const text = (v) => `【${v.committee}】${v.notice.title}\n${v.notice.body}\n${location.origin}/console/#/mine`;
  const items = inbox.items.map(({ notice: v, read, relay }) => el('li', { 'data-notice': v.notice.id, 'data-read': String(read) },
    el('strong', {}, v.notice.title), read ? '' : el('span', { class: 'badge warn' }, t('notices.new')), el('br'),
    el('span', { class: 'notice-body' }, v.notice.body), el('br'),
    el('span', { class: 'muted' }, `${v.committee} · ${new Date(v.notice.createdAt).toLocaleDateString(state.lang, { timeZone: 'Asia/Shanghai' })}`),
    ...relay.map(r => el('div', { class: 'notice-relay', 'data-group': r.groupId },
      el('p', { class: 'muted' }, t('notices.relayTo', { chat: r.chatGroup || r.group })),
      el('textarea', { readonly: '', rows: '3', class: 'notice-text', 'aria-label': t('notices.relayText') }, text(v)),
      el('p', {}, el('button', { type: 'button', class: 'secondary notice-copy', onclick: (e) => {
        const box = e.target.closest('.notice-relay').querySelector('textarea');
        box.select();
        (navigator.clipboard ? navigator.clipboard.writeText(box.value) : Promise.reject()).catch(() => document.execCommand('copy'));
      } }, t('notices.copy')), ' ',
      r.relayed ? el('span', { class: 'badge ok', 'data-relayed': 'true' }, t('notices.relayedBadge'))
        : el('button', { type: 'button', class: 'notice-mark', onclick: () => api(`/api/v1/group-notices/${v.notice.id}/relay`, { method: 'POST', json: { groupId: r.groupId } })
          .then(() => route(), (err) => { failed.textContent = err.message; }) }, t('notices.markRelayed')))))));
  // Shown is read: each unread notice counted once for this reader.
  for (const { notice: v, read } of inbox.items) if (!read) api(`/api/v1/group-notices/${v.notice.id}/read`, { method: 'POST' }).catch(() => {});
  return el('section', { class: 'panel', id: 'my-notices' }, el('h2', {}, t('notices.mine')), failed, el('ul', { class: 'registration-list' }, ...items));
}
