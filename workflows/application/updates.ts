import type { UpdateDefinition } from '@temporalio/common';
import { log, patched, setHandler } from '@temporalio/workflow';
import * as cmd from '../../domain/application/commands';
import * as clock from '../../domain/application/clockCommands';
import { resubmitNotice } from '../../domain/application/noticeReview';
import * as period from '../../domain/application/periodCommands';
import type { ApplicationState } from '../../domain/application/state';
import type { Command } from '../../domain/application/transition';
import { ApplicationCase, refuse } from './case';
import * as d from './definitions';

/**
 * The case's updates, each a command of `domain/application`: the validator runs its pure check (a refusal changes
 * nothing and never enters the history); the handler applies it and runs its effects through activities. Also the
 * state query and the `recomputeDeadlines` signal.
 */
export function registerCaseUpdates(c: ApplicationCase): void {
  /** `before` runs in the handler ahead of the transition (for a check that stands behind a patch). */
  function on<A>(update: UpdateDefinition<ApplicationState, [A], string>, command: Command<A>, before?: (args: A) => void): void {
    setHandler(
      update,
      async (args: A) => {
        before?.(args);
        await c.run(command.apply(c.state, c.context(), args));
        return c.state;
      },
      { validator: (args: A) => refuse(command.check(c.state, c.context(), args)) },
    );
  }

  setHandler(d.stateQuery, () => c.state);
  on(d.assignUpdate, cmd.assign);
  on(d.claimUpdate, cmd.claim);
  on(d.decideUpdate, cmd.decide);
  on(d.recordDeliveryUpdate, cmd.recordDelivery);
  on(d.requestCorrectionUpdate, clock.requestCorrection);
  on(d.correctionReceivedUpdate, clock.correctionReceived);
  on(d.recordNoticeReceiptUpdate, clock.recordNoticeReceipt);
  on(d.consultUpdate, clock.consult);
  on(d.consultationReplyUpdate, clock.consultationReply);
  on(d.requestExtensionUpdate, period.requestExtension);
  // Four eyes (issue 13, finding 3): the validator refuses first, and a refused update never enters the history;
  // the handler checks again only behind the patch, so a history recorded before it (a self-approval) replays.
  on(d.decideExtensionUpdate, period.decideExtension, ({ actor }) => {
    if (c.current || patched('extension-four-eyes')) refuse(period.refuseExtensionFourEyes(c.state, actor));
  });
  on(d.issueFeeNoticeUpdate, period.issueFeeNotice);
  on(d.feePaidUpdate, period.feePaid);
  on(d.waiveFeeUpdate, period.waiveFee);
  on(d.askReasonsUpdate, period.askReasons);
  on(d.setAgencyDeadlineUpdate, period.setAgencyDeadline);
  on(d.resubmitNoticeUpdate, resubmitNotice);

  setHandler(d.recomputeDeadlinesSignal, (req) => {
    // A signal: nobody waits, so bad input is logged and dropped here rather than thrown.
    if (typeof req?.reason !== 'string' || req.reason.trim() === '') {
      log.warn('recomputeDeadlines ignored: no reason given');
      return;
    }
    const data = (req as Partial<d.RecomputeDeadlines>).calendar;
    if (data === undefined) {
      // Only the version (issue 16), or sent before the signal carried the calendar: the loop loads the register's.
      c.recomputeRequests.push({ reason: req.reason, ...(typeof req.version === 'string' ? { version: req.version } : {}) });
    } else if (!data || typeof data.version !== 'string' || !Array.isArray(data.years) || !Array.isArray(data.overrides)) {
      log.warn('recomputeDeadlines ignored: the calendar it carries is not calendar data', { reason: req.reason });
      return;
    } else {
      // A repeat of the version in force (the same import sent twice) changes nothing.
      const latest = c.recomputeRequests.length ? c.recomputeRequests[c.recomputeRequests.length - 1].calendar?.version : c.calendar?.version;
      if (data.version === latest) return;
      c.recomputeRequests.push({ reason: req.reason, calendar: data });
    }
    c.wake = true;
  });
}
