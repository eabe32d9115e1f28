import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Failure, failureKindOf } from '../domain/failures';

/**
 * The failure an error stands for (`domain/failures.ts`): a service's `Failure`, or a workflow's refusal of an
 * update (its validator or handler threw an `ApplicationFailure` of one of the kinds, or of a name an older worker
 * still uses); undefined for anything else, which stays an error. The HTTP layer (`http/failures.ts`) and the CLI
 * (`cli/failures.ts`) each map the kinds once.
 */
export function asFailure(e: unknown): Failure | undefined {
  if (e instanceof Failure) return e;
  const cause = e instanceof WorkflowUpdateFailedError ? e.cause : e;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  // A workflow's refusal of a type nobody listed is still a refusal: a rule, in its own words.
  return cause.type ? new Failure(failureKindOf(cause.type) ?? 'Rule', cause.message) : undefined;
}

/** What a person is told when the engine did not answer a query about a running process (a busy worker). */
export const ENGINE_UNAVAILABLE = '流程引擎暂时未应答，读不到办理流程的状态';

/**
 * A workflow's state, or null when there is no such workflow (closed long ago and out of retention: the register
 * still answers). Any other failure throws `unavailable(e)`: a caller that took it for "no process" would show a
 * running case as finished, or drop the form a clerk was filling in.
 */
export async function workflowStateOrNull<T>(query: () => Promise<T>, unavailable: (e: unknown) => Error): Promise<T | null> {
  try {
    return await query();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return null;
    throw unavailable(e);
  }
}
