'use strict';
// 扫码注册 — the page a building group's QR code opens on a resident's phone (docs/REGISTRATIONS.md): no sign-in; the
// group, its committee and street; a short form. With the ID number the committee recorded, the account is verified at
// once (实名核验); otherwise the committee checks it. Either way the resident is signed in and can report at once.
// One key per form: a second press, or a retry on a weak signal, is the same registration.
pages.join = async (view, params, code) => {
  const invite = await api(`/api/v1/join/${encodeURIComponent(code || '')}`, { signedOut: null }).catch((err) => ({ error: err.message }));
  if (invite.error) {
    view.replaceChildren(el('section', { class: 'panel join' }, el('h1', {}, t('join.title')), el('p', { class: 'error', role: 'alert', id: 'join-error' }, invite.error)));
    view.dataset.ready = 'true';
    return;
  }
  const key = requestKey();
  const message = el('p', { class: 'error', role: 'alert', id: 'join-error' });
  const village = invite.kind === 'village';
  const field = (id, label, input, hint) => [el('label', { for: id }, label), input, hint ? el('span', { class: 'muted join-hint' }, hint) : ''];
  const form = el('form', { id: 'join-form', class: 'join-form', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    const json = { name: form.name.value.trim(), phone: form.phone.value.trim(), room: form.room.value.trim(), idNumber: form.idNumber.value.trim() || undefined,
      username: form.username.value.trim(), password: form.password.value, clientKey: key };
    if (!village) json.buildingId = Number(form.building.value);
    form.submit.disabled = true;
    try {
      const made = await api(`/api/v1/join/${encodeURIComponent(code)}`, { method: 'POST', json });
      // Signed in at once with what was just typed (the session cookie; no token reaches this page).
      const reply = await api('/api/v1/auth/login', { method: 'POST', json: { username: json.username, password: json.password, cookie: true } }).catch(() => null);
      if (reply) { state.me = await markLeader(reply.user); renderChrome(); }
      view.replaceChildren(done(made, !!reply));
      view.dataset.ready = 'true';
    } catch (err) { message.textContent = err.message; form.submit.disabled = false; }
  } },
    ...field('join-name', t('join.name'), el('input', { id: 'join-name', name: 'name', required: '', maxlength: '50', autocomplete: 'name' })),
    ...field('join-phone', t('join.phone'), el('input', { id: 'join-phone', name: 'phone', type: 'tel', required: '', maxlength: '20', autocomplete: 'tel', inputmode: 'tel' })),
    ...(village ? [] : field('join-building', t('join.building'), el('select', { id: 'join-building', name: 'building', required: '' },
      ...invite.buildings.map(b => el('option', { value: String(b.id) }, b.number))))),
    ...field('join-room', t(village ? 'join.address' : 'join.room'), el('input', { id: 'join-room', name: 'room', required: '', maxlength: '16', placeholder: t(village ? 'join.addressExample' : 'join.roomExample') })),
    ...field('join-id', t('join.idNumber'), el('input', { id: 'join-id', name: 'idNumber', maxlength: '18', autocomplete: 'off', inputmode: 'text' }), t('join.idHint')),
    ...field('join-username', t('join.username'), el('input', { id: 'join-username', name: 'username', required: '', minlength: '3', maxlength: '32', autocomplete: 'username' }),
      t('join.usernameHint')),
    ...field('join-password', t('join.password'), el('input', { id: 'join-password', name: 'password', type: 'password', required: '', minlength: '12', autocomplete: 'new-password' }),
      t('join.passwordHint')),
    el('p', {}, el('button', { type: 'submit', id: 'join-submit', name: 'submit' }, t('join.submit'))), message);
  view.replaceChildren(el('section', { class: 'panel join' },
    el('h1', {}, t('join.title')),
    el('p', { class: 'join-group', id: 'join-group' }, el('strong', {}, invite.groupName), el('br'),
      el('span', { class: 'muted' }, [invite.street, invite.committee].filter(Boolean).join(' · '))),
    invite.chatGroup ? el('p', { class: 'muted' }, t('join.chatGroup', { name: invite.chatGroup })) : '',
    el('p', { class: 'muted' }, t('join.privacy')),
    form));
  view.dataset.ready = 'true';

  function done(made, signedIn) {
    const verified = made.status === 'verified';
    return el('section', { class: 'panel join', id: 'join-done' },
      el('h1', {}, t('join.doneTitle')),
      el('p', { class: 'join-status', id: 'join-status', 'data-status': made.status },
        el('span', { class: `badge ${verified ? 'ok' : 'warn'}` }, t(`registrations.status.${made.status}`)), ' ', t(verified ? 'join.verified' : 'join.pending')),
      el('p', {}, `${made.groupName} · ${made.building || ''}${made.room}`),
      el('p', {}, signedIn
        ? el('a', { href: '#/report', class: 'button-link', id: 'join-report' }, t('join.report'))
        : el('a', { href: '#/login', id: 'join-login' }, t('join.signIn'))));
  }
};
