import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../context';
import type { Mailer } from '../../activities/mail/transport';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { Register } from '../../register/db';
import { csrfRefusal, HttpError, isApi, isSite, registerAuth } from './auth';
import { registerRateLimit } from './rateLimit';
import { backend as makeBackend, type Backend } from './backend';
import { makeCtx } from './ctx';
import { apiPlugin } from './api/plugin';
import { siteRoutes } from './routes/site';
import { codecRoutes } from './routes/codec';
import { payloadKeyring } from '../../config/payloadKeys';
import { consoleApp, CONSOLE_CSP, type AppShell } from './consoleApp';

export interface ServerOptions {
  /** For /healthz: the mail transport the worker uses, when this process runs one. */
  mailer?: Mailer;
  logger?: boolean;
  /** The clock (tests pass a fixed or advancing one); defaults to the system clock. */
  now?: () => Date;
  /** What changes cases; defaults to the workflows through their definitions. */
  backend?: Backend;
}

/** What the app's router may draw: a page address, not the API, the portal, an asset or the health check. */
const isAppPage = (req: FastifyRequest) =>
  (req.method === 'GET' || req.method === 'HEAD') && !isApi(req) && !isSite(req) && !/^\/(assets\/|healthz|codec\/)/.test(req.url);

/**
 * Errors leave as `{ error, message, field }` with their status (validation 400 with the field named); the app
 * shows them where they happened.
 */
function errorShape(app: FastifyInstance, db: Register, now: () => Date): void {
  app.setErrorHandler(async (thrown: Error & { statusCode?: number; code?: string; field?: string; validation?: unknown }, req, reply) => {
    // A path that tries to leave the site directory is answered like any page that is not there.
    const hidden = thrown.code === 'FST_STATIC_FORBIDDEN_PATH' ? new HttpError(404, 'not_found', `没有这个页面：${req.url.split('?')[0].slice(0, 200)}`) : undefined;
    const err: typeof thrown = hidden ?? (await csrfRefusal(db, now, req, thrown)) ?? thrown;
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) app.log.error(err);
    const code = err instanceof HttpError ? err.code : status >= 500 ? 'internal' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    const message = status >= 500 ? '服务器内部错误，请稍后再试' : err.message;
    return reply.status(status).send({ error: code, message, field: err.field });
  });
}

/** An address nobody else answers is a page of the app when it can be one; otherwise 404. */
function notFound(app: FastifyInstance, shell: AppShell): void {
  app.setNotFoundHandler((req, reply) => {
    if (isAppPage(req)) return shell(reply);
    throw new HttpError(404, 'not_found', `没有这个地址：${req.method} ${req.url.split('?')[0].slice(0, 200)}`);
  });
}

export async function buildServer(services: Services, opts: ServerOptions = {}): Promise<FastifyInstance> {
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (off by default; config/index.ts).
  const trustProxy: FastifyServerOptions['trustProxy'] = services.config.trustProxy;
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024, trustProxy });
  const now = opts.now ?? (() => new Date());
  errorShape(app, services.db, now);
  await app.register(helmet, {
    // The console app's policy; the API reference page sets its own.
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where the agency serves it over TLS: on plain http the browser would ignore it, and a test set-up must not pin it.
    strictTransportSecurity: services.config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  await app.register(cookie);
  app.addHook('onSend', async (req, reply, payload) => {
    // Every API answer is for one caller and most hold personal data (users, applicants, drafts): never stored.
    if (isApi(req)) void reply.header('cache-control', 'no-store');
    // The public site's own rule: no cookie is ever set on it, whatever a handler or hook added.
    if (isSite(req)) reply.removeHeader('set-cookie');
    return payload;
  });

  app.get('/healthz', async (_req, reply) => {
    const [temporal, register, mail] = await Promise.all([
      services.temporal.workflowService.getSystemInfo({}).then(() => true, () => false),
      sql`select 1 as ok`.execute(services.db).then(() => true, () => false),
      opts.mailer ? opts.mailer.verify() : Promise.resolve(null),
    ]);
    const ok = temporal && register && mail !== false;
    return reply.status(ok ? 200 : 503).send({ ok, temporal, register, mail, agency: services.config.AGENCY_NAME });
  });

  await registerAuth(app, services.db, now, services.config.publicUrl);
  await registerRateLimit(app, services.db, now);
  const ctx = makeCtx(services, now, opts.backend ?? makeBackend(services));
  let document: () => Record<string, unknown> = () => ({});
  app.decorate('apiDocument', () => document());
  await app.register(apiPlugin, { ctx, expose: (d) => (document = d) });
  await siteRoutes(app, services.config.DATA_DIR, services.config.AGENCY_NAME);
  const c = services.config;
  codecRoutes(app, { db: services.db, keys: payloadKeyring(c), uiOrigin: c.TEMPORAL_UI_URL ?? (c.TEMPORAL_ADDRESS ? undefined : `http://127.0.0.1:${c.TEMPORAL_UI_PORT}`), now });
  // The console app moved from /app/ to the root: old bookmarks still arrive.
  app.get('/app', async (_req, reply) => reply.redirect('/', 301));
  app.get('/app/*', async (req, reply) => reply.redirect(req.url.slice('/app'.length), 301));
  notFound(app, await consoleApp(app));
  return app;
}
