import { checkReport, formatFailure, parseReportData, type ReportData } from '../../domain/report';
import { loadLingling } from '../activities/report-helpers';

function lingling(): ReportData {
  const parsed = parseReportData(loadLingling());
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
/**
 * The table checks alone: these cases change a table and leave the seed's narrative as it was, which C8 (the
 * narrative against the tables, tests/domain/report-narrative.test.ts) rightly reports as well.
 */
const tableChecks = (data: ReportData, previous?: ReportData) => checkReport(data, previous, false);

describe('report checks (docs/report-data.md, Checks)', () => {
  it('the Lingling 2021 report passes every check', () => {
    expect(checkReport(lingling())).toEqual([]);
  });

  it('C1: 一 + 二 = 三（七） + 四 per column', () => {
    const data = clone(lingling());
    data.section3.received[0] = 2; // two new applications, never concluded nor carried forward
    data.section3.received[6] = 2;
    const failures = tableChecks(data).filter((f) => f.check === 'C1');
    expect(failures).toEqual([
      expect.objectContaining({ section: '三', column: 'naturalPerson', expected: 2, actual: 0 }),
      expect.objectContaining({ section: '三', column: 'total', expected: 2, actual: 0 }),
    ]);
    expect(tableChecks(data).map((f) => f.check)).toEqual(['C1', 'C1']);
  });

  it('C2: （七）总计 = sum of the outcome rows', () => {
    const data = clone(lingling());
    data.section3.received[1] = 1;
    data.section3.received[6] = 1;
    data.section3.total[1] = 1;
    data.section3.total[6] = 1; // concluded, but in no outcome row
    expect(tableChecks(data)).toEqual([
      expect.objectContaining({ check: 'C2', section: '三', row: 'total', column: 'commercial', expected: 0, actual: 1 }),
      expect.objectContaining({ check: 'C2', section: '三', row: 'total', column: 'total', expected: 0, actual: 1 }),
    ]);
  });

  it('C3: 总计 = the six applicant columns on each row', () => {
    const data = clone(lingling());
    data.section3['withheld.stateSecret'][6] = 1;
    data.section3.total[6] = 1;
    data.section3.received[6] = 1;
    const failures = tableChecks(data);
    expect(failures.map((f) => `${f.check} ${f.row} ${f.column} ${f.expected} ${f.actual}`)).toEqual([
      'C3 received total 0 1',
      'C3 withheld.stateSecret total 0 1',
      'C3 total total 0 1',
    ]);
  });

  it('C4: 二 this year = 四 last year, with the previous report', () => {
    const previous = clone(lingling());
    previous.year = 2020;
    previous.section3.carriedForward = [1, 0, 0, 0, 0, 0, 1];
    previous.section3.received = [1, 0, 0, 0, 0, 0, 1];
    expect(tableChecks(previous)).toEqual([]);
    const failures = tableChecks(lingling(), previous);
    expect(failures).toEqual([
      expect.objectContaining({ check: 'C4', row: 'carriedOver', column: 'naturalPerson', expected: 1, actual: 0 }),
      expect.objectContaining({ check: 'C4', row: 'carriedOver', column: 'total', expected: 1, actual: 0 }),
    ]);
    expect(tableChecks(lingling())).toEqual([]); // C4 only runs with last year's data
  });

  it('C4 refuses a previous report that is not of the year before', () => {
    const previous = clone(lingling());
    expect(tableChecks(lingling(), previous)).toEqual([
      expect.objectContaining({ check: 'C4', column: 'year', expected: 2020, actual: 2021 }),
    ]);
  });

  it('C5: section 四 总计 = 维持 + 纠正 + 其他 + 尚未审结', () => {
    const data = clone(lingling());
    data.section4.reconsideration = [0, 1, 0, 0, 2];
    expect(tableChecks(data)).toEqual([
      expect.objectContaining({ check: 'C5', section: '四', row: 'reconsideration', column: 'total', expected: 1, actual: 2 }),
    ]);
  });

  it('C6: no negative or fractional counts, no blank cells', () => {
    const data = clone(lingling());
    data.section2.penalties.decisions = -1;
    data.section2.fees.previous = ' ';
    data.section2.licensing.change = -3; // 本年增/减 may be negative
    data.section4.litigationDirect[2] = 0.5; // data built in code, not through the schema
    const failures = tableChecks(data).filter((f) => f.check === 'C6');
    expect(failures.map((f) => `${f.section} ${f.row} ${f.column} ${f.actual}`)).toEqual([
      '四 litigationDirect otherResult 0.5',
      '二 penalties decisions -1',
      '二 fees previous  ',
    ]);
  });

  it('prints one line naming check, section, row, column, expected and actual', () => {
    const data = clone(lingling());
    data.section4.reconsideration = [0, 1, 0, 0, 2];
    expect(tableChecks(data).map(formatFailure)).toEqual([
      'C5 section 四 row reconsideration column total: expected 1, actual 2 (总计 must equal 维持 + 纠正 + 其他 + 尚未审结)',
    ]);
  });
});
