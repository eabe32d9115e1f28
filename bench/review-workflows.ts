// Bundled by bench/review.ts only: the real reviewItem beside the floors it is measured against.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export { reviewItem } from '../workflows/review/reviewItem';

const { benchNoop } = proxyActivities<{ benchNoop(i: number): Promise<number> }>({ startToCloseTimeout: '30 seconds' });

/** The floor: n activities in sequence, nothing else. */
export async function benchMinimal(n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await benchNoop(i);
  return sum;
}

/** The same name as reviewItem's update, so the benchmark drives both alike. */
const approve = defineUpdate<number, [unknown]>('approve');

/** Issue 16's floor: takes the same three updates as a review, one activity per update, then ends. */
export async function benchMinimalUpdates(): Promise<number> {
  let done = 0;
  setHandler(approve, async () => {
    const r = await benchNoop(done);
    done++;
    return r;
  });
  await condition(() => done === 3);
  return done;
}
