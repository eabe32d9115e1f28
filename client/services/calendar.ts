/**
 * The calendar service: import a year's schedule, add or remove an agency override (both audited in the
 * register), and fan the new calendar out to every running workflow that holds a deadline, as the
 * `recomputeDeadlines` signal. Used by the CLI; the HTTP API can call the same functions.
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { addDays, Calendar, parseYearScheduleFile, yearScheduleSchema, type CalendarData, type CalendarOverride } from '../../domain/calendar';
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
import type { Register } from '../../register/db';

/** Running executions that hold a deadline: every deadline-holding workflow sets GongkaiDue. */
export const DEADLINE_HOLDERS_QUERY = 'ExecutionStatus = "Running" AND GongkaiDue IS NOT NULL';

/** What the service needs; `temporal` is connected only when there is something to signal. */
export interface CalendarContext {
  db: Register;
  temporal?: Client | (() => Promise<Client>);
  /** Narrows the fan-out (tests: one task queue); ANDed with DEADLINE_HOLDERS_QUERY. */
  scope?: string;
  now?: () => Date;
}

export interface FanOutResult {
  version: string;
  /** Running workflows with a deadline that the list returned. */
  listed: number;
  /** Signals Temporal accepted: each is durable in that workflow's history. */
  signalled: number;
  /** Closed between the list and the signal: nothing to recompute. */
  closed: number;
  failed: { workflowId: string; error: string }[];
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

/**
 * Signals `recomputeDeadlines` with the register's current calendar to every running workflow with a
 * deadline. Each accepted signal is durable; a workflow that closed meanwhile is counted, not failed.
 * Sending the same version twice is harmless (the workflows ignore a version they already have).
 */
export async function fanOutRecompute(temporal: Client, calendar: CalendarData, reason: string, scope?: string): Promise<FanOutResult> {
  const payload: RecomputeDeadlines = { calendar, version: calendar.version, reason };
  const query = scope ? `${DEADLINE_HOLDERS_QUERY} AND (${scope})` : DEADLINE_HOLDERS_QUERY;
  const result: FanOutResult = { version: calendar.version, listed: 0, signalled: 0, closed: 0, failed: [] };
  const inFlight = new Set<Promise<void>>();
  const signal = async (workflowId: string) => {
    try {
      // By workflow ID, not run ID: a workflow that continued-as-new gets the signal in its current run.
      await temporal.workflow.getHandle(workflowId).signal(recomputeDeadlinesSignal, payload);
      result.signalled++;
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) result.closed++;
      else result.failed.push({ workflowId, error: e instanceof Error ? e.message : String(e) });
    }
  };
  for await (const wf of temporal.workflow.list({ query })) {
    result.listed++;
    const p = signal(wf.workflowId).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= SIGNAL_CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return result;
}

async function fanOut(ctx: CalendarContext, reason: string, change: unknown): Promise<FanOutResult> {
  const calendar = await loadCalendarData(ctx.db);
  try {
    const temporal = typeof ctx.temporal === 'function' ? await ctx.temporal() : ctx.temporal!;
    const result = await fanOutRecompute(temporal, calendar, reason, ctx.scope);
    if (result.failed.length > 0) {
      throw new Error(`${result.failed.length} of ${result.listed} signals failed (first: ${result.failed[0].workflowId}: ${result.failed[0].error})`);
    }
    return result;
  } catch (e) {
    throw new RecomputeFailedError(`the register changed, but the workflows were not all signalled: ${e instanceof Error ? e.message : String(e)}`, change);
  }
}

export interface ImportResult {
  year: number;
  status: ImportStatus;
  notice: string;
  version: string;
  /** Absent when nothing changed or no Temporal client was given. */
  fanOut?: FanOutResult;
}

/**
 * `gongkai calendar import`: validates a yearly schedule file (`InvalidScheduleError`, nothing stored),
 * stores it (replacing the provisional year or an earlier import; the same schedule again is a no-op),
 * audits it, then signals every running workflow with a deadline.
 */
export async function importCalendarYear(ctx: CalendarContext, json: unknown, by: string): Promise<ImportResult> {
  // The shape first: parseYearScheduleFile's rules assume well-formed dates (a malformed one throws unnamed).
  const shape = yearScheduleSchema.safeParse(json);
  if (!shape.success) throw new InvalidScheduleError(z.prettifyError(shape.error));
  let schedule;
  try {
    schedule = parseYearScheduleFile(json);
  } catch (e) {
    throw new InvalidScheduleError((e as Error).message);
  }
  const at = (ctx.now?.() ?? new Date()).toISOString();
  const { status, year } = await importYearSchedule(ctx.db, schedule, by, at);
  const notice = noticeLine(schedule);
  const change = { year, status, notice, version: (await loadCalendarData(ctx.db)).version };
  if (status === 'unchanged' || !ctx.temporal) return change;
  const fanOutResult = await fanOut(ctx, `calendar import ${year} (${notice}) by ${by}`, change);
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
  const { status } = await setCalendarOverride(ctx.db, override, by, at);
  const change = { date: override.date, status, version: (await loadCalendarData(ctx.db)).version };
  if (status === 'unchanged' || !ctx.temporal) return change;
  const verb = override.kind === 'off' ? 'day off' : 'working day';
  return { ...change, fanOut: await fanOut(ctx, `calendar override ${override.date} ${verb} (${override.reason}) by ${by}`, change) };
}

/** Removes an agency override (audited with what it was), then the fan-out; `absent` changes nothing. */
export async function deleteCalendarOverride(ctx: CalendarContext, date: string, by: string): Promise<OverrideResult> {
  const at = (ctx.now?.() ?? new Date()).toISOString();
  const { status } = await removeCalendarOverride(ctx.db, date, by, at);
  const change = { date, status, version: (await loadCalendarData(ctx.db)).version };
  if (status === 'absent' || !ctx.temporal) return change;
  return { ...change, fanOut: await fanOut(ctx, `calendar override ${date} removed by ${by}`, change) };
}

/** Sends the register's current calendar again (after a failed fan-out, or to a workflow started meanwhile). */
export async function recomputeAll(ctx: CalendarContext, reason: string): Promise<FanOutResult> {
  return fanOut(ctx, reason, { reason });
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
  const shape = yearScheduleSchema.safeParse(json);
  if (!shape.success) throw new InvalidScheduleError(z.prettifyError(shape.error));
  let schedule;
  try {
    schedule = parseYearScheduleFile(json);
  } catch (e) {
    throw new InvalidScheduleError((e as Error).message);
  }
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
