import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, User } from '../../domain/org';
import { apiScopeLabels, auditActionLabels, roleLabels } from '../../domain/dictionary';
import type { Register } from '../../register/db';
import { getUser } from '../../register/org';
import { verifyApiKey } from '../../register/applications';
import { apiKeyScopes, auditWeb, getSession } from '../../register/web';

export const SESSION_COOKIE = 'gk_session';

/** An error that leaves as `{ error, message, field }` with its status. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    session?: { token: string; csrf: string };
    apiKey?: { name: string; scopes: string[] };
  }
}

/** HttpOnly, SameSite=Strict, Path=/; Secure behind TLS; `maxAgeSeconds: 0` deletes it. One Set-Cookie per name and response. */
export function setCookie(reply: FastifyReply, name: string, value: string, o: { secure: boolean; maxAgeSeconds?: number }): void {
  void reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: o.secure, ...(o.maxAgeSeconds === undefined ? {} : { maxAge: o.maxAgeSeconds }) });
}

/** TLS is known from the public URL (a reverse proxy terminates it) or from the connection itself. */
export function isSecure(req: FastifyRequest, publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || req.protocol === 'https';
}

export const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');
/** The public site (/site/): served like the agency's website, outside the console's sessions and cookies. */
export const isSite = (req: FastifyRequest) => req.url === '/site' || req.url.startsWith('/site/') || req.url.startsWith('/site?');

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A browser says where a request comes from: another site's page must not change anything here, whatever
 * cookie it carries. Requests without these headers (scripts, the CLI, old browsers) rely on the CSRF token.
 */
function foreignOrigin(req: FastifyRequest, publicUrl: string): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return undefined;
  const own = new Set([new URL(publicUrl).origin, `${req.protocol}://${req.host}`]);
  return own.has(origin) ? undefined : `Origin: ${origin.slice(0, 100)}`;
}

/**
 * Identifies the caller on every request (session cookie, or `Authorization: Bearer <API key>` on /api) and
 * refuses a state-changing request of a session from another origin or without its CSRF token
 * (@fastify/csrf-protection; the secret is the session itself, so a token is good for that session only).
 * Pages and routes then call `requireUser` / `requireRole`, which refuse with 401/403 and log the refusal.
 */
export async function registerAuth(app: FastifyInstance, db: Register, now: () => Date, publicUrl: string): Promise<void> {
  app.decorateRequest('user', undefined);
  app.decorateRequest('session', undefined);
  app.decorateRequest('apiKey', undefined);
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/cookie', cookieKey: SESSION_COOKIE, getToken: csrfTokenOf });

  // Who is asking is known before the body is validated, so an anonymous caller gets 401, not a schema error.
  app.addHook('onRequest', async (req, reply) => {
    // The public site never learns who is logged in: a console cookie sent with it is not even looked up.
    if (isSite(req)) return;
    const auth = req.headers.authorization;
    if (isApi(req) && auth?.startsWith('Bearer ')) {
      const name = await verifyApiKey(db, auth.slice('Bearer '.length).trim());
      if (!name) throw new HttpError(401, 'unauthenticated', 'API 密钥无效或已吊销');
      req.apiKey = { name, scopes: await apiKeyScopes(db, name) };
      return; // No cookie is involved: no CSRF to check.
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const s = await getSession(db, token, now());
      const user = s ? await getUser(db, s.userId) : undefined;
      if (s && user?.active) {
        req.user = user;
        req.session = { token, csrf: reply.generateCsrf() };
      }
    }
  });

  // After the body is parsed, before it is validated: a refusal for its origin or token comes before a schema error.
  app.addHook('preValidation', (req, reply, done) => {
    if (!MUTATING.has(req.method) || !req.session) return done(); // no session: requireUser answers 401
    // The payload codec changes nothing and answers only the Temporal Web UI's origin (CORS), which sends no token.
    if (req.url.startsWith('/codec/')) return done();
    const foreign = foreignOrigin(req, publicUrl);
    if (foreign) return done(new HttpError(403, 'csrf', `跨站请求已拒绝（${foreign}）`));
    app.csrfProtection(req, reply, done);
  });
}

/** The CSRF token of a request: the X-CSRF-Token header, which the app sends with every change (from GET /api/me). */
function csrfTokenOf(req: FastifyRequest): string | void {
  const header = req.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/** A CSRF refusal, logged with what was attempted. */
export async function csrfRefusal(db: Register, now: () => Date, req: FastifyRequest, err: Error & { code?: string }): Promise<HttpError | undefined> {
  if (!(err instanceof HttpError && err.code === 'csrf') && !err.code?.startsWith('FST_CSRF')) return undefined;
  const detail = err instanceof HttpError ? err.message : csrfTokenOf(req) ? 'forged CSRF token' : 'missing CSRF token';
  await auditWeb(db, { at: now(), actor: req.user?.id ?? 'anonymous', subjectKind: 'web', subjectId: req.url.split('?')[0], action: `${req.method} ${req.routeOptions.url ?? req.url}`, outcome: 'refused', detail });
  return new HttpError(403, 'csrf', err instanceof HttpError ? err.message : 'CSRF 令牌缺失或无效：请刷新页面后重试');
}

export const LOGIN_REQUIRED = '请先登录';
const rolesText = (roles: readonly Role[]) => roles.map((r) => roleLabels[r] ?? r).join('或');

/** The logged-in user, or 401 (the app then shows its login). */
export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new HttpError(401, 'unauthenticated', LOGIN_REQUIRED);
  return req.user;
}

/**
 * The user when they hold one of `roles`; otherwise the refusal is written to audit_log (outcome
 * 'refused') and the request ends with 403. `subject` names what was attempted on.
 */
export async function requireRole(
  req: FastifyRequest,
  db: Register,
  now: () => Date,
  roles: readonly Role[],
  action: string,
  subject: { kind: string; id: string } = { kind: 'web', id: req.url.split('?')[0] },
): Promise<User> {
  const user = requireUser(req);
  if (!roles.some((r) => user.roles.includes(r))) {
    await auditWeb(db, { at: now(), actor: user.id, subjectKind: subject.kind, subjectId: subject.id, action, outcome: 'refused', detail: `需要${rolesText(roles)}角色；本人为${rolesText(user.roles) || '无角色'}` });
    throw new HttpError(403, 'forbidden', `无权操作：${auditActionLabels[action] ? `“${auditActionLabels[action]}”` : '此操作'}需要${rolesText(roles)}角色`);
  }
  return user;
}

/** An API key with `scope`, or a logged-in user with one of `roles`; anything else is refused and logged. */
export async function requireScopeOrRole(req: FastifyRequest, db: Register, now: () => Date, scope: string, roles: readonly Role[], action: string): Promise<{ actor: string; user?: User }> {
  if (req.apiKey) {
    if (!req.apiKey.scopes.includes(scope)) {
      await auditWeb(db, { at: now(), actor: `apikey:${req.apiKey.name}`, subjectKind: 'web', subjectId: req.url.split('?')[0], action, outcome: 'refused', detail: `API 密钥没有“${apiScopeLabels[scope] ?? scope}”权限` });
      throw new HttpError(403, 'forbidden', `API 密钥没有“${apiScopeLabels[scope] ?? scope}”权限`);
    }
    return { actor: `apikey:${req.apiKey.name}` };
  }
  const user = await requireRole(req, db, now, roles, action);
  return { actor: user.id, user };
}
