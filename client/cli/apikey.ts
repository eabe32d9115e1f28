/**
 * `gongkai apikey create NAME [--scope S]... | list | revoke NAME`: the keys a portal uses on /api (Bearer).
 * A key is shown once at creation; the register keeps only its hash. Revoking ends every live key of the name.
 */
import * as os from 'node:os';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../register/applications';
import { auditWeb, grantApiScope } from '../../register/web';
import { withRegister } from './reviewServices';
import { str, UsageError, type CliIO, type Values } from './io';
import { zodText } from '../zodText';
import { API_SCOPES } from '../services/admin';


const createInput = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, '小写字母、数字、. _ -，1–64 位，以字母或数字开头'),
  scopes: z.array(z.enum(API_SCOPES)).min(1, '至少一个 --scope'),
});
const LABELS = { name: '密钥名称（NAME）', scopes: '权限范围（--scope）' };

const actorOf = (v: Values) => str(v, 'as') ?? `os:${os.userInfo().username}`;

async function create(name: string, v: Values, io: CliIO): Promise<number> {
  const parsed = createInput.safeParse({ name, scopes: v.scope ?? [] });
  if (!parsed.success) throw new UsageError(zodText(parsed.error, LABELS));
  return withRegister(async (db) => {
    const at = new Date();
    const key = await createApiKey(db, parsed.data.name, at.toISOString());
    for (const s of parsed.data.scopes) await grantApiScope(db, parsed.data.name, s);
    await auditWeb(db, { at, actor: actorOf(v), subjectKind: 'apikey', subjectId: parsed.data.name, action: 'apikey.create', outcome: 'done', detail: parsed.data.scopes.join(',') });
    io.out(v.json ? JSON.stringify({ name: parsed.data.name, key, scopes: parsed.data.scopes }) : `${parsed.data.name}  ${key}（只显示这一次）`);
    return 0;
  });
}

async function list(v: Values, io: CliIO): Promise<number> {
  const keys = await withRegister((db) => listApiKeys(db));
  if (v.json) io.out(JSON.stringify(keys));
  else for (const k of keys) io.out(`${k.name}  创建 ${k.createdAt}  ${k.revokedAt ? `已吊销 ${k.revokedAt}` : '有效'}  ${k.scopes.join(',')}`);
  return 0;
}

async function revoke(name: string, v: Values, io: CliIO): Promise<number> {
  return withRegister(async (db) => {
    const at = new Date();
    const n = await revokeApiKey(db, name, at.toISOString());
    if (!n) {
      io.err(`refused: 没有名为 ${name} 的有效密钥`);
      return 1;
    }
    await auditWeb(db, { at, actor: actorOf(v), subjectKind: 'apikey', subjectId: name, action: 'apikey.revoke', outcome: 'done', detail: `${n} key(s)` });
    io.out(`${name}  已吊销 ${n} 个密钥`);
    return 0;
  });
}

/** One verb of `gongkai apikey` (program.ts declares its operands and options). */
export async function apikeyVerb(verb: string, operands: string[], v: Values, io: CliIO): Promise<number> {
  if (verb === 'create') return create(operands[0], v, io);
  if (verb === 'list') return list(v, io);
  if (verb === 'revoke') return revoke(operands[0], v, io);
  throw new UsageError(`未知命令 apikey ${verb}`);
}
