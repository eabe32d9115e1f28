import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appBed, pick } from './app-bed';

/**
 * Issue 14 in the console app, in Chromium, through the UI only: the administrator imports the next year's 调休
 * notice after seeing what it changes, adds and removes an agency day, edits a review policy as a form; a user
 * changes their password and logs in with the new one; help is one click from the page it explains.
 * Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(300_000);

const bed = appBed('app-settings');
const fixture = path.resolve(__dirname, '../fixtures/calendar-import-2027.json');

test('the administrator imports the 2027 holiday notice after seeing which dates it changes', async () => {
  const admin = await bed.as('admin');
  await admin.getByRole('link', { name: '系统管理' }).click();
  await admin.getByRole('tab', { name: '工作日历' }).click();
  await admin.locator('#calendar-import').waitFor();
  // A file that breaks the rules is refused next to the field, in Chinese, before anything is sent.
  const bad = JSON.parse(fs.readFileSync(fixture, 'utf8'));
  bad.holidays[1].work = ['2027-02-22'];
  const badFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-cal-')), 'bad-2027.json');
  fs.writeFileSync(badFile, JSON.stringify(bad));
  await admin.locator('#calendar-import input[type=file]').setInputFiles(badFile);
  await admin.getByText('调休上班日 2027-02-22 不是星期六或星期日').waitFor();

  await admin.locator('#calendar-import input[type=file]').setInputFiles(fixture);
  const changed = admin.locator('#changed-dates');
  await changed.waitFor();
  // 2027-02-20 is a Saturday the notice makes a working day (春节 调休).
  expect(await changed.locator('tr', { hasText: '2027-02-20' }).innerText()).toMatch(/休息[\s\S]*上班[\s\S]*调休上班/);
  expect(await admin.locator('#calendar-preview').innerText()).toContain('尚未导入');
  await bed.shot(admin, '40-admin-calendar-preview');
  // Nothing is imported by the preview.
  const before = await (await admin.request.get(`${bed.base}/api/calendar`)).json();
  expect(before.imported.map((y: { year: number }) => y.year)).not.toContain(2027);

  await admin.getByRole('button', { name: '确认导入' }).click();
  await admin.locator('#calendar-imported').getByText('2027 年节假日安排已导入').waitFor();
  await admin.locator('#imported-years').getByText('2027 年').waitFor();
  const after = await (await admin.request.get(`${bed.base}/api/calendar`)).json();
  expect(after.imported.map((y: { year: number }) => y.year)).toContain(2027);
  await bed.shot(admin, '41-admin-calendar-imported');
});

test('the administrator adds an agency day off and removes it (at phone width)', async () => {
  const admin = await bed.as('admin', { width: 375 });
  await admin.goto(bed.url('/admin?tab=calendar'));
  const form = admin.locator('#override-form');
  await form.getByRole('button', { name: '添加调整' }).click();
  await form.getByText('请选择日期').waitFor();
  await form.getByText('请填写理由').waitFor();
  // Enter in the date field submits the form: the reason is still missing, and the chosen date stays.
  await form.locator('#date').fill('2027-03-10');
  await form.locator('#date').press('Enter');
  await form.getByText('请填写理由').waitFor();
  await form.getByText('请选择日期').waitFor({ state: 'detached' });
  await form.locator('#reason').fill('肉孜节（本地民族节日）');
  await form.getByRole('button', { name: '添加调整' }).click();
  const row = admin.locator('#overrides tr', { hasText: '2027-03-10' });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/休息日[\s\S]*肉孜节/);
  const listed = await (await admin.request.get(`${bed.base}/api/calendar`)).json();
  expect(listed.overrides).toEqual([{ date: '2027-03-10', kind: 'off', reason: '肉孜节（本地民族节日）' }]);
  expect(await bed.scrollsSideways(admin)).toBe(false);
  await bed.shot(admin, '42-admin-calendar-override-375');
  await row.getByRole('button', { name: '取消调整' }).click();
  await admin.locator('.ant-popconfirm').getByRole('button', { name: '取消调整' }).click();
  await admin.locator('#overrides').getByText('没有调整的日期').waitFor();
  expect((await (await admin.request.get(`${bed.base}/api/calendar`)).json()).overrides).toEqual([]);
});

test('the administrator edits a review policy through the form', async () => {
  const admin = await bed.as('admin');
  await admin.goto(bed.url('/admin?tab=policies'));
  await admin.locator('#policy-category').click();
  await pick(admin, '规划计划');
  // The form below is the chosen category's (a click on another option would edit another policy).
  await admin.locator('form', { has: admin.locator('#policy-category') }).getByTitle('规划计划').waitFor();
  const form = admin.locator('#policy-form');
  await form.locator('.gk-stage').nth(2).waitFor();
  // Inline checks before anything is sent; what was typed stays.
  await form.locator('#stages_1_name').fill('');
  await form.getByRole('button', { name: '添加环节' }).click();
  await form.getByRole('button', { name: '保存审核策略' }).click();
  await form.getByText('请填写环节名称').first().waitFor();
  await form.getByText('请选择审核分组').waitFor();
  await form.locator('#stages_1_name').fill('复审（保密审查）');
  await form.locator('#stages_3_name').fill('法律顾问审核');
  await form.locator('#stages_3_group').click();
  await pick(admin, '主要负责人（敏感类终审）');
  await form.locator('#stages_3_slaWorkdays').fill('4');
  await form.locator('#stages_0_slaWorkdays').fill('3');
  await bed.shot(admin, '43-admin-policy-form');
  await form.getByRole('button', { name: '保存审核策略' }).click();
  await admin.getByText('已保存“规划计划”的审核策略').waitFor();
  const { policies } = await (await admin.request.get(`${bed.base}/api/admin/policies`)).json();
  const saved = policies.find((p: { policy: { category: string } }) => p.policy.category === '规划计划').policy;
  expect(saved.stages.map((s: { name: string; group: string; slaWorkdays: number }) => [s.name, s.group, s.slaWorkdays])).toEqual([
    ['初审', 'section-heads', 3], ['复审（保密审查）', 'office', 3], ['终审', 'leaders', 2], ['法律顾问审核', 'agency-head', 4],
  ]);
  // Reopened, the form shows what was saved.
  await admin.reload();
  await admin.locator('#policy-category').click();
  await pick(admin, '规划计划');
  expect(await admin.locator('#stages_3_name').inputValue()).toBe('法律顾问审核');
  // Unsaved changes are not dropped by choosing another category without being asked.
  await admin.locator('#stages_0_name').fill('初审（科室）');
  await admin.locator('#policy-category').click();
  await pick(admin, '通知公告');
  await admin.getByRole('button', { name: '留在本类别' }).click();
  expect(await admin.locator('#stages_0_name').inputValue()).toBe('初审（科室）');

  const phone = await bed.as('admin', { width: 375 });
  await phone.goto(bed.url('/admin?tab=policies'));
  await phone.locator('#policy-form .gk-stage').first().waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '48-admin-policy-375');
});

test('a user changes their password and logs in with the new one', async () => {
  const sun = await bed.as('sun.li');
  await sun.getByRole('link', { name: '个人设置' }).click();
  const form = sun.locator('#password-form');
  await form.locator('#current').fill('not-my-password');
  await form.locator('#password').fill('新的密码-2026-冬季');
  await form.locator('#confirm').fill('新的密码-2026-冬');
  await form.getByRole('button', { name: '修改密码' }).click();
  await form.getByText('两次输入的新密码不一致').waitFor();
  await form.locator('#confirm').fill('新的密码-2026-冬季');
  await form.getByRole('button', { name: '修改密码' }).click();
  // The server's refusal stands next to the field it concerns; the new password is still there.
  await form.getByText('当前密码错误').waitFor();
  expect(await form.locator('#password').inputValue()).toBe('新的密码-2026-冬季');
  await form.locator('#current').fill('gongkai-demo');
  await form.getByRole('button', { name: '修改密码' }).click();
  await sun.getByText('密码已修改').waitFor();
  await bed.shot(sun, '44-account');

  const again = await bed.as('sun.li', { password: '新的密码-2026-冬季' });
  expect(await again.locator('.gk-user').innerText()).toContain('孙');
});

test('a user names a substitute for an absence and cancels it', async () => {
  const li = await bed.as('li.na', { width: 375 });
  await li.goto(bed.url('/account'));
  const form = li.locator('#substitute-form');
  await form.locator('#substitute').click();
  await pick(li, '王芳');
  await form.locator('#from').fill('2027-01-04');
  await form.locator('#from').press('Enter');
  await form.locator('#to').fill('2027-01-02');
  await form.locator('#to').press('Enter');
  await form.getByText('结束日期不能早于开始日期').waitFor();
  await form.locator('#to').fill('2027-01-08');
  await form.locator('#to').press('Enter'); // submits the form
  const row = li.locator('#substitutes tr', { hasText: '王芳' });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/2027-01-04[\s\S]*2027-01-08/);
  expect(await bed.scrollsSideways(li)).toBe(false);
  await bed.shot(li, '45-account-375');
  await row.getByRole('button', { name: '取消代理' }).click();
  await li.locator('.ant-popconfirm').getByRole('button', { name: '取消代理' }).click();
  await li.locator('#substitutes').getByText('暂无代理安排').waitFor();
});

test('help is one click from the page it explains', async () => {
  const liu = await bed.as('liu.yang');
  await liu.getByRole('link', { name: '依申请公开', exact: true }).click();
  await liu.getByRole('link', { name: '帮助：依申请公开的期限' }).click();
  await liu.getByRole('heading', { name: '帮助：依申请公开的期限' }).waitFor();
  const text = await liu.locator('.gk-help').innerText();
  expect(text).toMatch(/20 个工作日[\s\S]*第三十三条第二款/);
  expect(text).toContain('第三十条');
  await bed.shot(liu, '46-help-deadlines');
  await liu.getByRole('link', { name: '答复类型' }).first().click();
  await liu.getByRole('heading', { name: '帮助：答复类型' }).waitFor();
  // The list is the outcome taxonomy's: all 21, by group.
  expect(await liu.locator('.gk-help li b').count()).toBe(21);
  await liu.getByText('属于国家秘密').waitFor();
  await bed.shot(liu, '49-help-outcomes');

  const phone = await bed.as('li.na', { width: 375 });
  await phone.getByRole('link', { name: '帮助：三审' }).click();
  await phone.getByText('保密审查', { exact: true }).waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '47-help-review-375');
});
