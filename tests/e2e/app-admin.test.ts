import { appBed } from './app-bed';

/**
 * Journey 6 (in part) in the console app, in Chromium, through the UI only: the administrator creates a user, who
 * then logs in with the password shown once; creates an API key and revokes it (the portal is then refused); and
 * finds both in the audit trail. Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(300_000);

const bed = appBed('app-admin');


test('the administrator creates a user, who logs in with the password shown once', async () => {
  const admin = await bed.as('admin');
  await admin.getByRole('link', { name: '系统管理' }).click();
  await admin.locator('#users').getByText('zhang.wei', { exact: true }).waitFor();
  await admin.getByRole('button', { name: '新建用户' }).click();
  // The dialog zooms in; a click on its button while it moves can land on nothing.
  await admin.locator('#user-form').waitFor();
  await admin.locator('.ant-modal-wrap .ant-zoom-appear, .ant-modal-wrap .ant-zoom-enter').waitFor({ state: 'detached' });
  await admin.locator('#user-form').getByRole('button', { name: '新建用户' }).click();
  await admin.getByText('请填写用户名').waitFor();
  await admin.fill('#id', 'Wu Gang');
  await admin.fill('#name', '吴刚');
  await admin.fill('#email', 'wu.gang@example.gov.cn');
  await admin.locator('#user-form').getByRole('button', { name: '新建用户' }).click();
  await admin.getByText('小写字母开头，只含小写字母、数字和 . _ -，2–41 位').waitFor();
  expect(await admin.inputValue('#name')).toBe('吴刚');
  await admin.fill('#id', 'wu.gang');
  await admin.locator('#user-form').getByRole('button', { name: '新建用户' }).click();
  const password = (await admin.locator('#password-once').innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(10);
  await bed.shot(admin, '30-admin-user-created');
  await admin.getByRole('button', { name: '已记下' }).click();
  expect(await admin.locator('#users tr', { hasText: 'wu.gang' }).innerText()).toMatch(/吴刚[\s\S]*拟稿人[\s\S]*在用/);

  const wu = await bed.as('wu.gang', { password: password });
  expect(await wu.locator('.gk-user').innerText()).toContain('吴刚');
});

test('an API key is created, shown once, revoked, and the portal is then refused', async () => {
  const admin = await bed.as('admin');
  await admin.goto(bed.url(`/admin?tab=apikeys`));
  await admin.fill('#name', 'portal');
  await admin.getByRole('button', { name: '新建密钥' }).click();
  const key = (await admin.locator('#key-once').innerText()).trim();
  await admin.getByRole('button', { name: '已保存' }).click();
  const bearer = { authorization: `Bearer ${key}` };
  expect((await fetch(`${bed.base}/api/applications`, { headers: bearer })).status).toBe(403); // intake only: no read scope
  const row = admin.locator('#apikeys tr', { hasText: 'portal' });
  await row.getByText('有效').waitFor();
  await row.getByRole('button', { name: '吊销' }).click();
  await admin.locator('.ant-popconfirm').getByRole('button', { name: '吊销' }).click();
  await row.getByText('已吊销').waitFor();
  expect((await fetch(`${bed.base}/api/applications`, { headers: bearer })).status).toBe(401);
  await bed.shot(admin, '31-admin-apikeys');
});

test('the audit trail shows both, by name, filtered by action', async () => {
  const admin = await bed.as('admin');
  await admin.goto(bed.url(`/admin?tab=audit`));
  await admin.fill('#audit-filter #action', 'user.add');
  await admin.getByRole('button', { name: '筛选' }).click();
  const row = admin.locator('#audit tr', { hasText: 'wu.gang' });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/系统管理员[\s\S]*新建用户[\s\S]*完成/);
  await admin.locator('#audit-filter #action').fill('apikey.');
  await admin.getByRole('button', { name: '筛选' }).click();
  await admin.locator('#audit tr', { hasText: '吊销接口密钥' }).waitFor();
  expect(await admin.locator('#audit tr', { hasText: '新建接口密钥' }).innerText()).toContain('登记申请（门户网站）');
  await bed.shot(admin, '32-admin-audit');
});

test('only the administrator has 系统管理', async () => {
  const sup = await bed.as('zhou.min');
  expect(await sup.getByRole('link', { name: '系统管理' }).count()).toBe(0);
  await sup.goto(bed.url(`/admin`));
  await sup.getByText('无权操作').first().waitFor();
  // At phone width the users table scrolls inside itself, not the page.
  const phone = await bed.as('admin', { width: 375 });
  await phone.goto(bed.url(`/admin`));
  await phone.locator('#users').getByText('zhang.wei', { exact: true }).waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '33-admin-375');
});
