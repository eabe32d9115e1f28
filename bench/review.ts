/**
 * `npx tsx bench/review.ts [N]` (default 20): drives N items through the three stages of reviewItem (submit,
 * three approvals by three people, publication to the static portal, emails to an in-process SMTP server,
 * SQLite register) on a local dev server, N at a time; then N runs of a minimal workflow that takes the same three
 * updates and does one activity per update (issue 16's floor) on the same server and worker. Prints items per
 * second, history events per item and the ratio review/minimal, each beside its goal. `EVENTS=1` also lists the first
 * item's history, one event a line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { approveUpdate } from '../workflows/review/definitions';
import { getReviewItem } from '../register/review';
import { freshRegister } from '../testing/register';
import { SmtpCapture } from '../testing/smtp';
import { testActivities } from '../testing/deps';
import { devServerEnv, uniqueQueue } from '../testing/temporal';
import { actorOf, checklist, demoItem, importDemoOrg } from '../testing/review-helpers';

const EventType = temporal.api.enums.v1.EventType;

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20);
  const [env, db, smtp] = await Promise.all([devServerEnv(), freshRegister(), new SmtpCapture().start()]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-review-'));
  try {
    await importDemoOrg(db);
    const [liNa, wangFang, zhaoLei] = await Promise.all(['li.na', 'wang.fang', 'zhao.lei'].map((id) => actorOf(db, id)));
    const taskQueue = uniqueQueue('bench-review');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./review-workflows'),
      activities: { ...testActivities(db, smtp, { DATA_DIR: dataDir }), benchNoop: async (i: number) => i },
    });
    const result = await worker.runUntil(async () => {
      const t0 = performance.now();
      const ids = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const h = await env.client.workflow.start('reviewItem', {
            taskQueue, workflowId: `item-bench-${taskQueue}-${i}`, args: [{ item: demoItem({ title: `基准测试 ${i}` }), retractable: false }],
          });
          // Set up once its submission is in the register, as the review service (submitItem) waits for it.
          while (!(await getReviewItem(db, h.workflowId))) await new Promise((r) => setTimeout(r, 20));
          await h.executeUpdate(approveUpdate, { args: [{ actor: liNa }] });
          await h.executeUpdate(approveUpdate, { args: [{ actor: wangFang, checklist }] });
          await h.executeUpdate(approveUpdate, { args: [{ actor: zhaoLei }] });
          await h.result();
          return h.workflowId;
        }),
      );
      const reviewSeconds = (performance.now() - t0) / 1000;
      const histories = await Promise.all(ids.map((id) => env.client.workflow.getHandle(id).fetchHistory()));
      const events = histories.map((h) => h.events?.length ?? 0);
      const count = (type: number) => histories[0].events!.filter((e) => e.eventType === type).length;
      const activities = count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      const localActivities = count(EventType.EVENT_TYPE_MARKER_RECORDED);
      if (process.env.EVENTS === '1') {
        // EVENTS=1: the first item's history, one event a line (where the events go).
        for (const e of histories[0].events ?? []) {
          const a = e.activityTaskScheduledEventAttributes?.activityType?.name ?? e.markerRecordedEventAttributes?.markerName ?? '';
          console.log(`  ${String(e.eventId).padStart(3)} ${EventType[e.eventType ?? 0].replace('EVENT_TYPE_', '')} ${a}`);
        }
      }

      // Issue 16's floor: the same three updates, one activity each.
      const t1 = performance.now();
      await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const h = await env.client.workflow.start('benchMinimalUpdates', { taskQueue, workflowId: `bench-min-${taskQueue}-${i}` });
          for (const actor of [liNa, wangFang, zhaoLei]) await h.executeUpdate(approveUpdate, { args: [{ actor }] });
          await h.result();
        }),
      );
      const minimalSeconds = (performance.now() - t1) / 1000;
      const minHistory = await env.client.workflow.getHandle(`bench-min-${taskQueue}-0`).fetchHistory();
      return { reviewSeconds, events, activities, localActivities, minimalSeconds, minimalEvents: minHistory.events?.length ?? 0 };
    });
    const perSec = n / result.reviewSeconds;
    const minPerSec = n / result.minimalSeconds;
    const mean = result.events.reduce((a, b) => a + b, 0) / result.events.length;
    console.log(`reviewItem: ${n} items through 3 stages + publication in ${result.reviewSeconds.toFixed(2)} s = ${perSec.toFixed(2)} items/s`);
    console.log(`  history per item: ${mean.toFixed(0)} events (goal ≤ 60; min ${Math.min(...result.events)}, max ${Math.max(...result.events)}), ${result.activities} activities + ${result.localActivities} markers (local activities, patches)`);
    console.log(`benchMinimalUpdates (3 updates, 1 activity each): ${n} runs in ${result.minimalSeconds.toFixed(2)} s = ${minPerSec.toFixed(2)} runs/s, ${result.minimalEvents} events`);
    console.log(`ratio review/minimal: ${(perSec / minPerSec).toFixed(2)} (goal ≥ 0.77)`);
    console.log(`emails sent: ${smtp.messages.length}`);
  } finally {
    await Promise.all([env.teardown(), db.destroy(), smtp.stop()]);
  }
}

void main();
