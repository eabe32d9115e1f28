import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FailureKind } from '../../domain/failures';
import type { ApproveArgs, ClaimArgs, ReassignArgs, RejectArgs, RetractArgs, ReviseArgs, WithdrawArgs } from '../../domain/review/input';
import type { ReviewState, ReviewStatus } from '../../domain/review/state';

/** What every update returns: where the item stands after it (the register already says the same). */
export interface ActResult {
  status: ReviewStatus;
  stage: string | null;
  holder: string | null;
  version: number;
  hash: string;
  due: string | null;
}

/** What the workflow returns to a client or a parent (reply letters, the annual report). */
export type ReviewResult =
  | { outcome: 'published' | 'approved'; version: number; hash: string; title: string; body: string; approvals: ReviewState['approvals']; url?: string }
  | { outcome: 'withdrawn'; version: number; reason?: string }
  | { outcome: 'retracted'; version: number; hash: string; reason: string };

/** A reviewer of the current stage's group takes the task (认领); refused if someone holds it. */
export const claimUpdate = defineUpdate<ActResult, [ClaimArgs]>('claim');
/** The holder gives the task back to the group. */
export const unclaimUpdate = defineUpdate<ActResult, [ClaimArgs]>('unclaim');
/** The holder (or any member, when unheld) approves the current version at the current stage. */
export const approveUpdate = defineUpdate<ActResult, [ApproveArgs]>('approve');
/** 退回修改: mandatory reason; back to the author or to an earlier stage. */
export const rejectUpdate = defineUpdate<ActResult, [RejectArgs]>('reject');
/** The author's new version: voids every approval, re-enters at the policy's re-entry stage. */
export const reviseUpdate = defineUpdate<ActResult, [ReviseArgs]>('revise');
/** 撤回: the author, before the final decision; the workflow ends as withdrawn. */
export const withdrawUpdate = defineUpdate<ActResult, [WithdrawArgs]>('withdraw');
/** 转办: a supervisor gives the task to another member of the stage's group. */
export const reassignUpdate = defineUpdate<ActResult, [ReassignArgs]>('reassign');
/** 委派: a supervisor lets a user outside the group act at this stage. */
export const delegateUpdate = defineUpdate<ActResult, [ReassignArgs]>('delegate');
/** 撤稿: a supervisor takes a published item down, with a reason; returns once it is off the portal. */
export const retractUpdate = defineUpdate<ActResult, [RetractArgs]>('retract');

/**
 * Issue 16: once published, the review's workflow completes; a 撤稿 then starts `retractPublished` with its
 * `retract` update (update-with-start) on this ID, derived from the item's.
 */
export const retractWorkflowId = (itemId: string) => `${itemId}-retract`;
export interface RetractPublishedInput {
  itemId: string;
}

/** Stage, holder, versions, approvals, due time and history. */
export const stateQuery = defineQuery<ReviewState | null>('state');

/** The failure types of this workflow's refusals, from the one set of `domain/failures.ts`: a rule refused; the input is malformed. */
export const REFUSED = 'Refused' satisfies FailureKind;
export const INVALID = 'Invalid' satisfies FailureKind;
