import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../context';
import type { Mailer } from '../../activities/mail/transport';

export interface ServerOptions {
  /** For /healthz: the mail transport the worker uses, when this process runs one. */
  mailer?: Mailer;
  logger?: boolean;
}

/** Errors leave the API as `{ error, message, field }`; validation failures are 400 with the field named. */
function errorShape(app: FastifyInstance): void {
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; field?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) app.log.error(err);
    void reply.status(status).send({
      error: err.code ?? (status >= 500 ? 'internal' : 'bad_request'),
      message: status >= 500 ? 'internal error' : err.message,
      field: err.field,
    });
  });
}

export async function buildServer(services: Services, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024 });
  errorShape(app);

  app.get('/healthz', async (_req, reply) => {
    const [temporal, register, mail] = await Promise.all([
      services.temporal.workflowService.getSystemInfo({}).then(() => true, () => false),
      sql`select 1 as ok`.execute(services.db).then(() => true, () => false),
      opts.mailer ? opts.mailer.verify() : Promise.resolve(null),
    ]);
    const ok = temporal && register && mail !== false;
    return reply.status(ok ? 200 : 503).send({ ok, temporal, register, mail, agency: services.config.AGENCY_NAME });
  });

  // Each concern registers its routes here.
  return app;
}
