import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { scheduledNotice, noticeStatusQuery, cancelNoticeSignal } from '../../workflows/notify/scheduledNotice';
import type { Register } from '../../register/db';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';
import { keepHistory } from '../helpers/histories';

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

test('a 30-day timer completes in seconds on the time-skipping server, then the email goes out once', async () => {
  const taskQueue = uniqueQueue('notice');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp));
  const startedAt = Date.now();
  const serverStart = await env.currentTimeMs();
  const sendAt = new Date(serverStart + 30 * 24 * 3600 * 1000).toISOString();
  const handle = await env.client.workflow.start(scheduledNotice, {
    taskQueue,
    workflowId: `notice-${taskQueue}`,
    args: [{ sendAt, to: ['office@test.local'], subject: '年度报告提醒', text: '请于1月31日前发布年度报告。' }],
  });
  const result = await worker.runUntil(handle.result());
  await keepHistory(handle, 'scheduledNotice.sent');
  expect(result).toBe('sent');
  expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(serverStart + 30 * 24 * 3600 * 1000);
  expect(Date.now() - startedAt).toBeLessThan(60_000); // 30 days of server time, not of ours
  const [mail] = await smtp.waitFor(1);
  expect(mail.parsed.subject).toBe('年度报告提醒');
  expect(mail.envelopeTo).toEqual(['office@test.local']);
  const logged = await db.selectFrom('sent_emails').selectAll().where('workflow_id', '=', `notice-${taskQueue}`).execute();
  expect(logged).toHaveLength(1);
  expect(logged[0].message_id).toBe(mail.parsed.messageId);
});

test('a cancelled notice sends nothing', async () => {
  const taskQueue = uniqueQueue('notice');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp));
  const before = smtp.messages.length;
  await worker.runUntil(async () => {
    const sendAt = new Date((await env.currentTimeMs()) + 10 * 24 * 3600 * 1000).toISOString();
    const handle = await env.client.workflow.start(scheduledNotice, {
      taskQueue,
      workflowId: `notice-${taskQueue}`,
      args: [{ sendAt, to: ['office@test.local'], subject: 'x', text: 'y' }],
    });
    expect(await handle.query(noticeStatusQuery)).toBe('waiting');
    await handle.signal(cancelNoticeSignal);
    expect(await handle.result()).toBe('cancelled');
    await keepHistory(handle, 'scheduledNotice.cancelled');
  });
  expect(smtp.messages.length).toBe(before);
});
