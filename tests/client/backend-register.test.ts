/**
 * The console registers applications through the same intake path as the API and the CLI
 * (client/services/applications.ts): the intake schema and the receipt-date rule (条例 第三十一条) apply, and a
 * refusal is a 422 before anything reaches the register or Temporal.
 */
import type { Client } from '@temporalio/client';
import { addDays, shanghaiDate } from '../../domain/calendar';
import type { Register } from '../../register/db';
import { backend } from '../../client/http/backend';
import { HttpError } from '../../client/http/auth';
import { testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';

let db: Register;
beforeAll(async () => {
  db = await freshRegister();
});
afterAll(async () => {
  await db?.destroy();
});

// Refusals happen before Temporal: a client that fails the test if it is ever used.
const noTemporal = new Proxy({}, { get: () => { throw new Error('Temporal must not be reached'); } }) as Client;

const intake = (submittedOn: string) => ({
  channel: 'in-person',
  submittedOn,
  applicant: { type: 'naturalPerson', name: '张三', idDocument: { number: '430602199001019999' } },
  content: '请公开本局2026年度部门预算',
});

test.each([
  ['a receipt date after today', intake(addDays(shanghaiDate(Date.now()), 2)), /条例第三十一条/],
  ['an intake the schema refuses', { ...intake(shanghaiDate(Date.now())), content: '' }, /content/],
])('the console refuses %s with a 422 and registers nothing', async (_what, input, message) => {
  const b = backend({ config: testConfig({}), db, temporal: noTemporal, close: async () => {} });
  const refused = await b.registerApplication(input as never, 'liu.yang').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(HttpError);
  expect(refused).toMatchObject({ statusCode: 422 });
  expect((refused as Error).message).toMatch(message);
  expect(await db.selectFrom('applications').select('id').execute()).toEqual([]);
});
