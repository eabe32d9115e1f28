/**
 * `gongkai report check|render|data`: the annual report data of docs/report-data.md, checked (C1–C6 and
 * C8, the narrative against the tables) and rendered in the national template.
 * `gongkai report start|edit|submit|show --year YYYY`: the year's assembleAnnualReport workflow, over
 * client/services/report.ts.
 * Exit: 0 all checks hold / rendered / done; 1 a check fails, or the workflow refused; 2 bad arguments or not
 * valid report data.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { checkReport, formatFailure, missingPartName, parseReportData, type ReportData } from '../../domain/report';
import { reportStateLabels } from '../../domain/dictionary';
import { reportRenderFormats, reportRenderers, type ReportRenderFormat } from '../../activities/report';
import type { EditArgs, ReportView } from '../../workflows/report/definitions';
import { UsageError, type CliIO, type Values } from './io';
import { zodText } from '../zodText';

const usage =
  '用法：gongkai report check --data FILE [--previous FILE] | render --data FILE --format md|html|docx --out PATH [--draft]' +
  ' | data --year YYYY --out FILE [--format 2021|2019]' +
  ' | start --year YYYY [--as EDITOR] | edit --year YYYY (--section2 FILE.json|FILE.csv | --narrative 一|五|六=FILE)... --as USER' +
  ' | submit --year YYYY --as USER | show --year YYYY [--json]';
const yearRule = '--year YYYY 缺少或有误（应为 2008 年或以后的四位年份）';

/** Reads and validates one report data file; any problem is a UsageError naming the option and path. */
async function loadData(option: string, file: string | undefined): Promise<ReportData> {
  if (!file) throw new UsageError(`缺少 ${option} FILE；${usage}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${option} ${file}：无法读取（${(e as NodeJS.ErrnoException).code ?? String(e)}）`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${option} ${file}：不是 JSON（${(e as Error).message}）`);
  }
  const parsed = parseReportData(json);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 5).join('；');
    const more = parsed.errors.length > 5 ? `；另有 ${parsed.errors.length - 5} 处` : '';
    throw new UsageError(`${option} ${file}：不是有效的报告数据：${shown}${more}`);
  }
  return parsed.data;
}

async function check(values: Values, io: CliIO): Promise<number> {
  const data = await loadData('--data', values.data as string | undefined);
  const previous = values.previous === undefined ? undefined : await loadData('--previous', values.previous as string);
  const failures = checkReport(data, previous);
  for (const f of failures) io.out(formatFailure(f));
  return failures.length ? 1 : 0;
}

async function render(values: Values, io: CliIO): Promise<number> {
  const format = values.format as string | undefined;
  if (!format || !(reportRenderFormats as readonly string[]).includes(format)) {
    throw new UsageError(`--format 应为 ${reportRenderFormats.join('|')} 之一`);
  }
  if (!values.out) throw new UsageError(`缺少 --out PATH；${usage}`);
  const data = await loadData('--data', values.data as string | undefined);
  const draft = values.draft === true;
  const failures = checkReport(data);
  if (failures.length && !draft) {
    // A report that does not add up is not published (条例 第五十条; docs/report-data.md, Checks): only a draft.
    for (const f of failures) io.err(formatFailure(f));
    io.err(`拒绝生成：${failures.length} 项校验未通过；请修正数据，或加 --draft 生成草稿`);
    return 1;
  }
  const output = await reportRenderers[format as ReportRenderFormat](data, { draft });
  await writeFile(values.out as string, output);
  io.out(`${values.out as string}${draft ? ' (草稿)' : ''}`);
  return 0;
}

/** `report data`: the year's data from the register (DATABASE_URL), manual sections left as empty strings. */
async function data(values: Values, io: CliIO): Promise<number> {
  const year = Number(values.year);
  if (!/^\d{4}$/.test(String(values.year ?? '')) || year < 2008) throw new UsageError(`${yearRule}；${usage}`);
  if (!values.out) throw new UsageError(`缺少 --out FILE；${usage}`);
  if (values.format !== undefined && values.format !== '2021' && values.format !== '2019') throw new UsageError('--format 应为 2021 或 2019');
  const { loadConfig } = require('../../config') as typeof import('../../config');
  const { openRegister, migrateRegister } = require('../../register/db') as typeof import('../../register/db');
  const { reportDataFromRegister } = require('../services/report') as typeof import('../services/report');
  const config = loadConfig();
  const db = openRegister(config.databaseUrl);
  try {
    await migrateRegister(db);
    const { data: assembled, section1Counts } = await reportDataFromRegister(db, config, year, values.format as '2021' | '2019' | undefined);
    await writeFile(values.out as string, JSON.stringify(assembled, null, 2) + '\n');
    io.out(values.out as string);
    // Section 一's counts go to the editor for the narrative; the data format has no field for them.
    for (const [category, n] of Object.entries(section1Counts)) io.out(`${category}\t${n}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

// ---- the year's workflow ----

function yearOf(value: unknown): number {
  const year = Number(value);
  if (typeof value !== 'string' || !/^\d{4}$/.test(value) || year < 2008) throw new UsageError(`${yearRule}；${usage}`);
  return year;
}

function userOf(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !/^[a-z][a-z0-9._-]{1,40}$/.test(value)) throw new UsageError(`--as USER 缺少或有误（应为用户名，如 liu.yang）；${usage}`);
  return value;
}

async function readText(option: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${option} ${file}：无法读取（${(e as NodeJS.ErrnoException).code ?? String(e)}）`);
  }
}

const narrativeFields = { 一: 'section1', 五: 'section5', 六: 'section6' } as const;

/** The edit's arguments from --section2 and --narrative, validated by the update's own schema. */
async function editFromOptions(actor: string, section2: unknown, narratives: unknown): Promise<EditArgs> {
  const args: Record<string, unknown> = { actor };
  if (typeof section2 === 'string') {
    const ext = extname(section2).toLowerCase();
    if (ext !== '.json' && ext !== '.csv') throw new UsageError(`--section2 ${section2}：应为 .json 或 .csv 文件`);
    const text = await readText('--section2', section2);
    if (ext === '.csv') {
      args.section2Csv = text;
    } else {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new UsageError(`--section2 ${section2}：不是 JSON（${(e as Error).message}）`);
      }
      // Section 二 alone ({ row: { field: value } }), or a whole report data file whose section2 is taken.
      args.section2 = json && typeof json === 'object' && 'section2' in json ? (json as { section2: unknown }).section2 : json;
    }
  }
  for (const n of (narratives as string[] | undefined) ?? []) {
    const m = /^(一|五|六)=(.+)$/.exec(n);
    if (!m) throw new UsageError(`--narrative ${n}：应写作 一=FILE、五=FILE 或 六=FILE`);
    args[narrativeFields[m[1] as keyof typeof narrativeFields]] = await readText(`--narrative ${m[1]}`, m[2]);
  }
  if (Object.keys(args).length === 1) throw new UsageError(`缺少 --section2 FILE 或 --narrative 一|五|六=FILE；${usage}`);
  // Lazy, like Temporal itself: `report check` and `render` do not load the workflow definitions.
  const { editArgs } = require('../../workflows/report/definitions') as typeof import('../../workflows/report/definitions');
  const parsed = editArgs.safeParse(args);
  if (!parsed.success) {
    // Name the option the bad field came from; one line (the CLI's errors are one line on stderr).
    const field = String(parsed.error.issues[0]?.path[0] ?? '');
    const narrative = Object.entries(narrativeFields).find(([, f]) => f === field)?.[0];
    const option = field.startsWith('section2') ? '--section2' : narrative ? `--narrative ${narrative}` : '--as';
    throw new UsageError(`${option}：${zodText(parsed.error)}`);
  }
  return parsed.data;
}

function printView(io: CliIO, id: string, v: ReportView): void {
  io.out(`${id}\t${reportStateLabels[v.state] ?? v.state}\t报送期限 ${v.dueDate}`);
  if (v.notice) io.out(`提示：${v.notice}`);
  if (v.missing.length) io.out(`待填写：${v.missing.map(missingPartName).join('、')}`);
  for (const f of v.failures) io.out(formatFailure(f));
  if (v.reviewItemId) io.out(`审核事项：${v.reviewItemId}`);
  for (const f of v.files) io.out(`${f.format}：${f.url}`);
}

/** Runs `fn` with the services (injected by a test, else from the environment); a refusal by the workflow is exit 1. */
async function withReport(io: CliIO, fn: (s: import('../context').Services, h: typeof import('../services/report')) => Promise<number>): Promise<number> {
  const { withServices } = require('./reviewServices') as typeof import('./reviewServices');
  const services = require('../services/report') as typeof import('../services/report');
  const { WorkflowNotFoundError } = require('@temporalio/client') as typeof import('@temporalio/client');
  try {
    return await withServices((s) => fn(s, services));
  } catch (e) {
    // Section 二's CSV is read before anything is sent: a line that names no row or field is bad input (its
    // message names the line; main prints it as any usage error, exit 2).
    if (e instanceof RangeError) throw new UsageError(e.message);
    if (e instanceof WorkflowNotFoundError) {
      io.err('该年度的年度报告流程尚未开始：请先运行 gongkai report start --year YYYY');
      return 1;
    }
    throw e;
  }
}

async function workflowCommand(sub: 'start' | 'edit' | 'submit' | 'show', values: Values, io: CliIO): Promise<number> {
  const year = yearOf(values.year);
  if (sub === 'start') {
    const editor = userOf(values.as, false);
    return withReport(io, async (s, r) => {
      const { workflowId, started } = await r.startAnnualReport(s, year, editor);
      io.out(`${workflowId}\t${started ? '已开始' : '此前已开始'}`);
      return 0;
    });
  }
  if (sub === 'show') {
    return withReport(io, async (s, r) => {
      const view = await r.reportState(s, year);
      if (values.json) io.out(JSON.stringify(view));
      else printView(io, r.reportHandle(s, year).workflowId, view);
      return 0;
    });
  }
  const actor = userOf(values.as, true)!;
  const edit = sub === 'edit' ? await editFromOptions(actor, values.section2, values.narrative) : undefined;
  return withReport(io, async (s, r) => {
    const view = edit ? await r.editReport(s, year, edit) : await r.submitReport(s, year, actor);
    printView(io, r.reportHandle(s, year).workflowId, view);
    return 0;
  });
}

/** One verb of `gongkai report` (program.ts declares its options). */
export async function reportVerb(sub: string, values: Values, io: CliIO): Promise<number> {
  if (sub === 'check') return check(values, io);
  if (sub === 'render') return render(values, io);
  if (sub === 'data') return data(values, io);
  if (sub === 'start' || sub === 'edit' || sub === 'submit' || sub === 'show') return workflowCommand(sub, values, io);
  throw new UsageError(`未知命令 report ${sub}；${usage}`);
}
