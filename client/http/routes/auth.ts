import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../../../domain/org';
import type { Services } from '../../context';
import { listUsers } from '../../../register/org';
import {
  auditWeb, checkCredentials, clearLoginFailures, createSession, deleteSession, failureKey, listSubstitutes, loginWait, recordLoginFailure, SESSION_HOURS,
} from '../../../register/web';
import { equalTokens, HttpError, isSecure, LOGIN_COOKIE, newToken, requireUser, setCookie, SESSION_COOKIE } from '../auth';
import { csrfField, html, layout } from '../html';
import { addOwnSubstitute, changePassword, passwordChangeSchema, removeOwnSubstitute, substituteSchema, SubstituteError } from '../../services/account';
import { formBody, sendPage } from '../page';

const loginBody = z.object({ user: z.string().trim().min(1, '请输入用户名').max(64), password: z.string().min(1, '请输入密码').max(256), _login: z.string().optional(), next: z.string().optional() });

/** Login attempts from one address (any accounts) per quarter hour. */
export const LOGIN_PER_ADDRESS = 50;
/** Login attempts on one account (from any addresses) per quarter hour. */
export const LOGIN_PER_ACCOUNT = 30;
/** Current-password checks of one account per quarter hour, whatever the backoff between failures allows. */
export const PASSWORD_CHECKS = 20;

/** The fixed window on the current-password check (@fastify/rate-limit), for the console's form and the API. */
export function passwordCheckLimit(app: FastifyInstance): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const limit = app.createRateLimit({ max: PASSWORD_CHECKS, timeWindow: 15 * 60_000, keyGenerator: (req) => `password-check|${req.user?.id ?? req.ip}` });
  return async (req, reply) => {
    const r = await limit(req);
    if (r.isAllowed || !r.isExceeded) return;
    void reply.header('retry-after', String(r.ttlInSeconds));
    throw new HttpError(429, 'rate_limited', `当前密码：核对次数过多，请 ${r.ttlInSeconds} 秒后再试。`, 'current');
  };
}

/** Only same-site paths are followed after login (no open redirect). */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/tasks');

export function authRoutes(app: FastifyInstance, services: Services, now: () => Date): void {
  const { db, config } = services;
  const passwordLimit = passwordCheckLimit(app);

  const loginPage = (token: string, opts: { error?: string; user?: string; next?: string }) =>
    layout({
      title: '登录',
      agency: config.AGENCY_NAME,
      flash: { err: opts.error },
      body: html`<div class="card" style="max-width:420px;margin:40px auto"><h1>登录</h1>
<form method="post" action="/login"><input type="hidden" name="_login" value="${token}"><input type="hidden" name="next" value="${opts.next ?? ''}">
<label for="user">用户名</label><input type="text" id="user" name="user" value="${opts.user ?? ''}" autocomplete="username" required autofocus>
<label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<p><button type="submit">登录</button></p></form></div>`,
    });

  app.get('/login', async (req, reply) => {
    if (req.user) return reply.redirect('/tasks');
    const token = newToken();
    setCookie(reply, LOGIN_COOKIE, token, { secure: isSecure(req, config.publicUrl), maxAgeSeconds: 3600 });
    const next = (req.query as { next?: string }).next;
    return reply.type('text/html; charset=utf-8').send(loginPage(token, { next }));
  });

  // Beside the per-account-and-address backoff below: one address trying many accounts, and one account tried
  // from many addresses, are each held to a number of attempts per quarter hour (@fastify/rate-limit, in the register).
  const quarter = 15 * 60_000;
  const loginLimits = [
    app.createRateLimit({ max: LOGIN_PER_ADDRESS, timeWindow: quarter, keyGenerator: (req) => `login-address|${req.ip}` }),
    app.createRateLimit({ max: LOGIN_PER_ACCOUNT, timeWindow: quarter, keyGenerator: (req) => `login-account|${String((req.body as { user?: unknown } | undefined)?.user ?? '').trim().toLowerCase().slice(0, 64)}` }),
  ];

  app.post('/login', async (req, reply) => {
    const secure = isSecure(req, config.publicUrl);
    const parsed = loginBody.safeParse(req.body ?? {});
    const fresh = newToken();
    const again = (status: number, error: string, user?: string) => {
      setCookie(reply, LOGIN_COOKIE, fresh, { secure, maxAgeSeconds: 3600 });
      return reply.status(status).type('text/html; charset=utf-8').send(loginPage(fresh, { error, user, next: parsed.data?.next }));
    };
    if (!parsed.success) return again(400, parsed.error.issues[0].message);
    const b = parsed.data;
    // Every attempt counts, even one the form token then refuses.
    for (const limit of loginLimits) {
      const r = await limit(req);
      if (!r.isAllowed && r.isExceeded) {
        void reply.header('retry-after', String(r.ttlInSeconds));
        return again(429, `登录尝试过多，请 ${r.ttlInSeconds} 秒后再试。`, b.user);
      }
    }
    // Login CSRF: the form's token must equal the cookie set with the form.
    if (!equalTokens(b._login, req.cookies[LOGIN_COOKIE])) return again(403, '登录表单已失效，请重新登录。');
    const key = failureKey(b.user, req.ip);
    const wait = await loginWait(db, key, now());
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      return again(429, `登录失败次数过多，请 ${wait} 秒后再试。`, b.user);
    }
    const userId = await checkCredentials(db, b.user, b.password);
    if (!userId) {
      const failures = await recordLoginFailure(db, key, now());
      await auditWeb(db, { at: now(), actor: b.user.slice(0, 64), subjectKind: 'session', subjectId: req.ip, action: 'login', outcome: 'refused', detail: `用户名或密码错误（第 ${failures} 次）` });
      return again(401, '用户名或密码错误。', b.user);
    }
    await clearLoginFailures(db, key);
    const s = await createSession(db, userId, now());
    await auditWeb(db, { at: now(), actor: userId, subjectKind: 'session', subjectId: req.ip, action: 'login', outcome: 'done' });
    setCookie(reply, SESSION_COOKIE, s.token, { secure, maxAgeSeconds: SESSION_HOURS * 3600 });
    setCookie(reply, LOGIN_COOKIE, '', { secure, maxAgeSeconds: 0 });
    return reply.redirect(safeNext(b.next), 303);
  });

  app.post('/logout', async (req, reply) => {
    if (req.session) {
      await deleteSession(db, req.session.token);
      await auditWeb(db, { at: now(), actor: req.user!.id, subjectKind: 'session', subjectId: req.ip, action: 'logout', outcome: 'done' });
    }
    setCookie(reply, SESSION_COOKIE, '', { secure: isSecure(req, config.publicUrl), maxAgeSeconds: 0 });
    return reply.redirect('/login', 303);
  });

  const accountPage = async (user: User, csrf: string, flash?: { ok?: string; err?: string }) => {
    const userId = user.id;
    const subs = await listSubstitutes(db, userId);
    const users = (await listUsers(db)).filter((u) => u.active && u.id !== userId);
    return layout({
      title: '个人设置', agency: config.AGENCY_NAME, user, csrf, path: '/account', flash,
      body: html`<h1>个人设置</h1>
<div class="card"><h2>修改密码</h2><form method="post" action="/account/password">${csrfField(csrf)}
<label for="current">当前密码</label><input type="password" id="current" name="current" autocomplete="current-password" required>
<label for="password">新密码（至少 10 位）</label><input type="password" id="password" name="password" autocomplete="new-password" required>
<label for="confirm">再次输入新密码</label><input type="password" id="confirm" name="confirm" autocomplete="new-password" required>
<p><button type="submit">修改密码</button></p></form></div>
<div class="card"><h2>外出代理人</h2>
<table><tr><th>本人</th><th>代理人</th><th>开始</th><th>结束</th><th></th></tr>
${subs.map((s) => html`<tr><td>${s.user_id}</td><td>${s.substitute}</td><td>${s.from_date}</td><td>${s.to_date}</td><td>${s.user_id === userId ? html`<form method="post" action="/account/substitutes/${s.id}/delete" class="inline">${csrfField(csrf)}<button class="secondary">取消</button></form>` : ''}</td></tr>`)}
</table>
<form method="post" action="/account/substitutes">${csrfField(csrf)}
<label for="substitute">代理人</label><select id="substitute" name="substitute">${users.map((u) => html`<option value="${u.id}">${u.name}（${u.id}）</option>`)}</select>
<label for="from">开始日期</label><input type="date" id="from" name="from" required><label for="to">结束日期</label><input type="date" id="to" name="to" required>
<p><button type="submit">指定代理人</button></p></form></div>`,
    });
  };

  app.get('/account', async (req, reply) => {
    const user = requireUser(req);
    return sendPage(reply, await accountPage(user, req.session!.csrf));
  });

  app.post('/account/password', async (req, reply) => {
    const user = requireUser(req);
    const b = formBody(passwordChangeSchema, req.body);
    await passwordLimit(req, reply);
    const r = await changePassword(db, user, b, req.session!.token, now());
    if (r.ok) return sendPage(reply, await accountPage(user, req.session!.csrf, { ok: '密码已修改，其他会话已退出。' }));
    if ('wait' in r) {
      void reply.header('retry-after', String(r.wait));
      return sendPage(reply, await accountPage(user, req.session!.csrf, { err: `当前密码：错误次数过多，请 ${r.wait} 秒后再试。` }), 429);
    }
    return sendPage(reply, await accountPage(user, req.session!.csrf, { err: '当前密码错误。' }), 403);
  });

  app.post('/account/substitutes', async (req, reply) => {
    const user = requireUser(req);
    try {
      await addOwnSubstitute(db, user, formBody(substituteSchema, req.body), now());
    } catch (e) {
      if (e instanceof SubstituteError) throw new HttpError(400, 'bad_request', e.message, e.field);
      throw e;
    }
    return reply.redirect('/account', 303);
  });

  app.post<{ Params: { id: string } }>('/account/substitutes/:id/delete', async (req, reply) => {
    const user = requireUser(req);
    if (!(await removeOwnSubstitute(db, user, req.params.id, now()))) throw new HttpError(404, 'not_found', '没有这条由您指定的代理');
    return reply.redirect('/account', 303);
  });
}
