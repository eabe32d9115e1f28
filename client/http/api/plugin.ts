import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import { HttpError, LOGIN_REQUIRED } from '../auth';
import type { Ctx } from '../ctx';
import { validatorCompiler } from './validation';
import { sessionRoutes } from './session';
import { itemRoutes } from './items';
import { applicationRoutes } from './applications';
import { oversightRoutes } from './oversight';
import { reportRoutes } from './report';
import { adminRoutes } from './admin';
import { accountRoutes } from './account';

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenAPI document of /api (the API plugin is encapsulated; this reaches it from the root). */
    apiDocument(): Record<string, unknown>;
  }
  interface FastifyContextConfig {
    /** Reachable without a session or key (the document and its reference page). */
    public?: boolean;
  }
}

const zodToJsonConfig = { unrepresentable: 'any' } as const;

/**
 * The JSON API under /api: every route declares its params, query, body and responses in zod, which both
 * validate requests and produce /api/openapi.json (read at /api/docs; `npm run api:types` types the client
 * from it). Registered as one encapsulated plugin, so zod checks only the API; the console's pages keep theirs.
 */
export async function apiPlugin(app: FastifyInstance, opts: { ctx: Ctx; expose: (document: () => Record<string, unknown>) => void }): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongkai API',
        version: '1.0.0',
        description: '政府信息公开工作流程的 JSON 接口。登录后的会话（Cookie gk_session，状态变更请求带 X-CSRF-Token 头，令牌见 GET /api/me），或 Authorization: Bearer <API 密钥>（按权限范围）。错误一律为 { error, message, field }：400 输入有误（message 指明字段和规则），401 未登录，403 无权操作（记入审计日志），404 不存在，409 状态不符，422 不符合规则。',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gk_session' }, apiKey: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ session: [] }],
    },
    transform: createJsonSchemaTransform({ skipList: [], zodToJsonConfig }),
    transformObject: createJsonSchemaTransformObject({ zodToJsonConfig }),
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: false },
    // Its scripts are files of its own ('self'); its components set inline styles, allowed as on the console's pages.
    transformStaticCSP: (header) => header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"),
  });
  opts.expose(() => app.swagger() as unknown as Record<string, unknown>);
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  // Who the caller is was settled on the request (auth.ts); here a route that is not public needs someone.
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config?.public || req.url.startsWith('/api/docs')) return;
    if (!req.user && !req.apiKey) throw new HttpError(401, 'unauthenticated', LOGIN_REQUIRED);
  });

  const routes = { ctx: opts.ctx };
  await app.register(sessionRoutes, routes);
  await app.register(itemRoutes, routes);
  await app.register(applicationRoutes, routes);
  await app.register(oversightRoutes, routes);
  await app.register(reportRoutes, routes);
  await app.register(adminRoutes, routes);
  await app.register(accountRoutes, routes);
}
