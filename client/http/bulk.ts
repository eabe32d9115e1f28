import { current, currentStage, refuseApprove, type ReviewState } from '../../domain/review/state';
import type { User } from '../../domain/org';
import { auditWeb } from '../../register/web';
import { HttpError } from './auth';
import { actorOf, type Ctx } from './ctx';

/** At most this many items in one bulk approval. */
export const BULK_MAX = 50;

/**
 * 批量审核通过: every selected item must be at the same stage, one the user may approve now, without the
 * 保密审查 checklist; otherwise nothing is approved and each refusal is logged on its item (422).
 */
export async function bulkApprove(ctx: Ctx, user: User, ids: readonly string[]): Promise<void> {
  const { db } = ctx.services;
  const a = actorOf(user);
  const states = await Promise.all(ids.map(async (id) => ({ id, s: await ctx.backend.itemState(id) })));
  const stageOf = (s: ReviewState) => `${s.item.category}|${currentStage(s).key}`;
  const first = states.find((x) => x.s?.status === 'review')?.s;
  const refusals = states.flatMap(({ id, s }) => {
    if (!s) return [{ id, reason: 'no such item in review' }];
    const r = refuseApprove(s, a, { hash: current(s).hash })
      ?? (currentStage(s).secrecyChecklist ? `stage ${currentStage(s).name} requires the 保密审查 checklist: approve it on its own page` : undefined)
      ?? (first && stageOf(s) !== stageOf(first) ? `not at the same stage as the others (${currentStage(s).name})` : undefined);
    return r ? [{ id, reason: r }] : [];
  });
  if (refusals.length > 0) {
    for (const r of refusals) {
      await auditWeb(db, { at: ctx.now(), actor: user.id, subjectKind: 'item', subjectId: r.id, action: 'item.bulkApprove', outcome: 'refused', detail: r.reason });
    }
    throw new HttpError(422, 'bulk_refused', `未批量审核，以下事项不符合条件：${refusals.map((r) => `${r.id}（${r.reason}）`).join('；')}`);
  }
  for (const { id, s } of states) {
    await ctx.backend.reviewAct(id, user.id, { action: 'approve', hash: current(s!).hash, comment: '批量审核通过' });
  }
}
