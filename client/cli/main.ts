import { CliCommand, CliIO, processIO, UsageError } from './io';

// Lazy so that `gongkai report check` does not load Temporal or the database. require, not import():
// bin/gongkai.js runs under tsx's CommonJS hook, where import() of a .ts file does not resolve.
const groups: Record<string, () => Promise<CliCommand>> = {
  application: async () => (require('./application') as typeof import('./application')).applicationCommand,
  calendar: async () => (require('./calendar') as typeof import('./calendar')).calendarCommand,
  clock: async () => (require('./clock') as typeof import('./clock')).clockCommand,
  report: async () => (require('./report') as typeof import('./report')).reportCommand,
  item: async () => (require('./item') as typeof import('./item')).itemCommand,
  queue: async () => (require('./queue') as typeof import('./queue')).queueCommand,
  users: async () => (require('./users') as typeof import('./users')).usersCommand,
};

const usage = `usage: gongkai <${Object.keys(groups).join('|')}> ...`;

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [group, ...rest] = argv;
  const load = group ? groups[group] : undefined;
  if (!load) {
    io.err(group ? `unknown command "${group}"; ${usage}` : usage);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
