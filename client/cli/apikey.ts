/**
 * `gongkai apikey create NAME [--scope S]... | list | revoke NAME`: the keys a portal uses on /api (Bearer).
 * A key is shown once at creation; the register keeps only its hash. Revoking ends every live key of the name.
 */
import * as os from 'node:os';
import { z } from 'zod';
import { listApiKeys } from '../../register/applications';
import * as admin from '../services/admin';
import { withAdmin, withRegister } from './reviewServices';
import { str, UsageError, type CliIO, type Values } from './io';
import { zodText } from '../zodText';

const { API_SCOPES } = admin;

const createInput = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, '小写字母、数字、. _ -，1–64 位，以字母或数字开头'),
  scopes: z.array(z.enum(API_SCOPES)).min(1, '至少一个 --scope'),
});
const LABELS = { name: '密钥名称（NAME）', scopes: '权限范围（--scope）' };

const actorOf = (v: Values) => str(v, 'as') ?? `os:${os.userInfo().username}`;

async function create(name: string, v: Values, io: CliIO): Promise<number> {
  const parsed = createInput.safeParse({ name, scopes: v.scope ?? [] });
  if (!parsed.success) throw new UsageError(zodText(parsed.error, LABELS));
  return withAdmin(actorOf(v), (l) => io.err(l), async (c) => {
    const { key, scopes } = await admin.createKey(c, parsed.data.name, parsed.data.scopes);
    io.out(v.json ? JSON.stringify({ name: parsed.data.name, key, scopes }) : `${parsed.data.name}  ${key}（只显示这一次）`);
  });
}

async function list(v: Values, io: CliIO): Promise<number> {
  const keys = await withRegister((db) => listApiKeys(db));
  if (v.json) io.out(JSON.stringify(keys));
  else for (const k of keys) io.out(`${k.name}  创建 ${k.createdAt}  ${k.revokedAt ? `已吊销 ${k.revokedAt}` : '有效'}  ${k.scopes.join(',')}`);
  return 0;
}

async function revoke(name: string, v: Values, io: CliIO): Promise<number> {
  return withAdmin(actorOf(v), (l) => io.err(l), async (c) => {
    const n = await admin.revokeKey(c, name);
    io.out(`${name}  已吊销 ${n} 个密钥`);
  });
}


/** One verb of `gongkai apikey` (program.ts declares its operands and options). */
export async function apikeyVerb(verb: string, operands: string[], v: Values, io: CliIO): Promise<number> {
  if (verb === 'create') return create(operands[0], v, io);
  if (verb === 'list') return list(v, io);
  if (verb === 'revoke') return revoke(operands[0], v, io);
  throw new UsageError(`未知命令 apikey ${verb}`);
}
