/**
 * Sections 三 and 四 computed from plain case records: the reference implementation that the
 * register's SQL aggregation is compared against. Counting rules: docs/report-data.md, "How the register's cases
 * are counted". Dates are ISO `YYYY-MM-DD` strings (Asia/Shanghai calendar days), compared as strings.
 */
import { applicantColumns, outcomeRow, type ApplicantKind, type OutcomeKey, type ReportFormat } from '../outcomes';
import type { Section3Data, Section4Data } from './schema';
import { section3RowKeys, section4Columns, section4Groups, type Section4Column, type Section4Group } from './template';

export interface CaseRecord {
  readonly applicantColumn: ApplicantKind;
  /** 条例 第三十一条 收到申请之日. */
  readonly receivedDate: string;
  /** The day the case was concluded (reply, or deemed abandoned); null while open. */
  readonly closedDate: string | null;
  readonly outcome: OutcomeKey | null;
}

export type AppealResult = 'upheld' | 'corrected' | 'otherResult';

export interface AppealRecord {
  readonly kind: Section4Group;
  readonly filedDate: string;
  readonly concludedDate: string | null;
  readonly result: AppealResult | null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function assertCase(c: CaseRecord, i: number): void {
  if (!isoDate.test(c.receivedDate)) throw new RangeError(`cases[${i}].receivedDate：收到申请之日应为 YYYY-MM-DD 格式的日期`);
  if ((c.closedDate === null) !== (c.outcome === null)) {
    throw new RangeError(`cases[${i}]：办结之日（closedDate）和答复结果（outcome）应同时填写或同时为空`);
  }
  if (c.closedDate !== null && (!isoDate.test(c.closedDate) || c.closedDate < c.receivedDate)) {
    throw new RangeError(`cases[${i}].closedDate：办结之日应为 YYYY-MM-DD 格式的日期，且不早于收到申请之日（receivedDate）`);
  }
}

/**
 * Section 三 for `year`. Each application counts once in 三（七）, in the year it is concluded, which
 * is what makes C1 (一 + 二 = 三（七） + 四) hold by construction.
 */
export function aggregateSection3(cases: readonly CaseRecord[], year: number, format: ReportFormat = '2021'): Section3Data {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const table: Record<string, number[]> = Object.fromEntries(
    section3RowKeys(format).map((k) => [k, applicantColumns.map(() => 0)]),
  );
  const add = (key: string, c: CaseRecord) => {
    table[key][applicantColumns.indexOf(c.applicantColumn)] += 1;
    table[key][applicantColumns.length - 1] += 1;
  };
  cases.forEach((c, i) => {
    assertCase(c, i);
    if (c.receivedDate > last) return;
    const openAt = (day: string) => c.closedDate === null || c.closedDate >= day;
    if (c.receivedDate >= first) add('received', c);
    else if (openAt(first)) add('carriedOver', c);
    else return; // concluded before the year began
    if (c.closedDate !== null && c.closedDate <= last) {
      add(outcomeRow(c.outcome!, format), c);
      add('total', c);
    } else {
      add('carriedForward', c);
    }
  });
  return table as Section3Data;
}

/**
 * Section 四 for `year`: cases pending or concluded during the year (docs/report-data.md: the usual
 * reading); one concluded after 31 December is 尚未审结.
 */
export function aggregateSection4(appeals: readonly AppealRecord[], year: number): Section4Data {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const table = Object.fromEntries(section4Groups.map((g) => [g, section4Columns.map(() => 0)])) as Record<
    Section4Group,
    number[]
  >;
  appeals.forEach((a, i) => {
    if (!isoDate.test(a.filedDate)) throw new RangeError(`appeals[${i}].filedDate：申请行政复议或提起行政诉讼之日应为 YYYY-MM-DD 格式的日期`);
    if ((a.concludedDate === null) !== (a.result === null)) {
      throw new RangeError(`appeals[${i}]：审结之日（concludedDate）和审理结果（result）应同时填写或同时为空`);
    }
    if (a.filedDate > last || (a.concludedDate !== null && a.concludedDate < first)) return;
    const column: Section4Column = a.concludedDate !== null && a.concludedDate <= last ? a.result! : 'pending';
    table[a.kind][section4Columns.indexOf(column)] += 1;
    table[a.kind][section4Columns.indexOf('total')] += 1;
  });
  return table;
}
