/**
 * The review service: submit an item, act on it (claim … retract), read a user's queue and an item. Used by
 * the CLI and the HTTP API; it resolves who acts from the register (users, groups, roles), and logs the
 * workflow's refusals in the audit trail (a validator refuses before anything is written, so the refusal
 * is recorded here).
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { checklistMismatch, fullChecklist, itemInputSchema, type Actor, type ItemInput, type SecrecyChecklist } from '../../domain/review/input';
import { currentStage, type ReviewState, type ReviewStatus } from '../../domain/review/state';
import { itemStatusLabels } from '../../domain/dictionary';
import type { User } from '../../domain/org';
import { categoryAttr, kindAttr } from '../../workflows/searchAttributes';
import { getUser } from '../../register/org';
import { getReviewItem, itemAudit, recordRefusal, reviewQueue, type QueueEntry } from '../../register/review';
import {
  approveUpdate, claimUpdate, delegateUpdate, reassignUpdate, rejectUpdate, retractUpdate, reviseUpdate, retractWorkflowId, stateQuery, type RetractPublishedInput,
  unclaimUpdate, withdrawUpdate, type ActResult,
} from '../../workflows/review/definitions';
import { Failure, type FailureKind } from '../../domain/failures';
import type { Services } from '../context';
import { asFailure } from '../failures';
import { zodText } from '../zodText';

type ReviewServices = Pick<Services, 'config' | 'db' | 'temporal'>;

export async function resolveActor(services: ReviewServices, userId: string): Promise<Actor> {
  const u = await getUser(services.db, userId);
  if (!u) throw new Failure('NotFound', `没有用户 ${userId}`);
  if (!u.active) throw new Failure('Forbidden', `用户 ${userId} 已停用`);
  return { id: u.id, groups: u.groups, roles: u.roles };
}

/**
 * Starts the review of an item submitted by `asUser` (the author; the section defaults to theirs) and
 * returns once the submission is in the register, so the first reviewers' queue already shows it.
 */
export async function submitItem(services: ReviewServices, raw: unknown, asUser: string): Promise<{ itemId: string; hash: string }> {
  const author = await getUser(services.db, asUser);
  if (!author?.active) throw new Failure('NotFound', `没有在用的用户 ${asUser}`);
  const withAuthor = { section: author.section ?? undefined, ...(raw as object), author: asUser };
  const parsed = itemInputSchema.safeParse(withAuthor);
  if (!parsed.success) throw new Failure('Invalid', zodText(parsed.error));
  const item: ItemInput = parsed.data;
  const itemId = `item-${randomUUID()}`;
  const handle = await services.temporal.workflow.start('reviewItem', {
    taskQueue: services.config.TEMPORAL_TASK_QUEUE,
    workflowId: itemId,
    args: [{ item, publish: true }],
    typedSearchAttributes: [
      { key: kindAttr, value: 'item' },
      { key: categoryAttr, value: item.category },
    ],
  });
  // Waits on the register, not on a query: a query answered while the workflow's first task runs its setup (a
  // local activity) makes the worker ask for one more workflow task, three history events per item (issue 16).
  const until = Date.now() + 30_000;
  for (;;) {
    const row = await getReviewItem(services.db, itemId).catch(() => undefined); // the register briefly away: ask again
    if (row) return { itemId, hash: row.current_hash };
    const desc = await handle.describe();
    if (desc.status.name !== 'RUNNING') throw new Failure('Invalid', `category：稿件 ${itemId} 的审核一启动就结束了，请检查栏目是否存在`);
    if (Date.now() > until) throw new Error(`稿件 ${itemId} 的审核已启动，但 30 秒内未就绪：请检查流程服务是否在运行`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type Action =
  | { action: 'claim' | 'unclaim' }
  /** checklist 'all': every box of the item's own checklist ticked (the CLI's --checklist). */
  | { action: 'approve'; comment?: string; checklist?: SecrecyChecklist | 'all'; hash?: string }
  | { action: 'reject'; reason: string; to?: string }
  | { action: 'revise'; body: string; title?: string; attachments?: string[]; comment?: string }
  | { action: 'withdraw'; reason?: string }
  | { action: 'reassign' | 'delegate'; to: string; reason?: string }
  | { action: 'retract'; reason: string };

/**
 * Delegation stays within the stage's group (issue 13 finding 9): the workflow would accept anyone, so the
 * stage's reviewers could be bypassed by a supervisor's choice. Checked here for the CLI and by the web layer.
 */
export function refuseDelegation(s: ReviewState, toId: string, to: User | undefined): string | undefined {
  if (!to) return `没有用户 ${toId}`;
  if (!to.active) return `用户 ${toId} 已停用`;
  const group = currentStage(s).group;
  if (!to.groups.includes(group)) return `${toId} 不在本环节的分组 ${group} 中`;
  return undefined;
}

/** One reviewer's or author's act on an item, as `asUser`; resolves with the item's standing after it. */
export async function act(services: ReviewServices, itemId: string, asUser: string, a: Action): Promise<ActResult> {
  const actor = await resolveActor(services, asUser);
  const handle = services.temporal.workflow.getHandle(itemId);
  const run = async (): Promise<ActResult> => {
    switch (a.action) {
      case 'claim':
        return handle.executeUpdate(claimUpdate, { args: [{ actor }] });
      case 'unclaim':
        return handle.executeUpdate(unclaimUpdate, { args: [{ actor }] });
      case 'approve': {
        let checklist = a.checklist;
        if (checklist) {
          // A reply letter is checked with its own list, an item with the portal's (the workflow accepts either).
          const state = await handle.query(stateQuery);
          if (state) {
            if (checklist === 'all') checklist = fullChecklist(state.item.category);
            const mismatch = checklistMismatch(state.item.category, checklist);
            if (mismatch) return refuse('Invalid', mismatch);
          }
        }
        return handle.executeUpdate(approveUpdate, { args: [{ actor, comment: a.comment, checklist: checklist === 'all' ? undefined : checklist, hash: a.hash }] });
      }
      case 'reject':
        return handle.executeUpdate(rejectUpdate, { args: [{ actor, reason: a.reason, to: a.to }] });
      case 'revise':
        return handle.executeUpdate(reviseUpdate, { args: [{ actor, body: a.body, title: a.title, attachments: a.attachments, comment: a.comment }] });
      case 'withdraw':
        return handle.executeUpdate(withdrawUpdate, { args: [{ actor, reason: a.reason }] });
      case 'reassign':
      case 'delegate': {
        const to = await resolveActor(services, a.to);
        if (a.action === 'delegate') {
          const state = await handle.query(stateQuery);
          const reason = state ? refuseDelegation(state, a.to, await getUser(services.db, a.to)) : undefined;
          if (reason) return refuse('Refused', reason);
        }
        return handle.executeUpdate(a.action === 'reassign' ? reassignUpdate : delegateUpdate, { args: [{ actor, to, reason: a.reason }] });
      }
      case 'retract':
        return handle.executeUpdate(retractUpdate, { args: [{ actor, reason: a.reason }] });
    }
  };
  const refuse = async (kind: FailureKind, reason: string): Promise<never> => {
    await recordRefusal(services.db, { id: `refused-${randomUUID()}`, at: new Date().toISOString(), actor: asUser, itemId, action: a.action, reason, args: a });
    throw new Failure(kind, reason);
  };
  const row = await getReviewItem(services.db, itemId);
  if (!row) throw new Failure('NotFound', `没有稿件 ${itemId}`);
  const running = await handle.describe().then((d) => d.status.name === 'RUNNING', () => false);
  // Issue 16: a published item's review has completed; its 撤稿 runs in a workflow of its own.
  const retractEnded = a.action === 'retract' && !running;
  if (!running && !retractEnded) return refuse('Refused', `${itemId} 的审核已经结束（${itemStatusLabels[row.status as ReviewStatus] ?? '已结束'}）`);
  try {
    if (retractEnded) return await retractPublishedItem(services, itemId, actor, a.reason);
    return await run();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) throw new Failure('NotFound', `${itemId} 没有正在进行的审核`);
    // The workflow's refusal, logged in the audit trail (its validator wrote nothing).
    const refused = e instanceof WorkflowUpdateFailedError ? asFailure(e) : undefined;
    if (refused) return refuse(refused.kind, refused.message);
    throw e;
  }
}

/** Starts the item's `retractPublished` with the retraction as its first update, or joins the one running. */
async function retractPublishedItem(services: ReviewServices, itemId: string, actor: Actor, reason: string): Promise<ActResult> {
  const startWorkflowOperation = new WithStartWorkflowOperation('retractPublished', {
    workflowId: retractWorkflowId(itemId),
    taskQueue: services.config.TEMPORAL_TASK_QUEUE,
    args: [{ itemId } satisfies RetractPublishedInput],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return services.temporal.workflow.executeUpdateWithStart(retractUpdate, { args: [{ actor, reason }], startWorkflowOperation });
}

/** The user's open tasks across all items, soonest due first (from the register). */
export async function queue(services: Pick<Services, 'db'>, asUser: string): Promise<QueueEntry[]> {
  const u = await getUser(services.db, asUser);
  if (!u) throw new Failure('NotFound', `没有用户 ${asUser}`);
  return reviewQueue(services.db, u);
}

export interface ItemView {
  item: NonNullable<Awaited<ReturnType<typeof getReviewItem>>>;
  /** The workflow's state (versions, approvals, history); null when no worker answered. */
  state: ReviewState | null;
  audit: Awaited<ReturnType<typeof itemAudit>>;
}

export async function getItem(services: ReviewServices, itemId: string): Promise<ItemView> {
  const item = await getReviewItem(services.db, itemId);
  if (!item) throw new Failure('NotFound', `没有稿件 ${itemId}`);
  const state = await services.temporal.workflow.getHandle(itemId).query(stateQuery).catch(() => null);
  return { item, state, audit: await itemAudit(services.db, itemId) };
}
