import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { replyLetterLines } from '../../../activities/application/reply';
import { intakeSchema } from '../../../domain/application';
import { letterHtml } from '../../../domain/application/letterHtml';
import { decisionSchema } from '../../../domain/application/decision';
import { documentKindName } from '../../../domain/application/documents';
import { civilDateSchema, shanghaiDate } from '../../../domain/calendar';
import { deliveryMethodSchema, partySchema } from '../../../domain/clock/events';
import type { Role } from '../../../domain/org';
import { outcomeGroupLabels, outcomes } from '../../../domain/outcomes';
import { section4Groups } from '../../../domain/report/template';
import { applicationDocuments, applicationEvents, getApplication, listAppeals, pageApplications } from '../../../register/applications';
import type { Register } from '../../../register/db';
import { applicantMonthRank, caseFees } from '../../../register/fees';
import { userNames } from '../../../register/org';
import { apiKeyScopes, auditWeb } from '../../../register/web';
import { concludeAppealCase, fileAppeal, maskedRow, registerApplication, seesPersonalData } from '../../services/applications';
import { HttpError, requireRole, requireScopeOrRole } from '../auth';
import { asHttp } from '../failures';
import { applicationMessages as m } from '../backend';
import type { Ctx } from '../ctx';
import { applicationEventSchema, applicationRowSchema, applicationStateSchema, applicationSummarySchema, errors, idParams, wire } from './schemas';

/**
 * Requests one API key may register per minute (finding 6). A portal forwards people's applications one by one;
 * a key sending more is broken or stolen, and each accepted request starts a workflow and a statutory clock.
 */
export const INTAKE_PER_MINUTE = 30;
const APPLICATION_READERS: Role[] = ['handler', 'officeHead', 'supervisor', 'admin'];
const PAGE_SIZE = 50;
const applicationFilter = z.object({
  status: z.enum(['open', 'closed', '']).optional(),
  handler: z.string().max(64).optional(),
  dueBefore: z.union([z.iso.date(), z.literal('')]).optional(),
  applicant: z.string().max(40).optional(),
  outcome: z.string().max(60).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const okState = z.object({ ok: z.literal(true), state: applicationStateSchema.nullable() });
const optionalDate = civilDateSchema.optional().describe('日期（YYYY-MM-DD），缺省为今天');
const documentSchema = z.object({ name: z.string(), kind: z.string(), kindName: z.string(), sha256: z.string(), createdAt: z.string() });
const appealSchema = z.object({ id: z.string(), kind: z.enum(section4Groups), filedDate: z.string(), concludedDate: z.string().nullable(), result: z.string().nullable(), note: z.string().nullable() });
/** 信息处理费 of the case in 元: noticed (charged), waived, paid (collected). */
const feesSchema = z.object({
  charged: z.number(), basis: z.string().nullable(), noticed: z.string().nullable(), waived: z.number(), waivedReason: z.string().nullable(),
  collected: z.number(), paidOn: z.string().nullable(),
});
const docParams = z.object({ id: z.string().min(1).max(120), name: z.string().regex(/^[\w.-]{1,120}$/, '文书名称只含字母、数字和 . _ -') });

/** The actions on a case: the workflow update each sends, who may ask, and its body. */
const HANDLER: Role[] = ['handler'];
const actions = {
  assign: { summary: '分派承办人（公开办）', roles: ['handler', 'officeHead'], body: z.object({ handler: z.string().min(1).max(64) }), send: (b: { handler: string }) => [m.assignUpdate, b] },
  claim: { summary: '认领', roles: HANDLER, body: z.object({}), send: () => [m.claimUpdate, {}] },
  correction: { summary: '补正告知（条例第三十条）：一次性列明需补正的事项', roles: HANDLER, body: z.object({ items: z.array(z.string().trim().min(1).max(500)).min(1).max(50), periodWorkdays: z.number().int().min(1).max(30).default(15) }), send: (b: object) => [m.requestCorrectionUpdate, b] },
  correctionReceived: { summary: '收到补正材料（条例第三十条）', roles: HANDLER, body: z.object({ date: optionalDate }), send: (b: object) => [m.correctionReceivedUpdate, b] },
  consult: { summary: '征求第三方或其他机关意见（条例第三十二条、第三十四条）', roles: HANDLER, body: z.object({ party: partySchema, addressee: z.string().trim().min(1).max(200) }), send: (b: object) => [m.consultUpdate, b] },
  consultationReply: { summary: '登记征求意见的答复', roles: HANDLER, body: z.object({ party: partySchema, reply: z.string().trim().min(1).max(4000), date: optionalDate }), send: (b: object) => [m.consultationReplyUpdate, b] },
  extension: { summary: '申请延期（条例第三十三条第二款）', roles: HANDLER, body: z.object({ reason: z.string().trim().min(2).max(2000), workdays: z.number().int().min(1).max(20).default(20) }), send: (b: object) => [m.requestExtensionUpdate, b] },
  decideExtension: { summary: '审批延期（公开办负责人，不得审批本人的申请）', roles: ['officeHead'], body: z.object({ approve: z.boolean(), note: z.string().max(2000).optional() }), send: (b: object) => [m.decideExtensionUpdate, b] },
  feeNotice: {
    summary: '发出收费通知（国办函〔2020〕109号）', roles: HANDLER,
    body: z.discriminatedUnion('method', [
      z.object({ method: z.literal('perApplication') }).describe('按件计收：本申请是申请人本自然月内的第几件，由登记簿计算（国办函〔2020〕109号第四条）'),
      z.object({ method: z.literal('perPage'), pages: z.number().int().min(1).max(1_000_000) }),
    ]),
    send: async (b: { method: 'perApplication' } | { method: 'perPage'; pages: number }, at: { db: Register; id: string }) =>
      [m.issueFeeNoticeUpdate, b.method === 'perPage' ? b : { method: 'perApplication', monthlyCount: await applicantMonthRank(at.db, at.id) }],
  },
  feePaid: { summary: '登记已缴费', roles: HANDLER, body: z.object({ date: optionalDate }), send: (b: object) => [m.feePaidUpdate, b] },
  waiveFee: { summary: '减免信息处理费（条例第四十二条），须写明理由；申请人将收到告知', roles: HANDLER, body: z.object({ reason: z.string().trim().min(2).max(2000) }), send: (b: object) => [m.waiveFeeUpdate, b] },
  askReasons: { summary: '要求申请人说明理由（条例第三十五条）', roles: HANDLER, body: z.object({}), send: () => [m.askReasonsUpdate, {}] },
  agencyDeadline: { summary: '理由合理，确定答复期限并告知申请人（条例第三十五条）', roles: HANDLER, body: z.object({ due: civilDateSchema, reason: z.string().trim().min(2).max(2000) }), send: (b: object) => [m.setAgencyDeadlineUpdate, b] },
  decide: { summary: '作出答复决定：21 种答复结果之一及其所需内容（见 GET /api/outcomes）', roles: HANDLER, body: decisionSchema, send: (b: object) => [m.decideUpdate, { decision: b }] },
  noticeReceipt: {
    summary: '登记告知书的送达（补正、收费、征求意见的期限自送达之日起算）', roles: HANDLER,
    body: z.object({ notice: z.enum(['correction', 'fee', 'consultation', 'receipt', 'extension', 'art35']), party: partySchema.optional(), deliveredOn: civilDateSchema, deliveredBy: deliveryMethodSchema }),
    send: (b: object) => [m.recordNoticeReceiptUpdate, b],
  },
  resubmitNotice: { summary: '将未通过审核的告知书重新送审（本机关规定告知书须审核时）', roles: HANDLER, body: z.object({ key: z.string().regex(/^[\w-]{1,40}$/, '告知书编号只含字母、数字和 _ -') }), send: (b: object) => [m.resubmitNoticeUpdate, b] },
  delivery: { summary: '登记答复书送达（签收日或交邮日为答复时间点）', roles: ['handler', 'officeHead'], body: z.object({ method: z.enum(['signed', 'posted', 'email', 'onSite']), date: optionalDate }), send: (b: object) => [m.recordDeliveryUpdate, b] },
} as const;

const outcomeSchema = z.object({
  key: z.string(), group: z.string(), groupLabel: z.string(), label: z.string().nullable(), basis: z.array(z.string()),
  needs: z.array(z.enum(['reasons', 'withheld', 'provision', 'competentAgency'])).describe('该结果的答复决定必须包含的内容'),
});

export const applicationRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;

  app.get('/api/outcomes', {
    schema: { summary: '答复结果（21 种）及各自需要的内容', tags: ['依申请公开'], response: { 200: z.object({ outcomes: z.array(outcomeSchema) }), ...errors } },
  }, async () => ({
    outcomes: outcomes.map((o) => ({
      key: o.key, group: o.group, groupLabel: outcomeGroupLabels[o.group], label: o.label, basis: [...o.basis],
      needs: [
        ...(o.group !== 'granted' ? (['reasons'] as const) : []), ...(o.key === 'partiallyGranted' ? (['withheld'] as const) : []),
        ...(o.key === 'granted' ? (['provision'] as const) : []), ...(o.key === 'unavailable.notHeld' ? (['competentAgency'] as const) : []),
      ],
    })),
  }));

  app.get('/api/applications', {
    schema: {
      summary: '申请列表：按状态、承办人、期限、申请人类型、答复结果筛选，期限最近的在前，每页 50 件', tags: ['依申请公开'], querystring: applicationFilter,
      response: { 200: z.object({ rows: z.array(applicationSummarySchema), total: z.number() }), ...errors },
    },
  }, async (req) => {
    // The portal may read the list with an API key holding `applications:read`.
    await requireScopeOrRole(req, db, ctx.now, 'applications:read', APPLICATION_READERS, 'application.list');
    const { rows, total } = await pageApplications(db, req.query, PAGE_SIZE);
    const names = await userNames(db, rows.map((r) => r.handler));
    return { rows: rows.map((r) => ({ ...r, handlerName: r.handler ? (names.get(r.handler) ?? null) : null })), total };
  });

  app.post('/api/applications', {
    schema: {
      summary: '登记申请：门户网站用 API 密钥（applications:intake，每分钟限 30 件，externalRef 防重），或工作人员用会话。201 新登记，200 同一 externalRef 的重复提交，409 同一 externalRef 内容不同',
      tags: ['依申请公开'], body: intakeSchema, security: [{ apiKey: [] }, { session: [] }],
      response: { 200: z.object({ id: z.string(), received: z.string(), created: z.boolean() }), 201: z.object({ id: z.string(), received: z.string(), created: z.boolean() }), ...errors },
    },
    // The key's scope and rate come before its body is read: a flood of bad bodies is still a flood.
    preValidation: async (req) => {
      if (req.apiKey) await intakeScope(ctx, req.apiKey.name);
    },
    config: {
      rateLimit: {
        max: INTAKE_PER_MINUTE, timeWindow: 60_000, keyGenerator: (req) => `intake|${req.apiKey?.name}`, allowList: (req) => !req.apiKey,
        errorResponseBuilder: (req, c) => new HttpError(429, 'rate_limited', `API 密钥 ${req.apiKey?.name}：每分钟最多提交 ${c.max} 次，请 ${Math.ceil(c.ttl / 1000)} 秒后再试`),
      },
    },
  }, async (req, reply) => {
    const who = req.apiKey ? `api:${req.apiKey.name}` : (await requireRole(req, db, ctx.now, ['handler', 'officeHead'], 'application.register')).id;
    const r = await asHttp(() => registerApplication(ctx.services, req.body, who));
    return reply.code(r.created ? 201 : 200).send(r);
  });

  app.get('/api/applications/:id', {
    schema: {
      summary: '一件申请：登记簿记录、事件、流程状态（期限及其计算说明）；个人信息仅对公开办显示，每次查看记入审计日志', tags: ['依申请公开'], params: idParams,
      response: { 200: z.object({ application: applicationRowSchema, handlerName: z.string().nullable(), events: z.array(applicationEventSchema), state: applicationStateSchema.nullable(), fees: feesSchema }), ...errors },
    },
  }, async (req) => {
    const { id } = req.params;
    const user = await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.read', { kind: 'application', id });
    const row = await getApplication(db, id);
    if (!row) throw new HttpError(404, 'not_found', `没有这件申请：${id}`);
    const [events, state, names, fees] = await Promise.all([applicationEvents(db, id), ctx.backend.applicationState(id), userNames(db, [row.handler]), caseFees(db, id)]);
    const handlerName = row.handler ? (names.get(row.handler) ?? null) : null;
    const st = wire(applicationStateSchema.nullable(), state);
    if (!seesPersonalData(user)) return { application: maskedRow(row), handlerName, events, state: st, fees };
    // Who saw an applicant's identity and contacts, and when (个人信息保护法 第五十一条: access is controlled and traceable).
    await auditWeb(db, { at: ctx.now(), actor: user.id, subjectKind: 'application', subjectId: id, action: 'application.read.unmasked', outcome: 'done' });
    return { application: row, handlerName, events, state: st, fees };
  });

  app.get('/api/applications/:id/documents', {
    schema: { summary: '本案文书（答复书、各类告知书）', tags: ['依申请公开'], params: idParams, response: { 200: z.object({ documents: z.array(documentSchema) }), ...errors } },
  }, async (req) => {
    const { id } = req.params;
    await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.documents', { kind: 'application', id });
    if (!(await getApplication(db, id))) throw new HttpError(404, 'not_found', `没有这件申请：${id}`);
    const docs = await applicationDocuments(db, id);
    return { documents: docs.map((d) => ({ name: d.id.slice(id.length + 1), kind: d.kind, kindName: documentKindName(d.kind), sha256: d.sha256, createdAt: d.created_at })) };
  });

  app.get('/api/applications/:id/documents/:name', {
    schema: {
      summary: '下载一份文书（DOCX）', tags: ['依申请公开'], params: docParams,
      response: { 200: { description: 'DOCX 文件', content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.string().meta({ format: 'binary' }) } } }, ...errors },
    },
  }, async (req, reply) => {
    const { id, name } = req.params;
    await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.documents', { kind: 'application', id });
    const doc = (await applicationDocuments(db, id)).find((d) => d.id === `${id}/${name}`);
    const root = path.resolve(ctx.services.config.DATA_DIR);
    const file = doc && path.resolve(doc.path); // recorded as written: under DATA_DIR, relative to the working directory when it is
    // A path recorded outside the data directory is never served, whatever the register says.
    const content = file && file.startsWith(root + path.sep) ? await fs.readFile(file).catch(() => undefined) : undefined;
    if (!content) throw new HttpError(404, 'not_found', `没有这份文书：${name}`);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="${name}.docx"; filename*=UTF-8''${encodeURIComponent(`${id}-${documentKindName(doc!.kind)}.docx`)}`)
      .send(content as never); // a Buffer is sent as it is, without the JSON serializer
  });

  app.post('/api/applications/:id/letter-preview', {
    schema: {
      summary: '答复书预览：按拟作出的答复决定，用与 DOCX 相同的模板生成答复书（HTML 与逐行文本），不保存、不送审', tags: ['依申请公开'], params: idParams,
      body: decisionSchema,
      response: { 200: z.object({ html: z.string().describe('答复书（HTML 文档，版式同 DOCX）'), lines: z.array(z.string()).describe('答复书逐行文本'), date: z.string().describe('成文日期（今天）') }), ...errors },
    },
  }, async (req) => {
    const { id } = req.params;
    await requireRole(req, db, ctx.now, ['handler', 'officeHead'], 'application.letterPreview', { kind: 'application', id });
    const row = await getApplication(db, id);
    if (!row) throw new HttpError(404, 'not_found', `没有这件申请：${id}`);
    const date = todayOf(ctx);
    const lines = replyLetterLines(row, req.body, date, ctx.services.config);
    return { html: letterHtml(lines, { draft: '预览：答复决定尚未作出，本答复书未送审、未生效' }), lines, date };
  });

  app.get('/api/applications/:id/appeals', {
    schema: { summary: '本案的行政复议、行政诉讼', tags: ['依申请公开'], params: idParams, response: { 200: z.object({ appeals: z.array(appealSchema) }), ...errors } },
  }, async (req) => {
    await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.appeals', { kind: 'application', id: req.params.id });
    return { appeals: await listAppeals(db, req.params.id) };
  });

  app.post('/api/applications/:id/appeals', {
    schema: {
      summary: '登记行政复议或行政诉讼（公开办，已办结的申请）', tags: ['依申请公开'], params: idParams,
      body: z.object({ kind: z.enum(section4Groups), filedDate: civilDateSchema, note: z.string().max(2000).optional() }),
      response: { 201: z.object({ id: z.string() }), ...errors },
    },
  }, async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.appeal', { kind: 'application', id: req.params.id });
    const id = await asHttp(() => fileAppeal(ctx.services, { applicationId: req.params.id, ...req.body }, user.id, todayOf(ctx)));
    return reply.status(201).send({ id });
  });

  app.post('/api/appeals/:id/result', {
    schema: {
      summary: '登记复议、诉讼的结果：维持、纠正、其他（公开办）', tags: ['依申请公开'], params: idParams,
      body: z.object({ date: civilDateSchema, result: z.enum(['upheld', 'corrected', 'otherResult']) }), response: { 200: z.object({ ok: z.literal(true) }), ...errors },
    },
  }, async (req) => {
    const user = await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.appealResult', { kind: 'appeal', id: req.params.id });
    await asHttp(() => concludeAppealCase(ctx.services, req.params.id, req.body, user.id, todayOf(ctx)));
    return { ok: true as const };
  });

  for (const [name, a] of Object.entries(actions)) {
    app.post(`/api/applications/:id/${name}`, {
      schema: { summary: a.summary, tags: ['依申请公开'], params: idParams, body: a.body, response: { 200: okState, ...errors } },
    }, async (req) => {
      const { id } = req.params;
      const user = await requireRole(req, db, ctx.now, a.roles, `application.${name}`, { kind: 'application', id });
      if (!(await getApplication(db, id))) throw new HttpError(404, 'not_found', `没有这件申请：${id}`);
      const send = a.send as (body: never, at: { db: Register; id: string }) => unknown;
      const [update, args] = (await send(req.body as never, { db, id })) as [Parameters<Ctx['backend']['applicationAct']>[1], object];
      try {
        await ctx.backend.applicationAct(id, update, { ...args, actor: user.id });
      } catch (e) {
        if (e instanceof HttpError && [403, 409, 422].includes(e.statusCode)) {
          await auditWeb(db, { at: ctx.now(), actor: user.id, subjectKind: 'application', subjectId: id, action: `application.${name}`, outcome: 'refused', detail: e.message });
        }
        throw e;
      }
      return { ok: true as const, state: wire(applicationStateSchema.nullable(), await ctx.backend.applicationState(id)) };
    });
  }
};

const todayOf = (ctx: Ctx) => shanghaiDate(ctx.now());

/** A portal key registers only with the `applications:intake` scope (a refusal is logged). */
async function intakeScope(ctx: Ctx, key: string): Promise<void> {
  if ((await apiKeyScopes(ctx.services.db, key)).includes('applications:intake')) return;
  await auditWeb(ctx.services.db, { at: ctx.now(), actor: `apikey:${key}`, subjectKind: 'web', subjectId: '/api/applications', action: 'application.register', outcome: 'refused', detail: 'API 密钥没有“登记申请（门户网站）”权限' });
  throw new HttpError(403, 'forbidden', `API 密钥 ${key} 没有 applications:intake 权限`);
}

