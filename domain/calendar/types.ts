import { z } from 'zod';
import { isCivilDate } from './civil-date';

/** A `YYYY-MM-DD` string that is a real date. */
export const civilDateSchema = z
  .string()
  .refine(isCivilDate, { message: '日期应写作 YYYY-MM-DD，且是真实存在的日期' });

/** The 国务院办公厅 notice (国办发明电) that set a year's schedule, or an amendment to it. */
export const noticeSchema = z.object({
  /** e.g. `国办发明电〔2024〕12号`; null where the seed did not state it (statute §6 item 5: verify). */
  number: z.string().min(1).nullable(),
  /** Publication date, `YYYY-MM-DD`, or `YYYY-MM` when only the month is known; null when unknown. */
  published: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be YYYY-MM or YYYY-MM-DD').nullable(),
  url: z.string().min(1).nullable(),
});
export type Notice = z.infer<typeof noticeSchema>;

/** One holiday block of a yearly schedule: its days off and its 调休 make-up working days. */
export const holidayBlockSchema = z.object({
  name: z.string().min(1, '节日须有名称'),
  off: z.array(civilDateSchema),
  work: z.array(civilDateSchema),
});
export type HolidayBlock = z.infer<typeof holidayBlockSchema>;

/**
 * The official schedule of the days whose civil year is `year`. Late-December days set by the next
 * year's notice (e.g. 2018-12-29 上班, 2018-12-30/31 放假, from the 2019 notice) are filed under the year they fall in.
 */
export const yearScheduleSchema = z.object({
  year: z.number().int().min(1990).max(2200),
  notices: z.array(noticeSchema).min(1, '须列出发布该安排的通知'),
  holidays: z.array(holidayBlockSchema).min(1),
});
export type YearSchedule = z.infer<typeof yearScheduleSchema>;

/** An agency's own day off (a local ethnic holiday, an emergency closure) or extra working day. */
export const calendarOverrideSchema = z.object({
  date: civilDateSchema,
  kind: z.enum(['off', 'work']),
  reason: z.string().min(1, '须写明调整的理由'),
});
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

/** Everything a Calendar is built from: plain JSON, so a workflow can receive it as an activity result. */
export const calendarDataSchema = z.object({
  /** Identifies this data set; stored beside every computed due date. */
  version: z.string().min(1),
  years: z.array(yearScheduleSchema),
  overrides: z.array(calendarOverrideSchema),
  /**
   * Years without a notice give 补假 days (放假办法 第六条). Absent from the calendar data that workflows recorded
   * before this rule: they replay with the fixed holidays alone, as they ran.
   */
  daysInLieu: z.boolean().optional(),
});
export type CalendarData = z.infer<typeof calendarDataSchema>;
