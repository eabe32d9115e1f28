import type { CivilDate } from '../calendar/civil-date';
import { ClockError, computeClock, MAX_EXTENSION_WORKDAYS, type ClockEvent } from '../clock';
import { refusal, type Refusal } from '../failures';
import { lastEventDate, policyOf, type ApplicationStage, type ApplicationState } from './state';
import type { CaseContext } from './transition';

/**
 * The checks several commands share: who may act, in which stage, which dates a past fact may carry, and the
 * statutory clock's own consistency. Each returns the refusal (kind and message in Chinese) or undefined.
 */

/** 条例 第三十条 leaves the 补正 period to the agency; at least 1 and, here, at most 30 working days. */
export const MAX_CORRECTION_WORKDAYS = 30;
/** 条例 第三十三条第二款: 延长的期限最长不得超过20个工作日 (MAX_EXTENSION_WORKDAYS); asked without a number, all of them. */
export const DEFAULT_EXTENSION_WORKDAYS = MAX_EXTENSION_WORKDAYS;

export const STAGE_TEXT: Record<ApplicationStage, string> = {
  unassigned: '待分派',
  handling: '办理中',
  awaitingCorrection: '待补正',
  awaitingFee: '待缴费',
  awaitingReasons: '待说明理由',
  letterReview: '答复书审核中',
  awaitingDelivery: '待送达',
  closed: '已办结',
};

const isDate = (v: unknown): v is CivilDate => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Assigning is the disclosure office's (政务公开办公室) work: a member or its head. */
export function refuseUnlessOffice(ctx: CaseContext, actor: string): Refusal | undefined {
  if (ctx.roster.office.includes(actor) || ctx.roster.officeHeads.includes(actor)) return undefined;
  return refusal('Forbidden', `actor：${actor} 不是政务公开办公室成员，只有其成员可以分派申请`);
}

/** The case's handler (承办人) acts on it; nobody else. */
export function refuseUnlessHandler(s: ApplicationState, actor: string): Refusal | undefined {
  if (s.handler === actor) return undefined;
  return refusal('Forbidden', `actor：${actor} 不是 ${s.id} 的承办人（${s.handler ? `承办人是 ${s.handler}` : '尚无人认领'}）`);
}

export function refuseUnlessStage(s: ApplicationState, action: string, ...stages: ApplicationStage[]): Refusal | undefined {
  if (stages.includes(s.stage)) return undefined;
  return refusal('Refused', `${action}：申请现为“${STAGE_TEXT[s.stage]}”（${s.stage}），此操作需在“${stages.map((x) => STAGE_TEXT[x]).join('”或“')}”时进行`);
}

/** A date given for a past fact, defaulting to today. */
export const pastDateOf = (ctx: CaseContext, date: string | undefined): CivilDate => date ?? ctx.today;

/** A past fact's date: a date, not in the future, not before the last recorded event (the events stay in order). */
export function refusePastDate(s: ApplicationState, ctx: CaseContext, field: string, date: string | undefined): Refusal | undefined {
  const value = pastDateOf(ctx, date);
  if (!isDate(value)) return refusal('Invalid', `${field}：应为 YYYY-MM-DD 格式的日期`);
  if (value > ctx.today) return refusal('Invalid', `${field}：${value} 在今天（${ctx.today}）之后`);
  if (value < lastEventDate(s)) return refusal('Invalid', `${field}：${value} 早于最近一次登记的事项（${lastEventDate(s)}）`);
  return undefined;
}

export function refuseUnlessDate(field: string, value: unknown): Refusal | undefined {
  return isDate(value) ? undefined : refusal('Invalid', `${field}：应为 YYYY-MM-DD 格式的日期`);
}

export function refuseBlank(field: string, value: unknown, what: string, min = 1): Refusal | undefined {
  return typeof value === 'string' && value.trim().length >= min ? undefined : refusal('Invalid', `${field}：${what}`);
}

/**
 * The statutory clock's own rules (docs/clock.md; 条例 第三十条 to 第三十五条: extension once and before the due date,
 * a receipt not before the sending day...): the clock is run over `events`, the recorded ones with the new one.
 */
export function refuseByClock(s: ApplicationState, ctx: CaseContext, events: ClockEvent[]): Refusal | undefined {
  try {
    computeClock(events, policyOf(s), ctx.calendar, ctx.today);
    return undefined;
  } catch (e) {
    if (e instanceof ClockError) return refusal('Rule', `不符合法定期限规则：${e.message}`);
    throw e;
  }
}

/** The same, for one new event after the recorded ones. */
export const refuseNextEvent = (s: ApplicationState, ctx: CaseContext, next: ClockEvent) => refuseByClock(s, ctx, [...s.events, next]);

/** The first refusal of a list of checks, run in order (later checks may assume earlier ones passed). */
export function firstRefusal(...checks: (() => Refusal | undefined)[]): Refusal | undefined {
  for (const c of checks) {
    const r = c();
    if (r) return r;
  }
  return undefined;
}
