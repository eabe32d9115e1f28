import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { IntakeInput } from '../../domain/application';
import type { ItemInput } from '../../domain/review/input';
import type { ReviewState } from '../../domain/review/state';
import { applicationWorkflowId } from '../../register/applications';
import * as app from '../../workflows/application/definitions';
import * as review from '../../workflows/review/definitions';
import type { Services } from '../context';
import * as reviewSvc from '../services/review';
import * as reportSvc from '../services/report';
import { registerApplication } from '../services/applications';
import { addCalendarOverride, deleteCalendarOverride, importCalendarYear, InvalidScheduleError, RecomputeFailedError, type ImportResult, type OverrideResult } from '../services/calendar';
import type { CalendarOverride } from '../../domain/calendar';
import type { EditArgs, ReportView, SignOffArgs } from '../../workflows/report/definitions';
import { HttpError } from './auth';
import { asHttp, failureHttpError } from './failures';
import { ENGINE_UNAVAILABLE, workflowStateOrNull } from '../failures';

/**
 * What the console and the API call to change things: the review service (`client/services/review.ts`);
 * applications are registered through `client/services/applications.ts` (the one intake path) and acted on here
 * through the workflow's published definitions.
 */

/** A failure (a workflow's refusal, a service's `Failure`) as its HttpError (`failures.ts`); anything else is rethrown. */
export function toHttpError(e: unknown): HttpError {
  if (e instanceof WorkflowNotFoundError) return new HttpError(404, 'not_found', '没有这件事项的办理流程（未启动或已超过保存期限）');
  const http = failureHttpError(e);
  if (http) return http;
  throw e;
}

async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toHttpError(e);
  }
}

/**
 * A workflow's state, or null when it has no workflow (never started, or closed and past retention: the register
 * still answers). Any other failure (a query that timed out while the worker was busy) is a 503, not null: a page
 * that took null for "no process" would drop the forms a clerk was filling in.
 */
export const stateOrNull = <T>(query: () => Promise<T>): Promise<T | null> =>
  workflowStateOrNull(query, () => new HttpError(503, 'unavailable', ENGINE_UNAVAILABLE));

export interface ActorRef {
  id: string;
  groups: string[];
  roles: string[];
}

export type ReviewAction = reviewSvc.Action['action'];

export function backend(services: Services) {
  const { temporal, db } = services;
  return {
    /** The annual report of `year` as its workflow holds it; null when it has not been started. */
    async reportView(year: number): Promise<ReportView | null> {
      try {
        return await reportSvc.reportState(services, year);
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return null;
        throw e;
      }
    },
    /** The editor's manual sections (二 JSON or CSV, narratives 一/五/六); the workflow checks who edits. */
    async reportEdit(year: number, args: EditArgs): Promise<ReportView> {
      return guarded(() => reportSvc.editReport(services, year, args));
    },
    async reportStart(year: number, editor?: string): Promise<{ workflowId: string; started: boolean }> {
      return reportSvc.startAnnualReport(services, year, editor);
    },
    async reportSubmit(year: number, actor: string): Promise<ReportView> {
      return guarded(() => reportSvc.submitReport(services, year, actor));
    },
    async reportSignOff(year: number, args: SignOffArgs): Promise<ReportView> {
      return guarded(() => reportSvc.signOffReport(services, year, args));
    },
    /** An agency day off or working day (audited), then the fan-out to every running deadline. */
    async calendarOverride(override: CalendarOverride, by: string, now: Date): Promise<OverrideResult> {
      return addCalendarOverride({ db, temporal, now: () => now }, override, by);
    },
    async calendarOverrideDelete(date: string, by: string, now: Date): Promise<OverrideResult> {
      return deleteCalendarOverride({ db, temporal, now: () => now }, date, by);
    },
    /** A year's holiday schedule (audited in the register), then `recomputeDeadlines` to every running deadline. */
    async calendarImport(json: unknown, by: string, now: Date): Promise<ImportResult> {
      try {
        return await importCalendarYear({ db, temporal: temporal, now: () => now }, json, by);
      } catch (e) {
        if (e instanceof InvalidScheduleError) throw new HttpError(422, 'invalid_schedule', e.message);
        if (e instanceof RecomputeFailedError) throw new HttpError(503, 'recompute_failed', `${e.message}；请稍后运行 gongkai calendar recompute 重新计算`);
        throw e;
      }
    },
    /** Starts `reviewItem` through the review service; returns once the item is in the register. */
    async submitItem(item: ItemInput, asUser: string): Promise<string> {
      return guarded(() => reviewSvc.submitItem(services, item, asUser)).then((r) => r.itemId);
    },
    async itemState(id: string): Promise<ReviewState | null> {
      return stateOrNull(() => temporal.workflow.getHandle(id).query(review.stateQuery));
    },
    /** One act on an item as `asUser`; the service resolves the actor and logs the workflow's refusals. */
    async reviewAct(id: string, asUser: string, action: reviewSvc.Action): Promise<review.ActResult> {
      return guarded(() => reviewSvc.act(services, id, asUser, action));
    },
    /** Registers the application through the one intake path (`services/applications.ts`): schema and receipt date checked. */
    async registerApplication(intake: IntakeInput, actor: string): Promise<{ id: string; created: boolean }> {
      const { id, created } = await asHttp(() => registerApplication(services, intake, actor));
      return { id, created };
    },
    async applicationState(id: string): Promise<app.ApplicationState | null> {
      return stateOrNull(() => temporal.workflow.getHandle(applicationWorkflowId(id)).query(app.stateQuery));
    },
    async applicationAct<A extends { actor: string }>(id: string, update: UpdateDefinition<app.ApplicationState, [A]>, args: A): Promise<app.ApplicationState> {
      return guarded(() => temporal.workflow.getHandle(applicationWorkflowId(id)).executeUpdate(update, { args: [args] }));
    },
  };
}
export type Backend = ReturnType<typeof backend>;
export { app as applicationMessages };
