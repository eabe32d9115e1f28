/**
 * The section 一 draft from the agency's template (templates/report/section1.txt) and C8: whatever the register holds,
 * the draft passes C8 against it, and a draft with any checked number changed does not.
 */
import fc from 'fast-check';
import { fillLetter } from '../../activities/application/letter';
import { reportTemplateDir } from '../../activities/annualReport';
import { checkC8, parseReportData, section1DraftVars, type ReportData } from '../../domain/report';
import { loadLingling } from './report-helpers';

function lingling(): ReportData {
  const parsed = parseReportData(loadLingling());
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const draftOf = (vars: Record<string, string>) => fillLetter('section1', vars, reportTemplateDir).join('\n\n');

const count = fc.integer({ min: 0, max: 300 });
const world = fc.record({
  received: count, carriedOver: count, carriedForward: count,
  appeals: fc.array(count, { minLength: 12, maxLength: 12 }), // 维持/纠正/其他/尚未审结 × the three groups
  columns: fc.dictionary(fc.constantFrom('工作动态', '通知公告', '部门预算', '政府信息公开指南', '政策解读'), fc.integer({ min: 1, max: 500 })),
  onTime: count, reviewed: count, returned: count, retracted: count, feesYuan: fc.integer({ min: 0, max: 100_000 }),
});

/** A report whose tables hold the world's counts (C1 holds: 一 + 二 = 三（七） + 四 in the 总计 column). */
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;
function reportOf(w: World): ReportData {
  const data = clone(lingling());
  const concluded = w.received + w.carriedOver;
  data.section3.received[6] = w.received;
  data.section3.carriedOver[6] = w.carriedOver;
  data.section3.total[6] = concluded;
  data.section3.carriedForward[6] = w.carriedForward;
  (['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'] as const).forEach((g, i) => {
    const cells = w.appeals.slice(i * 4, i * 4 + 4);
    data.section4[g] = [...cells, cells.reduce((a, b) => a + b, 0)];
  });
  return data;
}

test('the draft passes C8 against the register it was written from, whatever the register holds', () => {
  fc.assert(
    fc.property(world, (w) => {
      const data = reportOf(w);
      const figures = { publishedByColumn: w.columns, channels: ['www.example.gov.cn'], onTime: w.onTime, reviewed: w.reviewed, returned: w.returned, retracted: w.retracted, feesYuan: w.feesYuan };
      data.section1 = draftOf(section1DraftVars(data, figures));
      expect(checkC8(data, { publishedByColumn: w.columns, feesYuan: w.feesYuan })).toEqual([]);
    }),
    { numRuns: 200 },
  );
});

test('each checked number of the draft, changed by one, is flagged with both numbers', () => {
  fc.assert(
    fc.property(world, fc.constantFrom('publishedTotal', 'received', 'carriedOver', 'concluded', 'carriedForward', 'reconsideration', 'litigation', 'feesYuan'), (w, key) => {
      const data = reportOf(w);
      const figures = { publishedByColumn: w.columns, channels: [], onTime: w.onTime, reviewed: w.reviewed, returned: w.returned, retracted: w.retracted, feesYuan: w.feesYuan };
      const vars = section1DraftVars(data, figures);
      const wrong = String(Number(vars[key]) + 1);
      data.section1 = draftOf({ ...vars, [key]: wrong });
      const failures = checkC8(data, { publishedByColumn: w.columns, feesYuan: w.feesYuan });
      expect(failures.map((f) => [f.actual, f.expected])).toEqual([[Number(wrong), Number(vars[key])]]);
    }),
    { numRuns: 200 },
  );
});
