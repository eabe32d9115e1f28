/**
 * `gongkai users add|disable|reset-password|roles` and `gongkai apikey create|list|revoke` against a fresh
 * register, and bad input answered in Chinese naming the field (exit 2, nothing written).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { main } from '../../client/cli/main';
import { useServices } from '../../client/cli/reviewServices';
import type { Register } from '../../register/db';
import { verifyApiKey } from '../../register/applications';
import { getUser } from '../../register/org';
import { apiKeyScopes, checkCredentials, createSession, getSession } from '../../register/web';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { repoRoot } from '../../testing/tools';

let db: Register & { url: string };
const saved = { ...process.env };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-admin-'));
const at = new Date('2026-03-02T02:00:00Z');

beforeAll(async () => {
  db = await freshRegister();
  process.env.DATABASE_URL = db.url;
  expect((await cli('users', 'import', path.join(repoRoot, 'demo/organisation.json'))).code).toBe(0);
});
afterAll(async () => {
  useServices(undefined);
  process.env = saved;
  await db?.destroy();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const audit = (action: string) => db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

test('users add: the new user logs in with the password shown once; a taken id or unknown group is refused', async () => {
  const r = await cli('users', 'add', 'xu.ming', '--name', '徐明', '--email', 'xu.ming@demo.gongkai.local', '--roles', 'author,reviewer', '--groups', 'office', '--section', '办公室', '--as', 'admin', '--json');
  expect(r.code).toBe(0);
  const { password } = JSON.parse(r.out[0]) as { password: string };
  expect(await checkCredentials(db, 'xu.ming', password)).toBe('xu.ming');
  expect(await getUser(db, 'xu.ming')).toMatchObject({ name: '徐明', roles: ['author', 'reviewer'], groups: ['office'], section: '办公室', active: true });
  expect(await audit('user.add')).toEqual([expect.objectContaining({ actor: 'admin', subject_id: 'xu.ming' })]);

  expect(await cli('users', 'add', 'xu.ming', '--name', '徐明', '--email', 'x@demo.gongkai.local', '--roles', 'author')).toEqual({ code: 1, out: [], err: ['refused: 用户 xu.ming 已存在'] });
  expect(await cli('users', 'add', 'he.ping', '--name', '何平', '--email', 'h@demo.gongkai.local', '--roles', 'author', '--groups', 'nowhere')).toEqual({ code: 1, out: [], err: ['refused: 分组 nowhere 不存在'] });
  expect(await getUser(db, 'he.ping')).toBeUndefined();
});

test('users add with bad input: exit 2, one Chinese line naming each field and its rule', async () => {
  const r = await cli('users', 'add', 'Bad Id', '--email', 'not-an-email', '--roles', 'author,janitor');
  expect({ code: r.code, out: r.out, lines: r.err.length }).toEqual({ code: 2, out: [], lines: 1 });
  expect(r.err[0]).toMatch(/^error: /);
  expect(r.err[0]).toContain('用户名（id）：');
  expect(r.err[0]).toContain('姓名（name）：无效输入：期望 string，实际接收 undefined');
  expect(r.err[0]).toContain('电子邮箱（email）：无效电子邮件');
  expect(r.err[0]).toContain('角色（roles[1]）：无效选项');
  expect(await getUser(db, 'Bad Id')).toBeUndefined();
});

test('item submit without a column names 栏目 (column) in Chinese, not zod’s English', async () => {
  useServices({ config: testConfig(), db, temporal: {} as Client, close: async () => {} });
  try {
    const file = path.join(dir, 'item.json');
    fs.writeFileSync(file, JSON.stringify({ title: '通知', category: '工作动态', body: '正文' }));
    const r = await cli('item', 'submit', '--file', file, '--as', 'zhang.wei');
    expect(r).toEqual({ code: 2, out: [], err: ['error: 栏目（column）：无效输入：期望 string，实际接收 undefined'] });
  } finally {
    useServices(undefined);
  }
});

test('users disable ends the sessions; reset-password replaces the password; roles shows and sets', async () => {
  const s = await createSession(db, 'li.na', at);
  expect(await cli('users', 'disable', 'li.na', '--as', 'admin')).toEqual({ code: 0, out: ['li.na  已停用，会话已全部结束'], err: [] });
  expect(await getSession(db, s.token, at)).toBeUndefined();
  expect((await getUser(db, 'li.na'))?.active).toBe(false);
  expect(await checkCredentials(db, 'li.na', 'gongkai-demo')).toBeUndefined();
  expect((await cli('users', 'disable', 'nobody')).code).toBe(1);

  const s2 = await createSession(db, 'wang.fang', at);
  const reset = await cli('users', 'reset-password', 'wang.fang', '--json');
  expect(reset.code).toBe(0);
  const { password } = JSON.parse(reset.out[0]) as { password: string };
  expect(await checkCredentials(db, 'wang.fang', 'gongkai-demo')).toBeUndefined();
  expect(await checkCredentials(db, 'wang.fang', password)).toBe('wang.fang');
  expect(await getSession(db, s2.token, at)).toBeUndefined();

  expect(await cli('users', 'roles', 'zhou.min')).toEqual({ code: 0, out: ['zhou.min  supervisor'], err: [] });
  expect(await cli('users', 'roles', 'zhou.min', 'supervisor,admin', '--as', 'admin')).toEqual({ code: 0, out: ['zhou.min  supervisor,admin'], err: [] });
  expect((await getUser(db, 'zhou.min'))?.roles).toEqual(['supervisor', 'admin']);
  const bad = await cli('users', 'roles', 'zhou.min', 'boss');
  expect(bad.code).toBe(2);
  expect(bad.err[0]).toMatch(/^error: 角色（roles\[0\]）：无效选项/);
  expect((await audit('user.roles')).map((a) => a.detail)).toEqual(['supervisor → supervisor,admin']);
});

test('apikey create shows the key once and grants its scopes; list hides it; revoke ends it', async () => {
  const created = await cli('apikey', 'create', 'portal', '--scope', 'applications:intake', '--scope', 'applications:read', '--json');
  expect(created.code).toBe(0);
  const { key } = JSON.parse(created.out[0]) as { key: string };
  expect(await verifyApiKey(db, key)).toBe('portal');
  expect(await apiKeyScopes(db, 'portal')).toEqual(['applications:intake', 'applications:read']);

  const listed = await cli('apikey', 'list', '--json');
  expect(JSON.parse(listed.out[0])).toEqual([{ name: 'portal', createdAt: expect.any(String), revokedAt: null, scopes: ['applications:intake', 'applications:read'] }]);
  expect(listed.out[0]).not.toContain(key);

  const badScope = await cli('apikey', 'create', 'portal2', '--scope', 'everything');
  expect(badScope.code).toBe(2);
  expect(badScope.err[0]).toContain('权限范围（--scope）（scopes[0]）');
  expect((await cli('apikey', 'create', 'portal3')).err[0]).toContain('至少一个 --scope');

  expect(await cli('apikey', 'revoke', 'portal')).toEqual({ code: 0, out: ['portal  已吊销 1 个密钥'], err: [] });
  expect(await verifyApiKey(db, key)).toBeUndefined();
  expect(await cli('apikey', 'revoke', 'portal')).toEqual({ code: 1, out: [], err: ['refused: 没有名为 portal 的有效密钥'] });
  expect((await audit('apikey.create')).length).toBe(1);
});
