import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import { addDays, beijingInstant, type CivilDate } from '../../domain/calendar';
import { computeClock } from '../../domain/clock';
import { correctionNoticeReminderDue, lapseDue, reminderDue } from '../../domain/application/daily';
import type { ApplicationCase } from './case';
import { receiptRule } from './daily';

/** The check runs at 09:00 Beijing time: reminders reach people at the start of their day. */
export const CHECK_HOUR_BEIJING = 9;

/**
 * How far ahead the plan looks. A case with nothing due within it (a pause with no end of its own, 第三十五条
 * reasons awaited) wakes once at its end to look again, so no instant beyond it is ever missed.
 */
export const PLAN_HORIZON_DAYS = 92;

/**
 * The first day after today on which the check would act if nothing else happens: a period that lapses
 * (视为放弃, a consultation's silence), the 补正 notice deadline (第三十条), the reminders 5 and 2 working days
 * before the due date and on it, an escalation. It asks the same predicates the check itself runs, on the clock
 * computed for that day, so the plan and the check cannot disagree. Any update or signal wakes the case before.
 */
export function nextCheckDay(c: ApplicationCase): CivilDate {
  const today = c.today();
  for (let i = 1; i < PLAN_HORIZON_DAYS; i++) {
    const day = addDays(today, i);
    const clock = computeClock(c.state.events, c.policy, c.cal(), day);
    const s = c.state;
    if (lapseDue(s, c.cal(), day, clock, receiptRule(c)) || correctionNoticeReminderDue(s, c.cal(), day, c.correctionNoticeReminded) !== null || reminderDue(s, c.cal(), day, clock, c.remindersOnce) !== null) {
      return day;
    }
  }
  return addDays(today, PLAN_HORIZON_DAYS);
}

/**
 * The case's one durable timer to its next check. An update or signal that leaves the planned day as it was keeps
 * the timer (no timer cancelled and started again in the history); a change that moves it replaces it.
 */
export class CheckTimer {
  private at = 0;
  private pending = false;
  private scope: CancellationScope | null = null;
  private fired: Promise<void> = Promise.resolve();

  /** Until the planned check is due or the case is woken (`c.wake`), whichever comes first. */
  async wait(c: ApplicationCase): Promise<void> {
    const at = beijingInstant(nextCheckDay(c), CHECK_HOUR_BEIJING);
    if (!this.pending || at !== this.at) {
      if (this.pending) this.scope?.cancel();
      const scope = new CancellationScope();
      this.scope = scope;
      this.at = at;
      this.pending = true;
      this.fired = scope.run(() => sleep(at - Date.now())).then(
        () => {
          if (this.scope === scope) this.pending = false;
        },
        (e: unknown) => {
          if (!isCancellation(e)) throw e;
        },
      );
    }
    await Promise.race([this.fired, condition(() => c.wake)]);
  }
}
