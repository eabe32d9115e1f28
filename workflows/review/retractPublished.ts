import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import { parseInChinese } from '../../domain/issues';
import type { PublishedItem } from '../../activities/review';
import { retractArgs } from '../../domain/review/input';
import { refusePublishedRetract } from '../../domain/review/state';
import { mailOptions, registerOptions } from '../activityOptions';
import { INVALID, REFUSED, retractUpdate, type ActResult, type RetractPublishedInput } from './definitions';

const { loadPublishedItem, recordReview } = proxyActivities<Activities>(registerOptions);
const { notifyReview } = proxyActivities<Activities>(mailOptions);
// As reviewItem's: the portal may be down for hours.
const { retractItem } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export type RetractPublishedResult = { outcome: 'retracted'; version: number; hash: string; reason: string; by: string } | { outcome: 'notRetracted'; reason: string };

function refuse(message: string | undefined): void {
  if (message) throw ApplicationFailure.create({ type: REFUSED, message, nonRetryable: true });
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = parseInChinese(schema, value);
  if (!r.ok) throw ApplicationFailure.create({ type: INVALID, message: r.error, nonRetryable: true });
  return r.data;
}

/**
 * 撤稿 of an item whose review has completed at publication (issue 16: a published item keeps no workflow open).
 * The same rule (a supervisor; the item published), the same steps (the page taken down before the update
 * returns, the audit row, the author told) as `reviewItem`'s own `retract`. It ends once its update has.
 */
export async function retractPublished(input: RetractPublishedInput): Promise<RetractPublishedResult> {
  // Set once the load activity returns; the update handler, registered before it, waits for it.
  const loaded: { item?: PublishedItem } = {};
  let busy = false;
  let done: { reason: string; by: string } | undefined;
  const status = () => (done ? 'retracted' : loaded.item!.online ? 'published' : loaded.item!.status);
  const result = (s: string): ActResult => ({ status: s as ActResult['status'], stage: null, holder: null, version: loaded.item!.snapshot.version.n, hash: loaded.item!.snapshot.version.hash, due: null });

  setHandler(
    retractUpdate,
    async (raw) => {
      const a = parse(retractArgs, raw);
      await condition(() => loaded.item !== undefined && !busy);
      refuse(refusePublishedRetract(status(), a.actor));
      busy = true;
      try {
        const at = new Date().toISOString();
        // 撤稿 returns only once the page is down: the update is the supervisor's confirmation.
        await retractItem({ itemId: input.itemId, column: loaded.item!.snapshot.column, reason: a.reason, at });
        const after = result('retracted');
        await recordReview({
          auditId: `${input.itemId}/retract`, at, actor: a.actor.id, action: 'retract', detail: a.reason, before: result('published'), after,
          item: { ...loaded.item!.snapshot, status: 'retracted' },
        });
        done = { reason: a.reason, by: a.actor.id };
        return after;
      } finally {
        busy = false;
      }
    },
    {
      validator: (raw) => {
        const a = parse(retractArgs, raw);
        if (loaded.item && !busy) refuse(refusePublishedRetract(status(), a.actor));
      },
    },
  );

  const item = (loaded.item = await loadPublishedItem({ itemId: input.itemId }));
  await condition(allHandlersFinished);
  if (!done) return { outcome: 'notRetracted', reason: `the item is ${item.status}${item.online ? '' : ', not online'}` };
  const s = item.snapshot;
  const link = `${item.consoleUrl.replace(/\/$/, '')}/items/${input.itemId}`;
  await notifyReview({ template: 'review-retracted', to: { users: [s.author] }, vars: { title: s.version.title, category: s.category, link, author: s.author, by: done.by, reason: done.reason } });
  return { outcome: 'retracted', version: s.version.n, hash: s.version.hash, ...done };
}
