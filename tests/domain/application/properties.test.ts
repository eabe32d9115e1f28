import fc from 'fast-check';
import { addDays, seedCalendar, type CivilDate } from '../../../domain/calendar';
import { computeClock } from '../../../domain/clock';
import * as app from '../../../domain/application';
import type { ApplicationState, CaseContext, Command } from '../../../domain/application';

// Random sequences of commands, by random actors, on random days, with the workflow's own transitions (lapses,
// the reply letter) in between: what must hold whatever happens.
const calendar = seedCalendar();
const roster = { office: ['liu.yang', 'chen.jing', 'head.a', 'head.b'], officeHeads: ['head.a', 'head.b'], handlers: ['liu.yang', 'chen.jing'], supervisors: ['zhou.min'] };
const actors = ['liu.yang', 'chen.jing', 'head.a', 'head.b', 'zhou.min'];
const ctxOn = (today: CivilDate): CaseContext => ({ today, calendar, roster, hasEmail: true });
const decisions = [
  { outcome: 'granted', legalBasis: '条例第三十六条第（二）项', provision: '以电子邮件方式提供' },
  { outcome: 'notProcessed.excessive', legalBasis: '条例第三十五条', reasons: '无正当理由' },
  { outcome: 'withheld.stateSecret', legalBasis: '条例第十四条', reasons: '属于国家秘密' },
];

type Step = { days: number; actor: string; command: keyof typeof commands; args: Record<string, unknown> };
const commands: Record<string, Command<never>> = {
  assign: app.assign, claim: app.claim, decide: app.decide, recordDelivery: app.recordDelivery,
  requestCorrection: app.requestCorrection, correctionReceived: app.correctionReceived, recordNoticeReceipt: app.recordNoticeReceipt,
  consult: app.consult, consultationReply: app.consultationReply, requestExtension: app.requestExtension,
  decideExtension: app.decideExtension, issueFeeNotice: app.issueFeeNotice, feePaid: app.feePaid, waiveFee: app.waiveFee,
  askReasons: app.askReasons, setAgencyDeadline: app.setAgencyDeadline,
};
const party = fc.constantFrom('third-party', 'other-agency');
const argsOf: Record<keyof typeof commands, fc.Arbitrary<Record<string, unknown>>> = {
  assign: fc.record({ handler: fc.constantFrom(...actors) }),
  claim: fc.constant({}),
  decide: fc.record({ decision: fc.constantFrom(...decisions) }),
  recordDelivery: fc.record({ method: fc.constantFrom('signed', 'posted', 'email', 'onSite') }),
  requestCorrection: fc.record({ items: fc.constantFrom(['身份证明'], [], ['申请内容描述']), periodWorkdays: fc.integer({ min: -1, max: 35 }) }),
  correctionReceived: fc.constant({}),
  recordNoticeReceipt: fc.record({ notice: fc.constantFrom('correction', 'fee', 'consultation', 'receipt', 'extension', 'art35'), deliveredBy: fc.constantFrom('direct', 'post') }),
  consult: fc.record({ party, addressee: fc.constant('某公司') }),
  consultationReply: fc.record({ party, reply: fc.constant('同意公开') }),
  requestExtension: fc.record({ reason: fc.constant('需要调取档案'), workdays: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }) }),
  decideExtension: fc.record({ approve: fc.boolean() }),
  issueFeeNotice: fc.record({ method: fc.constant('perPage'), pages: fc.integer({ min: 0, max: 400 }) }),
  feePaid: fc.constant({}),
  waiveFee: fc.record({ reason: fc.constant('申请人经济困难') }),
  askReasons: fc.constant({}),
  setAgencyDeadline: fc.record({ due: fc.constantFrom('2025-06-30', '2025-09-30'), reason: fc.constant('理由合理') }),
};
// Mostly the handler who claims first, so that sequences get far; anyone else now and then.
const actorArb = fc.oneof({ arbitrary: fc.constant('liu.yang'), weight: 3 }, { arbitrary: fc.constantFrom(...actors), weight: 2 });
const stepArb: fc.Arbitrary<Step> = fc
  .constantFrom(...(Object.keys(commands) as (keyof typeof commands)[]))
  .chain((command) => fc.record({ days: fc.integer({ min: 0, max: 6 }), actor: actorArb, command: fc.constant(command), args: argsOf[command] }));

interface Trace {
  states: ApplicationState[];
  days: CivilDate[];
  refusedUnchanged: boolean;
}

/** Runs the steps as the workflow would: each command checked, then applied; the daily lapses and the letter between. */
function play(steps: Step[]): Trace {
  let today: CivilDate = '2025-03-03';
  let s = app.receive(app.initialApplicationState('P-1'), ctxOn(today), { actor: 'intake', received: today, channel: 'online', possibleDuplicates: [] }).state;
  const trace: Trace = { states: [s], days: [today], refusedUnchanged: true };
  for (const step of steps) {
    if (s.stage === 'closed') break;
    today = addDays(today, step.days);
    const ctx = ctxOn(today);
    // The main loop: the letter goes out unreviewed; periods that lapsed end what they end.
    if (s.stage === 'letterReview') s = app.letterReady(app.letterRendered(s, ctx, { path: 'letter.docx', sha256: 'x', version: 1 }), ctx, false).state;
    else if (s.stage !== 'awaitingDelivery') {
      const rule = { periodsFromReceipt: false, told: () => false };
      for (let l = app.nextLapse(s, calendar, today, computeClock(s.events, app.policyOf(s), calendar, today), rule); l; ) {
        if (l.kind === 'abandoned') s = app.close(s, ctx, 'system', l.outcome, l.on, 'period lapsed').state;
        else if (l.kind === 'consultationLapsed') s = app.endConsultation(s, ctx, 'system', l.party, l.on, l.effect).state;
        l = app.nextLapse(s, calendar, today, computeClock(s.events, app.policyOf(s), calendar, today), rule);
      }
    }
    if (s.stage === 'closed') break;
    const args = { ...step.args, actor: step.actor, ...(step.command === 'recordNoticeReceipt' ? { deliveredOn: today } : {}) } as never;
    const before = JSON.stringify(s);
    const r = app.run(commands[step.command], s, ctx, args);
    if (JSON.stringify(s) !== before) trace.refusedUnchanged = false; // no command modifies the state it is given
    if (!('refused' in r)) s = r.state;
    trace.states.push(s);
    trace.days.push(today);
  }
  return trace;
}

const sequences = fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' });
const runs = { numRuns: 80 };

test('no sequence of commands reaches a decision without a handler', () => {
  fc.assert(
    fc.property(sequences, (steps) => {
      for (const s of play(steps).states) {
        if (s.decision !== null) expect(s.handler).not.toBeNull();
        if (['letterReview', 'awaitingDelivery'].includes(s.stage)) expect(s.decision).not.toBeNull();
        if (s.stage === 'closed' && s.delivery) expect(s.decision?.outcome).toBe(s.outcome);
      }
    }),
    runs,
  );
});

test('the clock never runs backwards: events stay in date order, none after the day it was recorded, and the clock accepts them', () => {
  fc.assert(
    fc.property(sequences, (steps) => {
      const { states, days } = play(steps);
      states.forEach((s, i) => {
        s.events.forEach((e, j) => j > 0 && expect(e.date >= s.events[j - 1].date).toBe(true));
        expect(s.events.every((e) => e.date <= days[i])).toBe(true);
        expect(() => computeClock(s.events, app.policyOf(s), calendar, days[i])).not.toThrow();
        if (i > 0) expect(s.steps.length).toBeGreaterThanOrEqual(states[i - 1].steps.length);
      });
    }),
    runs,
  );
});

test('an extension is granted at most once, for 1 to 20 working days, and a granted one stays granted', () => {
  fc.assert(
    fc.property(sequences, (steps) => {
      const { states } = play(steps);
      let granted = false;
      for (const s of states) {
        const approvals = s.events.filter((e) => e.type === 'extensionApproved');
        expect(approvals.length).toBeLessThanOrEqual(1);
        for (const e of approvals) expect(e.type === 'extensionApproved' && e.workdays >= 1 && e.workdays <= 20).toBe(true);
        if (granted) expect(s.extension?.decision).toBe('approved');
        granted ||= s.extension?.decision === 'approved';
        if (s.extension?.decision === 'approved') expect(s.extension.decidedBy).not.toBe(s.extension.requestedBy);
      }
    }),
    runs,
  );
});

test('no command modifies the state it is given; a 补正 is asked at most once, for 1 to 30 working days', () => {
  fc.assert(
    fc.property(sequences, (steps) => {
      const { states, refusedUnchanged } = play(steps);
      expect(refusedUnchanged).toBe(true);
      for (const s of states) {
        const asked = s.events.filter((e) => e.type === 'correctionRequested');
        expect(asked.length).toBeLessThanOrEqual(1);
        for (const e of asked) expect(e.type === 'correctionRequested' && e.periodWorkdays >= 1 && e.periodWorkdays <= 30).toBe(true);
      }
    }),
    runs,
  );
});

test('the sequences are not vacuous: some reach a decision, a delivered reply, an approved extension, a lapse', () => {
  const finals = fc.sample(sequences, { numRuns: 150, seed: 17 }).map((steps) => play(steps).states.at(-1)!);
  expect(finals.filter((s) => s.decision !== null).length).toBeGreaterThan(5);
  expect(finals.filter((s) => s.delivery !== null).length).toBeGreaterThan(0);
  expect(finals.filter((s) => s.extension?.decision === 'approved').length).toBeGreaterThan(0);
  expect(finals.filter((s) => s.outcome?.startsWith('other.')).length + finals.filter((s) => s.consultations.some((k) => k.reply?.startsWith('逾期'))).length).toBeGreaterThan(0);
});
