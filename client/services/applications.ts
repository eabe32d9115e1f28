import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { intakeSchema, maskApplicant, receiptDate, type IntakeInput } from '../../domain/application';
import { shanghaiDate } from '../../domain/calendar';
import { applicationEvents, getApplication, insertApplication, listApplications, type ApplicationRow } from '../../register/applications';
import { getUser } from '../../register/org';
import * as d from '../../workflows/application/definitions';
import type { Services } from '../context';

/** Input the service refuses: the message names the field and the rule; nothing was written. */
export class ApplicationInputError extends Error {
  readonly type = 'InvalidInput';
}

/**
 * Registers an application (the register row with its number, then the `handleApplication` execution).
 * A repeated portal `externalRef` returns the same application; a receipt date in the future is refused.
 */
export async function registerApplication(services: Services, input: IntakeInput, actor: string): Promise<{ id: string; received: string; created: boolean }> {
  const parsed = intakeSchema.safeParse(input);
  if (!parsed.success) throw new ApplicationInputError(z.prettifyError(parsed.error));
  const received = receiptDate(parsed.data);
  const today = shanghaiDate(Date.now());
  if (received > today) throw new ApplicationInputError(`条例第三十一条: the receipt date ${received} is after today ${today}`);
  const { row, created } = await insertApplication(services.db, { intake: parsed.data, agencyCode: services.config.AGENCY_CODE, actor, now: new Date().toISOString() });
  try {
    await services.temporal.workflow.start('handleApplication', {
      taskQueue: services.config.TEMPORAL_TASK_QUEUE,
      workflowId: row.workflow_id,
      args: [{ id: row.id, registeredBy: actor } satisfies d.HandleApplicationInput],
    });
  } catch (e) {
    // Started already by an earlier try of the same registration: the ID is the business key.
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
  return { id: row.id, received: row.received_date, created };
}

export function applicationHandle(services: Services, id: string) {
  return services.temporal.workflow.getHandle(`application-${id}`);
}

/** The register row, masked unless the viewer is in the disclosure office; with the workflow state when running. */
export async function showApplication(services: Services, id: string, viewer: string) {
  const row = await getApplication(services.db, id);
  if (!row) return undefined;
  const user = await getUser(services.db, viewer);
  const unmasked = user?.groups.includes('disclosure-office') ?? false;
  const applicant = {
    name: row.applicant_name,
    idNumber: row.applicant_id_number,
    address: row.applicant_address,
    phone: row.applicant_phone,
    email: row.applicant_email,
  };
  let state: d.ApplicationState | null = null;
  try {
    state = await applicationHandle(services, id).query(d.stateQuery);
  } catch {
    state = null; // closed long ago and out of retention: the register still answers
  }
  return {
    row: summary(row),
    applicant: unmasked ? applicant : maskApplicant(applicant),
    state,
    events: await applicationEvents(services.db, id),
  };
}

export function summary(row: ApplicationRow) {
  return {
    id: row.id,
    channel: row.channel,
    received: row.received_date,
    status: row.status,
    stage: row.stage,
    handler: row.handler,
    due: row.due_date,
    outcome: row.outcome,
    closed: row.closed_date,
    possibleDuplicates: JSON.parse(row.possible_duplicates) as string[],
  };
}

export async function listOpen(services: Services, filter: { status?: string; dueBefore?: string; handler?: string }) {
  return (await listApplications(services.db, filter)).map(summary);
}
