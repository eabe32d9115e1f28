import { log, setHandler } from '@temporalio/workflow';
import { validateDecision } from '../../domain/application';
import { outcomeName } from '../../domain/outcomes';
import { ApplicationCase, notifyApplicant, notifyStaff, refuse } from './case';
import * as d from './definitions';

/**
 * The case's own updates: the state query, assignment and claim, the decision and the delivery, and the
 * `recomputeDeadlines` signal. Each validator refuses before anything changes; each handler records its step.
 */
export function registerCaseUpdates(c: ApplicationCase): void {
  setHandler(d.stateQuery, () => c.state);

  setHandler(
    d.assignUpdate,
    async ({ actor, handler }) => {
      const before = c.state.handler;
      c.state.handler = handler;
      if (c.state.stage === 'unassigned') c.state.stage = 'handling';
      c.step(actor, 'assign', `${before ?? '—'} → ${handler}`);
      await c.record('assigned', actor, c.today(), { from: before, to: handler });
      await notifyStaff({ userIds: [handler], template: 'application-assigned', vars: c.assignedVars(actor) });
      return c.state;
    },
    {
      validator: ({ actor, handler }) => {
        c.cal();
        c.mustBeOffice(actor);
        if (!c.roster.handlers.includes(handler)) refuse('InvalidInput', `handler: ${handler} is not an active user with the handler role`);
        if (c.state.stage === 'closed') refuse('WrongStage', 'assign: the application is closed');
        if (c.state.handler === handler) refuse('InvalidInput', `handler: ${handler} already holds ${c.id}`);
      },
    },
  );

  setHandler(
    d.claimUpdate,
    async ({ actor }) => {
      c.state.handler = actor;
      c.state.stage = 'handling';
      c.step(actor, 'claim');
      await c.record('claimed', actor, c.today());
      return c.state;
    },
    {
      validator: ({ actor }) => {
        c.cal();
        c.mustBeStage('claim', 'unassigned');
        if (!c.roster.handlers.includes(actor) || !c.roster.office.includes(actor)) {
          refuse('Forbidden', `${actor} cannot claim: only handlers of the disclosure office claim applications`);
        }
      },
    },
  );

  setHandler(
    d.decideUpdate,
    async ({ actor, decision }) => {
      const r = validateDecision(decision, c.decisionContext());
      if (!r.ok) return refuse('InvalidDecision', r.error); // validated already; kept for the type
      c.state.decision = r.decision;
      if (c.state.art35 && r.decision.outcome === 'notProcessed.excessive') c.state.art35.resolution = 'excessive';
      c.state.stage = 'letterReview';
      c.step(actor, 'decide', r.decision.outcome);
      await c.record('decided', actor, c.today(), { outcome: r.decision.outcome });
      return c.state;
    },
    {
      validator: ({ actor, decision }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('decide', 'handling', 'awaitingReasons');
        if (c.openConsultation()) refuse('WrongStage', 'decide: a consultation is open; record its reply or wait for its 15 working days (条例第三十二条、第三十四条)');
        if (c.state.stage === 'awaitingReasons' && (decision as { outcome?: string })?.outcome !== 'notProcessed.excessive') {
          refuse('WrongStage', 'decide: the applicant was asked for reasons (条例第三十五条); decide notProcessed.excessive or set a deadline first');
        }
        const r = validateDecision(decision, c.decisionContext());
        if (!r.ok) refuse('InvalidDecision', r.error);
      },
    },
  );

  setHandler(
    d.recordDeliveryUpdate,
    async ({ actor, method, date }) => {
      const on = c.pastDate('date', date);
      c.state.events.push({ type: 'replied', date: on });
      c.state.delivery = { method, date: on };
      await c.close(actor, c.state.decision!.outcome, on, 'delivered');
      if (c.hasEmail) {
        const label = outcomeName(c.state.decision!.outcome);
        await notifyApplicant({ id: c.id, template: 'application-reply', vars: { outcomeLabel: label, date: on, method: METHOD_TEXT[method] } });
      }
      return c.state;
    },
    {
      validator: ({ actor, method, date }) => {
        if (c.state.handler !== actor && !c.roster.office.includes(actor)) refuse('Forbidden', `${actor} is neither the handler nor in the disclosure office`);
        c.mustBeStage('recordDelivery', 'awaitingDelivery');
        if (!(method in METHOD_TEXT)) refuse('InvalidInput', `method: one of ${Object.keys(METHOD_TEXT).join(', ')} (国办公开办函〔2016〕235号)`);
        c.pastDate('date', date);
      },
    },
  );

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

const METHOD_TEXT: Record<d.DeliveryMethod, string> = {
  signed: '直接送达（签收）',
  posted: '邮寄（交邮）',
  email: '电子邮件',
  onSite: '当场答复',
};
