import type { FailureKind } from '../../domain/failures';
import { asFailure } from '../failures';
import { HttpError } from './auth';

/**
 * The one place a failure kind becomes an HTTP status and error code (README, "Errors"): 403 who may not, 404, 409
 * not in this state (or not yet), 422 a rule or an input a service refused. (A request the route's schema refuses
 * is a 400 before any service runs.) Every code has its Chinese label in `domain/dictionary.ts`.
 */
export const HTTP_BY_FAILURE: Record<FailureKind, [status: number, code: string]> = {
  Invalid: [422, 'invalid'],
  Forbidden: [403, 'forbidden'],
  NotFound: [404, 'not_found'],
  Refused: [409, 'refused'],
  NotReady: [409, 'not_ready'],
  Rule: [422, 'rule'],
};

/** The HttpError of a failure; anything that is not one is returned as undefined. */
export function failureHttpError(e: unknown): HttpError | undefined {
  if (e instanceof HttpError) return e;
  const f = asFailure(e);
  if (!f) return undefined;
  const [status, code] = HTTP_BY_FAILURE[f.kind];
  // A 403 says so first, as the console's pages and the role checks do (无权操作：…), whoever refused.
  const message = f.kind === 'Forbidden' && !f.message.startsWith('无权操作') ? `无权操作：${f.message}` : f.message;
  return new HttpError(status, code, message, f.field);
}

/** Runs `f`; a failure it throws leaves as its HttpError, anything else as it was. */
export async function asHttp<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw failureHttpError(e) ?? e;
  }
}
