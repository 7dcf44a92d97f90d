'use strict';
// 系统管理 · 接口密钥: the API keys of external systems (12345 hotline, 110, sensors, video …) on or under the admin's
// nodes — listed, created, rotated and revoked. A new or rotated key is shown once, in this page only: it is never
// kept anywhere, and leaving the tab forgets it.

// The case sources a system may report as (CaseSource on the server).
const adminKeySources = ['hotline', 'police110', 'sensor', 'video', 'resident', 'inspector', 'department', 'station'];

adminTabs.apikeys = async (panel, ctx) => {
  const [nodes, nodeMap] = await Promise.all([ctx.nodes(), ctx.nodeMap()]);
  const top = await ctx.top();
  const listAlert = el('p', { class: 'error', role: 'alert', id: 'a-keys-alert' });
  const listStatus = el('p', { class: 'ok', role: 'status', id: 'a-keys-status' });
  const secretBox = el('div', { id: 'a-key-secret-box' });
  const tableBox = el('div', { id: 'a-keys-box' });
  const nodeName = (k) => { const n = nodeMap.get(k.nodeId); return n ? n.name : `#${k.nodeId}`; };

  /// Shows a key once, in a box it can be copied from, with the warning that it is not shown again.
  function showSecret(titleKey, record, key) {
    const value = el('input', { id: 'a-key-value', type: 'text', readonly: '', value: key, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'a-key-warning' });
    const copied = el('span', { class: 'ok', role: 'status', id: 'a-key-copied' });
    const copy = el('button', { type: 'button', id: 'a-key-copy', onclick: async () => {
      value.select();
      try { await navigator.clipboard.writeText(key); } catch { document.execCommand('copy'); }
      copied.textContent = t('admin.keys.copied');
    } }, t('admin.keys.copy'));
    const forget = el('button', { type: 'button', class: 'link', id: 'a-key-forget', onclick: () => { secretBox.replaceChildren(); } }, t('admin.keys.done'));
    secretBox.replaceChildren(el('section', { class: 'a-secret', 'aria-labelledby': 'a-key-secret-title' },
      el('h3', { id: 'a-key-secret-title' }, t(titleKey, { name: record.name })),
      el('p', { class: 'warn', id: 'a-key-warning' }, t('admin.keys.onlyOnce')),
      el('p', { class: 'a-inline' }, el('label', { for: value.id }, t('admin.keys.key')), value, copy, copied),
      el('p', {}, forget)));
    value.focus(); value.select();
  }

  async function draw() {
    const keys = await api('/api/v1/apikeys');
    const rows = keys.map(k => el('tr', { 'data-key': k.name, 'data-id': k.id, class: k.active ? '' : 'inactive' },
      el('td', {}, k.name),
      el('td', {}, adminKeySources.filter(s => k.sources.includes(s)).map(s => t(`source.${s}`)).join(t('admin.sep'))),
      el('td', {}, nodeName(k)),
      el('td', { class: 'a-key-state' }, k.active ? t('admin.keys.active') : t('admin.keys.revoked')),
      el('td', { class: 'a-actions' }, k.active ? [
        adminConfirmButton({ class: 'small danger', 'data-rotate': k.name }, 'admin.keys.rotate', async () => {
          listAlert.textContent = ''; listStatus.textContent = '';
          try {
            const rotated = await api(`/api/v1/apikeys/${k.id}/rotate`, { method: 'POST' });
            await draw();
            showSecret('admin.keys.rotated', rotated.record, rotated.key);
          } catch (err) { listAlert.textContent = err.message; }
        }), ' ',
        adminConfirmButton({ class: 'small danger', 'data-revoke': k.name }, 'admin.keys.revoke', async () => {
          listAlert.textContent = ''; listStatus.textContent = '';
          try {
            await api(`/api/v1/apikeys/${k.id}`, { method: 'DELETE' });
            secretBox.replaceChildren();
            await draw();
            listStatus.textContent = t('admin.keys.wasRevoked', { name: k.name });
          } catch (err) { listAlert.textContent = err.message; }
        })] : '')));
    tableBox.replaceChildren(
      adminTable('a-keys-table', ['admin.keys.name', 'admin.keys.sources', 'admin.keys.node', 'admin.keys.state', ''], rows),
      keys.length ? '' : el('p', { class: 'muted', id: 'a-keys-none' }, t('admin.keys.none')));
  }

  // Create a key: its name, the sources its system reports as, and the node it reports for.
  const name = adminInput('a-key-name', { required: '', maxlength: '60', autocomplete: 'off' });
  const boxes = adminKeySources.map(s => el('input', { type: 'checkbox', id: `a-key-source-${s}`, name: 'sources', value: s }));
  const sources = el('fieldset', { id: 'a-key-sources', 'aria-describedby': 'a-key-sources-err' }, el('legend', {}, t('admin.keys.sources')),
    el('div', { class: 'a-days' }, ...boxes.map(b => el('span', { class: 'a-check' }, b, el('label', { for: b.id }, t(`source.${b.value}`))))),
    el('span', { class: 'error', id: 'a-key-sources-err', 'data-field': 'sources' }));
  const node = adminSelect('a-key-node', adminNodeOptions(nodes), top.id, { required: '' });
  const form = adminForm('a-key-form', 'admin.keys.create', [
    adminField('admin.keys.name', name, 'name', 'admin.keys.nameHint'), sources, adminField('admin.keys.node', node, 'nodeId'),
  ], async (f, status) => {
    const chosen = boxes.filter(b => b.checked).map(b => b.value);
    if (!chosen.length) throw adminInvalid('sources', t('error.apikey.no_sources'));
    const created = await api('/api/v1/apikeys', { method: 'POST', json: { name: name.value.trim(), sources: chosen, nodeId: Number(node.value) } });
    f.reset();
    node.value = String(top.id);
    status.textContent = t('admin.keys.created', { name: created.record.name });
    await draw();
    showSecret('admin.keys.createdTitle', created.record, created.key);
  }, 'admin.keys.createSubmit');

  await draw();
  panel.append(el('div', { class: 'a-grid2 wide-left' },
    el('div', {}, el('h2', {}, t('admin.keys.title')), el('p', { class: 'hint' }, t('admin.keys.explain')), listAlert, listStatus, secretBox, tableBox),
    el('div', {}, form)));
};
