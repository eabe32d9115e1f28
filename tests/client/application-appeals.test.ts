/**
 * Appeals (行政复议 / 行政诉讼) against closed applications through the CLI and the service layer: only the
 * disclosure office records them, only against a closed case, not before its reply; results once; section 四 by SQL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../client/cli/main';
import type { CliIO } from '../../client/cli/io';
import { intakeSchema } from '../../domain/application';
import { organisationFile } from '../../domain/org';
import { insertApplication, section4Counts } from '../../register/applications';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { freshRegister } from '../../testing/register';
import { repoRoot } from '../../testing/tools';

let db: Register & { url: string };
const saved = { ...process.env };
beforeAll(async () => {
  db = await freshRegister();
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo/organisation.json'), 'utf8'))));
  Object.assign(process.env, { DATABASE_URL: db.url });
});
afterAll(async () => {
  process.env = saved;
  await db?.destroy();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(['application', ...argv], io);
  return { code, out, err };
}

/** Refused as bad input: exit 2, the message names the field and the rule. */
async function bad(argv: string[], rule: RegExp) {
  const r = await cli(...argv);
  expect(r.code).toBe(2);
  expect(r.err.join('\n')).toMatch(rule);
}

async function application(n: number, received: string, closed: string | null): Promise<string> {
  const intake = intakeSchema.parse({ channel: 'in-person', submittedOn: received, applicant: { type: 'naturalPerson', name: `申请人${n}`, idDocument: { number: `43060219900101${1000 + n}` } }, content: `申请公开第${n}号文件` });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'liu.yang', now: new Date().toISOString() });
  if (closed) await db.updateTable('applications').set({ status: 'closed', stage: 'closed', outcome: 'granted', closed_date: closed }).where('id', '=', row.id).execute();
  return row.id;
}

test('appeal and appeal-result: refusals name the rule and write nothing; section 四 counts by year', async () => {
  const closed = await application(1, '2025-03-03', '2025-03-20');
  const open = await application(2, '2025-03-03', null);

  // Refused: not in the disclosure office (exit 1), an open case, a filing before the reply, an unknown kind (exit 2).
  let r = await cli('appeal', closed, '--kind', 'reconsideration', '--date', '2025-04-01', '--as', 'zhou.min');
  expect([r.code, r.err.join()]).toEqual([1, expect.stringContaining('不是政务公开办公室的成员')]);
  await bad(['appeal', open, '--kind', 'reconsideration', '--date', '2025-04-01', '--as', 'liu.yang'], /applicationId：申请 \S+ 尚未办结/);
  await bad(['appeal', closed, '--kind', 'reconsideration', '--date', '2025-03-19', '--as', 'liu.yang'], /filedDate：提起之日 2025-03-19 早于答复之日 2025-03-20/);
  await bad(['appeal', closed, '--kind', 'complaint', '--date', '2025-04-01', '--as', 'liu.yang'], /kind/);
  expect(await db.selectFrom('appeals').selectAll().execute()).toEqual([]);

  r = await cli('appeal', closed, '--kind', 'reconsideration', '--date', '2025-04-01', '--as', 'liu.yang', '--reason', '申请人不服答复');
  expect(r.code).toBe(0);
  const reconsideration = r.out[0];
  r = await cli('appeal', closed, '--kind', 'litigationDirect', '--date', '2025-12-15', '--as', 'sun.li');
  expect(r.code).toBe(0);

  await bad(['appeal-result', reconsideration, '--result', 'upheld', '--date', '2025-03-31', '--as', 'liu.yang'], /date：结果之日 2025-03-31 早于提起之日 2025-04-01/);
  expect((await cli('appeal-result', reconsideration, '--result', 'upheld', '--date', '2025-05-10', '--as', 'liu.yang')).code).toBe(0);
  await bad(['appeal-result', reconsideration, '--result', 'corrected', '--date', '2025-05-11', '--as', 'liu.yang'], /已于 2025-05-10 登记结果（结果维持），不能再登记/);

  // Columns: upheld, corrected, otherResult, pending, total. The lawsuit filed 2025-12-15 is 尚未审结 at the end of 2025.
  expect(await section4Counts(db, 2025)).toEqual({
    reconsideration: [1, 0, 0, 0, 1],
    litigationDirect: [0, 0, 0, 1, 1],
    litigationAfterReconsideration: [0, 0, 0, 0, 0],
  });
});
