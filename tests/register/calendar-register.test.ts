/**
 * The register's calendar without Temporal: `gongkai calendar import --no-recompute` (valid and invalid
 * files), overrides (audited) changing `is-workday` and `add-workdays`, and the `loadCalendar` activity.
 * The fixture `calendar-import-2027.json` is an invented 2027 schedule (测试用), valid by the import rules.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCalendarActivities } from '../../activities/calendar';
import { main } from '../../client/cli/main';
import { Calendar, seedCalendarData } from '../../domain/calendar';
import { calendarAuditLog } from '../../register/calendar';
import type { Register } from '../../register/db';
import { freshRegister } from '../../testing/register';

const fixture = join(__dirname, '..', 'fixtures', 'calendar-import-2027.json');
const valid = JSON.parse(readFileSync(fixture, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'gongkai-calendar-import-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

let db: Register & { url: string };
const savedEnv = { ...process.env };
beforeAll(async () => {
  db = await freshRegister();
  process.env.DATABASE_URL = db.url;
});
afterAll(async () => {
  process.env = savedEnv;
  await db?.destroy();
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

async function registerState() {
  return {
    years: await db.selectFrom('calendar_years').selectAll().execute(),
    overrides: await db.selectFrom('calendar_overrides').selectAll().execute(),
    audit: await calendarAuditLog(db),
  };
}

describe('gongkai calendar import (register only)', () => {
  const modify = (f: (s: typeof valid) => void) => {
    const copy = JSON.parse(JSON.stringify(valid));
    f(copy);
    return copy;
  };

  it.each([
    ['a make-up day on a weekday', modify((s) => (s.holidays[1].work = ['2027-02-22'])), /^error: FILE：.*调休上班日 2027-02-22 不是星期六或星期日（holidays\[1\]\.work\[0\]）/],
    ['a day both off and working', modify((s) => s.holidays[6].work.push('2027-10-02')), /2027-10-02 既是放假日又是上班日（国庆节）（holidays\[6\]\.work\[2\]）/],
    ['an incomplete year', modify((s) => s.holidays.splice(5, 1)), /安排不完整：2027-09-15（中秋节）不是放假日（holidays）/],
    ['no notice', modify((s) => (s.notices = [])), /须列出发布该安排的通知（notices）/],
    ['a malformed date', modify((s) => (s.holidays[0].off[0] = '2027-1-1')), /日期应写作 YYYY-MM-DD，且是真实存在的日期（holidays\[0\]\.off\[0\]）/],
  ])('refuses %s: exit 2, one line naming the field and the rule, nothing stored', async (_name, content, message) => {
    const before = await registerState();
    const r = await run('calendar', 'import', file(`${_name}.json`, content), '--as', 'alice', '--no-recompute');
    expect({ code: r.code, out: r.out, lines: r.err.length }).toEqual({ code: 2, out: [], lines: 1 });
    expect(r.err[0]).toMatch(message);
    expect(await registerState()).toEqual(before);
  });

  it('refuses a file that is not JSON, naming FILE', async () => {
    const r = await run('calendar', 'import', file('broken.json', '{"year": 2027,'), '--no-recompute');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error: FILE：无法作为 JSON 读取 .*broken\.json/);
  });

  it('imports a valid year: the provisional 2027 becomes official; re-importing it is a no-op; audited', async () => {
    // Before: 2027 is provisional (weekends and statutory holidays only).
    expect((await run('calendar', 'add-workdays', '2027-02-01', '5')).out).toEqual(['2027-02-12 provisional']);
    expect((await run('calendar', 'is-workday', '2027-02-20')).out).toEqual(['rest-day provisional']);

    const r = await run('calendar', 'import', fixture, '--as', 'alice', '--no-recompute');
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out[0]).toMatch(/^2027: imported \(测试用国办发明电〔2026〕99号 2026-11-10\); calendar chinese-days-1\.5\.7\+register@[0-9a-f]{12}$/);
    expect(r.out).toHaveLength(1); // --no-recompute: nothing signalled

    // After, by hand from the schedule: 02-02, 02-03, 02-04, then 02-05..02-12 off, 02-15, 02-16.
    expect((await run('calendar', 'add-workdays', '2027-02-01', '5')).out).toEqual(['2027-02-16']);
    expect(JSON.parse((await run('calendar', 'is-workday', '2027-02-20', '--json')).out[0])).toEqual({
      date: '2027-02-20',
      workday: true,
      reason: 'make-up workday',
      provisional: false,
    });
    // 2026-12-10 + 20 crosses into 2027: 15 working days in December, then 01-04..01-08.
    expect((await run('calendar', 'add-workdays', '2026-12-10', '20')).out).toEqual(['2027-01-08']);
    const coverage = (await run('calendar', 'coverage')).out;
    expect(coverage).toContain('2027  测试用国办发明电〔2026〕99号 2026-11-10');
    expect(coverage.at(-1)).toMatch(/^2028-: provisional/);

    const again = await run('calendar', 'import', fixture, '--as', 'bob', '--no-recompute');
    expect(again.out).toEqual(['2027: unchanged (this schedule is already imported)']);
    const state = await registerState();
    expect(state.years.map((y) => [y.year, y.imported_by])).toEqual([[2027, 'alice']]);
    expect(state.audit.map((a) => [a.actor, a.subject_id, a.action])).toEqual([['alice', 'year:2027', 'calendar.import']]);
  });

  it('a corrected schedule for an imported year replaces it, audited with before and after', async () => {
    const corrected = modify((s) => {
      s.notices[0].number = '测试用国办发明电〔2026〕100号';
      s.holidays[4].off = ['2027-06-09', '2027-06-10', '2027-06-11'];
      s.holidays[4].work = ['2027-06-13'];
    });
    const r = await run('calendar', 'import', file('corrected.json', corrected), '--as', 'carol', '--no-recompute');
    expect(r.out[0]).toMatch(/^2027: replaced \(测试用国办发明电〔2026〕100号/);
    expect((await run('calendar', 'is-workday', '2027-06-10')).out).toEqual(['rest-day']);
    const last = (await calendarAuditLog(db)).at(-1)!;
    expect(last).toMatchObject({ actor: 'carol', subject_id: 'year:2027', action: 'calendar.replace' });
    expect(JSON.parse(last.before!)).toMatchObject({ notice: '测试用国办发明电〔2026〕99号 2026-11-10', imported_by: 'alice' });
    expect(JSON.parse(last.after!)).toMatchObject({ notice: '测试用国办发明电〔2026〕100号 2026-11-10' });
    // Restore the first schedule for the tests below.
    expect((await run('calendar', 'import', fixture, '--as', 'alice', '--no-recompute')).out[0]).toMatch(/^2027: replaced/);
  });
});

describe('gongkai calendar override (register only)', () => {
  it('an agency day off and an agency working day change is-workday and add-workdays; remove restores them; all audited', async () => {
    // 2026-05-01..05 is 劳动节: 2026-05-05 + 1 = Wednesday 05-06.
    expect((await run('calendar', 'add-workdays', '2026-05-05', '1')).out).toEqual(['2026-05-06']);
    expect((await run('calendar', 'is-workday', '2026-05-06')).out).toEqual(['workday']);

    const add = await run('calendar', 'override', 'add', '2026-05-06', 'off', '江华瑶族自治县 盘王节', '--as', 'alice', '--no-recompute');
    expect(add).toMatchObject({ code: 0, err: [] });
    expect(add.out).toEqual([expect.stringMatching(/^2026-05-06: override added; calendar chinese-days-1\.5\.7\+register@/)]);
    expect(JSON.parse((await run('calendar', 'is-workday', '2026-05-06', '--json')).out[0])).toEqual({
      date: '2026-05-06',
      workday: false,
      reason: 'override: 江华瑶族自治县 盘王节',
      provisional: false,
    });
    expect((await run('calendar', 'add-workdays', '2026-05-05', '1')).out).toEqual(['2026-05-07']);

    // An extra working Saturday: 2026-05-15 (Fri) + 1 is then Saturday 05-16, not Monday 05-18.
    expect((await run('calendar', 'add-workdays', '2026-05-15', '1')).out).toEqual(['2026-05-18']);
    await run('calendar', 'override', 'add', '2026-05-16', 'work', '防汛值班', '--as', 'bob', '--no-recompute');
    expect((await run('calendar', 'add-workdays', '2026-05-15', '1')).out).toEqual(['2026-05-16']);
    expect((await run('calendar', 'override', 'list')).out).toEqual(['2026-05-06  off  江华瑶族自治县 盘王节', '2026-05-16  work  防汛值班']);

    // The same override again changes nothing; a new reason is a change, audited with before/after.
    expect((await run('calendar', 'override', 'add', '2026-05-16', 'work', '防汛值班', '--as', 'bob', '--no-recompute')).out[0]).toMatch(/override unchanged/);
    expect((await run('calendar', 'override', 'add', '2026-05-16', 'work', '防汛抢险值班', '--as', 'carol', '--no-recompute')).out[0]).toMatch(/override changed/);

    const removed = await run('calendar', 'override', 'remove', '2026-05-06', '--as', 'dave', '--no-recompute');
    expect(removed.out[0]).toMatch(/^2026-05-06: override removed/);
    expect((await run('calendar', 'add-workdays', '2026-05-05', '1')).out).toEqual(['2026-05-06']);
    const absent = await run('calendar', 'override', 'remove', '2026-05-06', '--no-recompute');
    expect({ code: absent.code, err: absent.err }).toEqual({ code: 2, err: ['error: DATE：2026-05-06 没有日历调整'] });

    const audit = (await calendarAuditLog(db)).filter((a) => a.subject_id.startsWith('override:'));
    expect(audit.map((a) => [a.actor, a.subject_id, a.action, a.before && JSON.parse(a.before).reason, a.after && JSON.parse(a.after).reason])).toEqual([
      ['alice', 'override:2026-05-06', 'calendar.override.add', null, '江华瑶族自治县 盘王节'],
      ['bob', 'override:2026-05-16', 'calendar.override.add', null, '防汛值班'],
      ['carol', 'override:2026-05-16', 'calendar.override.change', '防汛值班', '防汛抢险值班'],
      ['dave', 'override:2026-05-06', 'calendar.override.remove', '江华瑶族自治县 盘王节', null],
    ]);
  });

  it.each([
    [['override', 'add', '2026-13-01', 'off', 'x'], /^error: DATE：“2026-13-01”不是 YYYY-MM-DD 格式的日期/],
    [['override', 'add', '2026-05-06', 'holiday', 'x'], /^error: KIND：“holiday”应为 off（休息）或 work（上班）/],
    [['override', 'add', '2026-05-06', 'off'], /^error: 缺少参数 REASON/],
    [['override', 'add', '2026-05-06', 'off', 'x', '--as'], /^error: 选项 --as 缺少值/],
    [['override', 'drop', '2026-05-06'], /^error: 未知命令 drop/],
  ])('%j exits 2 with one line and changes nothing', async (args, message) => {
    const before = await registerState();
    const r = await run('calendar', ...args, '--no-recompute');
    expect({ code: r.code, out: r.out, lines: r.err.length }).toEqual({ code: 2, out: [], lines: 1 });
    expect(r.err[0]).toMatch(message);
    expect(await registerState()).toEqual(before);
  });
});

describe('loadCalendar activity', () => {
  it('returns the seed, the imported year and the overrides, with a version that changes with them', async () => {
    const { loadCalendar } = createCalendarActivities({ db });
    const data = await loadCalendar();
    const seed = seedCalendarData();
    expect(data.years.map((y) => y.year)).toEqual([...seed.years.map((y) => y.year), 2027]);
    expect(data.years.at(-1)).toEqual(valid);
    expect(data.overrides).toEqual([{ date: '2026-05-16', kind: 'work', reason: '防汛抢险值班' }]);
    expect(data.version).toMatch(/^chinese-days-1\.5\.7\+register@[0-9a-f]{12}$/);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data); // plain JSON: safe as an activity result
    expect(new Calendar(data).addWorkdays('2027-02-01', 5)).toEqual({ date: '2027-02-16', provisional: false });

    expect((await loadCalendar()).version).toBe(data.version);
    await db.deleteFrom('calendar_overrides').execute();
    expect((await loadCalendar()).version).not.toBe(data.version);
    await db.deleteFrom('calendar_years').execute();
    expect(await loadCalendar()).toEqual(seed);
  });
});
