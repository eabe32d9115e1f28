import type { Page } from 'playwright-core';
import { appBed } from './app-bed';

/**
 * Journey 1 in the console app, in Chromium, as the demo users, through the UI only: an item submitted,
 * returned with a reason, revised, approved by 初审, 复审 with 保密审查 and 终审, published on /site/. The global
 * setup builds the app when its build is stale. Screenshots go to .tools/screenshots/app/ (git-ignored).
 */
jest.setTimeout(300_000);

const bed = appBed('app-review');
const steps = (page: Page) => page.locator('#review-steps').innerText();

let itemPath = '';
const title = `关于开展2026年春季防汛检查的通知 ${Date.now()}`;

test('a wrong password is refused in Chinese next to the field; the user name typed is kept', async () => {
  const page = await (await bed.browser.newContext({ locale: 'zh-CN' })).newPage();
  await page.goto(bed.url(`/`));
  await page.fill('#user', 'zhang.wei');
  await page.fill('#password', 'wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('用户名或密码错误。').waitFor();
  expect(await page.inputValue('#user')).toBe('zhang.wei');
  await page.context().close();
});

test('the author submits an item; a missing field is named inline and nothing typed is lost', async () => {
  const author = await bed.as('zhang.wei');
  expect(await author.locator('.ant-menu').innerText()).not.toContain('系统管理');
  await author.getByRole('link', { name: '信息发布' }).click();
  await author.getByRole('button', { name: '新建信息' }).click();
  await author.fill('#body', '各股室：\n\n请于3月底前完成辖区防汛设施检查。\n\n特此通知。');
  await author.getByRole('button', { name: '提交审核' }).click();
  await author.getByText('请填写标题').waitFor();
  expect(await author.inputValue('#body')).toContain('防汛设施检查');
  await author.fill('#title', title);
  await author.fill('#column', '通知公告');
  await bed.shot(author, '01-item-new');
  await author.getByRole('button', { name: '提交审核' }).click();
  await author.waitForURL(/\/items\/item-/);
  itemPath = new URL(author.url()).pathname;
  await author.getByText('已提交审核').waitFor();
  expect(await author.locator('h1').innerText()).toBe(title);
  expect(await steps(author)).toMatch(/初审[\s\S]*待认领[\s\S]*复审（保密审查）[\s\S]*终审[\s\S]*发布/);
  // The author may not act on the item under review.
  expect(await author.locator('#actions').count()).toBe(0);
});

test('初审 finds it in 我的待办, claims it and returns it with a reason', async () => {
  const first = await bed.as('li.na');
  await first.getByRole('link', { name: title }).click();
  await first.getByRole('button', { name: '认领此任务' }).click();
  await first.getByText('您已认领此任务。').waitFor();
  await first.getByRole('button', { name: '退回修改' }).click();
  await first.getByText('请填写退回理由').waitFor();
  await first.fill('#reason', '请写明检查的截止日期和报送方式。');
  await first.getByRole('button', { name: '退回修改' }).click();
  await first.locator('#item-status', { hasText: '退回修改' }).waitFor();
  expect(await steps(first)).toContain('理由：请写明检查的截止日期和报送方式。');
  expect(await first.locator('#history').innerText()).toContain('李娜 退回：初审退回拟稿人：请写明检查的截止日期和报送方式。');
});

test('the author revises; the diff shows the removed line before the added one', async () => {
  const author = await bed.as('zhang.wei');
  await author.goto(`${bed.base}${itemPath}`);
  await author.getByText('退回理由：请写明检查的截止日期和报送方式。').waitFor();
  await author.fill('#body', '各股室：\n\n请于4月10日前完成辖区防汛设施检查，结果报办公室。\n\n特此通知。');
  await author.getByRole('button', { name: '修改后重新提交' }).click();
  await author.locator('#item-status', { hasText: '审核中' }).waitFor();
  const diff = await author.locator('#diff').innerHTML();
  expect(diff.indexOf('<del>请于3月底前')).toBeGreaterThan(-1);
  expect(diff.indexOf('<del>请于3月底前')).toBeLessThan(diff.indexOf('<ins>请于4月10日前'));
  await bed.shot(author, '02-item-diff');
});

test('three approvals, 复审 with the 保密审查 checklist, and the item is published on /site/', async () => {
  const first = await bed.as('li.na');
  await first.goto(`${bed.base}${itemPath}`);
  await first.fill('#comment', '内容准确，同意。');
  await first.getByRole('button', { name: '审核通过' }).click();
  await first.getByText('已审核通过').waitFor();

  const second = await bed.as('wang.fang');
  await second.getByRole('link', { name: title }).click();
  await second.getByRole('button', { name: '审核通过' }).click();
  await second.getByText('请逐项确认全部保密审查事项').waitFor();
  for (const box of ['不涉及国家秘密', '不含个人信息', '不含商业秘密', '公开属性为主动公开']) await second.getByText(box).click();
  await second.fill('#comment', '经保密审查，同意发布。');
  await bed.shot(second, '03-item-secrecy-checklist');
  await second.getByRole('button', { name: '审核通过' }).click();
  await second.getByText('已审核通过').waitFor();

  const final = await bed.as('zhao.lei');
  await final.goto(`${bed.base}${itemPath}`);
  await final.getByRole('button', { name: '审核通过' }).click();
  // Publication follows the final approval in the background; the page watches for it.
  await final.locator('#item-status', { hasText: '已发布' }).waitFor({ timeout: 30_000 });
  const s = await steps(final);
  expect(s).toMatch(/初审[\s\S]*李娜 审核通过[\s\S]*内容准确，同意。[\s\S]*王芳 审核通过[\s\S]*经保密审查，同意发布。[\s\S]*赵磊 审核通过[\s\S]*发布[\s\S]*已发布/);
  expect(s).not.toMatch(/li\.na|wang\.fang|zhao\.lei|first|second|final/);
  await bed.shot(final, '04-item-published');

  const site = await final.context().newPage();
  await site.goto(`${bed.base}/site/`);
  expect(await site.content()).toContain(title);
});

test('at 375 px the item page and the task list do not scroll sideways', async () => {
  const phone = await bed.as('li.na', { width: 375 });
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '05-tasks-375');
  await phone.goto(`${bed.base}${itemPath}`);
  await phone.locator('#review-steps').waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '06-item-375');
});

test('a reviewer who is also an author is offered no action on her own item', async () => {
  const own = await bed.as('li.na');
  await own.getByRole('link', { name: '信息发布' }).click();
  await own.getByRole('button', { name: '新建信息' }).click();
  await own.fill('#title', `本科室2026年工作要点 ${Date.now()}`);
  await own.fill('#body', '一、加强政务公开标准化建设。');
  await own.getByRole('button', { name: '提交审核' }).click();
  await own.waitForURL(/\/items\/item-/);
  await own.getByText('本信息由您拟稿，正在审核中').waitFor();
  expect(await own.locator('#actions').count()).toBe(0);
  expect(await own.getByRole('button', { name: '认领此任务' }).count()).toBe(0);
});
