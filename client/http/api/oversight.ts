import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userNames } from '../../../register/org';
import { auditTrail } from '../../../register/web';
import { escalationHistory, monthlyResults } from '../../../register/oversightHistory';
import { requireRole } from '../auth';
import type { Ctx } from '../ctx';
import { dashboardData } from '../../services/dashboard';
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

/** The supervisor's view: figures by due tier, what is late today, and the audit trail. */
export const oversightRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;

  const late = async () => {
    const d = await dashboardData(db, ctx.now(), await ctx.calendar());
    const names = await userNames(db, d.late.map((l) => l.who));
    return { d, late: d.late.map((l) => ({ ...l, kind: l.kind as 'application' | 'item', whoName: names.get(l.who) ?? null })) };
  };

  app.get('/api/dashboard', {
    schema: {
      summary: '督办看板：按环节、办理人的在办数和期限档，按期答复率，主动公开统计', tags: ['督办'],
      response: {
        200: z.object({
          year: z.number(), open: z.number(), openTasks: z.number(), closed: z.number(), onTimeRate: z.number().nullable(), avgWorkdays: z.number().nullable(),
          byStage: z.record(z.string(), bucket), byHandler: z.record(z.string(), bucket), late: z.array(lateSchema),
          publishing: z.array(z.object({ year: z.number(), column: z.string(), published: z.number(), medianHours: z.number().nullable() })),
        }),
        ...errors,
      },
    },
  }, async (req) => {
    await requireRole(req, db, ctx.now, OVERSIGHT, 'dashboard.read');
    const { d, late: l } = await late();
    return { ...d, late: l, byStage: Object.fromEntries(d.byStage), byHandler: Object.fromEntries(d.byHandler) };
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
      summary: '已发出的逾期督办（最新在前）：何时、逾期几个工作日、现由谁办理、此后做了什么', tags: ['督办'],
      response: {
        200: z.object({
          escalations: z.array(z.object({
            id: z.string(), applicationId: z.string(), date: z.string(), overdueWorkdays: z.number().nullable(), due: z.string().nullable(),
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
