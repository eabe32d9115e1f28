import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { CODEC_SCOPE, EncryptionCodec, type PayloadKey } from '../../../lib/payloadCodec';
import { verifyApiKey } from '../../../register/applications';
import { apiKeyScopes, auditWeb } from '../../../register/web';
import type { Register } from '../../../register/db';
import { seesPersonalData } from '../../services/applications';

/**
 * Temporal's remote codec protocol, so that an authorised person reads decrypted histories in the Temporal Web UI
 * (which has no login of its own). Histories hold applicants' personal data: like an unmasked case, only the
 * disclosure office (or a key with the `temporal:decode` scope, for a UI that sends no cookie) may read them, and
 * every request is written to the audit log. Cross-origin on purpose: only the configured Web UI may call.
 */
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, '应为 Base64');
const body = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), b64).optional(), data: b64.optional() })).max(1000),
});
type JsonPayload = z.infer<typeof body>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export interface CodecOptions {
  db: Register;
  keys: PayloadKey[] | undefined;
  /** The Web UI's origin (TEMPORAL_UI_URL), the only one CORS lets read an answer. */
  uiOrigin: string | undefined;
  now: () => Date;
}

export function codecRoutes(app: FastifyInstance, o: CodecOptions): void {
  const codec = o.keys ? new EncryptionCodec(o.keys) : undefined;
  const cors = (req: FastifyRequest, reply: FastifyReply) => {
    if (o.uiOrigin && req.headers.origin === o.uiOrigin) {
      void reply.header('access-control-allow-origin', o.uiOrigin).header('access-control-allow-credentials', 'true')
        .header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type, x-namespace').header('vary', 'origin');
    }
  };
  /** Who asks: the session's user if they may see personal data, or a key with the scope; refused and audited otherwise. */
  const caller = async (req: FastifyRequest, key: string | undefined): Promise<string | undefined> => {
    if (key !== undefined) {
      const name = await verifyApiKey(o.db, key);
      return name && (await apiKeyScopes(o.db, name)).includes(CODEC_SCOPE) ? `apikey:${name}` : undefined;
    }
    const user = req.user;
    return user && (seesPersonalData(user) || user.roles.includes('admin')) ? user.id : undefined;
  };
  const handle = (op: 'encode' | 'decode') => async (req: FastifyRequest<{ Params: { key?: string } }>, reply: FastifyReply) => {
    cors(req, reply);
    const actor = await caller(req, req.params.key);
    const audit = (outcome: 'done' | 'refused', detail: string) => auditWeb(o.db, {
      at: o.now(), actor: actor ?? (req.user?.id ?? 'anonymous'), subjectKind: 'temporal', subjectId: String(req.headers['x-namespace'] ?? 'default'),
      action: `temporal.payloads.${op}`, outcome, detail,
    });
    if (!actor) {
      await audit('refused', '无权解密工作流历史');
      return reply.status(403).send({ error: 'forbidden', message: '仅政务公开办公室（或具有 temporal:decode 权限的密钥）可查看工作流历史中的个人信息' });
    }
    const parsed = body.safeParse(req.body);
    if (!parsed.success) return reply.status(400).send({ error: 'bad_request', message: `payloads：${parsed.error.issues[0].message}`, field: 'payloads' });
    const payloads = parsed.data.payloads.map(fromJson);
    const out = codec ? await codec[op](payloads).catch((e: Error) => e) : payloads;
    if (out instanceof Error) {
      await audit('refused', out.message);
      return reply.status(422).send({ error: 'undecodable', message: out.message });
    }
    await audit('done', `${payloads.length} 个载荷`);
    return reply.send({ payloads: out.map(toJson) });
  };
  for (const prefix of ['/codec', '/codec/:key']) {
    for (const op of ['encode', 'decode'] as const) {
      app.post(`${prefix}/${op}`, handle(op));
      app.options(`${prefix}/${op}`, async (req, reply) => {
        cors(req, reply);
        return reply.status(204).send();
      });
    }
  }
}
