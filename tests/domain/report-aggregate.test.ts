import fc from 'fast-check';
import { applicantKinds, outcomeKeys } from '../../domain/outcomes';
import {
  aggregateSection3,
  aggregateSection4,
  checkReport,
  parseReportData,
  type AppealRecord,
  type CaseRecord,
  type ReportData,
} from '../../domain/report';
import { loadLingling } from '../activities/report-helpers';

const lingling = (): ReportData => {
  const r = parseReportData(loadLingling());
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.data;
};

describe('aggregating sections 三 and 四 from case records', () => {
  it('reproduces the Lingling 2021 sections 三 and 四: no applications, one 行政复议 corrected', () => {
    const appeals: AppealRecord[] = [
      { kind: 'reconsideration', filedDate: '2021-06-10', concludedDate: '2021-08-20', result: 'corrected' },
    ];
    const data = lingling();
    expect(aggregateSection3([], 2021, '2019')).toEqual(data.section3);
    expect(aggregateSection4(appeals, 2021)).toEqual(data.section4);
    expect(aggregateSection4(appeals, 2021).reconsideration).toEqual([0, 1, 0, 0, 1]);
  });

  it('counts received, carried over, concluded by outcome and carried forward (docs/report-data.md: how cases are counted)', () => {
    const cases: CaseRecord[] = [
      // Received 2020, open at 1 January, concluded 2021 as granted: 二 and （一）.
      { applicantColumn: 'naturalPerson', receivedDate: '2020-12-20', closedDate: '2021-01-15', outcome: 'granted' },
      // Received and concluded in 2020: not in the 2021 report at all.
      { applicantColumn: 'naturalPerson', receivedDate: '2020-03-01', closedDate: '2020-03-20', outcome: 'granted' },
      // Received 2021, concluded 2021.
      { applicantColumn: 'legalService', receivedDate: '2021-05-06', closedDate: '2021-05-28', outcome: 'withheld.thirdPartyRights' },
      { applicantColumn: 'commercial', receivedDate: '2021-07-01', closedDate: '2021-07-30', outcome: 'other.feeUnpaid' },
      // Received 2021, still open at 31 December: 一 and 四.
      { applicantColumn: 'research', receivedDate: '2021-12-20', closedDate: '2022-01-10', outcome: 'granted' },
      { applicantColumn: 'otherOrg', receivedDate: '2021-12-30', closedDate: null, outcome: null },
      // Received 2022: not yet.
      { applicantColumn: 'naturalPerson', receivedDate: '2022-01-02', closedDate: null, outcome: null },
    ];
    const s = aggregateSection3(cases, 2021, '2021');
    expect(s.received).toEqual([0, 1, 1, 0, 1, 1, 4]);
    expect(s.carriedOver).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(s.granted).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(s['withheld.thirdPartyRights']).toEqual([0, 0, 0, 0, 1, 0, 1]);
    expect(s['other.feeUnpaid']).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(s.total).toEqual([1, 1, 0, 0, 1, 0, 3]);
    expect(s.carriedForward).toEqual([0, 0, 1, 0, 0, 1, 2]);
    // The same cases in the 2019 format: 缴费 abandonment goes to the single （六）其他处理 row.
    const s2019 = aggregateSection3(cases, 2021, '2019');
    expect(s2019['other.other']).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect('other.feeUnpaid' in s2019).toBe(false);
  });

  it('section 四 counts cases pending or concluded in the year; concluded later means 尚未审结', () => {
    const appeals: AppealRecord[] = [
      { kind: 'litigationDirect', filedDate: '2021-11-01', concludedDate: '2022-03-01', result: 'upheld' },
      { kind: 'litigationDirect', filedDate: '2020-05-01', concludedDate: '2021-02-01', result: 'upheld' },
      { kind: 'litigationDirect', filedDate: '2020-05-01', concludedDate: '2020-12-31', result: 'upheld' },
      { kind: 'litigationAfterReconsideration', filedDate: '2021-01-04', concludedDate: '2021-04-01', result: 'otherResult' },
      { kind: 'reconsideration', filedDate: '2021-09-01', concludedDate: null, result: null },
    ];
    expect(aggregateSection4(appeals, 2021)).toEqual({
      reconsideration: [0, 0, 0, 1, 1],
      litigationDirect: [1, 0, 0, 1, 2],
      litigationAfterReconsideration: [0, 0, 1, 0, 1],
    });
  });

  it('rejects inconsistent records', () => {
    const bad: CaseRecord = { applicantColumn: 'naturalPerson', receivedDate: '2021-05-01', closedDate: '2021-05-02', outcome: null };
    expect(() => aggregateSection3([bad], 2021)).toThrow('cases[0]：办结之日（closedDate）和答复结果（outcome）应同时填写或同时为空');
    const early: CaseRecord = { applicantColumn: 'naturalPerson', receivedDate: '2021-05-01', closedDate: '2021-04-30', outcome: 'granted' };
    expect(() => aggregateSection3([early], 2021)).toThrow(/^cases\[0\]\.closedDate：办结之日.*不早于收到申请之日/);
  });

  it('any set of cases gives tables that pass C1, C2, C3 and C5, in both formats', () => {
    const date = fc
      .date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2023-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const caseArb = fc
      .record({
        applicantColumn: fc.constantFrom(...applicantKinds),
        receivedDate: date,
        closeAfterDays: fc.option(fc.integer({ min: 0, max: 400 })),
        outcome: fc.constantFrom(...outcomeKeys),
      })
      .map(({ applicantColumn, receivedDate, closeAfterDays, outcome }): CaseRecord => {
        const closed = closeAfterDays === null ? null : addDays(receivedDate, closeAfterDays);
        return { applicantColumn, receivedDate, closedDate: closed, outcome: closed === null ? null : outcome };
      });
    const appealArb = fc
      .record({ kind: fc.constantFrom('reconsideration', 'litigationDirect', 'litigationAfterReconsideration' as const), filedDate: date, days: fc.option(fc.integer({ min: 0, max: 400 })), result: fc.constantFrom('upheld', 'corrected', 'otherResult' as const) })
      .map(({ kind, filedDate, days, result }): AppealRecord => ({
        kind,
        filedDate,
        concludedDate: days === null ? null : addDays(filedDate, days),
        result: days === null ? null : result,
      }));
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 60 }), fc.array(appealArb, { maxLength: 10 }), fc.constantFrom('2021' as const, '2019' as const), (cases, appeals, format) => {
        const data = { ...lingling(), format, section3: aggregateSection3(cases, 2021, format), section4: aggregateSection4(appeals, 2021) } as ReportData;
        if (format === '2021') data.section2 = { rules: { issued: 0, repealed: 0, inForce: 0 }, normativeDocs: { issued: 0, repealed: 0, inForce: 0 }, licensing: { decisions: 0 }, penalties: { decisions: 0 }, coercion: { decisions: 0 }, fees: { amountWan: 0 } };
        // The tables' checks: the seed's narrative speaks of its own year, not of these cases (C8 is
        // report-narrative.test.ts).
        expect(checkReport(data, undefined, false)).toEqual([]);
        // Last year's 四 is this year's 二 (C4) when both come from the same register.
        const previous = { ...data, year: 2020, section3: aggregateSection3(cases, 2020, format) } as ReportData;
        expect(checkReport(data, previous, false)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
