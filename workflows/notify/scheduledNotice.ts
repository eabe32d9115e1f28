import { defineQuery, defineSignal, proxyActivities, setHandler, condition } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { mailOptions } from '../activityOptions';

export interface ScheduledNoticeInput {
  /** When to send, as an ISO instant. */
  sendAt: string;
  to: string[];
  subject: string;
  text: string;
}

/** Cancels a notice that has not gone out yet (sent by whoever scheduled it; nobody waits). */
export const cancelNoticeSignal = defineSignal('cancel');
/** Whether the notice is waiting, sent or cancelled. */
export const noticeStatusQuery = defineQuery<'waiting' | 'sent' | 'cancelled'>('status');

const { sendEmail } = proxyActivities<Activities>(mailOptions);

/**
 * A notice that goes out by email at a given time unless cancelled first (催办 for a date, a calendar
 * reminder): a durable timer, not a cron sweep.
 */
export async function scheduledNotice(input: ScheduledNoticeInput): Promise<'sent' | 'cancelled'> {
  let status: 'waiting' | 'sent' | 'cancelled' = 'waiting';
  setHandler(noticeStatusQuery, () => status);
  setHandler(cancelNoticeSignal, () => {
    if (status === 'waiting') status = 'cancelled';
  });
  const waitMs = Math.max(0, Date.parse(input.sendAt) - Date.now());
  const cancelled = await condition(() => status === 'cancelled', waitMs);
  if (cancelled) return 'cancelled';
  await sendEmail({ to: input.to, subject: input.subject, text: input.text });
  status = 'sent';
  return 'sent';
}
