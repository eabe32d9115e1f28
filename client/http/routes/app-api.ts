import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listUsers } from '../../../register/org';
import { auditWeb, checkCredentials, clearLoginFailures, createSession, deleteSession, failureKey, loginWait, recordLoginFailure, SESSION_HOURS } from '../../../register/web';
import { HttpError, isSecure, requireRole, requireUser, SESSION_COOKIE, setCookie } from '../auth';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS } from './auth';
import type { Ctx } from '../ctx';
import { escalationHistory, monthlyResults } from './app-oversight';
import { formBody } from '../page';

const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const loginBody = z.object({ user: z.string().trim().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(256) });

/**
 * The routes the console app needs that the JSON API does not have yet: a JSON login and logout, the staff
 * directory (the app shows names, never user ids), the dashboard's results by month and the escalations sent.
 */
export function appApiRoutes(app: FastifyInstance, ctx: Ctx): void {
  const { db, config } = ctx.services;
  const now = ctx.now;

  // The same budgets as the console's login form (same keys, same store): one address, many accounts; one account, many addresses.
  const quarter = 15 * 60_000;
  const loginLimits = [
    app.createRateLimit({ max: LOGIN_PER_ADDRESS, timeWindow: quarter, keyGenerator: (req) => `login-address|${req.ip}` }),
    app.createRateLimit({ max: LOGIN_PER_ACCOUNT, timeWindow: quarter, keyGenerator: (req) => `login-account|${String((req.body as { user?: unknown } | undefined)?.user ?? '').trim().toLowerCase().slice(0, 64)}` }),
  ];

  app.post('/api/session', async (req, reply) => {
    // Login CSRF: a cross-site form can send neither JSON nor this header; browsers send Sec-Fetch-Site themselves.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'unsupported_media_type', '请以 JSON 提交登录信息');
    if (req.headers['sec-fetch-site'] === 'cross-site') throw new HttpError(403, 'forbidden', '不接受来自其他网站的登录请求');
    const b = formBody(loginBody, req.body);
    for (const limit of loginLimits) {
      const r = await limit(req);
      if (!r.isAllowed && r.isExceeded) {
        void reply.header('retry-after', String(r.ttlInSeconds));
        throw new HttpError(429, 'rate_limited', `登录尝试过多，请 ${r.ttlInSeconds} 秒后再试。`, 'password');
      }
    }
    const key = failureKey(b.user, req.ip);
    const wait = await loginWait(db, key, now());
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new HttpError(429, 'rate_limited', `登录失败次数过多，请 ${wait} 秒后再试。`, 'password');
    }
    const userId = await checkCredentials(db, b.user, b.password);
    if (!userId) {
      const failures = await recordLoginFailure(db, key, now());
      await auditWeb(db, { at: now(), actor: b.user.slice(0, 64), subjectKind: 'session', subjectId: req.ip, action: 'login', outcome: 'refused', detail: `wrong user or password (${failures})` });
      throw new HttpError(401, 'unauthenticated', '用户名或密码错误。', 'password');
    }
    await clearLoginFailures(db, key);
    const s = await createSession(db, userId, now());
    await auditWeb(db, { at: now(), actor: userId, subjectKind: 'session', subjectId: req.ip, action: 'login', outcome: 'done' });
    setCookie(reply, SESSION_COOKIE, s.token, { secure: isSecure(req, config.publicUrl), maxAgeSeconds: SESSION_HOURS * 3600 });
    return { ok: true };
  });

  app.delete('/api/session', async (req, reply) => {
    if (req.session) {
      await deleteSession(db, req.session.token);
      await auditWeb(db, { at: now(), actor: req.user!.id, subjectKind: 'session', subjectId: req.ip, action: 'logout', outcome: 'done' });
    }
    setCookie(reply, SESSION_COOKIE, '', { secure: isSecure(req, config.publicUrl), maxAgeSeconds: 0 });
    return { ok: true };
  });

  app.get('/api/directory', async (req) => {
    requireUser(req);
    return { users: (await listUsers(db)).map((u) => ({ id: u.id, name: u.name, active: u.active })) };
  });

  const OVERSIGHT = ['supervisor', 'officeHead', 'admin'] as const;
  app.get('/api/app/monthly', async (req) => {
    await requireRole(req, db, now, OVERSIGHT, 'dashboard.read');
    const q = formBody(yearQuery, req.query);
    return { months: await monthlyResults(db, await ctx.calendar(), q.year) };
  });

  app.get('/api/app/escalation-history', async (req) => {
    await requireRole(req, db, now, OVERSIGHT, 'escalations.read');
    return { escalations: await escalationHistory(db) };
  });
}
