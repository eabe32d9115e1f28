import { answeredOnTime, feesPaidYuan, narrativeFacts, publicationHosts, publishedPerColumn, publishedPerColumnByYear, reviewFigures } from '../../register/reportFacts';
import type { Register } from '../../register/db';
import { freshRegister, registerKind } from '../../testing/register';
import { seedReportYear } from '../helpers/reportYear';

const YEAR = 2025;

describe(`the register's figures for section 一 and the dashboard (${registerKind})`, () => {
  let db: Register;
  let expected: Awaited<ReturnType<typeof seedReportYear>>['expected'];
  beforeAll(async () => {
    db = await freshRegister();
    ({ expected } = await seedReportYear(db, YEAR, 'rf'));
    await seedReportYear(db, YEAR - 1, 'prev'); // the year before must not leak into YEAR
  });
  afterAll(async () => {
    await db?.destroy();
  });

  test('items published per column with the median submission → publication time (items without a submission have none)', async () => {
    expect(await publishedPerColumn(db, YEAR)).toEqual([
      { column: '工作动态', published: expected.publishedByColumn['工作动态'], medianHours: expected.medianHours['工作动态'] },
      { column: '通知公告', published: expected.publishedByColumn['通知公告'], medianHours: null },
    ]);
    const byYear = await publishedPerColumnByYear(db, YEAR - 1, YEAR + 1);
    expect(byYear.map((r) => [r.year, r.column, r.published])).toEqual([
      [YEAR - 1, '工作动态', 3], [YEAR - 1, '通知公告', 2], [YEAR, '工作动态', 3], [YEAR, '通知公告', 2],
    ]);
    expect(await publicationHosts(db, YEAR)).toEqual(expected.channels);
  });

  test('三审 of the year, applications answered on time, and the fees paid (a notice not paid is not income)', async () => {
    expect(await reviewFigures(db, YEAR)).toEqual({ reviewed: expected.reviewed, returned: expected.returned, retracted: expected.retracted });
    expect(await answeredOnTime(db, YEAR)).toBe(expected.onTime);
    expect(await feesPaidYuan(db, YEAR)).toBe(expected.feesYuan);
    expect(await feesPaidYuan(db, YEAR + 1)).toBe(0);
    expect(await narrativeFacts(db, YEAR)).toEqual({ publishedByColumn: expected.publishedByColumn, feesYuan: expected.feesYuan });
  });
});
