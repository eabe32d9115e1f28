import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, User } from '../../domain/org';
import type { Register } from '../../register/db';
import { getUser } from '../../register/org';
import { verifyApiKey } from '../../register/applications';
import { apiKeyScopes, auditWeb, getSession } from '../../register/web';

export const SESSION_COOKIE = 'gk_session';
/** Double-submit token of the login form (there is no session yet to hold a CSRF token). */
export const LOGIN_COOKIE = 'gk_login';

/** An error that leaves as `{ error, message, field }` (API) or an error page (console) with its status. */
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

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!(k in out)) {
      try {
        out[k] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        // A malformed cookie is ignored.
      }
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds?: number;
}

/** HttpOnly, SameSite=Strict, Path=/; Secure behind TLS. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${o.maxAgeSeconds}`);
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Adds one Set-Cookie: Fastify appends set-cookie values itself (re-sending the earlier ones doubled them). */
export function appendCookie(reply: FastifyReply, cookie: string): void {
  void reply.header('set-cookie', cookie);
}

/** TLS is known from the public URL (a reverse proxy terminates it) or from the connection itself. */
export function isSecure(req: FastifyRequest, publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || req.protocol === 'https';
}

export function equalTokens(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newToken = () => randomBytes(24).toString('base64url');

export const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');
/** The public site (/site/): served like the agency's website, outside the console's sessions and cookies. */
export const isSite = (req: FastifyRequest) => req.url === '/site' || req.url.startsWith('/site/') || req.url.startsWith('/site?');

/**
 * Identifies the caller on every request (session cookie, or `Authorization: Bearer <API key>` on /api)
 * and refuses any POST of a session without its CSRF token. Pages and routes then call `requireUser` /
 * `requireRole`, which refuse with 401/403 and log the refusal.
 */
export function registerAuth(app: FastifyInstance, db: Register, now: () => Date): void {
  app.decorateRequest('user', undefined);
  app.decorateRequest('session', undefined);
  app.decorateRequest('apiKey', undefined);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, out);
  });

  // Who is asking is known before the body is validated, so an anonymous caller gets 401, not a schema error.
  app.addHook('onRequest', async (req) => {
    // The public site never learns who is logged in: a console cookie sent with it is not even looked up.
    if (isSite(req)) return;
    const auth = req.headers.authorization;
    if (isApi(req) && auth?.startsWith('Bearer ')) {
      const name = await verifyApiKey(db, auth.slice('Bearer '.length).trim());
      if (!name) throw new HttpError(401, 'unauthenticated', 'invalid or revoked API key');
      req.apiKey = { name, scopes: await apiKeyScopes(db, name) };
      return; // No cookie is involved: no CSRF to check.
    }
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (token) {
      const s = await getSession(db, token, now());
      const user = s ? await getUser(db, s.userId) : undefined;
      if (s && user?.active) {
        req.user = user;
        req.session = { token, csrf: s.csrf };
      }
    }
  });

  // The token may come in a form field, so this runs once the body is parsed and before it is validated.
  app.addHook('preValidation', async (req) => {
    if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH' && req.method !== 'DELETE') return;
    if (req.url === '/login' || req.url.startsWith('/login?')) return; // checked by the login route (double submit)
    if (!req.session) return; // requireUser answers 401 / the login page
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (req.headers['x-csrf-token'] as string | undefined) ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
    if (!equalTokens(sent, req.session.csrf)) {
      await auditWeb(db, { at: now(), actor: req.user!.id, subjectKind: 'web', subjectId: req.url.split('?')[0], action: `${req.method} ${req.routeOptions.url ?? req.url}`, outcome: 'refused', detail: sent ? 'forged CSRF token' : 'missing CSRF token' });
      throw new HttpError(403, 'csrf', 'CSRF token missing or invalid: reload the page and try again');
    }
  });
}

/** The logged-in user, or 401 (API) / the login page (console). */
export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new HttpError(401, 'unauthenticated', 'login required');
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
    await auditWeb(db, { at: now(), actor: user.id, subjectKind: subject.kind, subjectId: subject.id, action, outcome: 'refused', detail: `requires role ${roles.join('|')}; has ${user.roles.join(',')}` });
    throw new HttpError(403, 'forbidden', `${action}: requires role ${roles.join(' or ')}`);
  }
  return user;
}

/** An API key with `scope`, or a logged-in user with one of `roles`; anything else is refused and logged. */
export async function requireScopeOrRole(req: FastifyRequest, db: Register, now: () => Date, scope: string, roles: readonly Role[], action: string): Promise<{ actor: string; user?: User }> {
  if (req.apiKey) {
    if (!req.apiKey.scopes.includes(scope)) {
      await auditWeb(db, { at: now(), actor: `apikey:${req.apiKey.name}`, subjectKind: 'web', subjectId: req.url.split('?')[0], action, outcome: 'refused', detail: `API key lacks scope ${scope}` });
      throw new HttpError(403, 'forbidden', `API key lacks scope ${scope}`);
    }
    return { actor: `apikey:${req.apiKey.name}` };
  }
  const user = await requireRole(req, db, now, roles, action);
  return { actor: user.id, user };
}
