/**
 * `gongkai calendar add-workdays DATE N | is-workday DATE | coverage`: the working-day calendar with 调休
 * (statute §4). Exit 0 answered; 2 bad arguments. `calendar import` needs the register and lives elsewhere.
 */
import { parseArgs } from 'node:util';
import { seedCalendar, tryParseCivilDate, type Calendar } from '../../domain/calendar';
import { UsageError, type CliCommand, type CliIO } from './io';

const usage = 'usage: gongkai calendar add-workdays DATE N [--json] | is-workday DATE [--json] | coverage [--json]';

/**
 * Splits `--options` from positionals by hand so that a negative count such as `-3` reaches the
 * count check (and its error names N) instead of being read as an unknown short option.
 */
function parse(args: string[], positionalNames: string[]): { json: boolean; positionals: string[] } {
  const options = args.filter((a) => a.startsWith('--'));
  const positionals = args.filter((a) => !a.startsWith('--'));
  let json = false;
  try {
    json = parseArgs({ args: options, options: { json: { type: 'boolean', default: false } }, strict: true }).values.json === true;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; ${usage}`);
  }
  if (positionals.length !== positionalNames.length) {
    const missing = positionalNames[positionals.length];
    throw new UsageError(missing ? `${missing} is required; ${usage}` : `unexpected argument "${positionals[positionalNames.length]}"; ${usage}`);
  }
  return { json, positionals };
}

function date(name: string, value: string): string {
  if (tryParseCivilDate(value) === undefined) throw new UsageError(`${name}: "${value}" is not a date of the form YYYY-MM-DD`);
  return value;
}

function count(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name}: "${value}" is not a whole number of working days ≥ 0`);
  return Number(value);
}

function calendar(): Calendar {
  // The national seed; the register's overrides and imported years are the lead's wiring (issue 3).
  return seedCalendar();
}

async function addWorkdays(args: string[], io: CliIO): Promise<number> {
  const { json, positionals } = parse(args, ['DATE', 'N']);
  const from = date('DATE', positionals[0]);
  const n = count('N', positionals[1]);
  const result = calendar().addWorkdays(from, n);
  io.out(json ? JSON.stringify(result) : result.provisional ? `${result.date} provisional` : result.date);
  return 0;
}

async function isWorkday(args: string[], io: CliIO): Promise<number> {
  const { json, positionals } = parse(args, ['DATE']);
  const info = calendar().isWorkday(date('DATE', positionals[0]));
  const word = info.workday ? 'workday' : 'rest-day';
  io.out(json ? JSON.stringify(info) : info.provisional ? `${word} provisional` : word);
  return 0;
}

async function coverage(args: string[], io: CliIO): Promise<number> {
  const { json } = parse(args, []);
  const years = calendar().coverage();
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

const subcommands: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  'add-workdays': addWorkdays,
  'is-workday': isWorkday,
  coverage,
};

export const calendarCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  const run = sub ? subcommands[sub] : undefined;
  if (!run) throw new UsageError(sub ? `unknown subcommand "${sub}"; ${usage}` : usage);
  return run(rest, io);
};
