import * as fs from 'node:fs';
import * as path from 'node:path';
import { aggregateSection3, aggregateSection4, parseReportData, checkReport, type AppealRecord, type ReportData } from '../../domain/report';
import { section4Groups } from '../../domain/report/template';
import { section3Counts } from '../../register/applications';
import { assembleFromRegister, section1Counts, section3OnePass } from '../../register/report';
import { insertCases, insertPublications, prng, randomCases } from '../../bench/reportSeed';
import { freshRegister, registerKind } from '../../testing/register';
import type { Register } from '../../register/db';

const lingling = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/report/lingling-2021.json'), 'utf8')) as ReportData;

describe(`report assembly from the register (${registerKind})`, () => {
  let db: Register;
  beforeAll(async () => {
    db = await freshRegister();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  test('section 三 by SQL (one pass, and the per-row queries) equals domain/report/aggregate.ts on 3,000 seeded cases, for three years and both formats', async () => {
    const cases = randomCases(3000, 2025, prng(42));
    await insertCases(db, cases, 'RND');
    // The seed reaches from mid-2024 to early 2026: every year sees received, carried over, concluded and carried forward cases.
    for (const year of [2024, 2025, 2026]) {
      for (const format of ['2021', '2019'] as const) {
        const expected = aggregateSection3(cases, year, format);
        expect(await section3OnePass(db, year, format)).toEqual(expected);
        expect(await section3Counts(db, year, format)).toEqual(expected);
      }
    }
    const y2025 = aggregateSection3(cases, 2025);
    // Not a vacuous comparison: each kind of row is populated.
    for (const key of ['received', 'carriedOver', 'total', 'carriedForward'] as const) expect(y2025[key][6]).toBeGreaterThan(0);
    // Each application counted once: 一 + 二 = 三（七） + 四 (C1).
    expect(y2025.received[6] + y2025.carriedOver[6]).toBe(y2025.total[6] + y2025.carriedForward[6]);
  });

  test('section 一 counts items by their Beijing-time publication year', async () => {
    const dbx = await freshRegister();
    try {
      await insertPublications(dbx, 2023, { 工作动态: 3, 通知公告: 2 }, 'a');
      const edge = (id: string, at: string) => ({
        item_id: id, version: 1, hash: '0'.repeat(64), title: id, category: '工作动态', column_name: '工作动态',
        url: 'http://x', published_at: at, retracted_at: null, retract_reason: null,
      });
      // 2022-12-31T16:00Z is 1 January 2023 00:00 in Beijing; 2023-12-31T16:00Z is already 2024 there.
      await dbx.insertInto('publications').values([edge('first', '2022-12-31T16:00:00.000Z'), edge('late', '2023-12-31T16:00:00.000Z'), edge('before', '2022-12-31T15:59:59.999Z')]).execute();
      expect(await section1Counts(dbx, 2023)).toEqual({ 工作动态: 4, 通知公告: 2 });
      expect(await section1Counts(dbx, 2024)).toEqual({ 工作动态: 1 });
      expect(await section1Counts(dbx, 2022)).toEqual({ 工作动态: 1 });
    } finally {
      await dbx.destroy();
    }
  });

  test('the Lingling 2021 report from a register: 135 items in its eight categories, no applications, one 行政复议 corrected', async () => {
    const dbl = await freshRegister();
    try {
      const categories = { 工作动态: 70, 通知公告: 21, 部门预算: 1, 业务工作信息: 39, 人事信息: 1, 规划计划: 1, 政府信息公开指南: 1, 政府信息公开年度报告: 1 };
      await insertPublications(dbl, 2021, categories, 'll');
      // The reconsideration concerns a reply of 2020 (an appeal needs its application): concluded in 2020, so not in 2021's 三.
      const [appId] = await insertCases(dbl, [{ applicantColumn: 'naturalPerson', receivedDate: '2020-10-12', closedDate: '2020-11-02', outcome: 'unavailable.notHeld' }], 'LL');
      await dbl.insertInto('appeals').values({ id: 'appeal-1', application_id: appId, kind: 'reconsideration', filed_date: '2021-01-05', concluded_date: '2021-03-01', result: 'corrected', note: null }).execute();

      const { data, section1Counts: counts } = await assembleFromRegister(dbl, { agency: lingling.agency, year: 2021, format: '2019' });
      expect(counts).toEqual(categories);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(135); // 全年公开政务信息共135条
      expect(data.section3).toEqual(lingling.section3);
      expect(data.section4).toEqual(lingling.section4);
      expect(data.section4.reconsideration).toEqual([0, 1, 0, 0, 1]);
      // The assembled data is valid report data, with the manual sections empty for the editor...
      const parsed = parseReportData(data);
      expect(parsed.ok).toBe(true);
      expect([data.section1, data.section5, data.section6]).toEqual(['', '', '']);
      expect(data.section2.procurement).toEqual({ projects: '', amountWan: '' });
      // ...and with the fixture's manual parts filled in it passes every check.
      expect(checkReport({ ...data, section1: lingling.section1, section2: lingling.section2, section5: lingling.section5, section6: lingling.section6 })).toEqual([]);
      // 2020 sees the case itself and no appeal.
      const y2020 = await assembleFromRegister(dbl, { agency: lingling.agency, year: 2020, format: '2019' });
      expect(y2020.data.section3.received[0]).toBe(1);
      expect(y2020.data.section3['unavailable.notHeld'][0]).toBe(1);
      expect(y2020.data.section4.reconsideration[4]).toBe(0);
    } finally {
      await dbl.destroy();
    }
  });

  test('section 四 from appeals equals the reference aggregation', async () => {
    const dba = await freshRegister();
    try {
      const [appId] = await insertCases(dba, [{ applicantColumn: 'commercial', receivedDate: '2024-02-01', closedDate: '2024-03-01', outcome: 'granted' }], 'AP');
      const rand = prng(7);
      const results = ['upheld', 'corrected', 'otherResult'] as const;
      const appeals: AppealRecord[] = Array.from({ length: 200 }, () => {
        const filed = Date.UTC(2024, 0, 1) + Math.floor(rand() * 900) * 86400000;
        const open = rand() < 0.2;
        return {
          kind: section4Groups[Math.floor(rand() * 3)],
          filedDate: new Date(filed).toISOString().slice(0, 10),
          concludedDate: open ? null : new Date(filed + Math.floor(rand() * 200) * 86400000).toISOString().slice(0, 10),
          result: open ? null : results[Math.floor(rand() * 3)],
        };
      });
      await dba.insertInto('appeals').values(appeals.map((a, i) => ({ id: `a${i}`, application_id: appId, kind: a.kind, filed_date: a.filedDate, concluded_date: a.concludedDate, result: a.result, note: null }))).execute();
      for (const year of [2024, 2025, 2026]) {
        const { data } = await assembleFromRegister(dba, { agency: 'x', year });
        expect(data.section4).toEqual(aggregateSection4(appeals, year));
      }
    } finally {
      await dba.destroy();
    }
  });
});
