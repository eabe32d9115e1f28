import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../client/cli/main';
import type { CliIO } from '../../client/cli/io';
import { defaultPolicy } from '../../domain/review';
import type { Register } from '../../register/db';
import { getReviewPolicy } from '../../register/review';
import { freshRegister } from '../../testing/register';
import { repoRoot } from '../../testing/tools';

let db: Register & { url: string };
const saved = { ...process.env };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-review-cli-'));

beforeAll(async () => {
  db = await freshRegister();
  process.env.DATABASE_URL = db.url;
});
afterAll(async () => {
  process.env = saved;
  await db?.destroy();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { code: await main(argv, io), out, err };
}

test('users import, then policies: list the statute §5 defaults, an admin edits one, others are refused', async () => {
  expect(await cli('users', 'import', path.join(repoRoot, 'demo/organisation.json'))).toEqual({ code: 0, out: ['imported 9 users, 5 groups'], err: [] });
  const bad = path.join(dir, 'bad-org.json');
  fs.writeFileSync(bad, JSON.stringify({ groups: [], users: [{ id: 'x.y', name: 'X', email: 'not-an-email', roles: ['author'] }] }));
  const refusedImport = await cli('users', 'import', bad);
  expect(refusedImport.code).toBe(2);
  expect(refusedImport.err[0]).toMatch(/email/);

  const list = await cli('item', 'policy', 'list');
  expect(list.code).toBe(0);
  expect(list.out.find((l) => l.startsWith('工作动态:'))).toMatch(/^工作动态: 初审\(section-heads, 1WD\) → 复审（保密审查）\(office, 1WD\) → 终审\(leaders, 1WD\) {2}re-entry first {2}\(seed /);
  expect(list.out).toHaveLength(9);
  // Notices are reviewed only where the agency switches it on.
  expect(list.out.find((l) => l.startsWith('依申请公开告知书:'))).toContain('（未启用：不送审）');

  const edited = { ...defaultPolicy('工作动态')!, stages: defaultPolicy('工作动态')!.stages.map((s) => ({ ...s, slaWorkdays: 2 })) };
  const file = path.join(dir, 'policy.json');
  fs.writeFileSync(file, JSON.stringify(edited));
  expect((await cli('item', 'policy', 'set', file, '--as', 'wang.fang')).err[0]).toMatch(/^refused: wang\.fang 不是在职的管理员/);
  expect((await cli('item', 'policy', 'set', file, '--as', 'admin')).code).toBe(0);
  expect(await getReviewPolicy(db, '工作动态')).toEqual(edited);
  const audit = await db.selectFrom('audit_log').selectAll().where('subject_kind', '=', 'review-policy').execute();
  expect(audit).toHaveLength(1);
  expect(JSON.parse(audit[0].before!)).toEqual(defaultPolicy('工作动态'));

  fs.writeFileSync(file, JSON.stringify({ ...edited, reentryStage: 'nowhere' }));
  const invalid = await cli('item', 'policy', 'set', file, '--as', 'admin');
  expect(invalid.code).toBe(2);
  expect(invalid.err[0]).toMatch(/reentryStage/);
  expect((await cli('item', 'approve')).code).toBe(2);
  expect((await cli('queue')).code).toBe(2);
  expect(await cli('queue', '--as', 'li.na')).toEqual({ code: 0, out: [], err: [] });
});
