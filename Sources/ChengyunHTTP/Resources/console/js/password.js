'use strict';
// 修改密码 — every signed-in user changes their own password (POST /api/v1/me/password); the server's refusal is shown
// next to its field in the user's language, and the user's other sessions end.
pages.password = async (view) => {
  const field = (id, key, autocomplete, hintKey) => {
    const input = el('input', { id, name: id, type: 'password', autocomplete, required: '', 'aria-describedby': `${id}-err${hintKey ? ` ${id}-hint` : ''}` });
    return { input, element: el('div', { class: 'pw-field' }, el('label', { for: id }, t(key)), input,
      hintKey ? el('small', { class: 'muted', id: `${id}-hint` }, t(hintKey)) : '', el('span', { class: 'error', id: `${id}-err` })) };
  };
  const old = field('pw-old', 'password.old', 'current-password');
  const fresh = field('pw-new', 'password.new', 'new-password', 'password.rule');
  const again = field('pw-repeat', 'password.repeat', 'new-password');
  const alert = el('p', { class: 'error', role: 'alert', id: 'pw-alert' });
  const status = el('p', { class: 'ok', role: 'status', id: 'pw-status' });
  // The server names the field it refuses: oldPassword or newPassword.
  const slots = { oldPassword: old, newPassword: fresh };
  const submit = el('button', { type: 'submit', id: 'pw-submit' }, t('password.submit'));
  const form = el('form', { class: 'panel pw-form', id: 'pw-form', onsubmit: async (e) => {
    e.preventDefault();
    for (const f of [old, fresh, again]) { f.input.removeAttribute('aria-invalid'); $(`#${f.input.id}-err`).textContent = ''; }
    alert.textContent = ''; status.textContent = '';
    const show = (f, message) => { $(`#${f.input.id}-err`).textContent = message; f.input.setAttribute('aria-invalid', 'true'); f.input.focus(); };
    if (fresh.input.value !== again.input.value) { show(again, t('password.mismatch')); return; }
    submit.disabled = true;
    try {
      await api('/api/v1/me/password', { method: 'POST', json: { oldPassword: old.input.value, newPassword: fresh.input.value } });
      form.reset();
      status.textContent = t('password.changed');
      status.focus();
    } catch (err) {
      if (slots[err.field]) show(slots[err.field], err.message); else alert.textContent = err.message;
    } finally { submit.disabled = false; }
  } },
    el('h1', {}, t('password.title')),
    el('p', { class: 'muted' }, t('password.explain', { name: state.me.username || state.me.displayName })),
    old.element, fresh.element, again.element,
    el('p', {}, submit), alert, status);
  status.tabIndex = -1;
  view.replaceChildren(form);
  old.input.focus();
  view.dataset.ready = 'true';
};
