import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../client/cli/main';

const root = join(__dirname, '..', '..');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-clock-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const workedExample = file('worked.json', {
  policy: { feePausesClock: true },
  events: [
    { type: 'received', date: '2025-09-25', channel: 'in-person' },
    { type: 'correctionRequested', date: '2025-09-30', periodWorkdays: 10 },
    { type: 'correctionReceived', date: '2025-10-15' },
    { type: 'consultationStarted', date: '2025-10-20', party: 'third-party' },
    { type: 'consultationEnded', date: '2025-11-03' },
    { type: 'extensionApproved', date: '2025-11-20', workdays: 20 },
  ],
});

describe('gongkai calendar', () => {
  it('add-workdays prints the date, with provisional when it depends on an uncovered year', async () => {
    expect(await run('calendar', 'add-workdays', '2024-09-26', '20')).toEqual({ code: 0, out: ['2024-10-29'], err: [] });
    expect(await run('calendar', 'add-workdays', '2025-09-25', '7')).toEqual({ code: 0, out: ['2025-10-11'], err: [] });
    expect((await run('calendar', 'add-workdays', '2026-12-10', '20')).out).toEqual(['2027-01-08 provisional']);
    expect((await run('calendar', 'add-workdays', '2024-09-26', '20', '--json')).out).toEqual(['{"date":"2024-10-29","provisional":false}']);
  });

  it('is-workday prints workday or rest-day, and the reason with --json', async () => {
    expect((await run('calendar', 'is-workday', '2026-02-14')).out).toEqual(['workday']);
    expect((await run('calendar', 'is-workday', '2025-01-31')).out).toEqual(['rest-day']);
    const json = JSON.parse((await run('calendar', 'is-workday', '2025-05-02', '--json')).out[0]);
    expect(json).toEqual({ date: '2025-05-02', workday: false, reason: 'holiday: 劳动节', provisional: false });
  });

  it('coverage lists the years and their notices', async () => {
    const { code, out } = await run('calendar', 'coverage');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^2004 /);
    expect(out).toContain('2025  国办发明电〔2024〕12号 2024-11 https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm');
    expect(out.at(-1)).toMatch(/^2027-: provisional/);
  });

  it.each([
    [['add-workdays', '2024-13-01', '20'], /^error: DATE：“2024-13-01”不是 YYYY-MM-DD 格式的日期/],
    [['add-workdays', '2024-09-26', '-3'], /^error: N：“-3”应为不小于 0 的整数/],
    [['add-workdays', '2024-09-26', '2.5'], /^error: N：“2.5”/],
    [['add-workdays', '2024-09-26'], /^error: 缺少参数 N/],
    [['is-workday', 'tomorrow'], /^error: DATE：“tomorrow”/],
    [['add-workdays', '2024-09-26', '3', '--jsn'], /^error: 未知选项 --jsn/],
    [['import', 'x.json'], /^error: FILE：无法作为 JSON 读取 x.json/],
  ])('%j exits 2 with one line naming the argument', async (args, message) => {
    const { code, out, err } = await run('calendar', ...args);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });
});

describe('gongkai clock explain', () => {
  it('prints the due date, the state and the explanation', async () => {
    const { code, out } = await run('clock', 'explain', '--events', workedExample, '--today', '2025-12-01');
    expect(code).toBe(0);
    expect(out[0]).toBe('答复期限：2025-12-24');
    expect(out[1]).toBe('状态：办理中（running），剩余 17 个工作日');
    expect(out).toContain('  2025-11-20  第三十三条第二款  经政府信息公开工作机构负责人同意并告知申请人，延长答复期限 20 个工作日（原期限 2025-11-26），答复期限延至 2025-12-24');
  });

  it('prints one JSON object with --json', async () => {
    const { out } = await run('clock', 'explain', '--events', workedExample, '--today', '2025-12-01', '--json');
    expect(out).toHaveLength(1);
    const r = JSON.parse(out[0]);
    expect(r).toMatchObject({ due: '2025-12-24', state: 'running', provisional: false, workdaysLeft: 17 });
    expect(r.steps[0]).toEqual({ date: '2025-09-25', article: '第三十一条', text: expect.any(String), warning: false });
  });

  it.each([
    ['an unknown event', { events: [{ type: 'received', date: '2025-09-25', channel: 'fax' }, { type: 'lunch', date: '2025-09-26' }] }, /events\[1\]\.type/],
    ['a malformed date', { events: [{ type: 'received', date: '2025-9-25', channel: 'fax' }] }, /events\[0\]\.date/],
    [
      'a second extension',
      {
        events: [
          { type: 'received', date: '2025-09-25', channel: 'fax' },
          { type: 'extensionApproved', date: '2025-10-20', workdays: 5 },
          { type: 'extensionApproved', date: '2025-10-21', workdays: 5 },
        ],
      },
      /events\[2\]：答复期限只能延长一次（条例第三十三条第二款）/,
    ],
  ])('%s exits 2 with one line naming it', async (name, content, message) => {
    const { code, out, err } = await run('clock', 'explain', '--events', file(`${name}.json`, content), '--today', '2025-12-01');
    expect({ code, out, lines: err.length }).toEqual({ code: 2, out: [], lines: 1 });
    expect(err[0]).toMatch(message);
  });

  it('names --today and --events when they are wrong', async () => {
    expect((await run('clock', 'explain', '--events', workedExample, '--today', '2025-12-32')).err[0]).toMatch(/^error: --today：/);
    expect((await run('clock', 'explain', '--events', join(dir, 'missing.json'))).err[0]).toMatch(/^error: --events .*无法读取/);
  });
});

describe('the real binary gives the same answers under any TZ', () => {
  const gongkai = (tz: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'gongkai.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: tz } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai'])('TZ=%s', (tz) => {
    expect(gongkai(tz, 'calendar', 'add-workdays', '2025-09-25', '7')).toEqual({ status: 0, stdout: '2025-10-11\n', stderr: '' });
    expect(gongkai(tz, 'calendar', 'is-workday', '2025-10-11', '--json').stdout).toBe(
      '{"date":"2025-10-11","workday":true,"reason":"make-up workday","provisional":false}\n',
    );
    const explained = JSON.parse(gongkai(tz, 'clock', 'explain', '--events', workedExample, '--today', '2025-10-28', '--json').stdout);
    expect(explained).toMatchObject({ due: '2025-11-20', state: 'paused', workdaysLeft: 17 });
    const bad = gongkai(tz, 'calendar', 'add-workdays', '2025-09-25', 'x');
    expect(bad).toEqual({ status: 2, stdout: '', stderr: 'error: N：“x”应为不小于 0 的整数（工作日数）\n' });
  });
});
