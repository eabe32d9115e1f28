/** What a CLI command may print, injected so tests can capture it without spawning a process. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** A command group: parses its own arguments and returns the exit status. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Bad arguments or input: exit 2, one line on stderr naming the argument, nothing on stdout. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
