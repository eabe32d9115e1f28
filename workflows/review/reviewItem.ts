import {
  allHandlersFinished, ApplicationFailure, condition, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import { parseInChinese } from '../../domain/issues';
import { Calendar } from '../../domain/calendar/calendar';
import { beijingDateTime } from '../../domain/calendar/civil-date';
import { recomputeDeadlinesSignal, type RecomputeDeadlines } from '../recompute';
import {
  approveArgs, claimArgs, reassignArgs, rejectArgs, retractArgs, reviewItemInputSchema, reviseArgs, withdrawArgs,
  type ReviewItemInput,
} from '../../domain/review/input';
import { nextEscalation, stageTimes, statutoryWarning } from '../../domain/review/schedule';
import {
  applyApprove, applyClaim, applyReassign, applyReject, applyRetract, applyRevise, applyUnclaim, applyWithdraw, current, currentStage,
  initialState, refuseApprove, refuseClaim, refuseReassign, refuseReject, refuseRetract, refuseRevise, refuseUnclaim, refuseWithdraw,
  validApprovals, type Notice, type ReviewState,
} from '../../domain/review/state';
import { categoryAttr, dueAttr, holderAttr, kindAttr, stageAttr, statusAttr } from '../searchAttributes';
import { localRegisterOptions, mailOptions, registerOptions } from '../activityOptions';
import {
  approveUpdate, claimUpdate, delegateUpdate, INVALID, reassignUpdate, REFUSED, rejectUpdate, retractUpdate, reviseUpdate, stateQuery,
  unclaimUpdate, withdrawUpdate, type ActResult, type ReviewResult,
} from './definitions';

const remote = proxyActivities<Activities>(registerOptions);
const local = proxyLocalActivities<Activities>(localRegisterOptions);
const { notifyReview } = proxyActivities<Activities>(mailOptions);
// The portal may be down for hours: retry without end, backing off to 10 minutes (non-2xx is retryable).
const { publishItem, retractItem } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

type Timer = { at: number; kind: 'half' | 'due' | 'escalation' | 'statutory'; count: number };

const nowIso = () => new Date().toISOString();
const fmt = (ms: number | string) => beijingDateTime(ms);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = parseInChinese(schema, value);
  if (!r.ok) throw ApplicationFailure.create({ type: INVALID, message: r.error, nonRetryable: true });
  return r.data;
}

function refused(reason: string | undefined): void {
  if (reason) throw ApplicationFailure.create({ type: REFUSED, message: reason, nonRetryable: true });
}

/**
 * One item from submission to publication, withdrawal or retraction (statute §5: 先审后发, 谁审核谁负责).
 * Every update is checked by a synchronous validator, written to the register by an activity before it
 * returns, and followed by the emails of the transition (sent by the main loop, so an update never waits
 * for SMTP). Usable as a child workflow: with `publish: false` the final approval ends it, returning the
 * approved version and hash.
 */
export async function reviewItem(rawInput: ReviewItemInput): Promise<ReviewResult> {
  const input = parse(reviewItemInputSchema, rawInput);
  const itemId = workflowInfo().workflowId;
  // Issue 16: every patch costs two history events (its marker and the TemporalChangeVersion upsert). From
  // 'review-fewer-events' on, that one patch stands for the three before it, and the first search attributes
  // (kind, category) go out with the state's instead of in an upsert of their own. Executions started earlier
  // ask the three as they did (their histories have those markers, not this one).
  const fewerEvents = patched('review-fewer-events');
  // Issue 16: register reads and writes as local activities; executions started earlier keep normal ones.
  const localRegister = fewerEvents || patched('register-local-activities');
  const { loadReviewSetup, recordReview } = localRegister ? local : remote;
  // Asked at the start on that path (patched() keeps its answer): a patch asked first just after a local
  // activity may not replay, its marker coming before the command the replay has reached.
  if (localRegister && !fewerEvents) patched('review-close-after-handlers');
  // Issue 16: a published item's workflow completes; its 撤稿 has a workflow of its own (retractPublished).
  const completesWhenPublished = fewerEvents || patched('published-item-completes');
  let s: ReviewState | undefined = undefined; // set once the setup activity returned
  let calendar: Calendar | undefined;
  let consoleUrl = '';
  let retractReason = '';
  let withdrawReason: string | undefined;
  const outbox: Notice[] = [];
  let writes: Promise<void> = Promise.resolve();

  const link = () => `${consoleUrl.replace(/\/$/, '')}/items/${itemId}`;

  const identity = () => [{ key: kindAttr, value: 'item' }, { key: categoryAttr, value: input.item.category }];
  /** After a transition: the due time of a newly entered stage, and the search attributes (`first`: with the item's kind and category). */
  function settle(state: ReviewState, first = false): void {
    if (state.status === 'review' && state.due === null) {
      state.due = new Date(stageTimes(calendar!, Date.parse(state.enteredAt), currentStage(state).slaWorkdays).due).toISOString();
    }
    const inReview = state.status === 'review';
    upsertSearchAttributes([
      ...(first ? identity() : []),
      { key: statusAttr, value: state.status },
      { key: stageAttr, value: inReview ? currentStage(state).key : state.status === 'returned' ? 'author' : null },
      { key: holderAttr, value: state.holder },
      { key: dueAttr, value: state.due ? new Date(state.due) : null },
    ]);
  }

  const result = (state: ReviewState): ActResult => ({
    status: state.status,
    stage: state.status === 'review' ? currentStage(state).key : null,
    holder: state.holder,
    version: current(state).n,
    hash: current(state).hash,
    due: state.due,
  });

  /** The register row of a transition: idempotent by its audit id (item + history position). */
  async function record(state: ReviewState, actor: string, action: string, detail: string | null, before: ActResult | null): Promise<void> {
    const v = current(state);
    const returned = state.status === 'returned';
    const stage = state.status === 'review' ? currentStage(state) : null;
    const transition: Parameters<typeof recordReview>[0] = {
      auditId: `${itemId}/${state.history.length}-${action}`,
      at: nowIso(),
      actor,
      action,
      detail,
      before,
      after: result(state),
      item: {
        id: itemId, title: v.title, category: state.item.category, author: state.item.author, section: state.item.section,
        column: state.item.column, status: state.status, stage: returned ? 'revise' : (stage?.key ?? null),
        stageName: returned ? '退回修改' : (stage?.name ?? null), group: stage?.group ?? null, holder: state.holder, entry: state.entry,
        due: state.due, version: { n: v.n, title: v.title, body: v.body, format: state.item.format, attachments: v.attachments, hash: v.hash, by: v.by, at: v.at },
      },
    };
    // Writes go out in the order the transitions happened (the snapshot is taken now), one after another,
    // so two updates in flight never leave an older item row on top of a newer one.
    const write = writes.then(() => recordReview(transition));
    writes = write.then(() => undefined, () => undefined);
    await write;
  }

  /**
   * Registers an update: the validator parses and checks (before anything is written); the handler waits for
   * the setup, checks again (another update may have won meanwhile), applies, records, queues the emails.
   */
  function on<A extends { actor: { id: string } }>(
    update: Parameters<typeof setHandler>[0],
    schema: z.ZodType<A>,
    refuse: (state: ReviewState, args: A) => string | undefined,
    apply: (state: ReviewState, args: A, at: string) => Promise<Notice | void> | Notice | void,
  ): void {
    setHandler(
      update as never,
      (async (raw: unknown) => {
        const args = parse(schema, raw);
        await condition(() => s !== undefined);
        const state = s!;
        refused(refuse(state, args));
        const before = result(state);
        const notice = await apply(state, args, nowIso());
        settle(state);
        const last = state.history[state.history.length - 1];
        const after = result(state); // as of this transition, whatever the main loop does meanwhile
        await record(state, args.actor.id, last.action, last.detail ?? null, before);
        if (notice) outbox.push(notice);
        return after;
      }) as never,
      {
        validator: ((raw: unknown) => {
          const args = parse(schema, raw);
          if (s) refused(refuse(s, args));
        }) as never,
      },
    );
  }

  setHandler(stateQuery, () => s ?? null);
  // The calendar service's fan-out after an import or override: due times are recomputed by the main loop.
  let pendingCalendar: RecomputeDeadlines | undefined;
  setHandler(recomputeDeadlinesSignal, (r) => {
    if (r && r.calendar && Array.isArray(r.calendar.years) && r.version !== calendar?.version) pendingCalendar = r;
  });
  on(claimUpdate, claimArgs, (st, a) => refuseClaim(st, a.actor), (st, a, at) => applyClaim(st, a.actor, at));
  on(unclaimUpdate, claimArgs, (st, a) => refuseUnclaim(st, a.actor), (st, a, at) => applyUnclaim(st, a.actor, at));
  on(approveUpdate, approveArgs, (st, a) => refuseApprove(st, a.actor, a), (st, a, at) => {
    const r = applyApprove(st, a.actor, a, at);
    return r === 'final' ? undefined : r;
  });
  on(rejectUpdate, rejectArgs, (st, a) => refuseReject(st, a.actor, a.to), (st, a, at) => applyReject(st, a.actor, a.reason, a.to, at));
  const revised = (st: ReviewState, a: z.infer<typeof reviseArgs>) => ({
    title: a.title ?? current(st).title, body: a.body, attachments: a.attachments ?? current(st).attachments, comment: a.comment,
  });
  on(reviseUpdate, reviseArgs, (st, a) => refuseRevise(st, a.actor, revised(st, a)), (st, a, at) => applyRevise(st, a.actor, revised(st, a), at));
  on(withdrawUpdate, withdrawArgs, (st, a) => refuseWithdraw(st, a.actor), (st, a, at) => {
    withdrawReason = a.reason;
    return applyWithdraw(st, a.actor, a.reason, at);
  });
  on(reassignUpdate, reassignArgs, (st, a) => refuseReassign(st, a.actor, a.to, false), (st, a, at) => applyReassign(st, a.actor, a.to, false, at));
  on(delegateUpdate, reassignArgs, (st, a) => refuseReassign(st, a.actor, a.to, true), (st, a, at) => applyReassign(st, a.actor, a.to, true, at));
  let retracting = false;
  on(retractUpdate, retractArgs, (st, a) => (retracting ? 'a retraction is under way' : refuseRetract(st, a.actor)), async (st, a, at) => {
    // 撤稿 returns only once the page is down: the update is the supervisor's confirmation.
    retracting = true;
    await retractItem({ itemId, column: st.item.column, reason: a.reason, at });
    retractReason = a.reason;
    applyRetract(st, a.actor, a.reason, at);
  });

  // ---- setup --------------------------------------------------------------------------------------------
  const setup = await loadReviewSetup({ category: input.item.category });
  calendar = new Calendar(setup.calendar);
  consoleUrl = setup.consoleUrl;
  const state = initialState(itemId, input.item, setup.policy, nowIso());
  if (fewerEvents) settle(state, true);
  else {
    upsertSearchAttributes(identity());
    settle(state);
  }
  await record(state, input.item.author, 'submit', state.history[0].detail ?? null, null);
  s = state;
  outbox.push({ kind: 'stage', entry: state.entry });

  // ---- emails of transitions ------------------------------------------------------------------------------
  const vars = () => ({ title: current(state).title, category: state.item.category, link: link(), author: state.item.author });
  async function send(n: Notice): Promise<void> {
    if (n.kind === 'stage') {
      if (state.status !== 'review' || state.entry !== n.entry) return; // superseded before it went out
      const st = currentStage(state);
      await notifyReview({ template: 'review-task', to: { group: st.group }, vars: { ...vars(), stage: st.name, version: current(state).n, due: fmt(state.due!) } });
    } else if (n.kind === 'rejected') {
      const st = currentStage(state);
      await notifyReview({ template: 'review-rejected', to: { users: [state.item.author] }, vars: { ...vars(), stage: st.name, by: n.by, reason: n.reason } });
    } else {
      // Those who held or could take the task: the stage's group at the time of withdrawal.
      await notifyReview({ template: 'review-withdrawn', to: { group: currentStage(state).group }, vars: { ...vars(), reason: withdrawReason ?? '（未说明）' } });
    }
  }

  // ---- timers: half-SLA reminder, SLA reminder, escalation each working day; the statutory warning ----------
  let stageTimer: { entry: number; next: Timer | null } = { entry: -1, next: null };
  let statutoryDone = !input.item.statutoryDeadline;
  function nextTimer(): Timer | null {
    const candidates: Timer[] = [];
    if (state.status === 'review') {
      if (stageTimer.entry !== state.entry) {
        const t = stageTimes(calendar!, Date.parse(state.enteredAt), currentStage(state).slaWorkdays);
        stageTimer = { entry: state.entry, next: t.half !== undefined ? { at: t.half, kind: 'half', count: 0 } : { at: t.due, kind: 'due', count: 0 } };
      }
      if (stageTimer.next) candidates.push(stageTimer.next);
    }
    if (!statutoryDone && (state.status === 'review' || state.status === 'returned')) {
      candidates.push({ at: statutoryWarning(calendar!, input.item.statutoryDeadline!), kind: 'statutory', count: 0 });
    }
    return candidates.sort((a, b) => a.at - b.at)[0] ?? null;
  }
  async function fire(t: Timer): Promise<void> {
    const st = currentStage(state);
    const common = { ...vars(), stage: st.name, due: fmt(state.due!), holder: state.holder ?? '（未认领）' };
    if (t.kind === 'statutory') {
      statutoryDone = true;
      // 条例 第二十六条: the item must be public within 20 working days of its formation.
      await notifyReview({ template: 'review-statutory', to: { role: 'supervisor' }, vars: { ...vars(), stage: state.status === 'review' ? st.name : '退回修改', deadline: input.item.statutoryDeadline! } });
      return;
    }
    const due = Date.parse(state.due!);
    if (t.kind === 'half') {
      stageTimer.next = { at: due, kind: 'due', count: 0 };
      await notifyReview({ template: 'review-reminder', to: state.holder ? { users: [state.holder] } : { group: st.group }, vars: common });
    } else if (t.kind === 'due') {
      stageTimer.next = { at: nextEscalation(calendar!, t.at), kind: 'escalation', count: 1 };
      await notifyReview({ template: 'review-overdue', to: state.holder ? { users: [state.holder] } : { group: st.group }, vars: common });
    } else {
      stageTimer.next = { at: nextEscalation(calendar!, t.at), kind: 'escalation', count: t.count + 1 };
      await notifyReview({ template: 'review-escalation', to: { role: 'supervisor' }, vars: { ...common, group: st.group, count: t.count } });
    }
  }

  // The update that ended the review (final approval, withdrawal) is still writing the register: close only
  // after it has, so the audit has its row and its caller gets its reply. Older runs closed at once.
  async function finish<T>(result: T): Promise<T> {
    if (fewerEvents || patched('review-close-after-handlers')) await condition(allHandlersFinished);
    return result;
  }

  // ---- the main loop ------------------------------------------------------------------------------------
  for (;;) {
    while (outbox.length > 0) await send(outbox.shift()!);
    if (state.status === 'withdrawn') return finish({ outcome: 'withdrawn', version: current(state).n, reason: withdrawReason });
    if (state.status === 'retracted') {
      await notifyReview({ template: 'review-retracted', to: { users: [state.item.author] }, vars: { ...vars(), by: state.history[state.history.length - 1].actor, reason: retractReason } });
      return finish({ outcome: 'retracted', version: current(state).n, hash: current(state).hash, reason: retractReason });
    }
    if (state.status === 'approved') {
      const v = current(state);
      const approved = { version: v.n, hash: v.hash, title: v.title, body: v.body, approvals: validApprovals(state) };
      if (!input.publish) return finish({ outcome: 'approved', ...approved });
      if (input.item.publishAt) {
        const wait = Date.parse(input.item.publishAt) - Date.now();
        if (wait > 0) await sleep(wait); // a scheduled publication waits for its time
      }
      // Byte for byte the version the final stage approved: its hash travels with the request.
      const at = nowIso();
      const { url } = await publishItem({
        itemId, version: v.n, hash: v.hash, title: v.title, body: v.body, format: state.item.format, attachments: v.attachments,
        category: state.item.category, column: state.item.column, section: state.item.section, publishedAt: at,
      });
      state.publication = { at, hash: v.hash, version: v.n, url };
      state.status = 'published';
      state.history.push({ at, actor: 'system', action: 'publish', detail: `v${v.n} ${url}` });
      settle(state);
      await record(state, 'system', 'publish', `v${v.n} ${url}`, null);
      await notifyReview({
        template: 'review-published', to: { users: [state.item.author] },
        vars: { ...vars(), column: state.item.column, version: v.n, hash: v.hash.slice(0, 16), publishedAt: fmt(at), url: `${consoleUrl.replace(/\/$/, '')}${url.startsWith('/') ? url : `/${url}`}` },
      });
      if (!input.retractable || completesWhenPublished) return finish({ outcome: 'published', ...approved, url });
      continue;
    }
    if (state.status === 'published') {
      // Published items stay open for 撤稿; nothing else can happen to them.
      await condition(() => state.status !== 'published');
      continue;
    }
    if (pendingCalendar) {
      const r = pendingCalendar;
      pendingCalendar = undefined;
      calendar = new Calendar(r.calendar!); // the handler keeps only signals that carry one
      if (state.status === 'review') {
        const t = stageTimes(calendar, Date.parse(state.enteredAt), currentStage(state).slaWorkdays);
        const before = state.due;
        state.due = new Date(t.due).toISOString();
        // Reminders not yet sent move with the calendar; escalations already running keep their rhythm.
        if (stageTimer.entry === state.entry && stageTimer.next && stageTimer.next.kind !== 'escalation') {
          stageTimer.next = t.half !== undefined && stageTimer.next.kind === 'half' ? { ...stageTimer.next, at: t.half } : { at: t.due, kind: 'due', count: 0 };
        }
        if (before !== state.due) {
          state.history.push({ at: nowIso(), actor: 'system', action: 'recompute-due', detail: `${before} → ${state.due} (${r.reason})` });
          settle(state);
          await record(state, 'system', 'recompute-due', `${before} → ${state.due} (${r.reason})`, null);
        }
      }
      continue;
    }
    const timer = nextTimer();
    const entry = state.entry;
    const status = state.status;
    const changed = () => outbox.length > 0 || state.entry !== entry || state.status !== status || pendingCalendar !== undefined;
    if (!timer) {
      await condition(changed);
      continue;
    }
    const woke = await condition(changed, Math.max(1, timer.at - Date.now()));
    if (!woke) await fire(timer);
  }
}
