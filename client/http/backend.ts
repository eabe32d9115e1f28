import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Intake } from '../../domain/application';
import type { ItemInput } from '../../domain/review/input';
import type { ReviewState } from '../../domain/review/state';
import { applicationWorkflowId, insertApplication } from '../../register/applications';
import * as app from '../../workflows/application/definitions';
import * as review from '../../workflows/review/definitions';
import type { Services } from '../context';
import { HttpError } from './auth';

/**
 * What the console and the API call to change things. Until `client/services/review.ts` and
 * `client/services/applications.ts` land, this speaks to the workflows directly through their published
 * definitions (the same updates the services will send); swap the bodies for the service calls then.
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

export type ReviewAction = 'claim' | 'unclaim' | 'approve' | 'reject' | 'revise' | 'withdraw' | 'reassign' | 'delegate' | 'retract';

const reviewUpdates = {
  claim: review.claimUpdate,
  unclaim: review.unclaimUpdate,
  approve: review.approveUpdate,
  reject: review.rejectUpdate,
  revise: review.reviseUpdate,
  withdraw: review.withdrawUpdate,
  reassign: review.reassignUpdate,
  delegate: review.delegateUpdate,
  retract: review.retractUpdate,
} as const;

export function backend(services: Services) {
  const { temporal, config, db } = services;
  return {
    /** Starts `reviewItem` for a new item; the ID is `item-<uuid>`. */
    async submitItem(item: ItemInput): Promise<string> {
      const id = `item-${randomUUID()}`;
      await temporal.workflow.start('reviewItem', { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: id, args: [{ item, publish: true }] });
      return id;
    },
    async itemState(id: string): Promise<ReviewState | null> {
      try {
        return await temporal.workflow.getHandle(id).query(review.stateQuery);
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return null;
        throw e;
      }
    },
    async reviewAct(id: string, action: ReviewAction, args: Record<string, unknown> & { actor: ActorRef }): Promise<review.ActResult> {
      return guarded(() =>
        temporal.workflow.getHandle(id).executeUpdate(reviewUpdates[action] as typeof review.approveUpdate, { args: [args as never] }),
      );
    },
    /** Registers the application in the register and starts `handleApplication` (ID `application-{id}`). */
    async registerApplication(intake: Intake, actor: string): Promise<{ id: string; created: boolean }> {
      const { row, created } = await insertApplication(db, { intake, agencyCode: config.AGENCY_CODE, actor, now: new Date().toISOString() });
      if (created) {
        await temporal.workflow.start('handleApplication', {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowId: applicationWorkflowId(row.id),
          args: [{ id: row.id, registeredBy: actor, reviewLetter: true }],
        });
      }
      return { id: row.id, created };
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
