import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { isUniqueViolation, type Register } from '../../register/db';
import { renderTemplate } from './templates';
import type { Mailer } from './transport';

export const sendEmailInput = z
  .object({
    to: z.array(z.email()).min(1),
    cc: z.array(z.email()).optional(),
    template: z.string().optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    subject: z.string().min(1).optional(),
    text: z.string().optional(),
  })
  .refine((m) => m.template || (m.subject && m.text !== undefined), { message: 'either template or subject and text' });
export type SendEmailInput = z.infer<typeof sendEmailInput>;

export interface MailDeps {
  db: Register;
  mailer: Mailer;
  from: string;
  templateDir?: string;
}

/**
 * Exactly once, also when the register fails between the SMTP hand-over and the sent-log write: the
 * hand-over is recorded first as a heartbeat, which Temporal keeps with the failed attempt, so the retry
 * writes the log without sending again. (Only a worker crash in the instant between the two can repeat a
 * message, and then with the same Message-ID, which mail clients and relays deduplicate.)
 *
 * The Message-ID comes from the workflow, run and activity IDs, which a retry keeps: a retried send carries the
 * same ID, and the sent-log makes a retry after a successful send a no-op. (The run ID is in it because a
 * continued-as-new run numbers its activities from 1 again.)
 */
export function stableMessageId(workflowId: string, runId: string, activityId: string): string {
  const clean = (s: string) => s.replace(/[^\w.-]/g, '_');
  return `<${clean(workflowId)}.${clean(runId)}.${clean(activityId)}@gongkai>`;
}

export function createMailActivities(deps: MailDeps) {
  return {
    /** Sends one email exactly once per workflow step; returns its Message-ID. Retries on SMTP failures. */
    async sendEmail(input: SendEmailInput): Promise<{ messageId: string; alreadySent: boolean }> {
      const parsed = sendEmailInput.safeParse(input);
      if (!parsed.success) {
        throw ApplicationFailure.nonRetryable(z.prettifyError(parsed.error), 'InvalidEmail');
      }
      const msg = parsed.data;
      const ctx = Context.current();
      const { workflowExecution, activityId, workflowType, heartbeatDetails } = ctx.info;
      if (!workflowExecution) throw ApplicationFailure.nonRetryable('sendEmail runs only inside a workflow', 'NoWorkflow');
      const messageId = stableMessageId(workflowExecution.workflowId, workflowExecution.runId, activityId);
      const seen = await deps.db.selectFrom('sent_emails').select('message_id').where('message_id', '=', messageId).executeTakeFirst();
      if (seen) return { messageId, alreadySent: true };

      const body = msg.template ? renderTemplate(msg.template, msg.vars ?? {}, deps.templateDir) : { subject: msg.subject!, text: msg.text! };
      const handedOver = (heartbeatDetails as { delivered?: boolean } | undefined)?.delivered === true;
      if (!handedOver) await deps.mailer.send({
        from: deps.from,
        to: msg.to,
        cc: msg.cc,
        subject: body.subject,
        text: body.text,
        messageId,
        headers: { 'X-Gongkai-Workflow': `${workflowType}/${workflowExecution.workflowId}` },
      });
      ctx.heartbeat({ delivered: true });
      try {
        await deps.db
          .insertInto('sent_emails')
          .values({
            message_id: messageId,
            workflow_id: workflowExecution.workflowId,
            activity_id: activityId,
            recipients: msg.to.join(', '),
            subject: body.subject,
            template: msg.template ?? null,
            sent_at: new Date().toISOString(),
          })
          .execute();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      return { messageId, alreadySent: handedOver };
    },
  };
}
