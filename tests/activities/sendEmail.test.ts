import * as path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailActivities, stableMessageId } from '../../activities/mail/sendEmail';
import { smtpMailer } from '../../activities/mail/transport';
import type { Register } from '../../register/db';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';

const templates = path.join(__dirname, '../fixtures/templates');
let db: Register;
const smtp = new SmtpCapture();
beforeAll(async () => {
  [db] = await Promise.all([freshRegister(), smtp.start()]);
});
afterAll(async () => Promise.all([db?.destroy(), smtp.stop()]));

type Sent = { messageId: string; alreadySent: boolean };

function activityEnv(workflowId: string, activityId: string) {
  const env = new MockActivityEnvironment({
    activityId,
    workflowType: 'reviewItem',
    workflowExecution: { workflowId, runId: 'run-1' },
  });
  return { run: <A extends unknown[]>(fn: (...a: A) => Promise<Sent>, ...args: A): Promise<Sent> => env.run(fn, ...args) as Promise<Sent> };
}

test('a templated message goes through a real SMTP conversation and reads back as sent', async () => {
  const { sendEmail } = createMailActivities({ db, mailer: smtpMailer(smtp.url), from: '公开办 <gongkai@test.local>', templateDir: templates });
  const res = await activityEnv('item-42', '3').run(sendEmail, {
    to: ['li.na@test.local'],
    template: 'test-notice',
    vars: { title: '关于2026年春节放假的通知', due: '2026-02-10' },
  });
  const [mail] = await smtp.waitFor(1);
  expect(mail.envelopeTo).toEqual(['li.na@test.local']);
  expect(mail.parsed.subject).toBe('待审核：关于2026年春节放假的通知');
  expect(mail.parsed.text).toContain('请于 2026-02-10 前完成审核');
  expect(mail.parsed.from?.value[0]).toEqual({ address: 'gongkai@test.local', name: '公开办' });
  expect(mail.parsed.messageId).toBe(stableMessageId('item-42', 'run-1', '3'));
  expect(res).toEqual({ messageId: mail.parsed.messageId, alreadySent: false });
});

test('a retried activity does not send twice; an SMTP outage fails the attempt so Temporal retries it', async () => {
  const { sendEmail } = createMailActivities({ db, mailer: smtpMailer(smtp.url), from: 'gongkai@test.local' });
  const before = smtp.messages.length;
  smtp.refuse(true);
  const input = { to: ['a@test.local'], subject: '提醒', text: '正文' };
  await expect(activityEnv('item-7', '5').run(sendEmail, input)).rejects.toThrow(/451|temporarily/);
  smtp.refuse(false);
  const first = await activityEnv('item-7', '5').run(sendEmail, input);
  const second = await activityEnv('item-7', '5').run(sendEmail, input);
  expect(first.alreadySent).toBe(false);
  expect(second).toEqual({ messageId: first.messageId, alreadySent: true });
  expect(smtp.messages.length - before).toBe(1);
  const log = await db.selectFrom('sent_emails').selectAll().where('workflow_id', '=', 'item-7').execute();
  expect(log).toHaveLength(1);
});

test('a malformed message is a non-retryable failure naming the field', async () => {
  const { sendEmail } = createMailActivities({ db, mailer: smtpMailer(smtp.url), from: 'gongkai@test.local' });
  const err = (await activityEnv('item-8', '1').run(sendEmail, { to: ['not-an-address'], subject: 's', text: 't' }).catch((e: unknown) => e)) as { type: string; nonRetryable: boolean; message: string };
  expect(err.type).toBe('InvalidEmail');
  expect(err.nonRetryable).toBe(true);
  expect(err.message).toContain('to');
});
