/**
 * Every command of `gongkai`, found by walking commander's tree (so a new verb is covered without editing this
 * file), prints its usage in Chinese and exits 0 with --help; a group without a verb is bad input (exit 2).
 */
import type { Command } from 'commander';
import { main } from '../../client/cli/main';
import { allCommands, buildProgram } from '../../client/cli/program';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** The words to type for a command: its names from the root down, without `gongkai`. */
const pathOf = (c: Command): string[] => (c.parent ? [...pathOf(c.parent), c.name()] : []);

const commands = allCommands(buildProgram({ out: () => undefined, err: () => undefined }, () => undefined)).map(pathOf);

test('the tree has the groups and the new verbs', () => {
  const names = commands.map((p) => p.join(' '));
  for (const n of ['application register', 'application notice-received', 'item approve', 'item policy set', 'calendar override add', 'clock explain', 'report check', 'queue',
    'users import', 'users add', 'users disable', 'users reset-password', 'users roles', 'apikey create', 'apikey list', 'apikey revoke']) {
    expect(names).toContain(n);
  }
});

test.each(commands.map((p) => [p.join(' ') || '(gongkai)', p]))('%s --help: exit 0, usage in Chinese on stdout', async (_name, path) => {
  for (const flag of ['--help', '-h']) {
    const r = await run(...(path as string[]), flag);
    expect(r).toMatchObject({ code: 0, err: [] });
    const text = r.out.join('\n');
    expect(text).toMatch(/^用法： gongkai/);
    expect(text).toContain('显示帮助');
    // Commander's English headings and texts are all replaced.
    expect(text).not.toMatch(/Usage:|Options:|Commands:|Arguments:|display help|\[options\]|\[command\]/);
  }
});

test('`gongkai help GROUP` is help too; a group without a verb and an unknown command are bad input', async () => {
  expect((await run('help', 'users')).code).toBe(0);
  const bare = await run('users');
  expect(bare.code).toBe(2);
  expect(bare.err.join('\n')).toMatch(/^用法： gongkai users/);
  expect(await run('nope')).toEqual({ code: 2, out: [], err: ['error: 未知命令 nope'] });
  expect(await run('apikey', 'create')).toEqual({ code: 2, out: [], err: ['error: 缺少参数 NAME'] });
  expect(await run('queue', '--as')).toEqual({ code: 2, out: [], err: ['error: 选项 --as 缺少值'] });
  expect(await run('queue', '--as', '--json')).toEqual({ code: 2, out: [], err: ['error: 选项 --as 缺少值'] });
});
