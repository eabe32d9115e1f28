import { civilFromDayNumber, CivilDate, dayNumber, formatDayNumber, isWeekend, parseCivilDate, tryParseCivil } from './civil-date';
import { daysInLieu, statutoryHolidays } from './statutory';
import type { CalendarData, Notice } from './types';

/** Years the calendar can compute: the range of the lunar table and of the 清明 formula. */
export const MIN_YEAR = 1901;
export const MAX_YEAR = 2099;

/** Whether a day is a working day, and why. */
export interface DayInfo {
  date: CivilDate;
  workday: boolean;
  /** `weekday`, `weekend`, `make-up workday`, `holiday: 春节`, `override: …`. */
  reason: string;
  /** The answer rests on a year without an official schedule. */
  provisional: boolean;
}

export interface DateResult {
  date: CivilDate;
  provisional: boolean;
}

export interface CountResult {
  workdays: number;
  provisional: boolean;
}

export interface CoverageYear {
  year: number;
  notices: Notice[];
}

/** Per-year index: what makes addWorkdays O(1) per year crossed. */
interface YearIndex {
  year: number;
  start: number;
  /** Formatted dates of the year, so results need no date formatting. */
  dates: string[];
  /** rank[i] = working days from 1 January up to and including day start + i. */
  rank: Int16Array;
  /** Day numbers of the year's working days, in order. */
  workdays: Int32Array;
}

type Mark = { workday: boolean; reason: string };

/**
 * The working-day calendar: official 调休 schedules where a notice exists, the statutory holidays alone
 * (provisional) where none does, and agency overrides on top of both. Built from plain data in
 * microseconds; per-year indexes are built on first use, so a workflow can construct one per task.
 */
export class Calendar {
  readonly version: string;
  private readonly covered = new Map<number, Notice[]>();
  private readonly official = new Map<number, Mark>();
  private readonly overrides = new Map<number, Mark>();
  private readonly statutory = new Map<number, Map<number, string>>();
  private readonly indexes = new Map<number, YearIndex>();

  private readonly daysInLieu: boolean;

  constructor(data: CalendarData) {
    this.version = data.version;
    this.daysInLieu = data.daysInLieu === true;
    for (const schedule of data.years) {
      this.covered.set(schedule.year, schedule.notices);
      for (const block of schedule.holidays) {
        for (const d of block.off) this.official.set(parseCivilDate(d), { workday: false, reason: `holiday: ${block.name}` });
        for (const d of block.work) this.official.set(parseCivilDate(d), { workday: true, reason: 'make-up workday' });
      }
    }
    for (const o of data.overrides) {
      this.overrides.set(parseCivilDate(o.date), { workday: o.kind === 'work', reason: `override: ${o.reason}` });
    }
  }

  /** Years with an official schedule, with the notices that set them. */
  coverage(): CoverageYear[] {
    return [...this.covered.entries()].sort(([a], [b]) => a - b).map(([year, notices]) => ({ year, notices }));
  }

  isCovered(year: number): boolean {
    return this.covered.has(year);
  }

  isWorkday(date: CivilDate): DayInfo {
    const z = parseCivilDate(date);
    const { workday, reason } = this.classify(z);
    return { date: formatDayNumber(z), workday, reason, provisional: this.rangeProvisional(z - 1, z) };
  }

  /** The n-th working day after `date` (`date` itself is day 0 and is not counted). */
  addWorkdays(date: CivilDate, n: number): DateResult {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为不小于 0 的整数（现为 ${n}）`);
    const { index: startIndex, z } = this.locate(date);
    if (n === 0) return { date, provisional: false };
    let index = startIndex;
    let before = index.rank[z - index.start];
    let need = n;
    while (before + need > index.workdays.length) {
      need -= index.workdays.length - before;
      index = this.index(index.year + 1);
      before = 0;
    }
    const result = index.workdays[before + need - 1];
    return { date: index.dates[result - index.start], provisional: this.rangeProvisional(z, result) };
  }

  /** Working days in (a, b]; negative when b is before a. */
  workdaysBetween(a: CivilDate, b: CivilDate): CountResult {
    const { index: ia, z: za } = this.locate(a);
    const { index: ib, z: zb } = this.locate(b);
    if (zb < za) {
      const r = this.workdaysBetween(b, a);
      return { workdays: -r.workdays, provisional: r.provisional };
    }
    let count = ib.rank[zb - ib.start] - ia.rank[za - ia.start];
    for (let y = ia.year; y < ib.year; y++) count += this.index(y).workdays.length;
    return { workdays: count, provisional: this.rangeProvisional(za, zb) };
  }

  /**
   * Whether days in (a, b] rest on a year without an official schedule. 29-31 December also wait for
   * the next year's notice, which has put them into 元旦 blocks before (2007-12-29, 2011-12-31, 2018-12-29…).
   */
  private rangeProvisional(a: number, b: number): boolean {
    if (b <= a) return false;
    const first = civilFromDayNumber(a + 1).y;
    const last = civilFromDayNumber(b);
    for (let y = first; y <= last.y; y++) if (!this.covered.has(y)) return true;
    return last.m === 12 && last.d >= 29 && !this.covered.has(last.y + 1);
  }

  /** The year index and day number of a date string, without a second pass over the string. */
  private locate(date: CivilDate): { index: YearIndex; z: number } {
    const civil = tryParseCivil(date);
    if (!civil) throw new RangeError(`“${date}”不是 YYYY-MM-DD 格式的日期`);
    const index = this.index(civil.y);
    return { index, z: dayNumber(civil.y, civil.m, civil.d) };
  }

  private classify(z: number): Mark {
    const override = this.overrides.get(z);
    if (override) return override;
    const year = civilFromDayNumber(z).y;
    if (this.covered.has(year)) {
      const mark = this.official.get(z);
      if (mark) return mark;
    } else {
      // 《全国年节及纪念日放假办法》 第二条 and 第六条: without a notice, the fixed holidays and their 补假 days.
      const holiday = this.statutoryDays(year).get(z);
      if (holiday) return { workday: false, reason: `holiday: ${holiday}` };
    }
    return isWeekend(z) ? { workday: false, reason: 'weekend' } : { workday: true, reason: 'weekday' };
  }

  private statutoryDays(year: number): Map<number, string> {
    let days = this.statutory.get(year);
    if (!days) {
      days = new Map();
      for (const h of [...statutoryHolidays(year), ...(this.daysInLieu ? daysInLieu(year) : [])]) for (const d of h.days) days.set(d, h.name);
      this.statutory.set(year, days);
    }
    return days;
  }

  private index(year: number): YearIndex {
    let index = this.indexes.get(year);
    if (index) return index;
    if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`工作日历只适用于 ${MIN_YEAR} 年至 ${MAX_YEAR} 年，${year} 年不在此范围内`);
    const start = dayNumber(year, 1, 1);
    const length = dayNumber(year + 1, 1, 1) - start;
    const rank = new Int16Array(length);
    const workdays: number[] = [];
    for (let i = 0; i < length; i++) {
      if (this.classify(start + i).workday) workdays.push(start + i);
      rank[i] = workdays.length;
    }
    const dates = Array.from({ length }, (_, i) => formatDayNumber(start + i));
    index = { year, start, dates, rank, workdays: Int32Array.from(workdays) };
    this.indexes.set(year, index);
    return index;
  }
}
