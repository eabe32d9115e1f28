/**
 * Administration as the API does it (users, API keys, review policies), each change audited with who made it.
 * A new or reset password is random and returned once: the administrator hands it over, the user changes it.
 */
import { randomBytes } from 'node:crypto';
import { Failure } from '../../domain/failures';
import type { Role } from '../../domain/org';
import type { ReviewPolicy } from '../../domain/review/policy';
import { createApiKey, listApiKeys, revokeApiKey } from '../../register/applications';
import type { Register } from '../../register/db';
import { addUser, disableUser, getUser, hashPassword, setUserRoles, updateUser } from '../../register/org';
import { setReviewPolicyAudited } from '../../register/review';
import { auditWeb, deleteSessions, setApiScopes, setPassword } from '../../register/web';
import { CODEC_SCOPE } from '../../lib/payloadCodec';

/** The scopes the routes check: anything else would be granted and never honoured. */
export const API_SCOPES = ['applications:intake', 'applications:read', CODEC_SCOPE] as const;

/**
 * A refusal of an administrative change is a `Failure` (domain/failures.ts): NotFound (no such user or key),
 * Refused (it exists already), Rule (a group that does not exist).
 */

const newPassword = () => randomBytes(12).toString('base64url');
type Ctx = { db: Register; actor: string; now: Date };
const audit = (c: Ctx, kind: string, id: string, action: string, detail?: string) =>
  auditWeb(c.db, { at: c.now, actor: c.actor, subjectKind: kind, subjectId: id, action, outcome: 'done', detail });

export async function createUser(c: Ctx, u: { id: string; name: string; email: string; section?: string; roles: Role[]; groups: string[] }): Promise<{ id: string; password: string }> {
  const password = newPassword();
  const r = await addUser(c.db, { ...u, passwordHash: await hashPassword(password) });
  if (!r.ok) throw r.reason === 'exists' ? new Failure('Refused', `用户 ${u.id} 已存在`, 'id') : new Failure('Rule', `分组 ${r.group} 不存在`, 'groups');
  await audit(c, 'user', u.id, 'user.add', `roles ${u.roles.join(',')}; groups ${u.groups.join(',')}`);
  return { id: u.id, password };
}

export async function editUser(c: Ctx, id: string, p: { name?: string; email?: string; section?: string | null; roles?: Role[]; groups?: string[] }): Promise<void> {
  const before = await getUser(c.db, id);
  if (!before) throw new Failure('NotFound', `没有用户 ${id}`);
  const r = await updateUser(c.db, id, p);
  if (!r.ok) throw r.reason === 'absent' ? new Failure('NotFound', `没有用户 ${id}`) : new Failure('Rule', `分组 ${r.group} 不存在`, 'groups');
  if (p.roles) await setUserRoles(c.db, id, p.roles);
  const changed = Object.entries(p).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${JSON.stringify((before as unknown as Record<string, unknown>)[k])} → ${JSON.stringify(v)}`);
  await audit(c, 'user', id, 'user.edit', changed.join('; '));
}

export async function disable(c: Ctx, id: string): Promise<void> {
  if (!(await disableUser(c.db, id))) throw new Failure('NotFound', `没有用户 ${id}`);
  await audit(c, 'user', id, 'user.disable');
}

export async function resetPassword(c: Ctx, id: string): Promise<{ id: string; password: string }> {
  if (!(await getUser(c.db, id))) throw new Failure('NotFound', `没有用户 ${id}`);
  const password = newPassword();
  await setPassword(c.db, id, password);
  await deleteSessions(c.db, id);
  await audit(c, 'user', id, 'user.reset-password');
  return { id, password };
}

export async function createKey(c: Ctx, name: string, scopes: readonly string[]): Promise<{ name: string; key: string; scopes: string[] }> {
  if ((await listApiKeys(c.db)).some((k) => k.name === name && !k.revokedAt)) throw new Failure('Refused', `已有名为 ${name} 的有效密钥`, 'name');
  const key = await createApiKey(c.db, name, c.now.toISOString());
  await setApiScopes(c.db, name, scopes);
  await audit(c, 'apikey', name, 'apikey.create', scopes.join(','));
  return { name, key, scopes: [...scopes] };
}

export async function revokeKey(c: Ctx, name: string): Promise<number> {
  const n = await revokeApiKey(c.db, name, c.now.toISOString());
  if (!n) throw new Failure('NotFound', `没有名为 ${name} 的有效密钥`);
  await audit(c, 'apikey', name, 'apikey.revoke', `${n} key(s)`);
  return n;
}

export async function setKeyScopes(c: Ctx, name: string, scopes: readonly string[]): Promise<void> {
  if (!(await listApiKeys(c.db)).some((k) => k.name === name)) throw new Failure('NotFound', `没有名为 ${name} 的密钥`);
  await setApiScopes(c.db, name, scopes);
  await audit(c, 'apikey', name, 'apikey.scopes', scopes.join(','));
}

/** A category's review policy, audited with before and after; items already in review keep the policy they started with. */
export async function setPolicy(c: Ctx, policy: ReviewPolicy): Promise<void> {
  await setReviewPolicyAudited(c.db, policy, c.actor, c.now.toISOString(), 'api');
}
