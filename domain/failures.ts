/**
 * The one set of failures every layer speaks (issue 17 item 4). A workflow refuses an update with an
 * `ApplicationFailure` whose type is one of these kinds; a service throws `Failure`. The HTTP status of each kind
 * is set in `client/http/failures.ts` and the CLI's exit code in `client/cli/failures.ts`, nowhere else.
 */
export const FAILURE_KINDS = {
  /** The input is malformed or names something that does not fit (a field and its rule). */
  Invalid: '输入有误',
  /** The actor may not do this (a role, membership, four eyes). */
  Forbidden: '无权操作',
  NotFound: '未找到',
  /** Not possible in the current state (wrong stage, already done, held by another, changed meanwhile). */
  Refused: '状态不符',
  /** The process is still starting: try again. */
  NotReady: '尚未就绪',
  /** A statutory or business rule refuses it (the message names the article). */
  Rule: '不符合规则',
} as const;

export type FailureKind = keyof typeof FAILURE_KINDS;

export const isFailureKind = (s: unknown): s is FailureKind => typeof s === 'string' && Object.hasOwn(FAILURE_KINDS, s);

/** A refusal as pure code returns it: the kind and a message in Chinese naming the field or the rule. */
export interface Refusal {
  kind: FailureKind;
  message: string;
}

export const refusal = (kind: FailureKind, message: string): Refusal => ({ kind, message });

/** A refusal thrown by a service outside the workflows (the register's checks, the CLI's and the API's callers). */
export class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** The input field the failure is about, when there is one (the API answers it as `field`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'Failure';
  }
}

/**
 * Failure types written by workflows before issue 17, as they may still come back from a running execution
 * whose worker was not yet upgraded (an update refused by an old worker): what each of them is now.
 */
export const LEGACY_FAILURE_TYPES: Readonly<Record<string, FailureKind>> = {
  WrongStage: 'Refused',
  InvalidInput: 'Invalid',
  InvalidArgs: 'Invalid',
  InvalidDecision: 'Rule',
  ClockRule: 'Rule',
};

/** The kind of a failure type from a workflow, a current one or one of the legacy names; undefined otherwise. */
export function failureKindOf(type: string | undefined | null): FailureKind | undefined {
  if (!type) return undefined;
  if (isFailureKind(type)) return type;
  return Object.hasOwn(LEGACY_FAILURE_TYPES, type) ? LEGACY_FAILURE_TYPES[type] : undefined;
}
