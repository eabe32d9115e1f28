import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { scheduledNotice, cancelNoticeSignal } from '../../workflows/notify/scheduledNotice';
import { kindAttr, categoryAttr } from '../../workflows/searchAttributes';
import type { Register } from '../../register/db';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
});
afterAll(async () => Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]));

async function listIds(query: string, expected: number): Promise<string[]> {
  // Visibility lags behind writes on the dev server: poll until the expected count shows.
  for (let i = 0; i < 100; i++) {
    const ids: string[] = [];
    for await (const wf of env.client.workflow.list({ query })) ids.push(wf.workflowId);
    if (ids.length >= expected) return ids.sort();
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`list "${query}" never reached ${expected}`);
}

test('workflows are listed by a custom search attribute on the dev server', async () => {
  const taskQueue = uniqueQueue('list');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp));
  await worker.runUntil(async () => {
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const start = (id: string, category: string) =>
      env.client.workflow.start(scheduledNotice, {
        taskQueue,
        workflowId: `${taskQueue}-${id}`,
        args: [{ sendAt, to: ['a@test.local'], subject: 's', text: 't' }],
        typedSearchAttributes: [
          { key: kindAttr, value: 'notice' },
          { key: categoryAttr, value: category },
        ],
      });
    const handles = await Promise.all([start('a', '通知公告'), start('b', '工作动态'), start('c', '通知公告')]);
    const ids = await listIds(`GongkaiCategory = "通知公告" AND TaskQueue = "${taskQueue}"`, 2);
    expect(ids).toEqual([`${taskQueue}-a`, `${taskQueue}-c`]);
    const desc = await handles[1].describe();
    expect(desc.typedSearchAttributes.get(categoryAttr)).toBe('工作动态');
    await Promise.all(handles.map((h) => h.signal(cancelNoticeSignal)));
    expect(await Promise.all(handles.map((h) => h.result()))).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});
