/**
 * Why `tests/workflows/application.test.ts` stalled (issue "green suite"): the time-skipping test server locks
 * time while an activity runs and unlocks it only when the activity's result arrives. A workflow cancelled while
 * its activity runs ends at once (the activity is only asked to cancel), the worker's result is then refused
 * ("Activity not found on completion ... Completed workflow"), and the lock is never released: every later
 * `env.sleep` of the file runs in real time, so a day-long skip never returns.
 *
 * Here an activity is held open while the workflow is ended through `endWhenSettled`, which waits for the
 * activity first. Ended with a plain `cancel()` instead, the 30-day skip below never returns and the test
 * fails on its timeout: that is the stall, reproduced.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Register } from '../../register/db';
import { reviewItem } from '../../workflows/review/reviewItem';
import { stateQuery } from '../../workflows/review/definitions';
import { testActivities } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { endWhenSettled, testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';
import { demoItem, importDemoOrg } from '../../testing/review-helpers';

jest.setTimeout(60_000);

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-lock-'));
const DAY_MS = 86_400_000;

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  await importDemoOrg(db);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

test('a workflow ended while its activity runs leaves time skipping usable when ended through endWhenSettled', async () => {
  const activities = testActivities(db, smtp, { DATA_DIR: dataDir });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inFlight = new Promise<void>((r) => (entered = r));
  const taskQueue = uniqueQueue('lock');
  const worker = await testWorker(env, taskQueue, {
    ...activities,
    // The first review-task email is held open until the test lets it go.
    async notifyReview(input: Parameters<typeof activities.notifyReview>[0]) {
      entered();
      await held;
      return activities.notifyReview(input);
    },
  });
  // Let go of the activity however the test ends, or the worker's shutdown would wait for it.
  await worker.runUntil(scenario().finally(() => release()));

  async function scenario() {
    const h = await env.client.workflow.start(reviewItem, { taskQueue, workflowId: `item-${taskQueue}`, args: [{ item: demoItem() as never }] });
    await inFlight;
    expect((await h.describe()).raw.pendingActivities).toHaveLength(1);
    const ending = endWhenSettled(h, 'cancel');
    // The end waits for the activity: the workflow is still running while it is held.
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.describe()).status.name).toBe('RUNNING');
    release();
    await ending;
    await expect(h.result()).rejects.toThrow();
    expect((await h.describe()).status.name).toBe('CANCELLED');
    expect(await h.query(stateQuery)).not.toBeNull();

    // Time skipping still works: 30 days pass at once.
    const before = await env.currentTimeMs();
    await env.sleep(30 * DAY_MS);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * DAY_MS);
  }
});
