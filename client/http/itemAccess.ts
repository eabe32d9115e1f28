import type { FastifyRequest } from 'fastify';
import type { User } from '../../domain/org';
import type { ReviewState } from '../../domain/review/state';
import type { Register } from '../../register/db';
import { getReviewItem, itemReviewers } from '../../register/review';
import { auditWeb } from '../../register/web';
import { refuseDelegation } from '../services/review';
import { getUser } from '../../register/org';
import { HttpError, requireUser } from './auth';

/**
 * Item ids as the review service makes them, and reply letters under review (`application-{id}-letter-{n}`, the
 * child reviewItem of an application), and the annual report's review (`report-{agency}-{year}-review-{n}`, the child
 * reviewItem of assembleAnnualReport); anything else (an application's own workflow id …) is not an item.
 */
export const ITEM_ID = /^(item-[\w-]{1,80}|application-[\w-]{1,60}-(?:letter|notice-[\w-]{1,40})-\d{1,4}|report-[A-Za-z0-9]{2,16}-\d{4}-review-\d{1,4})$/;

/**
 * Who may read an item (its drafts, approvals, history): its author; the members of its review stages' groups
 * and anyone who held or was delegated one of its tasks; supervisors and admins. Not every colleague: a draft
 * is internal until published (条例 第十七条 保密审查 happens before).
 */
export async function mayReadItem(db: Register, user: User, id: string, row: { author: string } | undefined, state: ReviewState | null): Promise<boolean> {
  if (user.roles.includes('supervisor') || user.roles.includes('admin')) return true;
  if ((row?.author ?? state?.item.author) === user.id) return true;
  const { groups, holders } = await itemReviewers(db, id);
  const stageGroups = new Set([...groups, ...(state?.policy.stages.map((s) => s.group) ?? [])]);
  if (user.groups.some((g) => stageGroups.has(g))) return true;
  return holders.includes(user.id) || state?.holder === user.id || state?.delegate === user.id || !!state?.approvals.some((a) => a.by === user.id);
}

/**
 * The item's register row and workflow state for a reader allowed by `mayReadItem`; 404 when there is no such
 * item (an id of another kind never reaches the workflow), 403 logged otherwise.
 */
export async function readItem(
  req: FastifyRequest,
  db: Register,
  now: () => Date,
  id: string,
  itemState: (id: string) => Promise<ReviewState | null>,
): Promise<{ user: User; row: Awaited<ReturnType<typeof getReviewItem>>; state: ReviewState | null }> {
  const user = requireUser(req);
  if (!ITEM_ID.test(id)) throw new HttpError(404, 'not_found', `没有这条信息：${id.slice(0, 80)}`);
  const [row, state] = await Promise.all([getReviewItem(db, id), itemState(id)]);
  if (!row && !state) throw new HttpError(404, 'not_found', `没有这条信息：${id}`);
  if (!(await mayReadItem(db, user, id, row, state))) {
    await auditWeb(db, { at: now(), actor: user.id, subjectKind: 'item', subjectId: id, action: 'item.read', outcome: 'refused', detail: 'not the author, not in a stage group, not a supervisor' });
    throw new HttpError(403, 'forbidden', '无权查看这条信息：仅拟稿人、审核环节分组成员和督办人员可查看');
  }
  return { user, row, state };
}

/** A delegation the review service would refuse (outside the stage's group, unknown): 422 naming `to`, logged. */
export async function checkDelegation(db: Register, now: () => Date, user: User, id: string, to: string, state: ReviewState | null): Promise<void> {
  if (!state) return; // no state: the workflow itself answers (404)
  const reason = refuseDelegation(state, to, await getUser(db, to));
  if (!reason) return;
  await auditWeb(db, { at: now(), actor: user.id, subjectKind: 'item', subjectId: id, action: 'item.delegate', outcome: 'refused', detail: reason });
  throw new HttpError(422, 'refused', `受委派人：${reason}`, 'to');
}
