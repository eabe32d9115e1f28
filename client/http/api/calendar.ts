import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarOverrideSchema, civilDateSchema, shanghaiDate, yearScheduleSchema } from '../../../domain/calendar';
import { calendarOverrides, importedYears } from '../../../register/calendar';
import { listApplications } from '../../../register/applications';
import { InvalidScheduleError, previewCalendarImport } from '../../services/calendar';
import { HttpError, requireRole, requireUser } from '../auth';
import type { Ctx } from '../ctx';
import { errors } from './schemas';

const fanOutSchema = z.object({ version: z.string(), listed: z.number(), signalled: z.number(), closed: z.number(), failed: z.array(z.object({ workflowId: z.string(), error: z.string() })) }).optional();
const importBody = z.object({
  schedule: yearScheduleSchema.describe('国务院办公厅节假日安排（与 gongkai calendar import 的文件相同）'),
  dryRun: z.boolean().default(false).describe('true：只显示变化的日期和将移动的期限，不导入'),
});
const previewSchema = z.object({
  year: z.number(), notice: z.string(),
  changedDates: z.array(z.object({ date: z.string(), workdayBefore: z.boolean(), workdayAfter: z.boolean(), before: z.string(), after: z.string() })),
  movedDeadlines: z.array(z.object({ id: z.string(), from: z.string().nullable(), to: z.string().nullable() })), unread: z.number(),
});
/** Open cases a preview recomputes at most: beyond this the preview says how many it left out. */
const PREVIEW_CASES = 2000;

/** The working-day calendar: what it covers, a year's schedule (with a dry run), the agency's own days. */
export const calendarRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;
  const invalid = async <T>(f: () => Promise<T>) => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof InvalidScheduleError) throw new HttpError(400, 'bad_request', `schedule：${e.message}`, 'schedule');
      throw e;
    }
  };

  app.get('/api/calendar', {
    schema: {
      summary: '工作日历：版本、已导入节假日安排的年份、本机关调整的日期', tags: ['日历'],
      response: { 200: z.object({ version: z.string(), coverage: z.array(z.looseObject({ year: z.number() })), imported: z.array(z.object({ year: z.number() })), overrides: z.array(calendarOverrideSchema) }), ...errors },
    },
  }, async (req) => {
    requireUser(req);
    const [cal, imported, overrides] = await Promise.all([ctx.calendar(), importedYears(db), calendarOverrides(db)]);
    return { version: cal.version, coverage: cal.coverage() as unknown as { year: number }[], imported: imported.map((y) => ({ year: y.year })), overrides };
  });

  app.post('/api/admin/calendar/import', {
    schema: {
      summary: '导入年度节假日安排并重算在办期限；dryRun 时只预览变化的日期和将移动的答复期限', tags: ['日历'], body: importBody,
      response: {
        200: z.union([z.object({ dryRun: z.literal(true), preview: previewSchema, truncated: z.number() }), z.object({ dryRun: z.literal(false), year: z.number(), status: z.enum(['imported', 'replaced', 'unchanged']), notice: z.string(), version: z.string(), fanOut: fanOutSchema })]),
        ...errors,
      },
    },
  }, async (req) => {
    const user = await requireRole(req, db, ctx.now, ['admin'], 'calendar.import', { kind: 'calendar', id: 'import' });
    if (req.body.dryRun) {
      const open = await listApplications(db, { status: 'open', limit: PREVIEW_CASES + 1 });
      const cases = open.slice(0, PREVIEW_CASES).map((a) => ({ id: a.id, dueDate: a.due_date, events: () => ctx.backend.applicationState(a.id) }));
      const preview = await invalid(() => previewCalendarImport(db, req.body.schedule, cases, shanghaiDate(ctx.now())));
      return { dryRun: true as const, preview, truncated: Math.max(0, open.length - PREVIEW_CASES) };
    }
    const r = await ctx.backend.calendarImport(req.body.schedule, user.id, ctx.now());
    return { dryRun: false as const, ...r };
  });

  app.post('/api/admin/calendar/overrides', {
    schema: {
      summary: '本机关调整某日为休息日或工作日（记入审计日志），并重算在办期限', tags: ['日历'], body: calendarOverrideSchema,
      response: { 200: z.object({ date: z.string(), status: z.string(), version: z.string(), fanOut: fanOutSchema }), ...errors },
    },
  }, async (req) => {
    const user = await requireRole(req, db, ctx.now, ['admin'], 'calendar.override', { kind: 'calendar', id: req.body.date });
    return ctx.backend.calendarOverride(req.body, user.id, ctx.now());
  });

  app.post('/api/admin/calendar/overrides/:date/delete', {
    schema: {
      summary: '取消本机关对某日的调整，并重算在办期限', tags: ['日历'], params: z.object({ date: civilDateSchema }), body: z.object({}),
      response: { 200: z.object({ date: z.string(), status: z.string(), version: z.string(), fanOut: fanOutSchema }), ...errors },
    },
  }, async (req) => {
    const user = await requireRole(req, db, ctx.now, ['admin'], 'calendar.override', { kind: 'calendar', id: req.params.date });
    return ctx.backend.calendarOverrideDelete(req.params.date, user.id, ctx.now());
  });
};
