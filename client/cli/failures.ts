import type { FailureKind } from '../../domain/failures';
import { asFailure } from '../failures';
import type { CliIO } from './io';

/**
 * The one place a failure kind becomes the CLI's exit status and the word its line starts with (README: exit 1
 * refused, a rule or a check that fails; 2 bad input).
 */
export const EXIT_BY_FAILURE: Record<FailureKind, [exit: number, word: 'refused' | 'error']> = {
  Invalid: [2, 'error'],
  Forbidden: [1, 'refused'],
  NotFound: [1, 'refused'],
  Refused: [1, 'refused'],
  NotReady: [1, 'refused'],
  Rule: [1, 'refused'],
};

/** Prints a failure as one line on stderr and returns its exit status; undefined when `e` is not a failure. */
export function reportFailure(io: CliIO, e: unknown): number | undefined {
  const f = asFailure(e);
  if (!f) return undefined;
  const [exit, word] = EXIT_BY_FAILURE[f.kind];
  io.err(`${word}: ${f.message}`);
  return exit;
}
