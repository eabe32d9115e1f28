/**
 * `gongkai calendar add-workdays DATE N | is-workday DATE | coverage`: the working-day calendar with 调休
 * (statute §4), read from the register when one is configured (DATABASE_URL, or DATA_DIR/register.db
 * exists), else the national seed; neither needs Temporal.
 * `gongkai calendar import FILE | override add|remove|list | recompute`: change the register's calendar,
 * audited, then signal the open applications whose dates it moves and every other running workflow with a
 * deadline to recompute it; `calendar fanouts` shows whom each change reached and how long it took.
 * Exit 0 done; 1 failed (register or Temporal); 2 bad arguments or a bad schedule file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Calendar, seedCalendar, tryParseCivilDate } from '../../domain/calendar';
import { loadConfig, temporalAddress, type Config } from '../../config';
import { dataConverter, payloadKeyring } from '../../config/payloadKeys';
import { calendarOverrides, loadCalendarData } from '../../register/calendar';
import { migrateRegister, openRegister, type Register } from '../../register/db';
import * as calendarService from '../services/calendar';
import { str, UsageError, type CliIO, type Values } from './io';

function date(name: string, value: string): string {
  if (tryParseCivilDate(value) === undefined) throw new UsageError(`${name}：“${value}”不是 YYYY-MM-DD 格式的日期`);
  return value;
}

function count(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name}：“${value}”应为不小于 0 的整数（工作日数）`);
  return Number(value);
}

function actor(values: Values): string {
  const as = values.as;
  if (typeof as === 'string') {
    if (!/^[\w.@-]{1,64}$/.test(as)) throw new UsageError(`--as：“${as}”不是用户名（字母、数字及 . _ @ -）`);
    return as;
  }
  return `os:${os.userInfo().username}`;
}

// ---- the register ---------------------------------------------------------------------------------------

/** The configuration when a register is configured: DATABASE_URL set, or the default SQLite file exists. */
function registerConfig(required: boolean): Config | undefined {
  const env = process.env;
  const configured = !!env.DATABASE_URL || fs.existsSync(path.join(env.DATA_DIR || 'data', 'register.db'));
  if (!configured && !required) return undefined;
  return loadConfig(env);
}

async function withRegister<T>(config: Config, f: (db: Register) => Promise<T>): Promise<T> {
  const db = openRegister(config.databaseUrl);
  try {
    await migrateRegister(db);
    return await f(db);
  } finally {
    await db.destroy();
  }
}

async function calendar(): Promise<Calendar> {
  const config = registerConfig(false);
  if (!config) return seedCalendar();
  return withRegister(config, async (db) => new Calendar(await loadCalendarData(db)));
}

/** Runs a change with a Temporal client that connects only if there is something to signal. */
async function withServices<T>(
  values: Values,
  f: (ctx: { db: Register; temporal?: () => Promise<Client> }) => Promise<T>,
): Promise<T> {
  const config = registerConfig(true)!;
  let close: (() => Promise<void>) | undefined;
  const temporal = async () => {
    const connection = await Connection.connect({ address: temporalAddress(config), connectTimeout: '10 seconds' });
    close = () => connection.close();
    return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(payloadKeyring(config)) });
  };
  try {
    return await withRegister(config, (db) => f({ db, temporal: values['no-recompute'] ? undefined : temporal }));
  } finally {
    await close?.();
  }
}


function printFanOut(io: CliIO, fanOut: calendarService.FanOutResult | undefined, version: string): void {
  if (!fanOut) return;
  io.out(`signalled ${fanOut.signalled} running workflow(s) with a deadline to recompute (calendar ${version})${fanOut.closed ? `; ${fanOut.closed} had closed` : ''}`);
  if (fanOut.openCases === undefined) return;
  const days = fanOut.changedDays?.length ? `（变动 ${fanOut.changedDays.length} 天）` : '';
  io.out(`在办申请 ${fanOut.openCases} 件，已通知其中 ${fanOut.reached?.length ?? 0} 件重算期限${days}`);
}

/** `gongkai calendar fanouts`: which open cases each calendar change reached, how long it took, how many recomputed. */
async function fanouts(_: string[], values: Values, io: CliIO): Promise<number> {
  const limitText = str(values, 'limit') ?? '10';
  if (!/^[1-9]\d{0,3}$/.test(limitText)) throw new UsageError(`--limit：“${limitText}”应为 1 至 9999 的整数`);
  const list = await withRegister(registerConfig(true)!, (db) => calendarService.calendarFanOuts({ db }, Number(limitText)));
  if (values.json) {
    io.out(JSON.stringify(list));
    return 0;
  }
  if (list.length === 0) io.out('尚无日历变更的通知记录');
  for (const f of list) {
    const took = f.finishedAt ? `${Date.parse(f.finishedAt) - Date.parse(f.startedAt)} 毫秒` : '未完成';
    const days = f.changedDays.length > 5 ? `${f.changedDays.slice(0, 5).join('、')} 等` : f.changedDays.join('、') || '无';
    io.out(`${f.startedAt}  日历版本 ${f.version}（${f.reason}）`);
    io.out(`  变动日：${days}（共 ${f.changedDays.length} 天）`);
    io.out(`  在办申请 ${f.openCases} 件，通知 ${f.reached.length} 件${f.reached.length ? `：${f.reached.slice(0, 10).join('、')}${f.reached.length > 10 ? ' 等' : ''}` : ''}；其他有期限的流程 ${f.othersSignalled} 个`);
    io.out(`  通知用时 ${took}；已按新版本重算 ${f.recomputed}/${f.reached.length} 件${f.failed.length ? `；失败 ${f.failed.length} 个（首个：${f.failed[0].workflowId}）` : ''}`);
  }
  return 0;
}

/** Maps the service's failures to exit codes: a bad schedule is the user's (2); a failed fan-out is not (1). */
async function change<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof calendarService.InvalidScheduleError) throw new UsageError(`FILE：${oneLine(e.message)}`);
    throw e;
  }
}

/** `z.prettifyError` output on one line: `rule（path）；rule（path）`. */
function oneLine(text: string): string {
  return text
    .replace(/\n\s*→ at (\S+)/g, '（$1）')
    .split('\n')
    .map((l) => l.replace(/^✖\s*/, '').trim())
    .filter(Boolean)
    .join('；');
}

// ---- reads ----------------------------------------------------------------------------------------------

async function addWorkdays(positionals: string[], v: Values, io: CliIO): Promise<number> {
  const json = v.json === true;
  const from = date('DATE', positionals[0]);
  const n = count('N', positionals[1]);
  const result = (await calendar()).addWorkdays(from, n);
  io.out(json ? JSON.stringify(result) : result.provisional ? `${result.date} provisional` : result.date);
  return 0;
}

async function isWorkday(positionals: string[], v: Values, io: CliIO): Promise<number> {
  const json = v.json === true;
  const day = date('DATE', positionals[0]);
  const info = (await calendar()).isWorkday(day);
  const word = info.workday ? 'workday' : 'rest-day';
  io.out(json ? JSON.stringify(info) : info.provisional ? `${word} provisional` : word);
  return 0;
}

async function coverage(_: string[], v: Values, io: CliIO): Promise<number> {
  const json = v.json === true;
  const years = (await calendar()).coverage();
  if (json) {
    io.out(JSON.stringify(years));
    return 0;
  }
  for (const { year, notices } of years) {
    const sources = notices.map((n) => [n.number ?? '(文号未载)', n.published ?? '(日期未载)', n.url ?? ''].join(' ').trim());
    io.out(`${year}  ${sources.join('; ')}`);
  }
  const last = years[years.length - 1]?.year;
  if (last !== undefined) io.out(`${last + 1}-: provisional (weekends and the statutory holidays only)`);
  return 0;
}

// ---- changes --------------------------------------------------------------------------------------------

async function importYear(positionals: string[], values: Values, io: CliIO): Promise<number> {
  const json = values.json === true;
  const by = actor(values);
  let content: unknown;
  try {
    content = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));
  } catch (e) {
    throw new UsageError(`FILE：无法作为 JSON 读取 ${positionals[0]}（${(e as Error).message}）`);
  }
  const r = await change(() => withServices(values, (ctx) => calendarService.importCalendarYear(ctx, content, by)));
  if (json) {
    io.out(JSON.stringify(r));
    return 0;
  }
  io.out(r.status === 'unchanged' ? `${r.year}: unchanged (this schedule is already imported)` : `${r.year}: ${r.status} (${r.notice}); calendar ${r.version}`);
  printFanOut(io, r.fanOut, r.version);
  return 0;
}

async function overrideAdd(positionals: string[], values: Values, io: CliIO): Promise<number> {
  const day = date('DATE', positionals[0]);
  const kind = positionals[1];
  if (kind !== 'off' && kind !== 'work') throw new UsageError(`KIND：“${kind}”应为 off（休息）或 work（上班）`);
  const reason = positionals[2].trim();
  if (!reason) throw new UsageError('REASON：日历调整须说明原因');
  const by = actor(values);
  const r = await withServices(values, (ctx) => calendarService.addCalendarOverride(ctx, { date: day, kind, reason }, by));
  io.out(`${day}: override ${r.status}; calendar ${r.version}`);
  printFanOut(io, r.fanOut, r.version);
  return 0;
}

async function overrideRemove(positionals: string[], values: Values, io: CliIO): Promise<number> {
  const day = date('DATE', positionals[0]);
  const by = actor(values);
  const r = await withServices(values, (ctx) => calendarService.deleteCalendarOverride(ctx, day, by));
  if (r.status === 'absent') throw new UsageError(`DATE：${day} 没有日历调整`);
  io.out(`${day}: override removed; calendar ${r.version}`);
  printFanOut(io, r.fanOut, r.version);
  return 0;
}

async function overrideList(_: string[], values: Values, io: CliIO): Promise<number> {
  const list = await withRegister(registerConfig(true)!, (db) => calendarOverrides(db));
  if (values.json) io.out(JSON.stringify(list));
  else for (const o of list) io.out(`${o.date}  ${o.kind}  ${o.reason}`);
  return 0;
}

async function recompute(_: string[], values: Values, io: CliIO): Promise<number> {
  const by = actor(values);
  const reason = str(values, 'reason') ?? `calendar recompute requested by ${by}`;
  const r = await withServices({}, (ctx) => calendarService.recomputeAll(ctx, reason));
  printFanOut(io, r, r.version);
  return 0;
}

const verbs: Record<string, (operands: string[], values: Values, io: CliIO) => Promise<number>> = {
  'add-workdays': addWorkdays,
  'is-workday': isWorkday,
  coverage,
  import: importYear,
  'override add': overrideAdd,
  'override remove': overrideRemove,
  'override list': overrideList,
  recompute,
  fanouts,
};

/** One verb of `gongkai calendar` (program.ts declares its operands and options). */
export async function calendarVerb(name: string, operands: string[], values: Values, io: CliIO): Promise<number> {
  const run = verbs[name];
  if (!run) throw new UsageError(`未知命令 calendar ${name}`);
  return run(operands, values, io);
}
