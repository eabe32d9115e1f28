import { parseReportData } from '../../domain/report';
import { loadLingling } from '../activities/report-helpers';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const lingling = () => loadLingling() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorsOf(input: unknown): string[] {
  const r = parseReportData(input);
  if (r.ok) throw new Error('expected the data to be rejected');
  return r.errors;
}

describe('report data schema (docs/report-data.md)', () => {
  it('accepts the Lingling 2021 fixture in format "2019"', () => {
    const r = parseReportData(lingling());
    expect(r.ok && r.data.format).toBe('2019');
    expect(r.ok && r.data.section2.procurement).toEqual({ projects: 6, amountWan: 453.0087 });
  });

  it('a missing row is an error, not a zero, and names the path', () => {
    const data = lingling();
    delete data.section3['withheld.queryMatter'];
    expect(errorsOf(data)).toEqual(['section3.withheld.queryMatter：缺少此行（缺行是错误，不作 0 计）']);
  });

  it('section 三 and 四 cells are non-negative integers, named by index', () => {
    const data = lingling();
    data.section3.granted[3] = -1;
    data.section4.reconsideration[1] = 1.5;
    data.section3.total[0] = '0';
    expect(errorsOf(data)).toEqual([
      'section3.granted[3]：应为非负整数',
      'section3.total[0]：应为数字',
      'section4.reconsideration[1]：应为整数',
    ]);
  });

  it('rows have exactly seven cells', () => {
    const data = lingling();
    data.section3.received = [0, 0, 0, 0, 0, 0];
    expect(errorsOf(data)).toEqual(['section3.received：应恰为 7 格']);
  });

  it('the 2021-only rows are unknown keys in format "2019", and required in "2021"', () => {
    const data = lingling();
    data.section3['other.feeUnpaid'] = [0, 0, 0, 0, 0, 0, 0];
    expect(errorsOf(data)[0]).toMatch(/^section3：出现未知的键.*other\.feeUnpaid/);
    const as2021 = clone(lingling());
    as2021.format = '2021';
    const errors = errorsOf(as2021);
    expect(errors).toContain('section3.other.noCorrection：缺少此行（缺行是错误，不作 0 计）');
    expect(errors).toContain('section2.rules.issued：缺少此格（没有的填 0 或“/”）');
  });

  it('format defaults to "2021"', () => {
    const data = lingling();
    delete data.format;
    expect(errorsOf(data)).toContain('section3.other.feeUnpaid：缺少此行（缺行是错误，不作 0 计）');
    data.format = '2020';
    expect(errorsOf(data)).toEqual(['format：格式应为 "2021" 或 "2019"']);
  });

  it('section 二 cells are numbers or short strings', () => {
    const data = lingling();
    data.section2.rules.made = '/';
    expect(parseReportData(data).ok).toBe(true);
    data.section2.rules.made = null;
    expect(errorsOf(data)).toEqual(['section2.rules.made：应为数字或简短文字']);
    data.section2.rules.made = 'x'.repeat(21);
    expect(errorsOf(data)).toEqual(['section2.rules.made：第二部分的单元格最多 20 个字']);
  });
});
