import { z } from 'zod';
import { roles } from '../../../domain/org';

/**
 * The shapes the API answers with, named once so the OpenAPI document (and the typed client generated from it)
 * shows them as components. Workflow states are open objects: their named fields are typed, the rest passes
 * through unchanged as the workflow holds it.
 */
export const errorSchema = z.object({
  error: z.string().describe('机器可读的错误代码：bad_request, unauthenticated, forbidden, csrf, not_found, refused（409 状态不符）, not_ready, invalid, rule（422 不符合规则）, rate_limited ...'),
  message: z.string().describe('给人看的说明（中文），指明字段和规则'),
  field: z.string().optional().describe('出错的字段（校验失败时）'),
}).meta({ id: 'Error' });

/** 400 bad input, 401 no session or key, 403 not allowed (logged), 404, 409 wrong state, 422 a rule refused, 503 a workflow that did not answer. */
export const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema, 503: errorSchema } as const;

export const userSchema = z.object({
  id: z.string(), name: z.string(), email: z.string(), section: z.string().nullable(),
  roles: z.array(z.enum(roles)), groups: z.array(z.string()), active: z.boolean(),
}).meta({ id: 'User' });

/** A person as responses name them: the ID with the name beside it (null when the ID is no known user). */
export const personSchema = z.object({ id: z.string(), name: z.string().nullable() }).meta({ id: 'Person' });

export const idParams = z.object({ id: z.string().min(1).max(120).describe('编号') });

export const dueTier = z.enum(['overdue', 'today', 'soon', 'normal', 'none']).describe('期限档：已逾期、今日到期、即将到期、正常、无期限');

export const taskSchema = z.object({
  taskId: z.string(), itemId: z.string(), title: z.string(), category: z.string(), stage: z.string(), stageName: z.string(),
  group: z.string().nullable(), holder: z.string().nullable(), holderName: z.string().nullable(), due: z.string().nullable(), dueTier,
}).meta({ id: 'Task' });

export const reviewItemRowSchema = z.object({
  id: z.string(), title: z.string(), category: z.string(), author: z.string(), section: z.string(), column_name: z.string(),
  status: z.string(), stage: z.string().nullable(), holder: z.string().nullable(), current_version: z.number(), current_hash: z.string(),
  due: z.string().nullable(), created_at: z.string(), updated_at: z.string(),
}).meta({ id: 'ReviewItemRow' });

export const reviewStateSchema = z.looseObject({
  itemId: z.string(), status: z.string(), stageIndex: z.number(), holder: z.string().nullable(), delegate: z.string().nullable(),
  versions: z.array(z.looseObject({ n: z.number(), title: z.string(), body: z.string(), hash: z.string(), at: z.string(), by: z.string() })),
  approvals: z.array(z.looseObject({ by: z.string() })),
  history: z.array(z.looseObject({ at: z.string(), actor: z.string(), action: z.string(), detail: z.string().optional() })),
  due: z.string().nullable(),
}).meta({ id: 'ReviewState' });

export const auditEntrySchema = z.object({
  id: z.string(), at: z.string(), actor: z.string(), actorName: z.string().nullable(), subject_kind: z.string(), subject_id: z.string(), action: z.string(),
  outcome: z.string(), detail: z.string().nullable(), before: z.string().nullable(), after: z.string().nullable(),
}).meta({ id: 'AuditEntry' });

export const actResultSchema = z.looseObject({
  status: z.string(), stage: z.string().nullable(), holder: z.string().nullable(), version: z.number(), hash: z.string(), due: z.string().nullable(),
}).meta({ id: 'ActResult' });

export const applicationRowSchema = z.object({
  id: z.string(), year: z.number(), sequence: z.number(), workflow_id: z.string(), channel: z.string(), submitted_on: z.string(),
  received_date: z.string(), applicant_column: z.string(), applicant_name: z.string(), applicant_id_kind: z.string(),
  applicant_id_number: z.string(), applicant_phone: z.string().nullable(), applicant_address: z.string().nullable(),
  applicant_email: z.string().nullable(), content: z.string(), intake: z.string(), external_ref: z.string().nullable(),
  possible_duplicates: z.string(), status: z.string(), stage: z.string(), handler: z.string().nullable(), due_date: z.string().nullable(),
  calendar_version: z.string().nullable(), outcome: z.string().nullable(), decision: z.string().nullable(), closed_date: z.string().nullable(),
  created_at: z.string(), created_by: z.string(),
}).meta({ id: 'ApplicationRow' });

export const applicationSummarySchema = z.object({
  id: z.string(), received_date: z.string(), applicant_column: z.string(), applicant_name: z.string(), content: z.string(), status: z.string(),
  stage: z.string(), handler: z.string().nullable(), handlerName: z.string().nullable(), due_date: z.string().nullable(), outcome: z.string().nullable(),
  closed_date: z.string().nullable(), channel: z.string(),
}).meta({ id: 'ApplicationSummary' });

export const applicationEventSchema = z.looseObject({ id: z.string(), application_id: z.string(), at: z.string(), date: z.string(), type: z.string(), actor: z.string(), detail: z.string().nullable() }).meta({ id: 'ApplicationEvent' });

const clockStep = z.looseObject({ date: z.string(), article: z.string(), text: z.string(), warning: z.boolean().optional() });
export const applicationStateSchema = z.looseObject({
  id: z.string(), stage: z.string(), handler: z.string().nullable(),
  clock: z.looseObject({ due: z.string().nullable(), state: z.string(), workdaysLeft: z.number().nullable().optional(), provisional: z.boolean().optional(), steps: z.array(clockStep) }).nullable(),
  correction: z.looseObject({ items: z.array(z.string()), periodWorkdays: z.number(), received: z.boolean() }).nullable(),
  extension: z.looseObject({ requestedBy: z.string(), reason: z.string(), workdays: z.number(), requestedOn: z.string(), decision: z.enum(['pending', 'approved', 'refused']) }).nullable(),
  outcome: z.string().nullable(), closedDate: z.string().nullable(),
  steps: z.array(z.looseObject({ date: z.string(), actor: z.string(), action: z.string(), detail: z.string().optional() })),
}).meta({ id: 'ApplicationState' });

/**
 * A workflow's state as its open response schema: the TypeScript interfaces have no index signature, so the
 * compiler cannot see that they fit; the serializer checks the value against the schema on every response.
 */
export const wire = <S extends z.ZodType>(_schema: S, value: unknown): z.output<S> => value as z.output<S>;
