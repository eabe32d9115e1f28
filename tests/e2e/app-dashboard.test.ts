import * as fs from 'node:fs';
import ExcelJS from 'exceljs';
import { addCalendarOverride } from '../../client/services/calendar';
import { addDays, Calendar, shanghaiDate } from '../../domain/calendar';
import { loadCalendarData } from '../../register/calendar';
import { appBed, choose, stageIs } from './app-bed';

/**
 * Journey 4 in the console app, in Chromium, through the UI only: a case received 60 days ago is registered and
 * claimed: its 20 working days are long past, so the workflow escalates it to the supervisors by itself (the
 * escalation of workflows/application/daily.ts, recorded in the register, its email sent); the supervisor finds it
 * from the dashboard in two clicks, narrows the dashboard by handler, stage and period, exports it as CSV and XLSX
 * (the same data, read back here), and sees the escalation: what, when, to whom, and what was done since. The
 * monthly chart is drawn by ECharts. Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(300_000);

const bed = appBed('app-dashboard');
const today = shanghaiDate(new Date());
const received = addDays(today, -60);

let id = '';

beforeAll(async () => {
  // The escalation goes out on working days: on a weekend or a holiday the agency works today, for this test.
  if (!new Calendar(await loadCalendarData(bed.db)).isWorkday(today).workday) {
    await addCalendarOverride({ db: bed.db }, { date: today, kind: 'work', reason: '测试：今日按工作日计' }, 'admin');
  }
});

test('a case received 60 days ago is registered and claimed; the workflow escalates it to the supervisors', async () => {
  const handler = await bed.as('liu.yang');
  await handler.getByRole('link', { name: '依申请公开' }).click();
  await handler.getByRole('button', { name: '登记申请' }).click();
  await handler.fill('#name', '李四');
  await handler.fill('#idNumber', '430000198502021234');
  await handler.fill('#content', '本局2025年度行政事业性收费项目清单');
  // The date typed into the picker is taken once the picker closes (a click elsewhere); Enter would submit the form.
  await handler.locator('#submittedOn').click();
  await handler.locator('#submittedOn').fill(received);
  await handler.locator('#content').click();
  await handler.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  expect(await handler.inputValue('#submittedOn')).toBe(received);
  await handler.getByRole('button', { name: '登记', exact: true }).click();
  await handler.waitForURL(/\/applications\/TEST-/);
  id = handler.url().split('/').pop()!;
  await handler.getByRole('button', { name: '认领此申请' }).click({ timeout: 30_000 });
  await stageIs(handler, '办理中');
  const row = await bed.db.selectFrom('applications').select(['received_date', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.received_date).toBe(received);
  expect(row.due_date! < today).toBe(true);

  // The workflow's own check: an escalation recorded, and its email to the supervisors sent.
  const until = Date.now() + 30_000;
  let escalations: { date: string }[] = [];
  while (Date.now() < until && escalations.length === 0) {
    escalations = await bed.db.selectFrom('application_events').select('date').where('application_id', '=', id).where('type', '=', 'escalation').execute();
    if (!escalations.length) await new Promise((r) => setTimeout(r, 500));
  }
  expect(escalations.map((e) => e.date)).toEqual([today]);
  const mail = await bed.db.selectFrom('sent_emails').select('recipients').where('workflow_id', '=', `application-${id}`).where('template', '=', 'application-escalation').executeTakeFirstOrThrow();
  expect(mail.recipients).toContain('zhou.min@demo.gongkai.local');
});

test('the supervisor finds the overdue case from the dashboard in two clicks', async () => {
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
  // A supervisor reads the case; acting on it is the handler's.
  expect(await sup.locator('#actions').count()).toBe(0);
});

test('filtered by handler, stage and period; the CSV and XLSX exports hold what the page shows', async () => {
  const sup = await bed.as('zhou.min');
  await sup.getByRole('link', { name: '督办看板' }).click();
  await choose(sup, '办理人', '刘洋');
  await sup.waitForURL(/handler=liu.yang/);
  await choose(sup, '环节', '依申请公开 · 办理中');
  await sup.waitForURL(/stage=/);
  const row = sup.locator('#open-cases tr', { hasText: id });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/依申请公开 · 办理中[\s\S]*刘洋[\s\S]*已逾期/);
  await bed.shot(sup, '23-dashboard-filtered');

  const [csvFile] = await Promise.all([sup.waitForEvent('download'), sup.locator('#export-csv').click()]);
  const csv = fs.readFileSync(await csvFile.path(), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff); // Excel reads the Chinese as UTF-8
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0]).toContain('办理人：刘洋');
  expect(lines[0]).toContain('环节：依申请公开 · 办理中');
  expect(lines[1]).toBe('类型,事项,编号,环节,办理人,收到或送审日期,期限,期限状态');
  const line = lines.find((l) => l.includes(id))!;
  expect(line).toBe(`依申请公开,${id},${id},依申请公开 · 办理中,刘洋,${received},${(await bed.db.selectFrom('applications').select('due_date').where('id', '=', id).executeTakeFirstOrThrow()).due_date},已逾期`);
  // The page and the file list the same cases.
  expect(lines.length - 2).toBe(await sup.locator('#open-cases tbody tr.ant-table-row').count());

  const [xlsxFile] = await Promise.all([sup.waitForEvent('download'), sup.locator('#export-xlsx').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(await xlsxFile.path()) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['在办事项', '按环节', '按办理人', '概况']);
  const cases = wb.getWorksheet('在办事项')!;
  expect((cases.getRow(1).values as unknown[]).slice(1)).toEqual(['类型', '事项', '编号', '环节', '办理人', '收到或送审日期', '期限', '期限状态']);
  const found = cases.getRows(2, cases.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1));
  expect(found).toEqual([expect.arrayContaining([id, '依申请公开 · 办理中', '刘洋', '已逾期'])]);
  const byHandler = wb.getWorksheet('按办理人')!.getRow(2).values as unknown[];
  expect(byHandler.slice(1, 4)).toEqual(['刘洋', 1, 1]);
  expect(String(wb.getWorksheet('概况')!.getCell('B3').value)).toContain('办理人：刘洋');

  // A period that ends before the case was received leaves it out, on the page and in the export alike.
  await sup.goto(bed.url(`/dashboard?handler=liu.yang&to=${addDays(received, -1)}`));
  await sup.locator('#open-cases').getByText('没有符合条件的在办事项').waitFor();
  const empty = await sup.request.get(`${bed.base}${await sup.locator('#export-csv').getAttribute('href')}`);
  expect(await empty.text()).not.toContain(id);
  // A period the wrong way round is refused in Chinese.
  const wrong = await sup.request.get(`${bed.base}/api/dashboard/export/csv?from=${today}&to=${received}`);
  expect(wrong.status()).toBe(400);
  expect((await wrong.json()).message).toContain('开始日期不能晚于结束日期');
});

test('the escalations page shows the escalation: what, when, to whom, and what was done since', async () => {
  const sup = await bed.as('zhou.min');
  await sup.getByRole('link', { name: '逾期督办' }).click();
  expect(await sup.locator('#late-now tr', { hasText: id }).innerText()).toMatch(/刘洋[\s\S]*已逾期/);
  const row = sup.locator('#escalation-history tr', { hasText: id });
  await row.waitFor();
  const text = await row.innerText();
  expect(text).toContain(today); // when
  expect(text).toMatch(/逾期 \d+ 个工作日/); // what
  expect(text).toMatch(/周敏/); // to whom
  expect(text).toContain('刘洋'); // who holds it now
  expect(text).toContain('办理中');
  await bed.shot(sup, '21-escalations');
});

test('the dashboard at 375 px does not scroll sideways; an author has no dashboard in the menu', async () => {
  const phone = await bed.as('zhou.min', { width: 375 });
  await phone.goto(bed.url(`/dashboard`));
  await phone.locator('#late').waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '22-dashboard-375');
  await phone.goto(bed.url(`/escalations`));
  await phone.locator('#escalation-history tr', { hasText: id }).waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '24-escalations-375');
  const author = await bed.as('zhang.wei');
  expect(await author.getByRole('link', { name: '督办看板' }).count()).toBe(0);
});
