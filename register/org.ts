import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OrganisationFile, Role, User } from '../domain/org';
import type { Register } from './db';

type UserRow = { id: string; name: string; email: string; section: string | null; roles: string; active: number };

async function withGroups(db: Register, rows: UserRow[]): Promise<User[]> {
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom('group_members')
    .select(['user_id', 'group_id'])
    .where('user_id', 'in', rows.map((r) => r.id))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    section: r.section,
    roles: r.roles.split(',').filter(Boolean) as Role[],
    groups: members.filter((m) => m.user_id === r.id).map((m) => m.group_id).sort(),
    active: r.active === 1,
  }));
}

const userColumns = ['id', 'name', 'email', 'section', 'roles', 'active'] as const;

export async function getUser(db: Register, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  return row ? (await withGroups(db, [row]))[0] : undefined;
}

export async function listUsers(db: Register): Promise<User[]> {
  return withGroups(db, await db.selectFrom('users').select(userColumns).orderBy('id').execute());
}

/** The names of `ids` (unknown IDs absent): responses show people by name next to their ID. */
export async function userNames(db: Register, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Active members of a group (a review stage's reviewers, the disclosure office ...). */
export async function usersInGroup(db: Register, group: string): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('group_members', 'group_members.user_id', 'users.id')
    .select(userColumns.map((c) => `users.${c}` as const))
    .where('group_members.group_id', '=', group)
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .execute();
  return withGroups(db, rows);
}

export async function usersWithRole(db: Register, role: Role): Promise<User[]> {
  const all = await listUsers(db);
  return all.filter((u) => u.active && u.roles.includes(role));
}

/** OWASP Password Storage Cheat Sheet's scrypt parameters; a stored hash with others is upgraded at login. */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

/** scrypt in libuv's thread pool (the sync form blocked every request for the whole hash, ~25 ms at N=2^14). */
function scryptAsync(password: string, salt: Buffer, length: number, o: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs 128·N·r·p bytes (128 MiB at N=2^17); Node refuses more than 32 MiB unless maxmem is raised.
  const maxmem = 128 * o.N * o.r * o.p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => scrypt(password, salt, length, { ...o, maxmem }, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: +n, r: +r, p: +p });
  return timingSafeEqual(expected, actual);
}

/** True when a stored hash was made with other parameters than today's (rehash it at the next login). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || +n !== SCRYPT.N || +r !== SCRYPT.r || +p !== SCRYPT.p;
}

/**
 * Upserts the organisation from a validated file in one transaction: users and groups present are written,
 * memberships replaced; users absent from the file are left as they are (deactivate them with active: false).
 */
export async function importOrganisation(db: Register, org: OrganisationFile): Promise<{ users: number; groups: number }> {
  // Hashed before the transaction: each hash takes a few hundred milliseconds, the transaction should not.
  const hashes = new Map<string, string>();
  for (const u of org.users) if (u.password) hashes.set(u.id, await hashPassword(u.password));
  await db.transaction().execute(async (tx) => {
    for (const g of org.groups) {
      await tx.insertInto('groups').values(g).onConflict((oc) => oc.column('id').doUpdateSet({ name: g.name })).execute();
    }
    for (const u of org.users) {
      const row = { name: u.name, email: u.email, section: u.section ?? null, roles: u.roles.join(','), active: u.active ? 1 : 0 };
      const hash = hashes.get(u.id);
      const withPassword = hash ? { ...row, password_hash: hash } : row;
      await tx
        .insertInto('users')
        .values({ id: u.id, ...withPassword })
        .onConflict((oc) => oc.column('id').doUpdateSet(withPassword))
        .execute();
      await tx.deleteFrom('group_members').where('user_id', '=', u.id).execute();
      for (const g of u.groups) await tx.insertInto('group_members').values({ group_id: g, user_id: u.id }).execute();
    }
  });
  return { users: org.users.length, groups: org.groups.length };
}

// ---- one user at a time (`gongkai users add|disable|roles`) ----

export type AddUserResult = { ok: true } | { ok: false; reason: 'exists' } | { ok: false; reason: 'unknown-group'; group: string };

/** Adds a new user with the given password hash; refuses an id already taken or a group that does not exist. */
export async function addUser(
  db: Register,
  u: { id: string; name: string; email: string; section?: string; roles: Role[]; groups: string[]; passwordHash: string },
): Promise<AddUserResult> {
  return db.transaction().execute(async (tx): Promise<AddUserResult> => {
    if (await tx.selectFrom('users').select('id').where('id', '=', u.id).executeTakeFirst()) return { ok: false, reason: 'exists' };
    const known = new Set((await tx.selectFrom('groups').select('id').execute()).map((g) => g.id));
    const unknown = u.groups.find((g) => !known.has(g));
    if (unknown) return { ok: false, reason: 'unknown-group', group: unknown };
    await tx.insertInto('users').values({ id: u.id, name: u.name, email: u.email, section: u.section ?? null, roles: u.roles.join(','), active: 1, password_hash: u.passwordHash }).execute();
    for (const g of u.groups) await tx.insertInto('group_members').values({ group_id: g, user_id: u.id }).execute();
    return { ok: true };
  });
}

/** Deactivates a user and ends all their sessions at once (a disabled account must not stay logged in). */
export async function disableUser(db: Register, id: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('users').set({ active: 0 }).where('id', '=', id).executeTakeFirst();
    await tx.deleteFrom('web_sessions').where('user_id', '=', id).execute();
    return Number(r.numUpdatedRows) > 0;
  });
}

/** Replaces a user's roles; false when there is no such user. */
export async function setUserRoles(db: Register, id: string, roles: Role[]): Promise<boolean> {
  const r = await db.updateTable('users').set({ roles: roles.join(',') }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Changes a user's name, email, section or groups (those given); refuses a group that does not exist. */
export async function updateUser(
  db: Register,
  id: string,
  p: { name?: string; email?: string; section?: string | null; groups?: string[] },
): Promise<{ ok: true } | { ok: false; reason: 'absent' } | { ok: false; reason: 'unknown-group'; group: string }> {
  return db.transaction().execute(async (tx) => {
    if (!(await tx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())) return { ok: false as const, reason: 'absent' as const };
    if (p.groups) {
      const known = new Set((await tx.selectFrom('groups').select('id').execute()).map((g) => g.id));
      const unknown = p.groups.find((g) => !known.has(g));
      if (unknown) return { ok: false as const, reason: 'unknown-group' as const, group: unknown };
      await tx.deleteFrom('group_members').where('user_id', '=', id).execute();
      for (const g of new Set(p.groups)) await tx.insertInto('group_members').values({ group_id: g, user_id: id }).execute();
    }
    const set = { ...(p.name !== undefined ? { name: p.name } : {}), ...(p.email !== undefined ? { email: p.email } : {}), ...(p.section !== undefined ? { section: p.section } : {}) };
    if (Object.keys(set).length) await tx.updateTable('users').set(set).where('id', '=', id).execute();
    return { ok: true as const };
  });
}

export async function listGroups(db: Register): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('groups').select(['id', 'name']).orderBy('id').execute();
}
