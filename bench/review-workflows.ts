// Bundled by bench/review.ts only: the real reviewItem beside a minimal workflow with the same activity count.
import { proxyActivities } from '@temporalio/workflow';

export { reviewItem } from '../workflows/review/reviewItem';

const { benchNoop } = proxyActivities<{ benchNoop(i: number): Promise<number> }>({ startToCloseTimeout: '30 seconds' });

/** The floor: n activities in sequence, nothing else. */
export async function benchMinimal(n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await benchNoop(i);
  return sum;
}
