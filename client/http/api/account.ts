import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userNames } from '../../../register/org';
import { listSubstitutes } from '../../../register/web';
import { addOwnSubstitute, changePassword, passwordChangeSchema, removeOwnSubstitute, substituteSchema, SubstituteError } from '../../services/account';
import { HttpError, requireUser } from '../auth';
import type { Ctx } from '../ctx';
import { passwordCheckLimit } from '../rateLimit';
import { errors } from './schemas';

const substituteRow = z.object({
  id: z.string(), userId: z.string(), userName: z.string().nullable(), substitute: z.string(), substituteName: z.string().nullable(), from: z.string(), to: z.string(),
});

/** One's own account: the password change (current password checked and rate limited) and 外出代理人. */
export const accountRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;
  const passwordLimit = passwordCheckLimit(app);

  app.post('/api/account/password', {
    schema: {
      summary: '修改本人密码：核对当前密码（错误后逐次延长等待，每 15 分钟至多 20 次）；成功后本人的其他会话退出', tags: ['个人设置'],
      body: passwordChangeSchema, response: { 200: z.object({ ok: z.literal(true) }), 429: errors[400], ...errors },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    await passwordLimit(req, reply);
    const r = await changePassword(db, user, req.body, req.session?.token ?? '', ctx.now());
    if (r.ok) return { ok: true as const };
    if ('wait' in r) {
      void reply.header('retry-after', String(r.wait));
      throw new HttpError(429, 'rate_limited', `当前密码：错误次数过多，请 ${r.wait} 秒后再试。`, 'current');
    }
    throw new HttpError(403, 'forbidden', '当前密码错误。', 'current');
  });

  app.get('/api/account/substitutes', {
    schema: { summary: '本人指定的和为本人代理的外出代理', tags: ['个人设置'], response: { 200: z.object({ substitutes: z.array(substituteRow) }), ...errors } },
  }, async (req) => {
    const user = requireUser(req);
    const rows = await listSubstitutes(db, user.id);
    const names = await userNames(db, rows.flatMap((r) => [r.user_id, r.substitute]));
    return {
      substitutes: rows.map((r) => ({
        id: r.id, userId: r.user_id, userName: names.get(r.user_id) ?? null, substitute: r.substitute, substituteName: names.get(r.substitute) ?? null, from: r.from_date, to: r.to_date,
      })),
    };
  });

  app.post('/api/account/substitutes', {
    schema: { summary: '指定外出代理人：期间内本人的审核任务也出现在代理人的待办中', tags: ['个人设置'], body: substituteSchema, response: { 201: z.object({ id: z.string() }), ...errors } },
  }, async (req, reply) => {
    const user = requireUser(req);
    try {
      return reply.status(201).send({ id: await addOwnSubstitute(db, user, req.body, ctx.now()) });
    } catch (e) {
      if (e instanceof SubstituteError) throw new HttpError(400, 'bad_request', e.message, e.field);
      throw e;
    }
  });

  app.delete('/api/account/substitutes/:id', {
    schema: { summary: '取消本人指定的代理', tags: ['个人设置'], params: z.object({ id: z.string().min(1).max(64) }), response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
  }, async (req) => {
    const user = requireUser(req);
    if (!(await removeOwnSubstitute(db, user, req.params.id, ctx.now()))) throw new HttpError(404, 'not_found', '没有这条由您指定的代理');
    return { ok: true as const };
  });
};
