import type { Calendar } from '../calendar/calendar';
import type { CivilDate } from '../calendar/civil-date';
import { computeClock } from '../clock';
import type { Refusal } from '../failures';
import { policyOf, type ApplicationRoster, type ApplicationState, type NoticeKind } from './state';

/**
 * What a command needs besides the state: the day (Beijing), the calendar and the roster the workflow received
 * from activities, and whether the applicant gave an email address. Nothing here reads a clock of its own.
 */
export interface CaseContext {
  today: CivilDate;
  calendar: Calendar;
  roster: ApplicationRoster;
  hasEmail: boolean;
}

type Vars = Record<string, string | number>;

/**
 * What the workflow does after a transition, in this order, through activities: write the step to the register
 * (with the case's row fields as they then are), render a notice as a document (since 'notice-documents'), email
 * the applicant or staff. The check timer is not an effect: the workflow plans it from the state (`nextCheck.ts`).
 */
export type Effect =
  | { kind: 'record'; type: string; actor: string; date: CivilDate; detail?: unknown }
  /** `email` goes to the applicant once the notice is issued: at once, or after its review (since 'notice-review'). */
  | { kind: 'notice'; notice: NoticeKind; key: string; vars: Vars; email?: { template: string; vars: Vars } }
  | { kind: 'notifyApplicant'; template: string; vars: Vars }
  | { kind: 'notifyStaff'; userIds: string[]; template: string; vars: Vars };

export interface Transition {
  state: ApplicationState;
  effects: Effect[];
}

/**
 * One command of the process: `check` refuses (nothing has changed) or passes; `apply`, called only after `check`
 * passed, returns the next state and its effects. The input state is never modified.
 */
export interface Command<A> {
  check(s: ApplicationState, ctx: CaseContext, args: A): Refusal | undefined;
  apply(s: ApplicationState, ctx: CaseContext, args: A): Transition;
}

/** Check, then apply: what the tests run, and what a caller without a separate validator would. */
export function run<A>(cmd: Command<A>, s: ApplicationState, ctx: CaseContext, args: A): { refused: Refusal } | Transition {
  const refused = cmd.check(s, ctx, args);
  return refused ? { refused } : cmd.apply(s, ctx, args);
}

/** The clock as of `ctx.today` over the state's events: every transition leaves the state with its clock. */
export const withClock = (s: ApplicationState, ctx: CaseContext): ApplicationState => ({
  ...s,
  clock: computeClock(s.events, policyOf(s), ctx.calendar, ctx.today),
});

/** Appends the step the case's history shows. */
export const withStep = (s: ApplicationState, ctx: CaseContext, actor: string, action: string, detail?: string): ApplicationState => ({
  ...s,
  steps: [...s.steps, { date: ctx.today, actor, action, detail }],
});

export const record = (type: string, actor: string, date: CivilDate, detail?: unknown): Effect => ({ kind: 'record', type, actor, date, detail });
