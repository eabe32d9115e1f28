import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../../domain/org';
import { itemInputSchema, secrecyChecklistSchema } from '../../../domain/review/input';
import { getApplication, applicationEvents } from '../../../register/applications';
import { itemAudit, reviewQueue } from '../../../register/review';
import { HttpError, requireRole, requireScopeOrRole, requireUser } from '../auth';
import type { Ctx } from '../ctx';
import { maskedRow, seesPersonalData } from '../../services/applications';
import { auditWeb } from '../../../register/web';
import { checkDelegation, readItem } from '../itemAccess';
import { dueKind } from '../due';
import { formBody } from '../page';
import { APPLICATION_READERS, applicationAction, applicationActionBodies, applicationActionRoles, applicationFilter, queryApplications, type ApplicationAction } from './console-applications';
import { dashboardData } from './console-oversight';

/** One documented route: the OpenAPI document is built from this table, so it cannot drift from the code. */
interface ApiRoute {
  method: 'GET' | 'POST';
  url: string;
  summary: string;
  roles?: Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

const reviewActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['claim', 'unclaim']) }),
  z.object({ action: z.literal('approve'), comment: z.string().max(2000).optional(), checklist: secrecyChecklistSchema.optional(), hash: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1).max(2000), to: z.string().optional() }),
  z.object({ action: z.literal('revise'), body: z.string().min(1).max(500_000), title: z.string().trim().min(1).max(200).optional(), comment: z.string().max(2000).optional() }),
  z.object({ action: z.literal('withdraw'), reason: z.string().max(2000).optional() }),
  z.object({ action: z.enum(['reassign', 'delegate']), to: z.string().min(1), reason: z.string().max(2000).optional() }),
  z.object({ action: z.literal('retract'), reason: z.string().trim().min(1).max(2000) }),
]);
const REVIEW_ROLES: Record<string, Role[]> = {
  claim: ['reviewer'], unclaim: ['reviewer'], approve: ['reviewer'], reject: ['reviewer'], revise: ['author'], withdraw: ['author'],
  reassign: ['supervisor', 'admin'], delegate: ['supervisor', 'admin'], retract: ['supervisor', 'admin'],
};
const itemSubmitBody = itemInputSchema.omit({ author: true }).extend({ section: z.string().min(1).optional() });
const auditQuery = z.object({ kind: z.string().max(40).optional(), subject: z.string().max(200).optional(), outcome: z.enum(['done', 'refused']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) });
const calendarQuery = z.object({ from: z.iso.date(), workdays: z.coerce.number().int().min(0).max(400) });

export function apiRoutes(app: FastifyInstance, ctx: Ctx): void {
  const { db } = ctx.services;
  const routes: ApiRoute[] = [
    {
      method: 'GET', url: '/api/me', summary: 'The logged-in user',
      handler: async (req) => ({ user: requireUser(req), csrf: req.session?.csrf }),
    },
    {
      method: 'GET', url: '/api/tasks', summary: "The user's open review tasks, soonest due first, with due tiers",
      handler: async (req) => {
        const user = requireUser(req);
        const cal = await ctx.calendar();
        return { tasks: (await reviewQueue(db, user)).map((t) => ({ ...t, dueTier: dueKind(t.due, ctx.now(), cal) })) };
      },
    },
    {
      method: 'POST', url: '/api/items', summary: 'Submit an item for review (author); 201 with its id', roles: ['author'], body: itemSubmitBody,
      handler: async (req, reply) => {
        const user = requireUser(req);
        const b = formBody(itemSubmitBody, req.body);
        const item = formBody(itemInputSchema, { ...b, section: b.section ?? user.section ?? undefined, author: user.id });
        const id = await ctx.backend.submitItem(item, user.id);
        return reply.status(201).send({ id });
      },
    },
    {
      method: 'GET', url: '/api/items/:id', summary: 'An item: register row, workflow state (versions, approvals, history), audit',
      handler: async (req) => {
        const id = (req.params as { id: string }).id;
        const { row: item, state } = await readItem(req, db, ctx.now, id, (i) => ctx.backend.itemState(i));
        return { item, state, audit: await itemAudit(db, id) };
      },
    },
    {
      method: 'POST', url: '/api/items/:id/actions', summary: 'Act on an item: claim, unclaim, approve, reject, revise, withdraw, reassign, delegate, retract', body: reviewActionBody,
      handler: async (req) => {
        const id = (req.params as { id: string }).id;
        const b = formBody(reviewActionBody, req.body);
        const user = await requireRole(req, db, ctx.now, REVIEW_ROLES[b.action], `item.${b.action}`, { kind: 'item', id });
        if (b.action === 'delegate') await checkDelegation(db, ctx.now, user, id, b.to, await ctx.backend.itemState(id));
        return ctx.backend.reviewAct(id, user.id, b);
      },
    },
    {
      method: 'GET', url: '/api/applications', summary: 'Applications with filters (status, handler, dueBefore, applicant, outcome) and paging', roles: APPLICATION_READERS, query: applicationFilter,
      handler: async (req) => {
        // The portal may read the list with an API key holding `applications:read`.
        await requireScopeOrRole(req, db, ctx.now, 'applications:read', APPLICATION_READERS, 'application.list');
        const f = formBody(applicationFilter, req.query);
        return queryApplications(ctx, f);
      },
    },
    {
      method: 'GET', url: '/api/applications/:id', summary: 'An application: register row, events, workflow state with the clock and its explanation', roles: APPLICATION_READERS,
      handler: async (req) => {
        const id = (req.params as { id: string }).id;
        const user = await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.read', { kind: 'application', id });
        const row = await getApplication(db, id);
        if (!row) throw new HttpError(404, 'not_found', `no application ${id}`);
        const [events, state] = await Promise.all([applicationEvents(db, id), ctx.backend.applicationState(id)]);
        if (!seesPersonalData(user)) return { application: maskedRow(row), events, state };
        // Who saw an applicant's identity and contacts, and when (个人信息保护法 第五十一条: access is controlled and traceable).
        await auditWeb(db, { at: ctx.now(), actor: user.id, subjectKind: 'application', subjectId: id, action: 'application.read.unmasked', outcome: 'done' });
        return { application: row, events, state };
      },
    },
    ...(Object.keys(applicationActionBodies) as ApplicationAction[]).map((action): ApiRoute => ({
      method: 'POST', url: `/api/applications/:id/${action}`, summary: `Application action: ${action}`, roles: applicationActionRoles[action], body: applicationActionBodies[action],
      handler: async (req) => {
        const id = (req.params as { id: string }).id;
        const user = await requireRole(req, db, ctx.now, applicationActionRoles[action], `application.${action}`, { kind: 'application', id });
        if (!(await getApplication(db, id))) throw new HttpError(404, 'not_found', `no application ${id}`);
        await applicationAction(ctx, id, user.id, action, req.body);
        return { ok: true, state: await ctx.backend.applicationState(id) };
      },
    })),
    {
      method: 'GET', url: '/api/dashboard', summary: 'Supervisor figures: open work by due tier per stage and handler, on-time rate', roles: ['supervisor', 'officeHead', 'admin'],
      handler: async (req) => {
        await requireRole(req, db, ctx.now, ['supervisor', 'officeHead', 'admin'], 'dashboard.read');
        const d = await dashboardData(ctx);
        return { ...d, byStage: Object.fromEntries(d.byStage), byHandler: Object.fromEntries(d.byHandler) };
      },
    },
    {
      method: 'GET', url: '/api/audit', summary: 'The audit trail, newest first (supervisor, admin)', roles: ['supervisor', 'admin'], query: auditQuery,
      handler: async (req) => {
        await requireRole(req, db, ctx.now, ['supervisor', 'admin'], 'audit.read');
        const q = formBody(auditQuery, req.query);
        let s = db.selectFrom('audit_log').selectAll();
        if (q.kind) s = s.where('subject_kind', '=', q.kind);
        if (q.subject) s = s.where('subject_id', '=', q.subject);
        if (q.outcome) s = s.where('outcome', '=', q.outcome);
        return { entries: await s.orderBy('at', 'desc').limit(q.limit).execute() };
      },
    },
    {
      method: 'GET', url: '/api/calendar/add-workdays', summary: 'The n-th working day after a date, on the agency calendar', query: calendarQuery,
      handler: async (req) => {
        requireUser(req);
        const q = formBody(calendarQuery, req.query);
        const cal = await ctx.calendar();
        try {
          return { ...cal.addWorkdays(q.from, q.workdays), calendarVersion: cal.version };
        } catch (e) {
          // A date outside the years the calendar covers is the caller's input, not a server fault.
          if (e instanceof RangeError) throw new HttpError(400, 'bad_request', `from：${e.message}`, 'from');
          throw e;
        }
      },
    },
  ];

  for (const r of routes) app.route({ method: r.method, url: r.url, handler: r.handler });

  const doc = {
    openapi: '3.1.0',
    info: { title: 'Gongkai API', version: '0.1.0', description: 'Errors: { error, message, field } with 400 bad input, 401, 403, 404, 409 wrong stage or stale, 422 rule violated. Session cookie + X-CSRF-Token header, or Authorization: Bearer <API key> where a scope allows.' },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gk_session' }, apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } }, required: ['error', 'message'] } },
    },
    paths: {} as Record<string, Record<string, unknown>>,
  };
  const errors = Object.fromEntries(['400', '401', '403', '404', '409', '422'].map((c) => [c, { description: c, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const params = [...r.url.matchAll(/:(\w+)/g)].map((mt) => ({ name: mt[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = r.query ? Object.entries((z.toJSONSchema(r.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })) : [];
    doc.paths[path] ??= {};
    doc.paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      ...(r.roles ? { 'x-roles': r.roles } : {}),
      security: [{ session: [] }],
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: { 200: { description: 'OK' }, ...errors },
    };
  }
  app.get('/api/openapi.json', async () => doc);
}

/** Routes registered by other modules (applications intake ...) can add themselves to the document later. */
export type { ApiRoute };
