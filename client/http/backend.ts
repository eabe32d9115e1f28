import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { IntakeInput } from '../../domain/application';
import type { ItemInput } from '../../domain/review/input';
import type { ReviewState } from '../../domain/review/state';
import { applicationWorkflowId } from '../../register/applications';
import * as app from '../../workflows/application/definitions';
import * as review from '../../workflows/review/definitions';
import type { Services } from '../context';
import * as reviewSvc from '../services/review';
import * as reportSvc from '../services/report';
import { ApplicationInputError, registerApplication } from '../services/applications';
import { addCalendarOverride, deleteCalendarOverride, importCalendarYear, InvalidScheduleError, RecomputeFailedError, type ImportResult, type OverrideResult } from '../services/calendar';
import type { CalendarOverride } from '../../domain/calendar';
import type { EditArgs, ReportView, SignOffArgs } from '../../workflows/report/definitions';
import { HttpError } from './auth';

/**
 * What the console and the API call to change things: the review service (`client/services/review.ts`);
 * applications are registered through `client/services/applications.ts` (the one intake path) and acted on here
 * through the workflow's published definitions.
 */

/** Workflow refusals by failure type → HTTP status: who may not (403), wrong stage or stale (409), rule (422). */
const STATUS_BY_TYPE: Record<string, [number, string]> = {
  Forbidden: [403, 'forbidden'],
  [review.REFUSED]: [409, 'refused'],
  WrongStage: [409, 'wrong_stage'],
  NotReady: [409, 'not_ready'],
  InvalidInput: [422, 'invalid'],
  InvalidArgs: [422, 'invalid'],
  InvalidDecision: [422, 'invalid_decision'],
  ClockRule: [422, 'clock_rule'],
};

export function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof WorkflowNotFoundError) return new HttpError(404, 'not_found', 'no such case');
  const cause = e instanceof WorkflowUpdateFailedError ? e.cause : e;
  if (cause instanceof ApplicationFailure && cause.type) {
    const [status, code] = STATUS_BY_TYPE[cause.type] ?? [422, 'refused'];
    return new HttpError(status, code, cause.message);
  }
  throw e;
}

async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toHttpError(e);
  }
}

export interface ActorRef {
  id: string;
  groups: string[];
  roles: string[];
}

export type ReviewAction = reviewSvc.Action['action'];

const REVIEW_STATUS: Record<reviewSvc.ReviewErrorKind, [number, string]> = {
  NotFound: [404, 'not_found'],
  Forbidden: [403, 'forbidden'],
  Refused: [409, 'refused'],
  Invalid: [422, 'invalid'],
};

async function reviewService<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof reviewSvc.ReviewError) {
      const [status, code] = REVIEW_STATUS[e.kind];
      throw new HttpError(status, code, e.message);
    }
    throw toHttpError(e);
  }
}

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
        if (e instanceof RecomputeFailedError) throw new HttpError(503, 'recompute_failed', `${e.message}; run \`gongkai calendar recompute\``);
        throw e;
      }
    },
    /** Starts `reviewItem` through the review service; returns once the item is in the register. */
    async submitItem(item: ItemInput, asUser: string): Promise<string> {
      return reviewService(() => reviewSvc.submitItem(services, item, asUser)).then((r) => r.itemId);
    },
    async itemState(id: string): Promise<ReviewState | null> {
      try {
        return await temporal.workflow.getHandle(id).query(review.stateQuery);
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return null;
        throw e;
      }
    },
    /** One act on an item as `asUser`; the service resolves the actor and logs the workflow's refusals. */
    async reviewAct(id: string, asUser: string, action: reviewSvc.Action): Promise<review.ActResult> {
      return reviewService(() => reviewSvc.act(services, id, asUser, action));
    },
    /** Registers the application through the one intake path (`services/applications.ts`): schema and receipt date checked. */
    async registerApplication(intake: IntakeInput, actor: string): Promise<{ id: string; created: boolean }> {
      try {
        const { id, created } = await registerApplication(services, intake, actor);
        return { id, created };
      } catch (e) {
        if (e instanceof ApplicationInputError) throw new HttpError(422, 'invalid', e.message);
        throw e;
      }
    },
    async applicationState(id: string): Promise<app.ApplicationState | null> {
      try {
        return await temporal.workflow.getHandle(applicationWorkflowId(id)).query(app.stateQuery);
      } catch {
        return null;
      }
    },
    async applicationAct<A extends { actor: string }>(id: string, update: UpdateDefinition<app.ApplicationState, [A]>, args: A): Promise<app.ApplicationState> {
      return guarded(() => temporal.workflow.getHandle(applicationWorkflowId(id)).executeUpdate(update, { args: [args] }));
    },
  };
}
export type Backend = ReturnType<typeof backend>;
export { app as applicationMessages };
