import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reviewQueuePage } from '../../../register/review';
import { userNames } from '../../../register/org';
import { HttpError, requireUser } from '../auth';
import type { Ctx } from '../ctx';
import { dueKind, tierBounds } from '../due';
import { errors, taskSchema, userSchema } from './schemas';

const tasksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('每页条数（期限最近的在前）'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('跳过的条数'),
});
const calendarQuery = z.object({ from: z.iso.date().describe('起算日（YYYY-MM-DD）'), workdays: z.coerce.number().int().min(0).max(400).describe('工作日数') });

/** Who is logged in, their review queue, and the working-day calendar's arithmetic. */
export const sessionRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;

  app.get('/api/me', {
    schema: {
      summary: '当前登录用户及其 CSRF 令牌', tags: ['会话'],
      response: { 200: z.object({ user: userSchema, csrf: z.string().optional().describe('状态变更请求的 X-CSRF-Token 头') }), ...errors },
    },
  }, async (req) => ({ user: requireUser(req), csrf: req.session?.csrf }));

  app.get('/api/tasks', {
    schema: {
      summary: '我的待审任务：期限最近的在前，附期限档和各档数量', tags: ['信息审核'], querystring: tasksQuery,
      response: { 200: z.object({ tasks: z.array(taskSchema), total: z.number(), overdue: z.number(), today: z.number(), soon: z.number() }), ...errors },
    },
  }, async (req) => {
    const user = requireUser(req);
    const cal = await ctx.calendar();
    const page = await reviewQueuePage(db, [user], req.query.limit, tierBounds(ctx.now(), cal), req.query.offset);
    const names = await userNames(db, page.rows.map((t) => t.holder));
    const tasks = page.rows.map((t) => ({ ...t, holderName: t.holder ? (names.get(t.holder) ?? null) : null, dueTier: dueKind(t.due, ctx.now(), cal) }));
    return { tasks, total: page.total, overdue: page.overdue, today: page.today, soon: page.soon };
  });

  app.get('/api/calendar/add-workdays', {
    schema: {
      summary: '本机关日历上某日之后的第 n 个工作日', tags: ['日历'], querystring: calendarQuery,
      response: { 200: z.looseObject({ date: z.string(), calendarVersion: z.string() }), ...errors },
    },
  }, async (req) => {
    requireUser(req);
    const cal = await ctx.calendar();
    try {
      return { ...cal.addWorkdays(req.query.from, req.query.workdays), calendarVersion: cal.version };
    } catch (e) {
      // A date outside the years the calendar covers is the caller's input, not a server fault.
      if (e instanceof RangeError) throw new HttpError(400, 'bad_request', `from：${e.message}`, 'from');
      throw e;
    }
  });
};
