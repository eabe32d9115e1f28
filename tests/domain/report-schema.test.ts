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
    expect(errorsOf(data)).toEqual(['section3.withheld.queryMatter: missing row (a missing row is an error, not a zero)']);
  });

  it('section 三 and 四 cells are non-negative integers, named by index', () => {
    const data = lingling();
    data.section3.granted[3] = -1;
    data.section4.reconsideration[1] = 1.5;
    data.section3.total[0] = '0';
    expect(errorsOf(data)).toEqual([
      'section3.granted[3]: must be a non-negative integer',
      'section3.total[0]: must be a number',
      'section4.reconsideration[1]: must be an integer',
    ]);
  });

  it('rows have exactly seven cells', () => {
    const data = lingling();
    data.section3.received = [0, 0, 0, 0, 0, 0];
    expect(errorsOf(data)).toEqual(['section3.received: must have exactly 7 cells']);
  });

  it('the 2021-only rows are unknown keys in format "2019", and required in "2021"', () => {
    const data = lingling();
    data.section3['other.feeUnpaid'] = [0, 0, 0, 0, 0, 0, 0];
    expect(errorsOf(data)[0]).toMatch(/^section3: Unrecognized key.*other\.feeUnpaid/);
    const as2021 = clone(lingling());
    as2021.format = '2021';
    const errors = errorsOf(as2021);
    expect(errors).toContain('section3.other.noCorrection: missing row (a missing row is an error, not a zero)');
    expect(errors).toContain('section2.rules.issued: missing cell (print 0 or "/")');
  });

  it('format defaults to "2021"', () => {
    const data = lingling();
    delete data.format;
    expect(errorsOf(data)).toContain('section3.other.feeUnpaid: missing row (a missing row is an error, not a zero)');
    data.format = '2020';
    expect(errorsOf(data)).toEqual(['format: format must be "2021" or "2019"']);
  });

  it('section 二 cells are numbers or short strings', () => {
    const data = lingling();
    data.section2.rules.made = '/';
    expect(parseReportData(data).ok).toBe(true);
    data.section2.rules.made = null;
    expect(errorsOf(data)).toEqual(['section2.rules.made: must be a number or a short string']);
    data.section2.rules.made = 'x'.repeat(21);
    expect(errorsOf(data)).toEqual(['section2.rules.made: a section 二 cell holds at most 20 characters']);
  });
});
