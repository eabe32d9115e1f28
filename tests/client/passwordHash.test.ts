/**
 * Issue 13 finding 8: passwords are hashed with scrypt off the event loop, with OWASP's parameters
 * (N=2^17, r=8, p=1); a password stored with older parameters is rehashed at the next successful login.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import type { Register } from '../../register/db';
import { hashPassword, verifyPassword } from '../../register/org';
import { checkCredentials } from '../../register/web';
import { freshRegister } from '../../testing/register';

let db: Register;
beforeAll(async () => {
  db = await freshRegister();
});
afterAll(() => db?.destroy());

/** A hash as the register stored them before (N=2^14), to show the upgrade. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
}

const storedHash = async (id: string) => (await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash!;

test('a new hash uses N=2^17, r=8, p=1 and verifies', async () => {
  const hash = await hashPassword('correct horse battery');
  expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
  expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  expect(await verifyPassword('wrong', hash)).toBe(false);
  expect(await verifyPassword('x', null)).toBe(false);
});

test('hashing and checking leave the event loop free (timers run meanwhile)', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    const hash = await hashPassword('correct horse battery');
    const afterHash = ticks;
    await verifyPassword('correct horse battery', hash);
    expect(afterHash).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(afterHash);
  } finally {
    clearInterval(timer);
  }
});

test('a login with a password stored under the old parameters succeeds and upgrades the hash; a failed one does not', async () => {
  const old = legacyHash('old-params-pw');
  await db.insertInto('users').values({ id: 'lao.wang', name: '老王', email: 'lao.wang@test.local', section: null, roles: 'author', active: 1, password_hash: old }).execute();
  expect(await verifyPassword('old-params-pw', old)).toBe(true);

  expect(await checkCredentials(db, 'lao.wang', 'wrong')).toBeUndefined();
  expect(await storedHash('lao.wang')).toBe(old);

  expect(await checkCredentials(db, 'lao.wang', 'old-params-pw')).toBe('lao.wang');
  const upgraded = await storedHash('lao.wang');
  expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
  expect(await checkCredentials(db, 'lao.wang', 'old-params-pw')).toBe('lao.wang');
  expect(await storedHash('lao.wang')).toBe(upgraded); // already current: not rehashed again
  expect(await checkCredentials(db, 'nobody', 'old-params-pw')).toBeUndefined();
});
