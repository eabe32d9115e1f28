import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reviewQueuePage } from '../../../register/review';
import { userNames } from '../../../register/org';
import { listUsers } from '../../../register/org';
import { auditWeb, checkCredentials, clearLoginFailures, createSession, deleteSession, failureKey, loginWait, recordLoginFailure, SESSION_HOURS } from '../../../register/web';
import { HttpError, isSecure, requireUser, SESSION_COOKIE, setCookie } from '../auth';
import { loginLimits } from '../rateLimit';
import type { Ctx } from '../ctx';
import { dueKind, tierBounds } from '../../services/due';
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
  const limitLogins = loginLimits(app);
  const ok = z.object({ ok: z.literal(true) });

  app.post('/api/session', {
    config: { public: true },
    schema: {
      summary: '登录（JSON）：成功后设置会话 Cookie；失败过多时 429，附 Retry-After', tags: ['会话'], security: [],
      body: z.object({ user: z.string().trim().min(1, '请输入用户名').max(64).describe('用户名'), password: z.string().min(1, '请输入密码').max(256).describe('密码') }),
      response: { 200: ok, 415: errors[400], 429: errors[400], ...errors },
    },
  }, async (req, reply) => {
    // Login CSRF: a cross-site form can send neither JSON nor this header; browsers send Sec-Fetch-Site themselves.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'unsupported_media_type', '请以 JSON 提交登录信息');
    // Every attempt counts, even one refused next for where it came from.
    await limitLogins(req, reply);
    if (req.headers['sec-fetch-site'] === 'cross-site') throw new HttpError(403, 'forbidden', '不接受来自其他网站的登录请求');
    const b = req.body;
    const key = failureKey(b.user, req.ip);
    const wait = await loginWait(db, key, ctx.now());
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new HttpError(429, 'rate_limited', `登录失败次数过多，请 ${wait} 秒后再试。`, 'password');
    }
    const userId = await checkCredentials(db, b.user, b.password);
    if (!userId) {
      const failures = await recordLoginFailure(db, key, ctx.now());
      await auditWeb(db, { at: ctx.now(), actor: b.user.slice(0, 64), subjectKind: 'session', subjectId: req.ip, action: 'login', outcome: 'refused', detail: `用户名或密码错误（第 ${failures} 次）` });
      throw new HttpError(401, 'unauthenticated', '用户名或密码错误。', 'password');
    }
    await clearLoginFailures(db, key);
    const s = await createSession(db, userId, ctx.now());
    await auditWeb(db, { at: ctx.now(), actor: userId, subjectKind: 'session', subjectId: req.ip, action: 'login', outcome: 'done' });
    setCookie(reply, SESSION_COOKIE, s.token, { secure: isSecure(req, ctx.services.config.publicUrl), maxAgeSeconds: SESSION_HOURS * 3600 });
    return { ok: true as const };
  });

  app.delete('/api/session', {
    config: { public: true },
    schema: { summary: '退出登录：结束本会话', tags: ['会话'], response: { 200: ok, ...errors } },
  }, async (req, reply) => {
    if (req.session) {
      await deleteSession(db, req.session.token);
      await auditWeb(db, { at: ctx.now(), actor: req.user!.id, subjectKind: 'session', subjectId: req.ip, action: 'logout', outcome: 'done' });
    }
    setCookie(reply, SESSION_COOKIE, '', { secure: isSecure(req, ctx.services.config.publicUrl), maxAgeSeconds: 0 });
    return { ok: true as const };
  });

  app.get('/api/directory', {
    schema: {
      summary: '本机关人员名录（界面显示姓名，不显示用户编号）', tags: ['会话'],
      response: { 200: z.object({ users: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })) }), ...errors },
    },
  }, async (req) => {
    requireUser(req);
    return { users: (await listUsers(db)).map((u) => ({ id: u.id, name: u.name, active: u.active })) };
  });
};
