/** What a CLI command may print, injected so tests can capture it without spawning a process. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** A verb's options as commander parsed them, keyed by the long name (`due-before`, `no-recompute`). */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** One verb: its operands (commander checked their count), its options; returns the exit status. */
export type Verb = (operands: string[], values: Values, io: CliIO) => Promise<number>;

/** Bad arguments or input: exit 2, one line on stderr naming the argument, nothing on stdout. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** A string option's value (commander gives strings for `--x <V>`), or undefined. */
export const str = (v: Values, name: string): string | undefined => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
