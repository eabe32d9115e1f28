import type { FastifyInstance } from 'fastify';
import { verifyApiKey } from '../../../register/applications';
import { apiKeyScopes, auditWeb } from '../../../register/web';
import type { Services } from '../../context';
import { ApplicationInputError, registerApplication } from '../../services/applications';

/**
 * The portal's intake: `POST /api/applications` with `Authorization: Bearer <API key>` (keys stored hashed
 * in the register). 201 with the registration number; 200 when the portal's externalRef was seen before;
 * 400 naming the field and rule; 401 without a valid key; 403 (logged) for a key without the
 * `applications:intake` scope.
 */
export async function applicationRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.post('/api/applications', async (request, reply) => {
    const auth = request.headers.authorization ?? '';
    const key = /^Bearer\s+(\S+)$/.exec(auth)?.[1];
    const portal = key ? await verifyApiKey(services.db, key) : undefined;
    if (!portal) return reply.code(401).send({ error: 'Unauthorized', message: 'a valid API key is required (Authorization: Bearer ...)' });
    if (!(await apiKeyScopes(services.db, portal)).includes('applications:intake')) {
      await auditWeb(services.db, { at: new Date(), actor: `apikey:${portal}`, subjectKind: 'web', subjectId: '/api/applications', action: 'application.register', outcome: 'refused', detail: 'API key lacks scope applications:intake' });
      return reply.code(403).send({ error: 'forbidden', message: 'API key lacks scope applications:intake' });
    }
    try {
      const r = await registerApplication(services, request.body as never, `api:${portal}`);
      return reply.code(r.created ? 201 : 200).send(r);
    } catch (e) {
      if (e instanceof ApplicationInputError) return reply.code(400).send({ error: 'InvalidInput', message: e.message });
      throw e;
    }
  });
}
