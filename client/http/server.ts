import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../context';
import type { Mailer } from '../../activities/mail/transport';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { Register } from '../../register/db';
import { csrfRefusal, HttpError, isApi, isSite, registerAuth } from './auth';
import { registerRateLimit } from './rateLimit';
import { backend as makeBackend, type Backend } from './backend';
import { makeCtx } from './ctx';
import { html, layout } from './html';
import { authRoutes } from './routes/auth';
import { reviewConsole } from './routes/console-review';
import { applicationsConsole } from './routes/console-applications';
import { oversightConsole } from './routes/console-oversight';
import { apiPlugin } from './api/plugin';
import { siteRoutes } from './routes/site';
import { codecRoutes } from './routes/codec';
import { payloadKeyring } from '../../config/payloadKeys';
import { consoleApp } from './consoleApp';

export interface ServerOptions {
  /** For /healthz: the mail transport the worker uses, when this process runs one. */
  mailer?: Mailer;
  logger?: boolean;
  /** The clock (tests pass a fixed or advancing one); defaults to the system clock. */
  now?: () => Date;
  /** What changes cases; defaults to the workflows through their definitions. */
  backend?: Backend;
}

const wantsHtml = (req: FastifyRequest) => !isApi(req) && req.url !== '/healthz';

/**
 * Errors leave the API as `{ error, message, field }` with their status (validation 400 with the field
 * named); the console shows the same as a page. A console request without a session goes to the login page.
 */
function errorShape(app: FastifyInstance, agency: string, db: Register, now: () => Date): void {
  app.setErrorHandler(async (thrown: Error & { statusCode?: number; code?: string; field?: string; validation?: unknown }, req, reply) => {
    // A path that tries to leave the site directory is answered like any page that is not there.
    const hidden = thrown.code === 'FST_STATIC_FORBIDDEN_PATH' ? new HttpError(404, 'not_found', `没有这个页面：${req.url.split('?')[0].slice(0, 200)}`) : undefined;
    const err: typeof thrown = hidden ?? (await csrfRefusal(db, now, req, thrown)) ?? thrown;
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) app.log.error(err);
    const code = err instanceof HttpError ? err.code : status >= 500 ? 'internal' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    const message = status >= 500 ? 'internal error' : err.message;
    if (wantsHtml(req)) {
      if (status === 401 && req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
      const title = { 400: '输入有误', 401: '请先登录', 403: '无权操作', 404: '未找到', 409: '状态已变化', 422: '不符合规则', 429: '请稍后再试' }[status] ?? '出错了';
      const page = layout({
        title, agency, user: req.user, csrf: req.session?.csrf,
        body: html`<h1>${title}</h1><div class="flash err" role="alert" data-status="${status}">${message}</div><p><a href="/tasks">返回我的待办</a></p>`,
      });
      return reply.status(status).type('text/html; charset=utf-8').send(page);
    }
    return reply.status(status).send({ error: code, message, field: err.field });
  });
  app.setNotFoundHandler((req) => {
    throw new HttpError(404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
  });
}

export async function buildServer(services: Services, opts: ServerOptions = {}): Promise<FastifyInstance> {
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (off by default; config/index.ts).
  const trustProxy: FastifyServerOptions['trustProxy'] = services.config.trustProxy;
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024, trustProxy });
  const now = opts.now ?? (() => new Date());
  errorShape(app, services.config.AGENCY_NAME, services.db, now);
  await app.register(helmet, {
    // The console is server-rendered without scripts; pages that need their own policy set it (the API reference page).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'none'"], formAction: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where the agency serves it over TLS: on plain http the browser would ignore it, and a test set-up must not pin it.
    strictTransportSecurity: services.config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
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
  authRoutes(app, services, now);
  reviewConsole(app, ctx);
  applicationsConsole(app, ctx);
  oversightConsole(app, ctx);
  let document: () => Record<string, unknown> = () => ({});
  app.decorate('apiDocument', () => document());
  await app.register(apiPlugin, { ctx, expose: (d) => (document = d) });
  await siteRoutes(app, services.config.DATA_DIR, services.config.AGENCY_NAME);
  const c = services.config;
  codecRoutes(app, { db: services.db, keys: payloadKeyring(c), uiOrigin: c.TEMPORAL_UI_URL ?? (c.TEMPORAL_ADDRESS ? undefined : `http://127.0.0.1:${c.TEMPORAL_UI_PORT}`), now });
  await app.register(consoleApp, { prefix: '/app' }); // the React console, beside the server-rendered one while it moves
  // Each concern registers its routes here.
  return app;
}
