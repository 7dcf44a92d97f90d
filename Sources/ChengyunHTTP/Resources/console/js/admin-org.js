'use strict';
// 系统管理 · 组织架构 and 用户与角色: the organisation tree with a form to add a node, the departments with a form to
// add one; a node's users with their roles, a form to create a user and one to change a user's roles and name.

adminTabs.org = async (panel, ctx) => {
  const [top, nodes, departments] = await Promise.all([ctx.top(), ctx.nodes(), ctx.departments()]);
  const nodeMap = await ctx.nodeMap();
  const childKind = { city: 'district', district: 'street', street: 'committee', committee: 'grid' };
  const parent = adminSelect('a-node-parent', adminNodeOptions(nodes), top.id, { required: '' });
  const kind = adminSelect('a-node-kind', adminNodeKinds.filter(k => k !== 'city').map(k => [k, t(`admin.kind.${k}`)]), childKind[top.kind] || 'grid');
  const variant = adminSelect('a-node-variant', [['', t('admin.variant.none')], ['town', t('admin.variant.town')], ['village', t('admin.variant.village')]]);
  const code = adminInput('a-node-code', { required: '', maxlength: '20', pattern: '[0-9A-Za-z]+', autocomplete: 'off' });
  const name = adminInput('a-node-name', { required: '', maxlength: '60', autocomplete: 'off' });
  parent.addEventListener('change', () => { const p = nodeMap.get(Number(parent.value)); if (p && childKind[p.kind]) kind.value = childKind[p.kind]; });
  const nodeForm = adminForm('a-node-form', 'admin.org.addNode', [
    adminField('admin.org.parent', parent, 'parentId'), adminField('admin.org.kind', kind, 'kind'), adminField('admin.org.variant', variant, 'variant'),
    adminField('admin.org.code', code, 'code'), adminField('admin.org.name', name, 'name'),
  ], async () => {
    const created = await api('/api/v1/org/nodes', { method: 'POST', json: { parentId: Number(parent.value), kind: kind.value, variant: variant.value || undefined, code: code.value.trim(), name: name.value.trim() } });
    adminGo({ tab: 'org' }, t('admin.org.created', { name: created.name, code: created.code }));
  }, 'admin.add');

  // The tree, from the admin's node down; each node opens to its children on demand.
  const item = (node) => {
    const li = el('li', { 'data-node': node.id });
    const children = el('ul', { id: `a-org-children-${node.id}`, hidden: '' });
    const row = el('div', { class: 'a-tree-row' });
    if (node.kind !== 'grid') {
      const toggle = el('button', { type: 'button', class: 'a-toggle', 'aria-expanded': 'false', 'aria-controls': children.id, 'aria-label': t('admin.org.expand', { name: node.name }) }, '▸');
      toggle.addEventListener('click', async () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        if (open && !children.dataset.loaded) {
          const list = await api(`/api/v1/org/nodes/${node.id}/children`);
          children.replaceChildren(...(list.length ? list.map(item) : [el('li', { class: 'muted' }, t('admin.org.noChildren'))]));
          children.dataset.loaded = 'true';
        }
        toggle.setAttribute('aria-expanded', String(open)); toggle.textContent = open ? '▾' : '▸'; children.hidden = !open;
      });
      row.append(toggle);
    } else row.append(el('span', { class: 'a-toggle-space' }));
    row.append(el('span', { class: 'a-node-name' }, node.name), ' ', el('span', { class: 'badge' }, t(`admin.kind.${node.kind}`)), ' ', el('code', {}, node.code));
    if (node.kind !== 'grid') {
      row.append(' ', el('button', { type: 'button', class: 'link', 'aria-label': t('admin.org.addUnder', { name: node.name }), onclick: () => {
        if (!nodeMap.has(node.id)) return;
        parent.value = String(node.id); parent.dispatchEvent(new Event('change')); code.focus();
      } }, '+'));
    }
    li.append(row, children);
    return li;
  };
  const root = item(top);
  const tree = el('ul', { class: 'a-tree', id: 'a-org-tree', 'aria-label': t('admin.org.tree') }, root);

  const deptNode = adminSelect('a-dept-node', adminNodeOptions(nodes, n => ['city', 'district', 'street'].includes(n.kind)), top.id, { required: '' });
  const deptKind = adminSelect('a-dept-kind', adminKindOptions());
  const deptCode = adminInput('a-dept-code', { required: '', maxlength: '30', autocomplete: 'off' });
  const deptName = adminInput('a-dept-name', { required: '', maxlength: '60', autocomplete: 'off' });
  const deptForm = adminForm('a-dept-form', 'admin.org.addDepartment', [
    adminField('admin.org.deptNode', deptNode, 'nodeId'), adminField('admin.org.deptKind', deptKind, 'kind'),
    adminField('admin.org.code', deptCode, 'code'), adminField('admin.org.name', deptName, 'name'),
  ], async () => {
    const created = await api('/api/v1/departments', { method: 'POST', json: { nodeId: Number(deptNode.value), kind: deptKind.value, code: deptCode.value.trim(), name: deptName.value.trim() } });
    adminGo({ tab: 'org' }, t('admin.org.deptCreated', { name: created.name }));
  }, 'admin.add');
  const deptRows = departments.map(d => el('tr', { 'data-code': d.code }, el('td', {}, d.name), el('td', {}, adminKindName(d.kind)), el('td', {}, el('code', {}, d.code)),
    el('td', {}, nodeMap.has(d.nodeId) ? nodeMap.get(d.nodeId).name : `#${d.nodeId}`)));

  panel.append(el('div', { class: 'a-grid2' },
    el('div', {}, el('h2', {}, t('admin.org.tree')), tree),
    el('div', {}, nodeForm)),
    el('div', { class: 'a-grid2' },
      el('div', {}, el('h2', {}, t('admin.org.departments')), adminTable('a-dept-table', ['admin.org.name', 'admin.org.deptKind', 'admin.org.code', 'admin.org.deptNode'], deptRows)),
      el('div', {}, deptForm)));
  root.querySelector('.a-toggle').click();
};

/// The rows of role assignments of a user: role, node, and the department for a department handler.
function adminAssignments(prefix, ctx, nodes, departments, initial) {
  const box = el('div', { class: 'a-assignments', id: `${prefix}-assignments` });
  const slot = el('span', { class: 'error', id: `${prefix}-assignments-err`, 'data-field': 'assignments' });
  let rows = initial.length ? initial.map(a => ({ ...a })) : [{ role: 'dutyOfficer', nodeId: nodes[0].id }];
  const pathOf = (id) => { const n = nodes.find(x => x.id === Number(id)); return n ? n.path : ''; };
  const deptOptions = (nodeId) => {
    const path = pathOf(nodeId);
    // A handler's department belongs to the node, to a node above it or below it (the server's rule).
    const fits = departments.filter(d => { const p = pathOf(d.nodeId); return !path || !p || path.startsWith(p) || p.startsWith(path); });
    return fits.map(d => [d.id, d.name]);
  };
  const read = () => { rows = rows.map((_, i) => ({ role: $(`#${prefix}-role-${i}`).value, nodeId: Number($(`#${prefix}-node-${i}`).value), departmentId: Number($(`#${prefix}-dept-${i}`).value) || undefined })); };
  const draw = () => {
    box.replaceChildren(...rows.map((a, i) => {
      const role = adminSelect(`${prefix}-role-${i}`, adminRoles.map(r => [r, t(`admin.role.${r}`)]), a.role);
      const node = adminSelect(`${prefix}-node-${i}`, adminNodeOptions(nodes), a.nodeId);
      if (!nodes.some(n => n.id === a.nodeId)) { node.append(el('option', { value: a.nodeId }, `#${a.nodeId}`)); node.value = String(a.nodeId); }
      const dept = adminSelect(`${prefix}-dept-${i}`, deptOptions(node.value), a.departmentId);
      const deptField = adminField('admin.users.department', dept, `assignments[${i}].departmentId`);
      deptField.hidden = role.value !== 'departmentHandler';
      role.addEventListener('change', () => { deptField.hidden = role.value !== 'departmentHandler'; });
      node.addEventListener('change', () => { const keep = dept.value; dept.replaceChildren(...deptOptions(node.value).map(([v, l]) => el('option', { value: v }, l))); dept.value = keep; });
      const remove = el('button', { type: 'button', class: 'link', id: `${prefix}-remove-${i}`, 'aria-label': t('admin.users.removeRole', { n: i + 1 }), onclick: () => { read(); rows.splice(i, 1); draw(); } }, '×');
      if (rows.length === 1) remove.disabled = true;
      return el('fieldset', { class: 'a-assignment' }, el('legend', {}, t('admin.users.roleN', { n: i + 1 })),
        adminField('admin.users.role', role, `assignments[${i}].role`), adminField('admin.users.node', node, `assignments[${i}].nodeId assignments[${i}]`), deptField, remove);
    }));
  };
  draw();
  const add = el('button', { type: 'button', id: `${prefix}-add-role`, onclick: () => { read(); rows.push({ role: 'dutyOfficer', nodeId: nodes[0].id }); draw(); $(`#${prefix}-role-${rows.length - 1}`).focus(); } }, t('admin.users.addRole'));
  const value = () => {
    read();
    return rows.map(a => (a.role === 'departmentHandler' && a.departmentId ? { role: a.role, nodeId: a.nodeId, departmentId: a.departmentId } : { role: a.role, nodeId: a.nodeId }));
  };
  return { element: el('div', {}, el('h3', {}, t('admin.users.roles')), box, slot, add), value };
}

adminTabs.users = async (panel, ctx, params) => {
  const [top, nodes, departments] = await Promise.all([ctx.top(), ctx.nodes(), ctx.departments()]);
  const nodeMap = await ctx.nodeMap();
  const nodeId = Number(params.get('node')) || top.id;
  const offset = Math.max(0, Number(params.get('offset')) || 0), limit = 100;
  const users = await api(`/api/v1/users?nodeId=${nodeId}&limit=${limit}&offset=${offset}`);
  const chooser = adminSelect('a-users-node', adminNodeOptions(nodes), nodeId);
  chooser.addEventListener('change', () => adminGo({ tab: 'users', node: chooser.value }));
  const roleText = (a) => `${t(`admin.role.${a.role}`)} · ${nodeMap.has(a.nodeId) ? nodeMap.get(a.nodeId).name : `#${a.nodeId}`}${a.departmentId ? ` · ${adminDeptName(departments, a.departmentId)}` : ''}`;
  const listAlert = el('p', { class: 'error', role: 'alert', id: 'a-users-alert' });
  const editBox = el('div', { id: 'a-edit-box' });
  const rows = users.map(u => el('tr', { 'data-username': u.username, class: u.active ? '' : 'inactive' },
    el('td', {}, u.username), el('td', {}, u.displayName), el('td', {}, u.phone || '—'),
    el('td', { class: 'a-roles' }, ...u.assignments.map(a => el('div', {}, roleText(a)))),
    el('td', {}, u.active ? t('admin.users.active') : t('admin.users.disabled')),
    el('td', { class: 'a-actions' },
      el('button', { type: 'button', class: 'small', 'data-edit': u.username, onclick: () => openEdit(u) }, t('admin.edit')), ' ',
      el('button', { type: 'button', class: 'small', 'data-reset': u.username, onclick: () => openReset(u) }, t('admin.users.resetPassword')), ' ',
      el('button', { type: 'button', class: 'small', 'data-toggle': u.username, onclick: async () => {
        listAlert.textContent = '';
        try {
          await api(`/api/v1/users/${u.id}`, { method: 'PATCH', json: { active: !u.active } });
          adminGo({ tab: 'users', node: nodeId, offset }, t(u.active ? 'admin.users.wasDisabled' : 'admin.users.wasEnabled', { name: u.username }));
        } catch (err) { listAlert.textContent = err.message; }
      } }, u.active ? t('admin.users.disable') : t('admin.users.enable')))));
  const pager = el('p', { class: 'a-pager' },
    offset > 0 ? el('a', { href: `#/admin?tab=users&node=${nodeId}&offset=${Math.max(0, offset - limit)}` }, t('admin.previous')) : '', ' ',
    t('admin.users.range', { from: users.length ? offset + 1 : 0, to: offset + users.length }), ' ',
    users.length === limit ? el('a', { href: `#/admin?tab=users&node=${nodeId}&offset=${offset + limit}` }, t('admin.next')) : '');

  // Create a user.
  const username = adminInput('a-user-username', { required: '', maxlength: '40', autocomplete: 'off' });
  const displayName = adminInput('a-user-name', { required: '', maxlength: '60', autocomplete: 'off' });
  const phone = adminInput('a-user-phone', { type: 'tel', maxlength: '20', pattern: '[0-9+\\-]+', autocomplete: 'off' });
  const password = adminInput('a-user-password', { type: 'password', required: '', autocomplete: 'new-password' });
  const roles = adminAssignments('a-user', ctx, nodes, departments, [{ role: 'dutyOfficer', nodeId }]);
  const createForm = adminForm('a-user-form', 'admin.users.create', [
    adminField('admin.users.username', username, 'username'), adminField('admin.users.displayName', displayName, 'displayName'),
    adminField('admin.users.phone', phone, 'phone'), adminField('admin.users.password', password, 'password', 'admin.users.passwordHint'), roles.element,
  ], async () => {
    const body = { username: username.value.trim(), displayName: displayName.value.trim(), password: password.value, assignments: roles.value() };
    if (phone.value.trim()) body.phone = phone.value.trim();
    const created = await api('/api/v1/users', { method: 'POST', json: body });
    adminGo({ tab: 'users', node: created.assignments[0].nodeId }, t('admin.users.created', { name: created.username }));
  }, 'admin.users.createSubmit');

  // Change a user: display name, phone (only when a new one is typed: the one shown is masked), sign-in, roles.
  function openEdit(u) {
    const name = adminInput('a-edit-name', { required: '', maxlength: '60', value: u.displayName });
    const newPhone = adminInput('a-edit-phone', { type: 'tel', maxlength: '20', pattern: '[0-9+\\-]+', placeholder: u.phone || '', autocomplete: 'off' });
    const clearPhone = el('input', { id: 'a-edit-clear-phone', type: 'checkbox' });
    const active = el('input', { id: 'a-edit-active', type: 'checkbox' });
    active.checked = u.active;
    const original = u.assignments.map(a => (a.departmentId ? { role: a.role, nodeId: a.nodeId, departmentId: a.departmentId } : { role: a.role, nodeId: a.nodeId }));
    const edit = adminAssignments('a-edit', ctx, nodes, departments, original);
    const form = adminForm('a-edit-form', null, [
      el('h2', {}, t('admin.users.editTitle', { name: u.username })),
      adminField('admin.users.displayName', name, 'displayName'),
      adminField('admin.users.newPhone', newPhone, 'phone', 'admin.users.phoneMasked'),
      el('div', { class: 'a-check' }, clearPhone, el('label', { for: clearPhone.id }, t('admin.users.clearPhone'))),
      el('div', { class: 'a-check' }, active, el('label', { for: active.id }, t('admin.users.maySignIn')), el('span', { class: 'error', id: 'a-edit-active-err', 'data-field': 'active' })),
      edit.element,
    ], async () => {
      const change = {};
      if (name.value.trim() !== u.displayName) change.displayName = name.value.trim();
      if (newPhone.value.trim()) change.phone = newPhone.value.trim(); else if (clearPhone.checked) change.phone = '';
      if (active.checked !== u.active) change.active = active.checked;
      const assignments = edit.value();
      if (JSON.stringify(assignments) !== JSON.stringify(original)) change.assignments = assignments;
      if (!Object.keys(change).length) throw adminInvalid(null, t('admin.nothingChanged'));
      const saved = await api(`/api/v1/users/${u.id}`, { method: 'PATCH', json: change });
      adminGo({ tab: 'users', node: nodeId, offset }, t('admin.users.saved', { name: saved.username }));
    });
    form.append(el('button', { type: 'button', class: 'link', id: 'a-edit-cancel', onclick: () => editBox.replaceChildren() }, t('admin.cancel')));
    editBox.replaceChildren(form);
    name.focus();
  }

  // 重置密码: a new password the admin gives the user; the user's sessions end and a sign-in lock is lifted.
  function openReset(u) {
    const fresh = adminInput('a-reset-password', { type: 'password', required: '', autocomplete: 'new-password' });
    const again = adminInput('a-reset-repeat', { type: 'password', required: '', autocomplete: 'new-password' });
    const form = adminForm('a-reset-form', null, [
      el('h2', {}, t('admin.users.resetTitle', { name: u.username })),
      el('p', { class: 'hint' }, t('admin.users.resetExplain')),
      adminField('admin.users.newPassword', fresh, 'password newPassword', 'admin.users.passwordHint'),
      adminField('admin.users.repeatPassword', again, 'repeat'),
    ], async () => {
      if (fresh.value !== again.value) throw adminInvalid('repeat', t('password.mismatch'));
      await api(`/api/v1/users/${u.id}/password`, { method: 'POST', json: { newPassword: fresh.value } });
      adminGo({ tab: 'users', node: nodeId, offset }, t('admin.users.wasReset', { name: u.username }));
    }, 'admin.users.resetSubmit');
    form.append(el('button', { type: 'button', class: 'link', id: 'a-reset-cancel', onclick: () => editBox.replaceChildren() }, t('admin.cancel')));
    editBox.replaceChildren(form);
    fresh.focus();
  }

  panel.append(el('div', { class: 'a-grid2 wide-left' },
    el('div', {},
      el('p', { class: 'a-inline' }, el('label', { for: chooser.id }, t('admin.users.node')), ' ', chooser),
      listAlert,
      el('div', { class: 'table-scroll' }, adminTable('a-users-table', ['admin.users.username', 'admin.users.displayName', 'admin.users.phone', 'admin.users.roles', 'admin.users.state', ''], rows)),
      users.length ? '' : el('p', { class: 'muted' }, t('admin.users.none')), pager),
    el('div', {}, editBox, createForm)));
};
