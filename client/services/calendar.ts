/**
 * The calendar service: import a year's schedule, add or remove an agency override (both audited in the
 * register), and fan the new calendar out to every running workflow that holds a deadline, as the
 * `recomputeDeadlines` signal. Used by the CLI; the HTTP API can call the same functions.
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { addDays, Calendar, changedDays, parseYearScheduleFile, yearScheduleSchema, type CalendarData, type CalendarOverride } from '../../domain/calendar';
import { computeClock, type ClockEvent, type ClockPolicy } from '../../domain/clock';
import { recomputeDeadlinesSignal, type RecomputeDeadlines } from '../../workflows/recompute';
import {
  importYearSchedule,
  loadCalendarData,
  noticeLine,
  removeCalendarOverride,
  setCalendarOverride,
  type ImportStatus,
  type OverrideStatus,
} from '../../register/calendar';
import { finishFanOutRecord, listFanOutRecords, moves, openCaseWindows, startFanOutRecord, type FanOutRecord } from '../../register/calendarReach';
import type { Register } from '../../register/db';

/** Running executions that hold a deadline: every deadline-holding workflow sets GongkaiDue. */
export const DEADLINE_HOLDERS_QUERY = 'ExecutionStatus = "Running" AND GongkaiDue IS NOT NULL';

/** What the service needs; `temporal` is connected only when there is something to signal. */
export interface CalendarContext {
  db: Register;
  temporal?: Client | (() => Promise<Client>);
  /** Narrows the fan-out (tests: one task queue); ANDed with DEADLINE_HOLDERS_QUERY. */
  scope?: string;
  /**
   * false: only the applications, from the register. The other deadline holders are found through Temporal's
   * visibility list, which the time-skipping test server does not have.
   */
  otherHolders?: boolean;
  now?: () => Date;
}

export interface FanOutResult {
  version: string;
  /** Workflows the change was sent to: the open applications it moves, and the other running deadline holders listed. */
  listed: number;
  /** Signals Temporal accepted: each is durable in that workflow's history. */
  signalled: number;
  /** Closed between the list and the signal: nothing to recompute. */
  closed: number;
  failed: { workflowId: string; error: string }[];
  /** The days whose status changed; open applications in the register; those the change moves, by ID. */
  changedDays?: string[];
  openCases?: number;
  reached?: string[];
}

/** The schedule file broke a rule: the message names each field and rule; nothing was stored. */
export class InvalidScheduleError extends Error {}

/** The register changed but the signals did not all go out; `gongkai calendar recompute` sends them again. */
export class RecomputeFailedError extends Error {
  constructor(
    message: string,
    readonly change: unknown,
  ) {
    super(message);
  }
}

const SIGNAL_CONCURRENCY = 16;
/** How many changed days a signal lists: with the version and the reason it stays under 1 KiB. */
const SIGNAL_DAYS = 30;

/** Sends signals, SIGNAL_CONCURRENCY at a time, counting what Temporal accepted, what had closed and what failed. */
function signaller(temporal: Client, result: FanOutResult) {
  const inFlight = new Set<Promise<void>>();
  const signal = async (workflowId: string, payload: RecomputeDeadlines) => {
    try {
      // By workflow ID, not run ID: a workflow that continued-as-new gets the signal in its current run.
      await temporal.workflow.getHandle(workflowId).signal(recomputeDeadlinesSignal, payload);
      result.signalled++;
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) result.closed++;
      else result.failed.push({ workflowId, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return {
    async send(workflowId: string, payload: RecomputeDeadlines) {
      result.listed++;
      const p = signal(workflowId, payload).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= SIGNAL_CONCURRENCY) await Promise.race(inFlight);
    },
    done: () => Promise.all(inFlight),
  };
}

/**
 * Signals `recomputeDeadlines` with the register's current calendar to every running workflow with a deadline
 * other than the applications (reviews, the report: few, and they carry no dates in the register). Each accepted
 * signal is durable; a workflow that closed meanwhile is counted, not failed. The same version twice is harmless.
 */
export async function fanOutRecompute(temporal: Client, calendar: CalendarData, reason: string, scope?: string, into?: FanOutResult): Promise<FanOutResult> {
  const payload: RecomputeDeadlines = { calendar, version: calendar.version, reason };
  const base = `${DEADLINE_HOLDERS_QUERY} AND GongkaiKind != "application"`;
  const query = scope ? `${base} AND (${scope})` : base;
  const result: FanOutResult = into ?? { version: calendar.version, listed: 0, signalled: 0, closed: 0, failed: [] };
  const s = signaller(temporal, result);
  for await (const wf of temporal.workflow.list({ query })) await s.send(wf.workflowId, payload);
  await s.done();
  return result;
}

/**
 * The open applications a change moves (issue 16): those whose register row says a changed day can move their
 * dates. Each gets the version, the reason and the changed days (under 1 KiB); it loads the calendar itself.
 */
async function reachApplications(temporal: Client, db: Register, days: string[] | null, isImport: boolean, version: string, reason: string, result: FanOutResult): Promise<void> {
  const open = await openCaseWindows(db);
  const moved = days === null ? open : open.filter((w) => moves(w, days, isImport));
  result.openCases = open.length;
  result.reached = moved.map((w) => w.id);
  const payload: RecomputeDeadlines = { version, reason, changedDays: (days ?? []).slice(0, SIGNAL_DAYS), changedCount: days?.length ?? 0 };
  const s = signaller(temporal, result);
  for (const w of moved) await s.send(w.workflow_id, payload);
  await s.done();
}

/**
 * After the register's calendar changed from `before`: the open applications it moves (all of them without
 * `before`), then the other deadline holders. The fan-out is recorded (calendar_fanouts: who was reached, when it started and ended) for the admin.
 */
async function fanOut(ctx: CalendarContext, reason: string, change: unknown, before: CalendarData | null, isImport: boolean): Promise<FanOutResult> {
  const calendar = await loadCalendarData(ctx.db);
  const days = before ? changedDays(before, calendar) : null;
  const now = () => (ctx.now?.() ?? new Date()).toISOString();
  const result: FanOutResult = { version: calendar.version, listed: 0, signalled: 0, closed: 0, failed: [], changedDays: days ?? [] };
  let record: string | undefined;
  try {
    const temporal = typeof ctx.temporal === 'function' ? await ctx.temporal() : ctx.temporal!;
    const startedAt = now();
    await reachApplications(temporal, ctx.db, days, isImport, calendar.version, reason, result);
    record = await startFanOutRecord(ctx.db, { version: calendar.version, reason, changedDays: days ?? [], startedAt, openCases: result.openCases ?? 0, reached: result.reached ?? [] });
    const applications = result.signalled;
    if (ctx.otherHolders !== false) await fanOutRecompute(temporal, calendar, reason, ctx.scope, result);
    await finishFanOutRecord(ctx.db, record, { finishedAt: now(), othersSignalled: result.signalled - applications, failed: result.failed });
    if (result.failed.length > 0) {
      throw new Error(`${result.failed.length} of ${result.listed} signals failed (first: ${result.failed[0].workflowId}: ${result.failed[0].error})`);
    }
    return result;
  } catch (e) {
    throw new RecomputeFailedError(`工作日历已更新，但未能通知全部在办流程：${e instanceof Error ? e.message : String(e)}`, change);
  }
}

/** The latest fan-outs for the admin: which cases each change reached, how long it took, how many have recomputed. */
export async function calendarFanOuts(ctx: Pick<CalendarContext, 'db'>, limit = 20): Promise<FanOutRecord[]> {
  return listFanOutRecords(ctx.db, limit);
}

export interface ImportResult {
  year: number;
  status: ImportStatus;
  notice: string;
  version: string;
  /** Absent when nothing changed or no Temporal client was given. */
  fanOut?: FanOutResult;
}

/** A yearly schedule file, or InvalidScheduleError naming what is wrong; nothing is stored either way. */
function validSchedule(json: unknown) {
  // The shape first: parseYearScheduleFile's rules assume well-formed dates (a malformed one throws unnamed).
  const shape = yearScheduleSchema.safeParse(json);
  if (!shape.success) throw new InvalidScheduleError(z.prettifyError(shape.error));
  try {
    return parseYearScheduleFile(json);
  } catch (e) {
    throw new InvalidScheduleError((e as Error).message);
  }
}

/**
 * `gongkai calendar import`: validates a yearly schedule file (`InvalidScheduleError`, nothing stored),
 * stores it (replacing the provisional year or an earlier import; the same schedule again is a no-op),
 * audits it, then signals every running workflow with a deadline.
 */
export async function importCalendarYear(ctx: CalendarContext, json: unknown, by: string): Promise<ImportResult> {
  const schedule = validSchedule(json);
  const at = (ctx.now?.() ?? new Date()).toISOString();
  const before = await loadCalendarData(ctx.db);
  const { status, year } = await importYearSchedule(ctx.db, schedule, by, at);
  const notice = noticeLine(schedule);
  const change = { year, status, notice, version: (await loadCalendarData(ctx.db)).version };
  if (status === 'unchanged' || !ctx.temporal) return change;
  const fanOutResult = await fanOut(ctx, `calendar import ${year} (${notice}) by ${by}`, change, before, true);
  return { ...change, fanOut: fanOutResult };
}

export interface OverrideResult {
  date: string;
  status: OverrideStatus;
  version: string;
  fanOut?: FanOutResult;
}

/** An agency day off or working day (audited: who, when, before and after), then the fan-out. */
export async function addCalendarOverride(ctx: CalendarContext, override: CalendarOverride, by: string): Promise<OverrideResult> {
  const at = (ctx.now?.() ?? new Date()).toISOString();
  const before = await loadCalendarData(ctx.db);
  const { status } = await setCalendarOverride(ctx.db, override, by, at);
  const change = { date: override.date, status, version: (await loadCalendarData(ctx.db)).version };
  if (status === 'unchanged' || !ctx.temporal) return change;
  const verb = override.kind === 'off' ? 'day off' : 'working day';
  return { ...change, fanOut: await fanOut(ctx, `calendar override ${override.date} ${verb} (${override.reason}) by ${by}`, change, before, false) };
}

/** Removes an agency override (audited with what it was), then the fan-out; `absent` changes nothing. */
export async function deleteCalendarOverride(ctx: CalendarContext, date: string, by: string): Promise<OverrideResult> {
  const at = (ctx.now?.() ?? new Date()).toISOString();
  const before = await loadCalendarData(ctx.db);
  const { status } = await removeCalendarOverride(ctx.db, date, by, at);
  const change = { date, status, version: (await loadCalendarData(ctx.db)).version };
  if (status === 'absent' || !ctx.temporal) return change;
  return { ...change, fanOut: await fanOut(ctx, `calendar override ${date} removed by ${by}`, change, before, false) };
}

/** Sends the register's current calendar again (after a failed fan-out, or to a workflow started meanwhile). */
export async function recomputeAll(ctx: CalendarContext, reason: string): Promise<FanOutResult> {
  // Nothing is known about what changed: every open application is reached (the cases ignore a version they have).
  return fanOut(ctx, reason, { reason }, null, true);
}

export interface ImportPreview {
  year: number;
  notice: string;
  /** The days whose working/rest status the schedule changes, with the reason before and after. */
  changedDates: { date: string; workdayBefore: boolean; workdayAfter: boolean; before: string; after: string }[];
  /** Open applications whose reply due date the new calendar moves (computed from each case's own events). */
  movedDeadlines: { id: string; from: string | null; to: string | null }[];
  /** Open cases whose state could not be read (no running workflow): not in movedDeadlines. */
  unread: number;
}

/**
 * What importing `json` would change, with nothing written and nothing signalled: the days it changes and the
 * open cases whose due date moves. Each case's clock is recomputed from its own events, as its workflow will.
 */
export async function previewCalendarImport(
  db: Register,
  json: unknown,
  openCases: { id: string; dueDate: string | null; events: () => Promise<{ events: ClockEvent[]; policy?: ClockPolicy } | null> }[],
  today: string,
): Promise<ImportPreview> {
  const schedule = validSchedule(json);
  const current = await loadCalendarData(db);
  const before = new Calendar(current);
  const after = new Calendar({ ...current, version: `${current.version}+preview`, years: [...current.years.filter((y) => y.year !== schedule.year), schedule].sort((a, b) => a.year - b.year) });
  const changedDates: ImportPreview['changedDates'] = [];
  for (let d = `${schedule.year}-01-01`; d <= `${schedule.year}-12-31`; d = addDays(d, 1)) {
    const [x, y] = [before.isWorkday(d), after.isWorkday(d)];
    if (x.workday !== y.workday) changedDates.push({ date: d, workdayBefore: x.workday, workdayAfter: y.workday, before: x.reason, after: y.reason });
  }
  const movedDeadlines: ImportPreview['movedDeadlines'] = [];
  let unread = 0;
  for (const c of openCases) {
    const s = await c.events();
    if (!s || s.events.length === 0) {
      unread++;
      continue;
    }
    const policy = s.policy ?? { feePausesClock: true };
    try {
      const from = computeClock(s.events, policy, before, today).due;
      const to = computeClock(s.events, policy, after, today).due;
      if (from !== to) movedDeadlines.push({ id: c.id, from, to });
    } catch {
      unread++; // events the clock refuses are the workflow's to explain, not the preview's
    }
  }
  return { year: schedule.year, notice: noticeLine(schedule), changedDates, movedDeadlines, unread };
}
