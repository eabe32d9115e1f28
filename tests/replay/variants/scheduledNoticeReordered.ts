// A deliberately non-deterministic edit of workflows/notify/scheduledNotice.ts, for the replay suite:
// the email goes out before the timer, which no recorded history of the real workflow can replay.
import { condition, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import type { ScheduledNoticeInput } from '../../../workflows/notify/scheduledNotice';

const { sendEmail } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

export async function scheduledNotice(input: ScheduledNoticeInput): Promise<'sent' | 'cancelled'> {
  await sendEmail({ to: input.to, subject: input.subject, text: input.text });
  await condition(() => false, Math.max(0, Date.parse(input.sendAt) - Date.now()));
  return 'sent';
}
