import type { FastifyInstance } from 'fastify';
import { verifyApiKey } from '../../../register/applications';
import { apiKeyScopes, auditWeb, countInWindow } from '../../../register/web';
import type { Services } from '../../context';
import { ApplicationConflictError, ApplicationInputError, registerApplication } from '../../services/applications';

/**
 * Requests one API key may make per minute (finding 6). A portal forwards people's applications one by one;
 * a key sending more is broken or stolen, and each accepted request starts a workflow and a statutory clock.
 */
export const INTAKE_PER_MINUTE = 30;

/**
 * The portal's intake: `POST /api/applications` with `Authorization: Bearer <API key>` (keys stored hashed
 * in the register). 201 with the registration number; 200 when the key's externalRef was seen before with the
 * same request; 409 when it was seen with another; 400 naming the field and rule; 401 without a valid key;
 * 403 (logged) for a key without the `applications:intake` scope; 429 past INTAKE_PER_MINUTE.
 */
export async function applicationRoutes(app: FastifyInstance, services: Services, now: () => Date = () => new Date()): Promise<void> {
  app.post('/api/applications', async (request, reply) => {
    const auth = request.headers.authorization ?? '';
    const key = /^Bearer\s+(\S+)$/.exec(auth)?.[1];
    const portal = key ? await verifyApiKey(services.db, key) : undefined;
    if (!portal) return reply.code(401).send({ error: 'Unauthorized', message: 'a valid API key is required (Authorization: Bearer ...)' });
    if (!(await apiKeyScopes(services.db, portal)).includes('applications:intake')) {
      await auditWeb(services.db, { at: now(), actor: `apikey:${portal}`, subjectKind: 'web', subjectId: '/api/applications', action: 'application.register', outcome: 'refused', detail: 'API key lacks scope applications:intake' });
      return reply.code(403).send({ error: 'forbidden', message: 'API key lacks scope applications:intake' });
    }
    const { count, resetSeconds } = await countInWindow(services.db, `intake|${portal}`, now(), 60);
    if (count > INTAKE_PER_MINUTE) {
      // Logged once per window, not per refused request: a flood must not flood the audit trail too.
      if (count === INTAKE_PER_MINUTE + 1) {
        await auditWeb(services.db, { at: now(), actor: `apikey:${portal}`, subjectKind: 'web', subjectId: '/api/applications', action: 'application.register', outcome: 'refused', detail: `rate limited: more than ${INTAKE_PER_MINUTE} per minute` });
      }
      void reply.header('retry-after', String(resetSeconds));
      return reply.code(429).send({ error: 'rate_limited', message: `API 密钥 ${portal}：每分钟最多提交 ${INTAKE_PER_MINUTE} 次，请 ${resetSeconds} 秒后再试` });
    }
    try {
      const r = await registerApplication(services, request.body as never, `api:${portal}`);
      return reply.code(r.created ? 201 : 200).send(r);
    } catch (e) {
      if (e instanceof ApplicationInputError) return reply.code(400).send({ error: 'InvalidInput', message: e.message });
      if (e instanceof ApplicationConflictError) return reply.code(409).send({ error: 'conflict', message: e.message, field: e.field });
      throw e;
    }
  });
}
