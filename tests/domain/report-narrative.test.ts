import { checkC8, checkNarrative, checkReport, formatFailure, parseChineseNumeral, parseNarrativeNumber, parseReportData, type ReportData } from '../../domain/report';
import { linglingText, loadLingling } from '../activities/report-helpers';

function lingling(): ReportData {
  const parsed = parseReportData(loadLingling());
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/**
 * The columns the Lingling report names in its section 一 with their counts, read from the published text itself
 * ("发布工作动态 70条，通知公告21条，…"), so that the register the check is given is not made from the code's reading.
 */
function linglingColumns(): Record<string, number> {
  const text = linglingText();
  const sentence = text.slice(text.indexOf('发布工作动态'), text.indexOf('。', text.indexOf('发布工作动态')));
  return Object.fromEntries([...sentence.replace(/^发布/, '').matchAll(/([^，\s\d]+)\s*(\d+)条/g)].map((m) => [m[1], Number(m[2])]));
}

describe('Chinese and Arabic numerals', () => {
  it.each([
    ['十七', 17], ['一百二十', 120], ['零', 0], ['两', 2], ['十', 10], ['一百零五', 105], ['两千零二十', 2020],
    ['一万二千', 12_000], ['二十万', 200_000], ['九十九', 99],
  ])('%s is %d', (text, n) => expect(parseChineseNumeral(text)).toBe(n));

  it('reads Arabic digits, thousands commas and full-width digits; refuses what is not a number', () => {
    expect(parseNarrativeNumber('1,200')).toBe(1200);
    expect(parseNarrativeNumber('１７')).toBe(17);
    expect(parseNarrativeNumber('0.5')).toBe(0.5);
    expect(parseChineseNumeral('七七十')).toBeNull();
    expect(parseChineseNumeral('公开')).toBeNull();
    expect(parseChineseNumeral('万')).toBeNull(); // "万元" is a unit, not an amount of 0
    expect(parseChineseNumeral('百')).toBeNull();
    expect(parseChineseNumeral('')).toBeNull();
  });
});

describe('C8: the narrative against the tables and the register', () => {
  it('the seed (Lingling 2021) passes, with the tables alone and with its register of published items', () => {
    const columns = linglingColumns();
    expect(Object.keys(columns)).toContain('工作动态');
    expect(checkReport(lingling())).toEqual([]);
    expect(checkReport(lingling(), undefined, { publishedByColumn: columns, feesYuan: 0 })).toEqual([]);
  });

  it('flags the seed with its 行政复议 count changed to 2 (section 四 says 1), with both numbers and their sources', () => {
    const data = clone(lingling());
    expect(data.section1).toContain('行政复议事项1件');
    data.section1 = data.section1.replace('行政复议事项1件', '行政复议事项2件');
    const failures = checkReport(data);
    expect(failures).toEqual([
      expect.objectContaining({ check: 'C8', section: '一', row: 'reconsideration.total', actual: 2, expected: data.section4.reconsideration[4] }),
    ]);
    expect(failures[0].source).toMatch(/第四部分「行政复议」总计/);
    expect(formatFailure(failures[0])).toMatch(/^C8 第一部分：叙述“.*行政复议事项2件.*为 2，第四部分「行政复议」总计为 1/);
  });

  it('a count of zero in words ("未收到…行政诉讼事项") is checked too', () => {
    const data = clone(lingling());
    data.section4.litigationDirect = [1, 0, 0, 0, 1];
    expect(checkC8(data)).toEqual([expect.objectContaining({ row: 'litigation.total', actual: 0, expected: 1 })]);
    data.section3.received[0] = data.section3.received[6] = 3; // "全年未收到依申请公开事项" is now wrong as well
    expect(checkC8(data).map((f) => [f.row, f.actual, f.expected])).toEqual([['applications.received', 0, 3], ['litigation.total', 0, 1]]);
  });

  it('17 applications in the narrative while section 三 says 95: both numbers, in Chinese numerals as well', () => {
    const data = clone(lingling());
    data.section3.received = [90, 5, 0, 0, 0, 0, 95];
    data.section3.carriedForward = [90, 5, 0, 0, 0, 0, 95];
    data.section1 = '全年共收到政府信息公开申请17件。';
    expect(checkReport(data)).toEqual([expect.objectContaining({ check: 'C8', row: 'applications.received', actual: 17, expected: 95 })]);
    data.section1 = '全年共收到政府信息公开申请十七件。';
    expect(checkReport(data).map((f) => [f.actual, f.expected])).toEqual([[17, 95]]);
    data.section1 = '全年共收到政府信息公开申请九十五件，结转下年度继续办理申请九十五件。';
    expect(checkReport(data)).toEqual([]);
  });

  it('published items by column and in total against the register; a column the register does not know is left alone', () => {
    const columns = linglingColumns();
    const data = clone(lingling());
    data.section1 = data.section1.replace('通知公告21条', '通知公告二十二条').replace('共135条', '共136条');
    expect(checkNarrative(data, { publishedByColumn: columns }).map((m) => [m.quantity, m.narrative, m.expected])).toEqual([
      ['published.通知公告', 22, columns['通知公告']],
      ['published.total', 136, Object.values(columns).reduce((a, b) => a + b, 0)],
    ]);
    const { 通知公告: _, ...withoutIt } = columns;
    expect(checkNarrative(data, { publishedByColumn: withoutIt }).map((m) => m.quantity)).toEqual(['published.total']);
  });

  it('sections 五 and 六 are read too: the fee collected (元, 万元) against the register; 行政事业性收费 is not it', () => {
    const data = clone(lingling());
    data.section6 = '本年度实际收取信息处理费共计400元。';
    expect(checkC8(data, { feesYuan: 400 })).toEqual([]);
    expect(checkC8(data, { feesYuan: 300 })).toEqual([expect.objectContaining({ section: '六', row: 'fees', actual: 400, expected: 300 })]);
    data.section6 = '本年度收取信息处理费0.03万元。';
    expect(checkC8(data, { feesYuan: 300 })).toEqual([]);
    data.section5 = '全年未收取信息处理费。行政事业性收费5万元。';
    expect(checkC8(data, { feesYuan: 300 }).map((f) => [f.section, f.actual])).toEqual([['五', 0]]);
  });

  it('section 四 results in the narrative: a quantity named once holds for the qualifiers after it', () => {
    const data = clone(lingling()); // 行政复议: 维持 0, 纠正 1, 其他 0, 尚未审结 0, 总计 1
    data.section1 = '收到政府信息公开行政复议1件（结果维持0件、结果纠正1件、尚未审结0件）。';
    expect(checkC8(data)).toEqual([]);
    data.section1 = '收到政府信息公开行政复议1件（结果维持1件、结果纠正0件）。';
    expect(checkC8(data).map((f) => [f.row, f.actual, f.expected])).toEqual([['reconsideration.upheld', 1, 0], ['reconsideration.corrected', 0, 1]]);
  });

  it('numbers it cannot attribute are not checked: other counts in 件, article numbers, unrelated clauses', () => {
    const data = clone(lingling());
    data.section3.received = [95, 0, 0, 0, 0, 0, 95];
    data.section3.carriedForward = [95, 0, 0, 0, 0, 0, 95];
    data.section1 = '共收到政府信息公开申请95件、人大代表建议4件。依据《条例》第二十条公开。按期答复申请3件。';
    expect(checkC8(data)).toEqual([]);
  });

  it('a report whose tables fail C6 is not read for C8 (the cells it would compare with are not counts)', () => {
    const data = clone(lingling()) as unknown as { section3: Record<string, unknown[]> };
    data.section3.received[6] = 'x';
    expect(checkReport(data as unknown as ReportData).map((f) => f.check)).not.toContain('C8');
  });
});
