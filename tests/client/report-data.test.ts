import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { main } from '../../client/cli/main';
import { parseReportData, type ReportData } from '../../domain/report';
import { migrateRegister, openRegister } from '../../register/db';
import { insertCases, insertPublications } from '../../bench/reportSeed';

const lingling = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/report/lingling-2021.json'), 'utf8')) as ReportData;
const dir = path.join(os.tmpdir(), `gongkai-report-data-${randomUUID()}`);
const saved = { ...process.env };

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  const url = `sqlite:${path.join(dir, 'register.db')}`;
  const db = openRegister(url);
  await migrateRegister(db);
  await insertPublications(db, 2021, { 工作动态: 70, 通知公告: 21, 部门预算: 1, 业务工作信息: 39, 人事信息: 1, 规划计划: 1, 政府信息公开指南: 1, 政府信息公开年度报告: 1 }, 'cli');
  const [appId] = await insertCases(db, [{ applicantColumn: 'naturalPerson', receivedDate: '2020-10-12', closedDate: '2020-11-02', outcome: 'granted' }], 'CLI');
  await db.insertInto('appeals').values({ id: 'cli-appeal', application_id: appId, kind: 'reconsideration', filed_date: '2021-01-05', concluded_date: '2021-03-01', result: 'corrected', note: null }).execute();
  await db.destroy();
  Object.assign(process.env, { DATABASE_URL: url, AGENCY_NAME: lingling.agency, DATA_DIR: dir });
});
afterAll(() => {
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

test('report data --year 2021 --format 2019 writes valid report data with the Lingling sections 三 and 四 and empty manual sections', async () => {
  const file = path.join(dir, 'data-2021.json');
  const c = io();
  expect(await main(['report', 'data', '--year', '2021', '--out', file, '--format', '2019'], c.io)).toBe(0);
  const parsed = parseReportData(JSON.parse(fs.readFileSync(file, 'utf8')));
  expect(parsed.ok).toBe(true);
  const data = (parsed as { data: ReportData }).data;
  expect(data).toMatchObject({ format: '2019', agency: lingling.agency, year: 2021, section1: '', section5: '', section6: '' });
  expect(data.section3).toEqual(lingling.section3);
  expect(data.section4).toEqual(lingling.section4);
  expect(Object.values(data.section2).flatMap((r) => Object.values(r)).every((v) => v === '')).toBe(true);
  expect(c.out).toContain('工作动态\t70');
  // The file is what `report check` reads: with the manual parts empty, C6 names the blank section 二 cells.
  const check = io();
  expect(await main(['report', 'check', '--data', file], check.io)).toBe(1);
  expect(check.out.join('\n')).toContain('C6 第二部分 政府集中采购 · 采购项目数量：应为非负数或“/”等符号，实为空白');
});

test('report data defaults to the 2021 format; bad arguments are usage errors (exit 2)', async () => {
  const file = path.join(dir, 'data-2026.json');
  expect(await main(['report', 'data', '--year', '2026', '--out', file], io().io)).toBe(0);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ format: '2021', year: 2026 });
  expect(await main(['report', 'data', '--out', file], io().io)).toBe(2);
  expect(await main(['report', 'data', '--year', '2026'], io().io)).toBe(2);
  expect(await main(['report', 'data', '--year', '2026', '--out', file, '--format', '2020'], io().io)).toBe(2);
});
