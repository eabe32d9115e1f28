import type { ReviewPolicy } from './policy';
import type { Actor, ItemInput, SecrecyChecklist } from './input';
import { sha256Hex } from './sha256';

export type ReviewStatus = 'review' | 'returned' | 'approved' | 'published' | 'withdrawn' | 'retracted';

export interface Version {
  n: number;
  title: string;
  body: string;
  attachments: string[];
  /** SHA-256 of the content as published: what every approval is bound to. */
  hash: string;
  at: string;
  by: string;
  comment?: string;
}

export interface Approval {
  stage: string;
  by: string;
  at: string;
  hash: string;
  comment?: string;
  checklist?: SecrecyChecklist;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  detail?: string;
}

/** The state of one item under review: what the `state` query returns; plain JSON. */
export interface ReviewState {
  itemId: string;
  item: ItemInput;
  policy: ReviewPolicy;
  status: ReviewStatus;
  /** Index into policy.stages while in review; the stage that returned it while returned. */
  stageIndex: number;
  holder: string | null;
  /** A user outside the stage's group allowed to act at this stage (委派), if any. */
  delegate: string | null;
  versions: Version[];
  approvals: Approval[];
  /** Incremented each time a stage is (re)entered: timers and task rows are keyed by it. */
  entry: number;
  enteredAt: string;
  due: string | null;
  history: HistoryEntry[];
  publication: { at: string; hash: string; version: number; url: string } | null;
}

export function contentHash(v: { title: string; body: string; attachments: string[] }): string {
  return sha256Hex(JSON.stringify([v.title, v.body, v.attachments]));
}

export function initialState(itemId: string, item: ItemInput, policy: ReviewPolicy, now: string): ReviewState {
  const v = { title: item.title, body: item.body, attachments: item.attachments };
  return {
    itemId,
    item,
    policy,
    status: 'review',
    stageIndex: 0,
    holder: null,
    delegate: null,
    versions: [{ n: 1, ...v, hash: contentHash(v), at: now, by: item.author }],
    approvals: [],
    entry: 1,
    enteredAt: now,
    due: null,
    history: [{ at: now, actor: item.author, action: 'submit', detail: `v1 ${item.category}` }],
    publication: null,
  };
}

export const current = (s: ReviewState): Version => s.versions[s.versions.length - 1];
export const currentStage = (s: ReviewState) => s.policy.stages[s.stageIndex];
/** Approvals still valid: bound to the current version's hash (an edit voids the rest). */
export const validApprovals = (s: ReviewState): Approval[] => s.approvals.filter((a) => a.hash === current(s).hash);
const isSupervisor = (a: Actor) => a.roles.includes('supervisor') || a.roles.includes('admin');
const inStageGroup = (s: ReviewState, a: Actor) => a.groups.includes(currentStage(s).group) || s.delegate === a.id;

// ---- refusals: pure checks the update validators run before anything is written -------------------------

export function refuseClaim(s: ReviewState, a: Actor): string | undefined {
  if (s.status !== 'review') return `the item is ${s.status}, not in review`;
  if (!inStageGroup(s, a)) return `${a.id} is not in group ${currentStage(s).group} of stage ${currentStage(s).name}`;
  if (s.holder && s.holder !== a.id) return `the task is held by ${s.holder}`;
  if (s.holder === a.id) return `${a.id} already holds the task`;
  return fourEyes(s, a);
}

export function refuseUnclaim(s: ReviewState, a: Actor): string | undefined {
  if (s.status !== 'review') return `the item is ${s.status}, not in review`;
  if (s.holder !== a.id) return `${a.id} does not hold the task`;
  return undefined;
}

/** 谁审核谁负责: the author, and whoever approved an earlier stage of this same version, may not approve. */
function fourEyes(s: ReviewState, a: Actor): string | undefined {
  if (a.id === s.item.author) return `four eyes: ${a.id} is the author`;
  const earlier = validApprovals(s).find((p) => p.by === a.id);
  if (earlier) return `four eyes: ${a.id} already approved stage ${earlier.stage} of this version`;
  return undefined;
}

/** Acting at the stage: the holder, or any member (or the delegate) when nobody holds it. */
function refuseStageAction(s: ReviewState, a: Actor): string | undefined {
  if (s.status !== 'review') return `the item is ${s.status}, not in review`;
  if (!inStageGroup(s, a)) return `${a.id} is not in group ${currentStage(s).group} of stage ${currentStage(s).name}`;
  if (s.holder && s.holder !== a.id) return `the task is held by ${s.holder}`;
  return undefined;
}

export function refuseApprove(s: ReviewState, a: Actor, args: { checklist?: SecrecyChecklist; hash?: string }): string | undefined {
  const r = refuseStageAction(s, a) ?? fourEyes(s, a);
  if (r) return r;
  if (args.hash && args.hash !== current(s).hash) return 'the item changed since it was read (hash mismatch)';
  if (currentStage(s).secrecyChecklist && !args.checklist) return `stage ${currentStage(s).name} requires the 保密审查 checklist`;
  return undefined;
}

export function refuseReject(s: ReviewState, a: Actor, to: string): string | undefined {
  const r = refuseStageAction(s, a);
  if (r) return r;
  if (to !== 'author') {
    const i = s.policy.stages.findIndex((st) => st.key === to);
    if (i < 0) return `unknown stage "${to}"`;
    if (i >= s.stageIndex) return `can only return to an earlier stage than ${currentStage(s).key}`;
  }
  return undefined;
}

export function refuseRevise(s: ReviewState, a: Actor, content: { title: string; body: string; attachments: string[] }): string | undefined {
  if (a.id !== s.item.author) return `only the author ${s.item.author} may revise`;
  if (s.status !== 'review' && s.status !== 'returned') return `the item is ${s.status}: it can no longer be revised`;
  if (contentHash(content) === current(s).hash) return 'the revision is identical to the current version';
  return undefined;
}

export function refuseWithdraw(s: ReviewState, a: Actor): string | undefined {
  if (a.id !== s.item.author) return `only the author ${s.item.author} may withdraw`;
  if (s.status !== 'review' && s.status !== 'returned') return `the item is ${s.status}: past the final decision`;
  return undefined;
}

export function refuseReassign(s: ReviewState, a: Actor, to: Actor, delegate: boolean): string | undefined {
  if (!isSupervisor(a)) return `${a.id} is not a supervisor`;
  if (s.status !== 'review') return `the item is ${s.status}, not in review`;
  if (!delegate && !to.groups.includes(currentStage(s).group)) return `${to.id} is not in group ${currentStage(s).group}`;
  if (to.id === s.holder) return `${to.id} already holds the task`;
  return fourEyes(s, to);
}

export function refuseRetract(s: ReviewState, a: Actor): string | undefined {
  return refusePublishedRetract(s.status, a);
}

/** The same rule for an item whose review has ended (issue 16: 撤稿 runs in its own workflow): `status` from the register. */
export function refusePublishedRetract(status: string, a: Actor): string | undefined {
  if (!isSupervisor(a)) return `${a.id} is not a supervisor`;
  if (status !== 'published') return `the item is ${status}, not published`;
  return undefined;
}

// ---- transitions: applied by the update handlers after the validator passed ------------------------------

/** What the workflow must tell people after a transition (sent by the main loop, not the update). */
export type Notice =
  | { kind: 'stage'; entry: number }
  | { kind: 'rejected'; reason: string; by: string }
  | { kind: 'withdrawn' };

function log(s: ReviewState, at: string, actor: string, action: string, detail?: string): void {
  s.history.push(detail === undefined ? { at, actor, action } : { at, actor, action, detail });
}

function enterStage(s: ReviewState, index: number, at: string): void {
  s.status = 'review';
  s.stageIndex = index;
  s.holder = null;
  s.delegate = null;
  s.entry += 1;
  s.enteredAt = at;
  s.due = null;
}

export function applyClaim(s: ReviewState, a: Actor, at: string): void {
  s.holder = a.id;
  log(s, at, a.id, 'claim', currentStage(s).key);
}

export function applyUnclaim(s: ReviewState, a: Actor, at: string): void {
  s.holder = null;
  log(s, at, a.id, 'unclaim', currentStage(s).key);
}

/** Returns 'final' when this was the last stage: the item is approved as its current version. */
export function applyApprove(s: ReviewState, a: Actor, args: { comment?: string; checklist?: SecrecyChecklist }, at: string): Notice | 'final' {
  const stage = currentStage(s);
  const approval: Approval = { stage: stage.key, by: a.id, at, hash: current(s).hash };
  if (args.comment) approval.comment = args.comment;
  if (stage.secrecyChecklist && args.checklist) approval.checklist = args.checklist;
  s.approvals.push(approval);
  log(s, at, a.id, 'approve', `${stage.key} v${current(s).n}`);
  if (s.stageIndex === s.policy.stages.length - 1) {
    s.status = 'approved';
    s.holder = null;
    s.due = null;
    return 'final';
  }
  enterStage(s, s.stageIndex + 1, at);
  return { kind: 'stage', entry: s.entry };
}

export function applyReject(s: ReviewState, a: Actor, reason: string, to: string, at: string): Notice {
  log(s, at, a.id, 'reject', `${currentStage(s).key} → ${to}: ${reason}`);
  if (to === 'author') {
    s.status = 'returned';
    s.holder = s.item.author;
    s.delegate = null;
    s.due = null;
    s.entry += 1;
    return { kind: 'rejected', reason, by: a.id };
  }
  const i = s.policy.stages.findIndex((st) => st.key === to);
  // The earlier stage reviews again: its approval, and those after it, no longer count.
  const keep = new Set(s.policy.stages.slice(0, i).map((st) => st.key));
  s.approvals = s.approvals.map((p) => (p.hash === current(s).hash && !keep.has(p.stage) ? { ...p, hash: `void:${p.hash}` } : p));
  enterStage(s, i, at);
  return { kind: 'stage', entry: s.entry };
}

/** A new version: every earlier approval is void (bound to the old hash); review restarts at the re-entry stage. */
export function applyRevise(s: ReviewState, a: Actor, content: { title: string; body: string; attachments: string[]; comment?: string }, at: string): Notice {
  const { comment, ...v } = content;
  const version: Version = { n: s.versions.length + 1, ...v, hash: contentHash(v), at, by: a.id };
  if (comment) version.comment = comment;
  s.versions.push(version);
  log(s, at, a.id, 'revise', `v${version.n}`);
  enterStage(s, Math.max(0, s.policy.stages.findIndex((st) => st.key === s.policy.reentryStage)), at);
  return { kind: 'stage', entry: s.entry };
}

export function applyWithdraw(s: ReviewState, a: Actor, reason: string | undefined, at: string): Notice {
  s.status = 'withdrawn';
  s.holder = null;
  s.due = null;
  log(s, at, a.id, 'withdraw', reason);
  return { kind: 'withdrawn' };
}

export function applyReassign(s: ReviewState, a: Actor, to: Actor, delegate: boolean, at: string): void {
  if (delegate) s.delegate = to.id;
  log(s, at, a.id, delegate ? 'delegate' : 'reassign', `${s.holder ?? '-'} → ${to.id}`);
  s.holder = to.id;
}

export function applyRetract(s: ReviewState, a: Actor, reason: string, at: string): void {
  s.status = 'retracted';
  log(s, at, a.id, 'retract', reason);
}
