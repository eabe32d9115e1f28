import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { formatDayNumber, seedCalendarData, statutoryHolidays, type YearSchedule } from '../../domain/calendar';
import * as d from '../../workflows/application/definitions';

/**
 * The applications' time-skipping timeline, shared by its test files. The test server starts at the real date
 * and cannot go back, so the scenarios run 28 years later (the Gregorian calendar repeats its weekdays every
 * 28 years) on a test calendar that is 2026/2027 moved by 28 years: every expected date is counted by hand on
 * 2026/2027 and checked through `y28()`.
 */
export const DAY_MS = 86_400_000;

/** A hand-counted 2026/2027 date (or instant) as it falls on the timeline: the same day 28 years later. */
export const y28 = (handCounted: string): string => `${Number(handCounted.slice(0, 4)) + 28}${handCounted.slice(4)}`;

/** GB/T 9704-2012: a date as a citizen reads it in a letter or an email, 2054-12-01 → 2054年12月1日. */
export const inWords = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/** 2054 and 2055 as the hand counts have 2026 and 2027: the official 2026 schedule, and 2027's statutory holidays alone. */
export function testCalendarYears(): YearSchedule[] {
  const notices = [{ number: '测试日历：2026/2027 年安排平移 28 年', published: null, url: null }];
  const y2026 = seedCalendarData().years.find((y) => y.year === 2026)!;
  const y2054: YearSchedule = { year: 2054, notices, holidays: y2026.holidays.map((h) => ({ name: h.name, off: h.off.map(y28), work: h.work.map(y28) })) };
  const y2055: YearSchedule = { year: 2055, notices, holidays: statutoryHolidays(2027).map((h) => ({ name: h.name, off: h.days.map((z) => y28(formatDayNumber(z))), work: [] })) };
  return [y2054, y2055];
}

/** Moves server time to `iso` (10:00 Shanghai is 02:00Z); refuses to go back, which would make the dates wrong. */
export async function advanceTo(env: TestWorkflowEnvironment, iso: string): Promise<void> {
  const target = Date.parse(iso);
  const now = await env.currentTimeMs();
  if (now > target) throw new Error(`the timeline starts at ${iso} but the server is already at ${new Date(now).toISOString()}: dates in this file need a new start`);
  if (target - now > 365 * DAY_MS) {
    await env.sleep(target - now); // the jump to the timeline's start: nothing runs yet
    return;
  }
  // A day at a time: each skip stays short (every open case wakes daily), where one long call could run past
  // the gRPC keepalive under load and stall.
  for (let t = now; t < target; t = await env.currentTimeMs()) await env.sleep(Math.min(DAY_MS, target - t));
}

/** Polls the workflow's state until `ok` holds (20 s at most). */
export async function waitForState(
  handle: { query: (q: typeof d.stateQuery) => Promise<d.ApplicationState> },
  ok: (s: d.ApplicationState) => boolean,
): Promise<d.ApplicationState> {
  for (let i = 0; i < 200; i++) {
    const s = await handle.query(d.stateQuery);
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`state never satisfied: ${JSON.stringify(await handle.query(d.stateQuery)).slice(0, 500)}`);
}
