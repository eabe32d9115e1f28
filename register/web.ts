import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { sha256 } from '../lib/hash';
import type { Register } from './db';
import { hashPassword, needsRehash, verifyPassword } from './org';

/** Sessions last this long from login (an agency working day plus margin), then the user logs in again. */
export const SESSION_HOURS = 12;
/** Failed logins per user + IP allowed before each further attempt must wait. */
export const FREE_FAILURES = 4;
/** The wait after the n-th failure past the threshold: 2^(n-1) seconds, at most 15 minutes. */
export function loginWaitSeconds(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES - 1), 900);
}


export interface SessionRow {
  userId: string;
  csrf: string;
  expiresAt: string;
}

/** A new session for `userId`; returns the cookie value (shown once, stored hashed) and the CSRF token. */
export async function createSession(db: Register, userId: string, now: Date): Promise<{ token: string; csrf: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await db.insertInto('web_sessions').values({ id_hash: sha256(token), user_id: userId, csrf, created_at: now.toISOString(), expires_at: expiresAt }).execute();
  return { token, csrf, expiresAt };
}

/** The live session of a cookie value, or undefined (unknown, expired or logged out). */
export async function getSession(db: Register, token: string, now: Date): Promise<SessionRow | undefined> {
  const row = await db.selectFrom('web_sessions').select(['user_id', 'csrf', 'expires_at']).where('id_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return undefined;
  return { userId: row.user_id, csrf: row.csrf, expiresAt: row.expires_at };
}

export async function deleteSession(db: Register, token: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id_hash', '=', sha256(token)).execute();
}

/** After a password change: every other session of the user ends. */
export async function deleteOtherSessions(db: Register, userId: string, keepToken: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('user_id', '=', userId).where('id_hash', '!=', sha256(keepToken)).execute();
}

// ---- login rate limiting ----

export const failureKey = (userId: string, ip: string) => `${userId.toLowerCase()}|${ip}`;

/** Seconds the caller must still wait before another login attempt for this user + IP (0: may try now). */
export async function loginWait(db: Register, key: string, now: Date): Promise<number> {
  const row = await db.selectFrom('login_failures').select(['failures', 'last_at']).where('key', '=', key).executeTakeFirst();
  if (!row) return 0;
  const until = Date.parse(row.last_at) + loginWaitSeconds(row.failures) * 1000;
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

export async function recordLoginFailure(db: Register, key: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const row = await db.selectFrom('login_failures').select('failures').where('key', '=', key).executeTakeFirst();
  const failures = (row?.failures ?? 0) + 1;
  if (row) await db.updateTable('login_failures').set({ failures, last_at: at }).where('key', '=', key).execute();
  else await db.insertInto('login_failures').values({ key, failures, last_at: at }).execute();
  return failures;
}

export async function clearLoginFailures(db: Register, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/**
 * The current-password check of a password change is a login in disguise (a stolen session could guess on):
 * it is slowed like a login, per user, in the same table under its own key.
 */
export const passwordCheckKey = (userId: string) => `password-change|${userId.toLowerCase()}`;

/**
 * Counts one request of `key` in a fixed window of `windowSeconds` (kept in login_failures: failures = requests
 * in the window, last_at = its start). Returns the count including this one and the seconds until the window ends.
 */
export async function countInWindow(db: Register, key: string, now: Date, windowSeconds: number): Promise<{ count: number; resetSeconds: number }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('login_failures').select(['failures', 'last_at']).where('key', '=', key).executeTakeFirst();
    const start = row ? Date.parse(row.last_at) : NaN;
    const open = row !== undefined && now.getTime() - start < windowSeconds * 1000 && now.getTime() >= start;
    const count = open ? row.failures + 1 : 1;
    const startAt = open ? start : now.getTime();
    if (row) await tx.updateTable('login_failures').set({ failures: count, last_at: new Date(startAt).toISOString() }).where('key', '=', key).execute();
    // Two first requests at once (PostgreSQL): the second counts on the row the first inserted instead of failing.
    else await tx.insertInto('login_failures').values({ key, failures: count, last_at: now.toISOString() }).onConflict((oc) => oc.column('key').doUpdateSet({ failures: sql<number>`login_failures.failures + 1` })).execute();
    return { count, resetSeconds: Math.max(1, Math.ceil((startAt + windowSeconds * 1000 - now.getTime()) / 1000)) };
  });
}

/**
 * Checks the password of an active user; undefined when the user is unknown, inactive or the password is wrong.
 * A right password stored with older scrypt parameters is rehashed with today's (the only moment it is known).
 */
export async function checkCredentials(db: Register, userId: string, password: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select(['id', 'password_hash', 'active']).where('id', '=', userId).executeTakeFirst();
  // Unknown users still cost one scrypt, so the response time does not say which user ids exist.
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
  if (!row || row.active !== 1 || !ok || !row.password_hash) return undefined;
  if (needsRehash(row.password_hash)) {
    await db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', row.id).where('password_hash', '=', row.password_hash).execute();
  }
  return row.id;
}

/** Made on first use, not at import: the CLI and worker import this module and never check a password. */
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(12).toString('hex')));

export async function setPassword(db: Register, userId: string, password: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', userId).execute();
}

// ---- audit of refusals and console actions ----

/** Appends one audit row for something the web layer did or refused. */
export async function auditWeb(
  db: Register,
  r: { at: Date; actor: string; subjectKind: string; subjectId: string; action: string; outcome: 'done' | 'refused'; detail?: string },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: `web-${randomUUID()}`, at: r.at.toISOString(), actor: r.actor, subject_kind: r.subjectKind, subject_id: r.subjectId,
      action: r.action, outcome: r.outcome, detail: r.detail ?? null, before: null, after: null,
    })
    .execute();
}

/** The audit trail, newest first, filtered by subject, actor, action prefix, outcome and an [from, to] instant range. */
export async function auditTrail(
  db: Register,
  f: { kind?: string; subject?: string; actor?: string; action?: string; outcome?: string; from?: string; to?: string; limit: number; offset?: number },
) {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.kind) q = q.where('subject_kind', '=', f.kind);
  if (f.subject) q = q.where('subject_id', '=', f.subject);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[%_\\]/g, '')}%`);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<=', f.to);
  return q.orderBy('at', 'desc').orderBy('id').limit(f.limit).offset(f.offset ?? 0).execute();
}

// ---- out-of-office substitutes ----

export async function addSubstitute(db: Register, s: { userId: string; substitute: string; from: string; to: string; now: Date }): Promise<string> {
  const id = randomUUID();
  await db.insertInto('substitutes').values({ id, user_id: s.userId, substitute: s.substitute, from_date: s.from, to_date: s.to, created_at: s.now.toISOString() }).execute();
  return id;
}

export async function listSubstitutes(db: Register, userId?: string) {
  let q = db.selectFrom('substitutes').selectAll();
  if (userId) q = q.where((eb) => eb.or([eb('user_id', '=', userId), eb('substitute', '=', userId)]));
  return q.orderBy('from_date').execute();
}

export async function removeSubstitute(db: Register, id: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('substitutes').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Users for whom `userId` stands in on `date` (their tasks appear in userId's queue). */
export async function substitutingFor(db: Register, userId: string, date: string): Promise<string[]> {
  const rows = await db.selectFrom('substitutes').select('user_id').where('substitute', '=', userId).where('from_date', '<=', date).where('to_date', '>=', date).execute();
  return [...new Set(rows.map((r) => r.user_id))];
}

// ---- API key scopes ----

export async function grantApiScope(db: Register, keyName: string, scope: string): Promise<void> {
  await db.insertInto('api_key_scopes').values({ key_name: keyName, scope }).onConflict((oc) => oc.columns(['key_name', 'scope']).doNothing()).execute();
}

export async function apiKeyScopes(db: Register, keyName: string): Promise<string[]> {
  const rows = await db.selectFrom('api_key_scopes').select('scope').where('key_name', '=', keyName).execute();
  return rows.map((r) => r.scope);
}

/** Ends every session of a user (a password reset by an administrator). */
export async function deleteSessions(db: Register, userId: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('user_id', '=', userId).execute();
}

/** Replaces the scopes of a key name (all its keys share them). */
export async function setApiScopes(db: Register, keyName: string, scopes: readonly string[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('api_key_scopes').where('key_name', '=', keyName).execute();
    for (const scope of new Set(scopes)) await tx.insertInto('api_key_scopes').values({ key_name: keyName, scope }).execute();
  });
}
