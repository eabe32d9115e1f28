import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../../domain/org';
import { itemInputSchema, secrecyChecklistSchema } from '../../../domain/review/input';
import { userNames } from '../../../register/org';
import { getReviewVersion, itemAudit, listReviewItems } from '../../../register/review';
import { lineDiffOps } from '../../diff';
import { HttpError, requireRole, requireUser } from '../auth';
import type { Ctx } from '../ctx';
import { BULK_MAX, bulkApprove } from '../bulk';
import { checkDelegation, ITEM_ID, readItem } from '../itemAccess';
import { actResultSchema, auditEntrySchema, errors, idParams, reviewItemRowSchema, reviewStateSchema, wire } from './schemas';

export const reviewActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['claim', 'unclaim']) }),
  z.object({ action: z.literal('approve'), comment: z.string().max(2000).optional(), checklist: secrecyChecklistSchema.optional(), hash: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1).max(2000), to: z.string().optional() }),
  z.object({ action: z.literal('revise'), body: z.string().min(1).max(500_000), title: z.string().trim().min(1).max(200).optional(), comment: z.string().max(2000).optional() }),
  z.object({ action: z.literal('withdraw'), reason: z.string().max(2000).optional() }),
  z.object({ action: z.enum(['reassign', 'delegate']), to: z.string().min(1), reason: z.string().max(2000).optional() }),
  z.object({ action: z.literal('retract'), reason: z.string().trim().min(1).max(2000) }),
]).meta({ id: 'ReviewAction' });
const REVIEW_ROLES: Record<z.infer<typeof reviewActionBody>['action'], Role[]> = {
  claim: ['reviewer'], unclaim: ['reviewer'], approve: ['reviewer'], reject: ['reviewer'], revise: ['author'], withdraw: ['author'],
  reassign: ['supervisor', 'admin'], delegate: ['supervisor', 'admin'], retract: ['supervisor', 'admin'],
};
const itemSubmitBody = itemInputSchema.omit({ author: true }).extend({ section: z.string().min(1).optional() });
const listQuery = z.object({
  scope: z.enum(['mine', 'all']).default('mine').describe('mine：本人提交的；all：全部（督办、管理员）'),
  status: z.enum(['review', 'returned', 'approved', 'published', 'withdrawn', 'retracted']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const diffQuery = z.object({ from: z.coerce.number().int().min(1).max(10_000).describe('旧版本号'), to: z.coerce.number().int().min(1).max(10_000).describe('新版本号') });
const versionSchema = z.object({ version: z.number(), title: z.string(), hash: z.string(), createdBy: z.string(), createdByName: z.string().nullable(), createdAt: z.string() });

/** Items under the three-tier review: list, submit, read, act (claim ... retract), and the diff of two versions. */
export const itemRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;

  app.get('/api/items', {
    schema: {
      summary: '信息列表：本人提交的，或全部（督办、管理员），最近更新的在前', tags: ['信息审核'], querystring: listQuery,
      response: { 200: z.object({ items: z.array(reviewItemRowSchema.extend({ authorName: z.string().nullable() })), total: z.number() }), ...errors },
    },
  }, async (req) => {
    const q = req.query;
    const user = q.scope === 'all' ? await requireRole(req, db, ctx.now, ['supervisor', 'admin'], 'item.list') : requireUser(req);
    const { rows, total } = await listReviewItems(db, { author: q.scope === 'mine' ? user.id : undefined, status: q.status, limit: q.limit, offset: q.offset });
    const names = await userNames(db, rows.map((r) => r.author));
    return { items: rows.map((r) => ({ ...r, authorName: names.get(r.author) ?? null })), total };
  });

  app.post('/api/items', {
    schema: {
      summary: '提交信息送审（拟稿人）；返回其编号', tags: ['信息审核'], body: itemSubmitBody,
      response: { 201: z.object({ id: z.string() }), ...errors },
    },
  }, async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, ['author'], 'item.submit');
    const parsed = itemInputSchema.safeParse({ ...req.body, section: req.body.section ?? user.section ?? undefined, author: user.id });
    if (!parsed.success) throw new HttpError(400, 'bad_request', parsed.error.issues[0].message, parsed.error.issues[0].path.join('.'));
    const id = await ctx.backend.submitItem(parsed.data, user.id);
    return reply.status(201).send({ id });
  });

  app.get('/api/items/:id', {
    schema: {
      summary: '一条信息：登记簿记录、流程状态（版本、审核意见、历史）和审计记录', tags: ['信息审核'], params: idParams,
      response: { 200: z.object({ item: reviewItemRowSchema.nullable(), state: reviewStateSchema.nullable(), audit: z.array(auditEntrySchema) }), ...errors },
    },
  }, async (req) => {
    const { row, state } = await readItem(req, db, ctx.now, req.params.id, (i) => ctx.backend.itemState(i));
    const audit = await itemAudit(db, req.params.id);
    const names = await userNames(db, audit.map((a) => a.actor));
    return { item: row ?? null, state: wire(reviewStateSchema.nullable(), state), audit: audit.map((a) => ({ ...a, actorName: names.get(a.actor) ?? null })) };
  });

  app.get('/api/items/:id/diff', {
    schema: {
      summary: '两个版本正文的逐行对比（too long：正文过长时不比较）', tags: ['信息审核'], params: idParams, querystring: diffQuery,
      response: { 200: z.object({ from: versionSchema, to: versionSchema, tooLong: z.boolean(), lines: z.array(z.object({ op: z.enum(['same', 'del', 'ins']), text: z.string() })) }), ...errors },
    },
  }, async (req) => {
    await readItem(req, db, ctx.now, req.params.id, (i) => ctx.backend.itemState(i));
    const [a, b] = await Promise.all([getReviewVersion(db, req.params.id, req.query.from), getReviewVersion(db, req.params.id, req.query.to)]);
    if (!a) throw new HttpError(404, 'not_found', `没有版本 ${req.query.from}`, 'from');
    if (!b) throw new HttpError(404, 'not_found', `没有版本 ${req.query.to}`, 'to');
    const names = await userNames(db, [a.created_by, b.created_by]);
    const v = (r: typeof a) => ({ version: r.version, title: r.title, hash: r.hash, createdBy: r.created_by, createdByName: names.get(r.created_by) ?? null, createdAt: r.created_at });
    const lines = lineDiffOps(a.body, b.body);
    return { from: v(a), to: v(b), tooLong: !lines, lines: lines ?? [] };
  });

  app.post('/api/items/bulk-approve', {
    schema: {
      summary: '批量审核通过：所选事项须处于同一审核环节、本人可审、该环节无需保密审查；否则一项也不通过（422，逐项记入审计日志）', tags: ['信息审核'],
      body: z.object({ items: z.array(z.string().regex(ITEM_ID, '信息编号')).min(1).max(BULK_MAX) }),
      response: { 200: z.object({ approved: z.number() }), ...errors },
    },
  }, async (req) => {
    const user = await requireRole(req, db, ctx.now, ['reviewer'], 'item.bulkApprove');
    const ids = [...new Set(req.body.items)];
    await bulkApprove(ctx, user, ids);
    return { approved: ids.length };
  });

  app.post('/api/items/:id/actions', {
    schema: {
      summary: '对信息的操作：认领、放回、通过、退回、修改、撤回、转办、委派、撤稿', tags: ['信息审核'], params: idParams, body: reviewActionBody,
      response: { 200: actResultSchema, ...errors },
    },
  }, async (req) => {
    const { id } = req.params;
    const b = req.body;
    const user = await requireRole(req, db, ctx.now, REVIEW_ROLES[b.action], `item.${b.action}`, { kind: 'item', id });
    if (b.action === 'delegate') await checkDelegation(db, ctx.now, user, id, b.to, await ctx.backend.itemState(id));
    return wire(actResultSchema, await ctx.backend.reviewAct(id, user.id, b));
  });
};
