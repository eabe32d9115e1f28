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
      'C5 第四部分 行政复议 · 总计：应为 1，实为 2（总计应等于结果维持、结果纠正、其他结果、尚未审结之和）',
    ]);
  });

  it('names the row and the column by their labels in the national template, in Chinese', () => {
    const data = clone(lingling());
    data.section3.partiallyGranted[5] = -1; // built in code: the schema would refuse it
    data.section3['withheld.stateSecret'][6] = 2;
    data.section4.litigationAfterReconsideration[2] = 0.5;
    data.section2.procurement.projects = -6;
    data.section2.fees.previous = ' ';
    delete (data.section2.normativeDocs as Record<string, unknown>).made;
    const lines = tableChecks(data).map(formatFailure);
    expect(lines).toEqual(expect.arrayContaining([
      'C6 第三部分 （二）部分公开 · 其他（法人或其他组织）：应为非负整数，实为 -1（应填非负整数，没有的填 0，不得留空）',
      'C6 第四部分 行政诉讼 复议后起诉 · 其他结果：应为非负整数，实为 0.5（应填非负整数，没有的填 0，不得留空）',
      'C6 第二部分 规范性文件 · 本年新制作数量：应为非负数或“/”等符号，实为空缺（不得留空或填负数，没有的填 0 或“/”）',
      'C6 第二部分 行政事业性收费 · 上一年项目数量：应为非负数或“/”等符号，实为空白（不得留空或填负数，没有的填 0 或“/”）',
      'C6 第二部分 政府集中采购 · 采购项目数量：应为非负数或“/”等符号，实为 -6（不得留空或填负数，没有的填 0 或“/”）',
      'C3 第三部分 （三）不予公开 1.属于国家秘密 · 总计：应为 0，实为 2（总计应等于自然人和法人或其他组织各栏之和）',
    ]));
    const c1 = clone(lingling());
    c1.section3.received = [1, 0, 0, 0, 0, 0, 1];
    expect(tableChecks(c1).map(formatFailure)[0]).toBe(
      'C1 第三部分 （七）总计 + 四、结转下年度继续办理 · 自然人：应为 1，实为 0（第一项加第二项之和应等于第三项加第四项之和）',
    );
    expect(tableChecks(lingling(), clone(lingling())).map(formatFailure)).toEqual(['C4 第三部分 上年报告的年度：应为 2020，实为 2021（上年报告应为上一年度的报告）']);
    for (const line of lines) expect(line).not.toMatch(/[a-z]{3,}/i); // no code key where the template has a label
  });
});
