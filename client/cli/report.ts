/**
 * `gongkai report check|render`: the annual report data of report-data.md, checked against the
 * cross-checks of statute.md §2.3 and rendered in the national template.
 * Exit: 0 all checks hold / rendered; 1 a check fails; 2 bad arguments or not valid report data.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkReport, formatFailure, parseReportData, type ReportData } from '../../domain/report';
import { reportRenderFormats, reportRenderers, type ReportRenderFormat } from '../../activities/report';
import { UsageError, type CliCommand, type CliIO } from './io';

const usage = 'usage: gongkai report check --data FILE [--previous FILE] | render --data FILE --format md|html|docx --out PATH [--draft] | data --year YYYY --out FILE [--format 2021|2019]';

/** Reads and validates one report data file; any problem is a UsageError naming the option and path. */
async function loadData(option: string, file: string | undefined): Promise<ReportData> {
  if (!file) throw new UsageError(`${option} FILE is required; ${usage}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${option} ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${option} ${file}: not JSON (${(e as Error).message})`);
  }
  const parsed = parseReportData(json);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 5).join('; ');
    const more = parsed.errors.length > 5 ? `; and ${parsed.errors.length - 5} more` : '';
    throw new UsageError(`${option} ${file}: not valid report data: ${shown}${more}`);
  }
  return parsed.data;
}

function parse(args: string[], options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; ${usage}`);
  }
}

async function check(args: string[], io: CliIO): Promise<number> {
  const values = parse(args, { data: { type: 'string' }, previous: { type: 'string' } });
  const data = await loadData('--data', values.data as string | undefined);
  const previous = values.previous === undefined ? undefined : await loadData('--previous', values.previous as string);
  const failures = checkReport(data, previous);
  for (const f of failures) io.out(formatFailure(f));
  return failures.length ? 1 : 0;
}

async function render(args: string[], io: CliIO): Promise<number> {
  const values = parse(args, {
    data: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    draft: { type: 'boolean', default: false },
  });
  const format = values.format as string | undefined;
  if (!format || !(reportRenderFormats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${reportRenderFormats.join('|')}`);
  }
  if (!values.out) throw new UsageError(`--out PATH is required; ${usage}`);
  const data = await loadData('--data', values.data as string | undefined);
  const draft = values.draft === true;
  const failures = checkReport(data);
  if (failures.length && !draft) {
    // A report that does not add up is not published (条例 第五十条; statute §2.3): only a draft.
    for (const f of failures) io.err(formatFailure(f));
    io.err(`refusing to render: ${failures.length} check(s) fail; fix the data or pass --draft`);
    return 1;
  }
  const output = await reportRenderers[format as ReportRenderFormat](data, { draft });
  await writeFile(values.out as string, output);
  io.out(`${values.out as string}${draft ? ' (草稿)' : ''}`);
  return 0;
}

/** `report data`: the year's data from the register (DATABASE_URL), manual sections left as empty strings. */
async function data(args: string[], io: CliIO): Promise<number> {
  const values = parse(args, { year: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } });
  const year = Number(values.year);
  if (!/^\d{4}$/.test(String(values.year ?? '')) || year < 2008) throw new UsageError(`--year YYYY is required (2008 or later); ${usage}`);
  if (!values.out) throw new UsageError(`--out FILE is required; ${usage}`);
  if (values.format !== undefined && values.format !== '2021' && values.format !== '2019') throw new UsageError('--format must be 2021 or 2019');
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

export const reportCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'check') return check(rest, io);
  if (sub === 'render') return render(rest, io);
  if (sub === 'data') return data(rest, io);
  throw new UsageError(sub ? `unknown report command "${sub}"; ${usage}` : usage);
};
