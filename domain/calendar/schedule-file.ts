import { z } from 'zod';
import { civilFromDayNumber, formatDayNumber, isWeekend, parseCivilDate } from './civil-date';
import { statutoryHolidays } from './statutory';
import { YearSchedule, yearScheduleSchema } from './types';

export interface ScheduleProblem {
  /** Path in the file, e.g. `holidays[1].work[0]`. */
  path: (string | number)[];
  message: string;
}

/**
 * The rules a yearly schedule must meet before it replaces the provisional calendar of its year.
 * Dates must fall in the year, or in December of the year before (a 元旦 block such as 2022-12-31).
 */
export function validateYearSchedule(schedule: YearSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const off = new Map<number, string>();
  const work = new Map<number, string>();
  schedule.holidays.forEach((block, b) => {
    for (const kind of ['off', 'work'] as const) {
      block[kind].forEach((date, i) => {
        const path = ['holidays', b, kind, i];
        const z = parseCivilDate(date);
        const { y, m } = civilFromDayNumber(z);
        if (y !== schedule.year && !(y === schedule.year - 1 && m === 12)) {
          problems.push({ path, message: `${date} 不在 ${schedule.year} 年内（只允许 ${schedule.year - 1} 年 12 月的日期在前）` });
        }
        const mine = kind === 'off' ? off : work;
        const other = kind === 'off' ? work : off;
        if (mine.has(z)) problems.push({ path, message: `${date} 重复列出（${mine.get(z)}中已有）` });
        if (other.has(z)) problems.push({ path, message: `${date} 既是放假日又是上班日（${other.get(z)}）` });
        // 《全国年节及纪念日放假办法》 第七条: 调休 moves weekend rest days, so a make-up working day is a Saturday or Sunday.
        if (kind === 'work' && !isWeekend(z)) problems.push({ path, message: `调休上班日 ${date} 不是星期六或星期日` });
        mine.set(z, block.name);
      });
    }
  });
  // 第二条: every statutory holiday of the year must be a day off in the schedule, or the year is incomplete.
  for (const holiday of statutoryHolidays(schedule.year)) {
    for (const z of holiday.days) {
      if (!off.has(z)) {
        problems.push({ path: ['holidays'], message: `安排不完整：${formatDayNumber(z)}（${holiday.name}）不是放假日` });
      }
    }
  }
  return problems;
}

/** What `gongkai calendar import FILE` reads: one year's schedule, checked by `validateYearSchedule`. */
export const yearScheduleFileSchema = yearScheduleSchema.superRefine((schedule, ctx) => {
  for (const p of validateYearSchedule(schedule)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});

/** Parses a schedule file's JSON; the error lists every problem with its path (`z.prettifyError`). */
export function parseYearScheduleFile(json: unknown): YearSchedule {
  const result = yearScheduleFileSchema.safeParse(json);
  if (!result.success) throw new Error(z.prettifyError(result.error));
  return result.data;
}
