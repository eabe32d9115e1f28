import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { intakeSchema, maskApplicant, receiptDate, type IntakeInput } from '../../domain/application';
import { Calendar, civilDateSchema, shanghaiDate } from '../../domain/calendar';
import { ClockError, computeClock } from '../../domain/clock';
import { Failure } from '../../domain/failures';
import { loadCalendarData } from '../../register/calendar';
import { section4ColumnLabels, section4Groups } from '../../domain/report/template';
import { applicationEvents, concludeAppeal, getApplication, insertApplication, listApplications, recordAppeal, type ApplicationRow } from '../../register/applications';
import type { Register } from '../../register/db';
import { getUser } from '../../register/org';
import { auditWeb } from '../../register/web';
import * as d from '../../workflows/application/definitions';
import type { Services } from '../context';
import { zodText } from '../zodText';
import { ENGINE_UNAVAILABLE, workflowStateOrNull } from '../failures';

/**
 * Registers an application (the register row with its number, then the `handleApplication` execution).
 * A repeated portal `externalRef` with the same request returns the same application (a retry is idempotent);
 * with a different request it is refused; a receipt date in the future is refused.
 */
export async function registerApplication(services: Services, input: IntakeInput, actor: string): Promise<{ id: string; received: string; created: boolean }> {
  const parsed = intakeSchema.safeParse(input);
  if (!parsed.success) throw new Failure('Invalid', zodText(parsed.error));
  const received = receiptDate(parsed.data);
  const today = shanghaiDate(Date.now());
  if (received > today) throw new Failure('Rule', `submittedOn：收到申请之日（${received}）在今天（${today}）之后，不能登记（条例第三十一条）`);
  const { row, created, sameIntake } = await insertApplication(services.db, { intake: parsed.data, agencyCode: services.config.AGENCY_CODE, actor, now: new Date().toISOString() });
  if (!sameIntake) {
    // A reused portal reference with another request (finding 6): refused, nothing written.
    throw new Failure('Refused', `externalRef：编号 ${parsed.data.externalRef} 已用于申请 ${row.id}，本次内容与之不同；同一编号只能重复提交相同的申请，新申请请用新编号`, 'externalRef');
  }
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
  const { applicant } = await applicantForViewer(services.db, row, user?.active ? user : undefined, new Date());
  let state: d.ApplicationState | null = await workflowStateOrNull(
    () => applicationHandle(services, id).query(d.stateQuery),
    () => new Failure('NotReady', `${ENGINE_UNAVAILABLE}，请稍后再试`),
  );
  if (state) state = clockAsOf(state, new Calendar(await loadCalendarData(services.db)), shanghaiDate(Date.now()));
  return {
    row: summary(row),
    applicant,
    state,
    events: await applicationEvents(services.db, id),
  };
}

/**
 * The state with its clock as of `today`: an open case computes its clock only on the days it acts (it sleeps
 * in between, issue 16), so the days left and the state (running, due-soon...) are recomputed here from its events.
 * A case whose events the clock refuses keeps the clock it showed.
 */
export function clockAsOf(state: d.ApplicationState, calendar: Calendar, today: string): d.ApplicationState {
  if (state.stage === 'closed' || state.events.length === 0) return state;
  try {
    return { ...state, clock: computeClock(state.events, state.policy ?? { feePausesClock: true }, calendar, today) };
  } catch (e) {
    if (e instanceof ClockError) return state;
    throw e;
  }
}

/** Only the disclosure office sees applicants' identity numbers and contacts unmasked (issue 13 finding 1). */
export const seesPersonalData = (user: { groups: string[] }) => user.groups.includes(DISCLOSURE_OFFICE_GROUP);

/**
 * The applicant as `viewer` may see them: unmasked only for the disclosure office, and then the read is written to
 * the audit trail first (个人信息保护法 第五十一条: who saw whose identity and contacts, and when).
 */
export async function applicantForViewer(db: Register, row: ApplicationRow, viewer: { id: string; groups: string[] } | undefined, at: Date) {
  const applicant = { name: row.applicant_name, idNumber: row.applicant_id_number, address: row.applicant_address, phone: row.applicant_phone, email: row.applicant_email };
  if (!viewer || !seesPersonalData(viewer)) return { applicant: maskApplicant(applicant), unmasked: false };
  await auditWeb(db, { at, actor: viewer.id, subjectKind: 'application', subjectId: row.id, action: 'application.read.unmasked', outcome: 'done' });
  return { applicant, unmasked: true };
}

/**
 * A register row as anyone outside the disclosure office sees it: ID number, phone, address and email masked,
 * in the columns and wherever the same values appear in the stored intake (its JSON has them too).
 */
export function maskedRow(row: ApplicationRow): ApplicationRow {
  const a = maskApplicant({ name: row.applicant_name, idNumber: row.applicant_id_number, address: row.applicant_address, phone: row.applicant_phone, email: row.applicant_email });
  const replace = new Map<string, string>();
  if (row.applicant_id_number) replace.set(row.applicant_id_number, a.idNumber);
  if (row.applicant_address) replace.set(row.applicant_address, a.address!);
  if (row.applicant_phone) replace.set(row.applicant_phone, a.phone!);
  if (row.applicant_email) replace.set(row.applicant_email, a.email!);
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? (replace.get(v) ?? v) : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  let intake: string;
  try {
    intake = JSON.stringify(walk(JSON.parse(row.intake)));
  } catch {
    intake = '{}'; // not JSON: shown as nothing rather than unmasked
  }
  return { ...row, applicant_id_number: a.idNumber, applicant_address: a.address, applicant_phone: a.phone, applicant_email: a.email, intake };
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

// ---- appeals (行政复议 / 行政诉讼 against a closed application: report section 四) ----

const appealFiling = z.object({
  applicationId: z.string().min(1),
  kind: z.enum(section4Groups),
  filedDate: civilDateSchema,
  note: z.string().max(2000).optional(),
});
const appealResult = z.object({ date: civilDateSchema, result: z.enum(['upheld', 'corrected', 'otherResult']) });

/** The disclosure office's group (as in activities/application): its members record appeals. */
const DISCLOSURE_OFFICE_GROUP = 'disclosure-office';

async function mustBeOffice(db: Register, actor: string): Promise<void> {
  const user = await getUser(db, actor);
  if (!user?.active || !user.groups.includes(DISCLOSURE_OFFICE_GROUP)) {
    throw new Failure('Forbidden', `${actor} 不是政务公开办公室的成员：只有该办公室的人员可以登记行政复议、行政诉讼及其结果`);
  }
}

/** The actor may not do this (role or group); nothing was written. */
/**
 * Records a 行政复议 or 行政诉讼 (direct, or after reconsideration) against a closed application, filed on
 * `filedDate` (not before the case closed, not in the future). By a member of the disclosure office; returns its ID.
 */
export async function fileAppeal(services: Pick<Services, 'db'>, input: z.input<typeof appealFiling>, actor: string, today = shanghaiDate(Date.now())): Promise<string> {
  const parsed = appealFiling.safeParse(input);
  if (!parsed.success) throw new Failure('Invalid', zodText(parsed.error));
  const a = parsed.data;
  await mustBeOffice(services.db, actor);
  const row = await getApplication(services.db, a.applicationId);
  if (!row) throw new Failure('Invalid', `applicationId：登记簿中没有申请 ${a.applicationId}`);
  if (row.status !== 'closed' || !row.closed_date) throw new Failure('Invalid', `applicationId：申请 ${a.applicationId} 尚未办结；行政复议、行政诉讼针对的是已办结申请的答复`);
  if (a.filedDate < row.closed_date) throw new Failure('Invalid', `filedDate：提起之日 ${a.filedDate} 早于答复之日 ${row.closed_date}`);
  if (a.filedDate > today) throw new Failure('Invalid', `filedDate：提起之日 ${a.filedDate} 在今天（${today}）之后`);
  return recordAppeal(services.db, { applicationId: a.applicationId, kind: a.kind, filedDate: a.filedDate, note: a.note });
}

/** Records the result of an appeal (维持 upheld, 纠正 corrected, 其他 otherResult), once, not before it was filed. */
export async function concludeAppealCase(services: Pick<Services, 'db'>, appealId: string, input: z.input<typeof appealResult>, actor: string, today = shanghaiDate(Date.now())): Promise<void> {
  const parsed = appealResult.safeParse(input);
  if (!parsed.success) throw new Failure('Invalid', zodText(parsed.error));
  const r = parsed.data;
  await mustBeOffice(services.db, actor);
  const appeal = await services.db.selectFrom('appeals').selectAll().where('id', '=', appealId).executeTakeFirst();
  if (!appeal) throw new Failure('Invalid', `appealId：登记簿中没有编号为 ${appealId} 的行政复议或行政诉讼`);
  if (appeal.result !== null) throw new Failure('Invalid', `appealId：${appealId} 已于 ${appeal.concluded_date} 登记结果（${section4ColumnLabels[appeal.result as keyof typeof section4ColumnLabels] ?? appeal.result}），不能再登记`);
  if (r.date < appeal.filed_date) throw new Failure('Invalid', `date：结果之日 ${r.date} 早于提起之日 ${appeal.filed_date}`);
  if (r.date > today) throw new Failure('Invalid', `date：结果之日 ${r.date} 在今天（${today}）之后`);
  await concludeAppeal(services.db, appealId, r);
}
