import { CommanderError } from 'commander';
import { reportFailure } from './failures';
import { processIO, UsageError, type CliIO } from './io';
import { buildProgram } from './program';
import { useChineseZod } from '../zodText';

/**
 * Commander's own errors (unknown option, missing argument …) in Chinese, naming the option or argument.
 * Its English message is kept for anything not listed, so nothing is lost.
 */
function commanderText(e: CommanderError): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const name = quoted.replace(/\s*[<[].*$/, '');
  switch (e.code) {
    case 'commander.unknownOption':
      return `未知选项 ${name}`;
    case 'commander.unknownCommand':
      return `未知命令 ${name}`;
    case 'commander.missingArgument':
      return `缺少参数 ${name}`;
    case 'commander.optionMissingArgument':
    case 'commander.invalidArgument':
      return `选项 ${name} 缺少值`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必填选项 ${name}`;
    case 'commander.excessArguments':
      return `参数过多（${e.message.replace(/^error:\s*/, '')}）`;
    default:
      return e.message.replace(/^error:\s*/, '');
  }
}

/** Runs one command line; the exit status is 0 done, 1 refused or failed, 2 bad arguments or input. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  useChineseZod();
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help asked for: 0. Help shown because a group was given no verb: bad input, like any other.
      if (e.exitCode === 0) return 0;
      if (e.code !== 'commander.help') io.err(`error: ${commanderText(e)}`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    // A refusal (a workflow's or a service's): its line and exit status by its kind, set in one place.
    const refused = reportFailure(io, e);
    if (refused !== undefined) return refused;
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
