import { sql, type Kysely } from 'kysely';
import { migrateRegister, isUniqueViolation, type Register } from '../../register/db';
import { importOrganisation, getUser, usersInGroup, usersWithRole, verifyPassword } from '../../register/org';
import { organisationFile } from '../../domain/org';
import { freshRegister, registerKind } from '../../testing/register';
import * as m009 from '../../register/migrations/009_external_ref_per_sender';

let db: Register;
beforeAll(async () => {
  db = await freshRegister();
});
afterAll(async () => db?.destroy());

test(`migrations are idempotent (${registerKind})`, async () => {
  expect(db.dialectName).toBe(registerKind);
  await migrateRegister(db); // a second start-up changes nothing
  const tables = await db.introspection.getTables();
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['sent_emails', 'audit_log', 'users', 'groups', 'group_members']));
});

test('a second write of the same key is recognised as a unique violation, and the first row stays', async () => {
  const row = { message_id: '<a@b>', workflow_id: 'w', activity_id: '1', recipients: 'x@y.cn', subject: '主题', template: null, sent_at: '2026-01-05T01:00:00.000Z' };
  await db.insertInto('sent_emails').values(row).execute();
  const err = await db.insertInto('sent_emails').values({ ...row, subject: 'other' }).execute().catch((e) => e);
  expect(isUniqueViolation(err)).toBe(true);
  const rows = await db.selectFrom('sent_emails').selectAll().where('message_id', '=', '<a@b>').execute();
  expect(rows).toEqual([row]);
});

test('the organisation imports, re-imports as an update, and answers by group and role', async () => {
  const org = organisationFile.parse({
    groups: [{ id: 'office', name: '办公室' }],
    users: [
      { id: 'wang.fang', name: '王芳', email: 'wang@t.cn', roles: ['reviewer'], groups: ['office'], password: 'correct horse' },
      { id: 'zhou.min', name: '周敏', email: 'zhou@t.cn', roles: ['supervisor'] },
    ],
  });
  await importOrganisation(db, org);
  await importOrganisation(db, { ...org, users: [{ ...org.users[0], name: '王芳芳' }, org.users[1]] });
  expect((await usersInGroup(db, 'office')).map((u) => [u.id, u.name])).toEqual([['wang.fang', '王芳芳']]);
  expect((await usersWithRole(db, 'supervisor')).map((u) => u.id)).toEqual(['zhou.min']);
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', 'wang.fang').executeTakeFirstOrThrow();
  expect(row.password_hash).toMatch(/^scrypt\$/);
  expect(await verifyPassword('correct horse', row.password_hash)).toBe(true);
  expect(await verifyPassword('wrong', row.password_hash)).toBe(false);
  expect((await getUser(db, 'wang.fang'))?.groups).toEqual(['office']);
});

test('an organisation file naming an unknown group is refused with the path', () => {
  const r = organisationFile.safeParse({ groups: [], users: [{ id: 'a.b', name: 'x', email: 'a@b.cn', roles: ['author'], groups: ['nope'] }] });
  expect(r.success).toBe(false);
  expect(r.error?.issues[0].path).toEqual(['users', 0, 'groups', 0]);
});

test('the same query text runs on both dialects', async () => {
  const r = await sql<{ n: number }>`select count(*) as n from users`.execute(db);
  expect(Number(r.rows[0].n)).toBeGreaterThanOrEqual(2);
});

test('migration 009: a portal reference stored before is rewritten under the actor that registered it (externalRef per key)', async () => {
  const db = await freshRegister();
  const at = '2026-03-02T02:00:00.000Z';
  const row = (id: string, ref: string | null, by: string) => ({
    id, year: 2026, sequence: Number(id.slice(-1)), workflow_id: `application-${id}`, channel: 'online', submitted_on: '2026-03-02', received_date: '2026-03-02',
    applicant_column: 'naturalPerson', applicant_name: '甲', applicant_id_kind: '居民身份证', applicant_id_number: '430602199001019999',
    applicant_phone: null, applicant_address: null, applicant_email: null, content: '申请', intake: '{}', external_ref: ref, possible_duplicates: '[]',
    status: 'open', stage: 'unassigned', handler: null, due_date: null, calendar_version: null, outcome: null, decision: null, closed_date: null, created_at: at, created_by: by,
  });
  await db.insertInto('applications').values([row('T-2026-1', 'p|1', 'api:portal'), row('T-2026-2', null, 'liu.yang')]).execute();
  await m009.up(db as unknown as Kysely<unknown>);
  const refs = await db.selectFrom('applications').select(['id', 'external_ref']).orderBy('id').execute();
  expect(refs).toEqual([{ id: 'T-2026-1', external_ref: 'api:portal|p|1' }, { id: 'T-2026-2', external_ref: null }]);
  await db.destroy();
});
