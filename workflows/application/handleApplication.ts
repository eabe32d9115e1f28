import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { receive } from '../../domain/application/clockCommands';
import type { Channel } from '../../domain/clock';
import { ApplicationCase } from './case';
import { applyLapses, applyRecompute, remind, remindCorrectionNotice } from './daily';
import type * as d from './definitions';
import { runLetter } from './letter';
import { CheckTimer } from './nextCheck';
import { startNoticeReviews } from './noticeReview';
import { registerCaseUpdates } from './updates';

/** Before 'sleep-to-next-instant', the check ran daily at 09:00 Asia/Shanghai (01:00 UTC). */
const CHECK_HOUR_UTC = 1;

/**
 * A case continues as new once its history has this many events (or the server suggests it), well before the
 * 2,000 that issue 16 allows: the step that crosses it and the wait for its handlers add a few dozen at most.
 */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 1500;

/**
 * One disclosure application (依申请公开) from registration to delivery of the reply: the statutory clock
 * of `domain/clock` over the events recorded here, reminders and escalation on durable timers, every step
 * written to the register by an activity before the update that caused it returns. Runs up to months
 * (补正, consultation, extension, fees); between changes it sleeps until the next day something is due.
 */
export async function handleApplication(input: d.HandleApplicationInput): Promise<{ outcome: string; closedDate: string }> {
  const c = new ApplicationCase(input);
  // Handlers are registered before the first await, so no update arrives unhandled.
  registerCaseUpdates(c);
  // Every versioned behaviour below is on for an execution started since 'application-2026-12', under that one
  // marker: each patched() adds a marker and a TemporalChangeVersion upsert to the history (issue 16: two events, not
  // two dozen). An execution started earlier answers each patch as its history recorded it, where it asked it.
  c.current = patched('application-2026-12');
  const since = (patch: string) => c.current || patched(patch);
  // clock-events rule 9: automatic endings wait for the recorded receipt; executions started earlier keep theirs.
  c.periodsFromReceipt = since('periods-from-receipt');
  // Issue 15 part 3: every notice is a document too; executions started earlier only email.
  c.noticeDocuments = since('notice-documents');
  // Issue 15 part 3: a notice goes out after its review where the agency's policy says so; earlier executions at once.
  c.noticeReview = since('notice-review');
  // Issue 16: sleep until the next day with something due; executions started earlier wake every day.
  c.sleepToInstant = since('sleep-to-next-instant');
  if (since('register-local-activities')) {
    c.useLocalRegister();
    // Asked here too (patched() keeps its answer for the loop): a patch asked first just after a local activity
    // may not replay, its marker coming before the command the replay has reached.
    since('correction-notice-reminder');
  }
  c.skipSameVersion = since('recompute-same-version');
  // A reminder once for its day and due date, however often the case wakes; executions started earlier repeated it.
  c.remindersOnce = since('reminders-once');

  // Issue 16: a long case (appeals, a long pause) continues as new before its history grows too long; executions
  // started earlier never do (they replay without it).
  const mayContinue = since('continue-as-new');
  let checkedOn = '';
  if (input.continued) {
    // A continuation: the case goes on where the previous run stopped; its receipt was recorded there.
    c.resume(input.continued);
    checkedOn = input.continued.checkedOn;
    c.publishSearchAttributes();
  } else {
    const context = await c.register.loadApplicationContext(c.id);
    c.useCalendar(context.calendar);
    c.roster = context.roster;
    c.hasEmail = context.facts.hasEmail;
    // 条例 第三十一条: the receipt, the applicant's acknowledgement and the office's email.
    const received = { actor: input.registeredBy, received: context.facts.received, channel: context.facts.channel as Channel, possibleDuplicates: context.facts.possibleDuplicates };
    await c.run(receive(c.state, c.context(), received));
  }

  const checkTimer = new CheckTimer();
  while (c.state.stage !== 'closed') {
    if (c.recomputeRequests.length > 0) await applyRecompute(c);
    if (c.state.stage === 'letterReview' && !c.letterRunning) {
      c.letterRunning = true;
      // Runs beside the loop so reminders go on while the letter is in review.
      void runLetter(c).finally(() => {
        c.letterRunning = false;
        c.wake = true;
      });
    }
    if (c.noticeReview) startNoticeReviews(c);
    if (c.state.stage !== 'letterReview' && c.state.stage !== 'awaitingDelivery') await applyLapses(c);
    if ((c.state.stage as d.ApplicationStage) === 'closed') break;
    if (checkedOn !== c.today()) {
      checkedOn = c.today();
      c.roster = await c.register.loadApplicationRoster();
    }
    c.recompute();
    if (since('correction-notice-reminder')) await remindCorrectionNotice(c);
    await remind(c);
    c.wake = false;
    // Not while the reply letter is in review: its child reviewItem reports to this run (executeChild), and a child
    // outlives a continued parent only detached (its parent close policy would terminate it, and the next run could
    // not await its result). A review takes days and adds few events, so the case continues once it is back.
    // The same holds for a notice's review.
    if (mayContinue && !c.letterRunning && c.noticeReviewsRunning.size === 0 && historyFull(input)) {
      // Updates still running (an email, a register write) finish in this run, so nothing is half done or lost.
      await condition(allHandlersFinished);
      // A handler that changed the case (or a calendar signal) is looked at first; the loop comes back here.
      if (!c.wake && !c.letterRunning && c.noticeReviewsRunning.size === 0 && c.recomputeRequests.length === 0) {
        await continueAsNew<typeof handleApplication>({ ...input, continued: c.carry(checkedOn, (input.continued?.runs ?? 0) + 1) });
      }
      continue;
    }
    if (c.sleepToInstant) await checkTimer.wait(c);
    else await condition(() => c.wake, msUntilNextCheck());
  }
  await condition(() => !c.letterRunning && c.noticeReviewsRunning.size === 0 && allHandlersFinished());
  return { outcome: c.state.outcome!, closedDate: c.state.closedDate! };
}

/** Whether this run's history is long enough to continue as new (the threshold from the input only in tests). */
function historyFull(input: d.HandleApplicationInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= (input.continueAsNewAfterEvents ?? CONTINUE_AS_NEW_AFTER_EVENTS);
}

/** Milliseconds to the next 09:00 Asia/Shanghai. */
function msUntilNextCheck(): number {
  const now = Date.now();
  const next = new Date(now);
  next.setUTCHours(CHECK_HOUR_UTC, 0, 0, 0);
  if (next.getTime() <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now;
}
