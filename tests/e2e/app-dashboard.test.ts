import { appBed, stageIs } from './app-bed';

/**
 * Journey 3 in the console app, in Chromium, through the UI only: a case registered and claimed, then the server's
 * injected clock moved past its due date (the dashboard's tiers come from the register's due dates and the server's
 * `now`; the dev server's own time does not move); the supervisor finds it from the dashboard in two clicks and
 * on the escalations page; the monthly chart is drawn by ECharts. Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(300_000);

const bed = appBed('app-dashboard');

let id = '';

test('a case is registered and claimed; once the clock passes its due date the supervisor finds it in two clicks', async () => {
  const handler = await bed.as('liu.yang');
  await handler.getByRole('link', { name: '依申请公开' }).click();
  await handler.getByRole('button', { name: '登记申请' }).click();
  await handler.fill('#name', '李四');
  await handler.fill('#idNumber', '430000198502021234');
  await handler.fill('#content', '本局2025年度行政事业性收费项目清单');
  await handler.getByRole('button', { name: '登记', exact: true }).click();
  await handler.waitForURL(/\/applications\/TEST-/);
  id = handler.url().split('/').pop()!;
  await handler.getByRole('button', { name: '认领此申请' }).click({ timeout: 30_000 });
  await stageIs(handler, '办理中');
  await handler.getByRole('link', { name: '我的待办' }).click();
  expect(await handler.locator('#my-cases tr', { hasText: id }).innerText()).toContain('办理中');
  const due = await bed.db.selectFrom('applications').select('due_date').where('id', '=', id).executeTakeFirstOrThrow();
  expect(due.due_date).toBeTruthy();

  // 60 days on, the 20 working days are long past.
  bed.clockOffsetMs = 60 * 86_400_000;
  const sup = await bed.as('zhou.min');
  await sup.getByRole('link', { name: '督办看板' }).click();
  const late = sup.locator('#late tr', { hasText: id });
  await late.waitFor();
  expect(await late.innerText()).toMatch(/依申请公开[\s\S]*刘洋[\s\S]*已逾期/);
  expect(await sup.locator('#by-handler').innerText()).toContain('刘洋');
  expect(await sup.locator('#by-handler').innerText()).not.toContain('liu.yang');
  expect(await sup.locator('#by-stage').innerText()).toContain('依申请公开 · 办理中');
  await sup.locator('#monthly-chart canvas').waitFor();
  await bed.shot(sup, '20-dashboard');
  await late.getByRole('link', { name: id }).click();
  await sup.getByRole('heading', { name: `申请 ${id}` }).waitFor();
  // (The case page's clock is the workflow's, on the dev server's own time, which this test does not move.)
  // A supervisor reads the case; acting on it is the handler's.
  expect(await sup.locator('#actions').count()).toBe(0);
});

test('the escalations page lists the overdue case with its handler by name', async () => {
  const sup = await bed.as('zhou.min');
  await sup.getByRole('link', { name: '逾期督办' }).click();
  const row = sup.locator('#late-now tr', { hasText: id });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/刘洋[\s\S]*已逾期/);
  await bed.shot(sup, '21-escalations');
});

test('the dashboard at 375 px does not scroll sideways; an author has no dashboard in the menu', async () => {
  const phone = await bed.as('zhou.min', { width: 375 });
  await phone.goto(bed.url(`/dashboard`));
  await phone.locator('#late').waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '22-dashboard-375');
  const author = await bed.as('zhang.wei');
  expect(await author.getByRole('link', { name: '督办看板' }).count()).toBe(0);
});
