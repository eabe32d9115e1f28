import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userNames } from '../../../register/org';
import { auditTrail } from '../../../register/web';
import { escalationHistory, monthlyResults } from '../../../register/oversightHistory';
import { civilDateSchema, shanghaiDate } from '../../../domain/calendar';
import { requireRole } from '../auth';
import type { Ctx } from '../ctx';
import { dashboardCsv, dashboardXlsx, type DashboardExport } from '../dashboardExport';
import { dashboardData, type DashboardFilters } from '../../services/dashboard';
import { auditEntrySchema, dueTier, errors } from './schemas';

const bucket = z.object({ overdue: z.number(), today: z.number(), soon: z.number(), total: z.number() });
const lateSchema = z.object({ kind: z.enum(['application', 'item']), id: z.string(), label: z.string(), who: z.string(), whoName: z.string().nullable(), due: z.string().nullable(), tier: dueTier });
const auditQuery = z.object({
  kind: z.string().max(40).optional().describe('对象类型：item, application, user, calendar ...'),
  subject: z.string().max(200).optional().describe('对象编号'),
  actor: z.string().max(80).optional().describe('操作人'),
  action: z.string().max(80).optional().describe('操作（前缀匹配，如 application.）'),
  outcome: z.enum(['done', 'refused']).optional(),
  from: z.iso.datetime().optional().describe('不早于（ISO 时间）'),
  to: z.iso.datetime().optional().describe('不晚于（ISO 时间）'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const OVERSIGHT = ['supervisor', 'officeHead', 'admin'] as const;

/** The dashboard's filters, the same for the page and for its exports. */
const filtersQuery = z.object({
  from: civilDateSchema.optional().describe('期间起（含），YYYY-MM-DD：申请的收到日期、信息送审环节的开始日期、办结日期'),
  to: civilDateSchema.optional().describe('期间止（含），YYYY-MM-DD'),
  handler: z.string().min(1).max(64).optional().describe('办理人（用户编号；未分派的为“（未分派）”）'),
  stage: z.string().min(1).max(100).optional().describe('环节（看板上的名称，如“依申请公开 · 办理中”）'),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { message: '期间的开始日期不能晚于结束日期', path: ['to'] });
const caseSchema = z.object({
  kind: z.enum(['application', 'item']), id: z.string(), label: z.string(), stage: z.string(), who: z.string(), whoName: z.string().nullable(),
  start: z.string().describe('收到申请之日，或信息进入本环节之日'), due: z.string().nullable(), tier: dueTier,
});
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The supervisor's view: figures by due tier, what is late today, and the audit trail. */
export const oversightRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;

  const late = async (f: DashboardFilters = {}) => {
    const d = await dashboardData(db, ctx.now(), await ctx.calendar(), f);
    const names = await userNames(db, [...d.cases.map((c) => c.who), ...d.handlers]);
    const whoName = (id: string) => names.get(id) ?? null;
    return {
      d, whoName,
      late: d.late.map((l) => ({ ...l, kind: l.kind as 'application' | 'item', whoName: whoName(l.who) })),
      cases: d.cases.map((c) => ({ ...c, whoName: whoName(c.who) })),
      handlers: d.handlers.map((id) => ({ id, name: whoName(id) ?? id })),
    };
  };

  app.get('/api/dashboard', {
    schema: {
      summary: '督办看板：按环节、办理人的在办数和期限档，在办事项，按期答复率，主动公开统计；可按期间、办理人、环节筛选', tags: ['督办'],
      querystring: filtersQuery,
      response: {
        200: z.object({
          year: z.number(), open: z.number(), openTasks: z.number(), closed: z.number(), onTimeRate: z.number().nullable(), avgWorkdays: z.number().nullable(),
          byStage: z.record(z.string(), bucket), byHandler: z.record(z.string(), bucket), late: z.array(lateSchema), cases: z.array(caseSchema),
          stages: z.array(z.string()).describe('可选的环节'), handlers: z.array(z.object({ id: z.string(), name: z.string() })).describe('可选的办理人'),
          publishing: z.array(z.object({ year: z.number(), column: z.string(), published: z.number(), medianHours: z.number().nullable() })),
        }),
        ...errors,
      },
    },
  }, async (req) => {
    await requireRole(req, db, ctx.now, OVERSIGHT, 'dashboard.read');
    const { d, late: l, cases, handlers } = await late(req.query);
    return { ...d, late: l, cases, handlers, byStage: Object.fromEntries(d.byStage), byHandler: Object.fromEntries(d.byHandler) };
  });

  app.get('/api/dashboard/export/:format', {
    schema: {
      summary: '导出督办看板（与页面同一数据、同一筛选）：CSV 为在办事项；XLSX 含在办事项、按环节、按办理人和概况', tags: ['督办'],
      params: z.object({ format: z.enum(['csv', 'xlsx']).describe('文件格式') }), querystring: filtersQuery,
      response: { 200: { description: '导出文件', content: { 'text/csv': { schema: z.string() }, [XLSX]: { schema: z.string().meta({ format: 'binary' }) } } }, ...errors },
    },
  }, async (req, reply) => {
    await requireRole(req, db, ctx.now, OVERSIGHT, 'dashboard.export');
    const { d, cases, whoName } = await late(req.query);
    const now = ctx.now();
    const label = (id: string) => whoName(id) ?? id;
    const data: DashboardExport = {
      generatedAt: `${shanghaiDate(now)} ${new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(now)}`,
      filters: { ...req.query, ...(req.query.handler ? { handlerName: label(req.query.handler) } : {}) },
      figures: { open: d.open, openTasks: d.openTasks, closed: d.closed, onTimeRate: d.onTimeRate, avgWorkdays: d.avgWorkdays },
      cases: cases.map((c) => ({ ...c, whoName: c.whoName ?? c.who })),
      byStage: [...d.byStage.entries()],
      byHandler: [...d.byHandler.entries()].map(([k, b]) => [label(k), b] as [string, typeof b]),
    };
    const name = `督办看板-${shanghaiDate(now)}.${req.params.format}`;
    void reply.header('content-disposition', `attachment; filename="dashboard-${shanghaiDate(now)}.${req.params.format}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    if (req.params.format === 'csv') return reply.type('text/csv; charset=utf-8').send(dashboardCsv(data));
    return reply.type(XLSX).send((await dashboardXlsx(data)) as never);
  });

  app.get('/api/escalations', {
    schema: { summary: '已逾期和今日到期的事项（申请与待审信息），期限最早的在前', tags: ['督办'], response: { 200: z.object({ late: z.array(lateSchema) }), ...errors } },
  }, async (req) => {
    await requireRole(req, db, ctx.now, OVERSIGHT, 'escalations.read');
    return { late: (await late()).late };
  });

  app.get('/api/audit', {
    schema: { summary: '审计日志，最新的在前，可按对象、操作人、操作、结果、时间筛选（督办、管理员）', tags: ['管理'], querystring: auditQuery, response: { 200: z.object({ entries: z.array(auditEntrySchema) }), ...errors } },
  }, async (req) => {
    await requireRole(req, db, ctx.now, ['supervisor', 'admin'], 'audit.read');
    const rows = await auditTrail(db, req.query);
    const names = await userNames(db, rows.map((r) => r.actor));
    return { entries: rows.map((r) => ({ ...r, actorName: names.get(r.actor) ?? null })) };
  });
  app.get('/api/app/monthly', {
    schema: {
      summary: '某年各月办结的申请：件数、按期答复率、平均用时（工作日）', tags: ['督办'], querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).describe('年份') }),
      response: { 200: z.object({ months: z.array(z.object({ month: z.number(), closed: z.number(), onTimeRate: z.number().nullable(), avgWorkdays: z.number().nullable() })) }), ...errors },
    },
  }, async (req) => {
    await requireRole(req, db, ctx.now, OVERSIGHT, 'dashboard.read');
    return { months: await monthlyResults(db, await ctx.calendar(), req.query.year) };
  });

  app.get('/api/app/escalation-history', {
    schema: {
      summary: '已发出的逾期督办（最新在前）：何时、逾期几个工作日、发给谁、现由谁办理、此后做了什么', tags: ['督办'],
      response: {
        200: z.object({
          escalations: z.array(z.object({
            id: z.string(), applicationId: z.string(), at: z.string().describe('督办时间'), date: z.string(), overdueWorkdays: z.number().nullable(), due: z.string().nullable(),
            recipients: z.array(z.string()).describe('督办邮件的收件人（用户姓名，非用户的为邮箱）'),
            handler: z.string().nullable(), handlerName: z.string().nullable(), stage: z.string(), status: z.string(),
            since: z.array(z.object({ type: z.string(), date: z.string(), actorName: z.string() })),
          })),
        }),
        ...errors,
      },
    },
  }, async (req) => {
    await requireRole(req, db, ctx.now, OVERSIGHT, 'escalations.read');
    return { escalations: await escalationHistory(db) };
  });
};
