import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organisationFile, roles } from '../../../domain/org';
import { policySchema } from '../../../domain/review/policy';
import { listApiKeys } from '../../../register/applications';
import { listGroups, listUsers } from '../../../register/org';
import { listReviewPolicies, seedReviewPolicies } from '../../../register/review';
import * as admin from '../../services/admin';
import { requireRole } from '../auth';
import type { Ctx } from '../ctx';
import { asHttp } from '../failures';
import { calendarRoutes } from './calendar';
import { errors, userSchema } from './schemas';

const userShape = organisationFile.shape.users.element;
const newUser = userShape.pick({ id: true, name: true, email: true, section: true, roles: true, groups: true });
const userEdit = z.object({
  name: z.string().trim().min(1).max(100).optional(), email: z.email().optional(), section: z.string().min(1).max(100).nullable().optional(),
  roles: z.array(z.enum(roles)).min(1).optional(), groups: z.array(z.string().min(1).max(64)).optional(),
}).refine((p) => Object.values(p).some((v) => v !== undefined), { message: '至少修改一项' });
const userParams = z.object({ id: z.string().min(1).max(64).describe('用户名') });
const keyParams = z.object({ name: z.string().min(1).max(64).describe('密钥名称') });
const scopes = z.array(z.enum(admin.API_SCOPES)).min(1).describe('权限范围');
const newKey = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, '小写字母、数字、. _ -，1–64 位，以字母或数字开头'), scopes });
const passwordOnce = z.object({ id: z.string(), password: z.string().describe('初始或新密码，只显示这一次') });
const ok = z.object({ ok: z.literal(true) });

/** A refusal of the administration service as the API answers it (http/failures.ts). */
const service = asHttp;

/** Administration (admin role): users, groups, review policies, API keys and, in calendar.ts, the working-day calendar. */
export const adminRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;
  const as = async (req: Parameters<typeof requireRole>[0], action: string, subject?: { kind: string; id: string }) => {
    const user = await requireRole(req, db, ctx.now, ['admin'], action, subject);
    return { db, actor: user.id, now: ctx.now() };
  };

  app.get('/api/admin/users', {
    schema: { summary: '用户（含停用的）', tags: ['管理'], response: { 200: z.object({ users: z.array(userSchema) }), ...errors } },
  }, async (req) => {
    await as(req, 'user.list');
    return { users: await listUsers(db) };
  });

  app.get('/api/admin/groups', {
    schema: { summary: '分组及其成员', tags: ['管理'], response: { 200: z.object({ groups: z.array(z.object({ id: z.string(), name: z.string(), members: z.array(z.object({ id: z.string(), name: z.string() })) })) }), ...errors } },
  }, async (req) => {
    await as(req, 'group.list');
    const [groups, users] = await Promise.all([listGroups(db), listUsers(db)]);
    return { groups: groups.map((g) => ({ ...g, members: users.filter((u) => u.groups.includes(g.id)).map((u) => ({ id: u.id, name: u.name })) })) };
  });

  app.post('/api/admin/users', {
    schema: { summary: '新建用户：返回一次性的初始密码', tags: ['管理'], body: newUser, response: { 201: passwordOnce, ...errors } },
  }, async (req, reply) => {
    const c = await as(req, 'user.add', { kind: 'user', id: req.body.id });
    return reply.status(201).send(await service(() => admin.createUser(c, req.body)));
  });

  app.post('/api/admin/users/:id', {
    schema: { summary: '修改用户的姓名、电子邮箱、科室、角色、分组', tags: ['管理'], params: userParams, body: userEdit, response: { 200: z.object({ user: userSchema }), ...errors } },
  }, async (req) => {
    const c = await as(req, 'user.edit', { kind: 'user', id: req.params.id });
    await service(() => admin.editUser(c, req.params.id, req.body));
    return { user: (await listUsers(db)).find((u) => u.id === req.params.id)! };
  });

  app.post('/api/admin/users/:id/disable', {
    schema: { summary: '停用用户（其会话全部结束）', tags: ['管理'], params: userParams, body: z.object({}), response: { 200: ok, ...errors } },
  }, async (req) => {
    const c = await as(req, 'user.disable', { kind: 'user', id: req.params.id });
    await service(() => admin.disable(c, req.params.id));
    return { ok: true as const };
  });

  app.post('/api/admin/users/:id/reset-password', {
    schema: { summary: '重置密码：返回一次性的新密码，其会话全部结束', tags: ['管理'], params: userParams, body: z.object({}), response: { 200: passwordOnce, ...errors } },
  }, async (req) => {
    const c = await as(req, 'user.reset-password', { kind: 'user', id: req.params.id });
    return service(() => admin.resetPassword(c, req.params.id));
  });

  app.get('/api/admin/settings', {
    schema: {
      summary: '本机关的设置：机关名称，答复书告知的行政复议机关和人民法院（未设置时为 null）', tags: ['管理'],
      response: { 200: z.object({ agency: z.string(), reviewAuthority: z.string().nullable(), court: z.string().nullable() }), ...errors },
    },
  }, async (req) => {
    await as(req, 'settings.read');
    const c = ctx.services.config;
    return { agency: c.AGENCY_NAME, reviewAuthority: c.REVIEW_AUTHORITY ?? null, court: c.COURT ?? null };
  });

  app.get('/api/admin/policies', {
    schema: { summary: '各类别的审核策略（尚未设置的类别为默认策略）', tags: ['管理'], response: { 200: z.object({ policies: z.array(z.object({ policy: policySchema, updatedBy: z.string(), updatedAt: z.string() })) }), ...errors } },
  }, async (req) => {
    await as(req, 'policy.list');
    // As the CLI's `item policy list`: every category is listed, those nobody set yet with the defaults.
    await seedReviewPolicies(db, ctx.now().toISOString());
    return { policies: await listReviewPolicies(db) };
  });

  app.post('/api/admin/policies', {
    schema: { summary: '设置一个类别的审核策略（新提交的信息适用；记入审计日志，含修改前后）', tags: ['管理'], body: policySchema, response: { 200: ok, ...errors } },
  }, async (req) => {
    const c = await as(req, 'policy.set', { kind: 'review-policy', id: req.body.category });
    await admin.setPolicy(c, req.body);
    return { ok: true as const };
  });

  app.get('/api/admin/apikeys', {
    schema: { summary: 'API 密钥（只有名称、时间和权限范围；密钥本身不保存）', tags: ['管理'], response: { 200: z.object({ keys: z.array(z.object({ name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), scopes: z.array(z.string()) })) }), ...errors } },
  }, async (req) => {
    await as(req, 'apikey.list');
    return { keys: await listApiKeys(db) };
  });

  app.post('/api/admin/apikeys', {
    schema: { summary: '新建 API 密钥：密钥只返回这一次', tags: ['管理'], body: newKey, response: { 201: z.object({ name: z.string(), key: z.string(), scopes: z.array(z.string()) }), ...errors } },
  }, async (req, reply) => {
    const c = await as(req, 'apikey.create', { kind: 'apikey', id: req.body.name });
    return reply.status(201).send(await service(() => admin.createKey(c, req.body.name, req.body.scopes)));
  });

  app.post('/api/admin/apikeys/:name/revoke', {
    schema: { summary: '吊销该名称的全部有效密钥', tags: ['管理'], params: keyParams, body: z.object({}), response: { 200: z.object({ revoked: z.number() }), ...errors } },
  }, async (req) => {
    const c = await as(req, 'apikey.revoke', { kind: 'apikey', id: req.params.name });
    return { revoked: await service(() => admin.revokeKey(c, req.params.name)) };
  });

  app.post('/api/admin/apikeys/:name/scopes', {
    schema: { summary: '设置密钥的权限范围', tags: ['管理'], params: keyParams, body: z.object({ scopes }), response: { 200: ok, ...errors } },
  }, async (req) => {
    const c = await as(req, 'apikey.scopes', { kind: 'apikey', id: req.params.name });
    await service(() => admin.setKeyScopes(c, req.params.name, req.body.scopes));
    return { ok: true as const };
  });

  await app.register(calendarRoutes, { ctx });
};
