import { seedCalendar, type CivilDate } from '../../../domain/calendar';
import {
  assign, claim, decide, decideExtension, initialApplicationState, receive, recordDelivery, requestCorrection, requestExtension, run,
  type ApplicationState, type CaseContext, type Command, type Transition,
} from '../../../domain/application';

// The application's commands as pure functions: no Temporal, no register, no clock of their own.
const calendar = seedCalendar();
const roster = { office: ['liu.yang', 'chen.jing', 'head.a', 'head.b'], officeHeads: ['head.a', 'head.b'], handlers: ['liu.yang', 'chen.jing'], supervisors: ['zhou.min'] };
const ctxOn = (today: CivilDate): CaseContext => ({ today, calendar, roster, hasEmail: true });
const granted = { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' };

function received(on: CivilDate = '2025-03-03'): ApplicationState {
  return receive(initialApplicationState('TEST-1'), ctxOn(on), { actor: 'intake', received: on, channel: 'online', possibleDuplicates: [] }).state;
}

function ok<A>(cmd: Command<A>, s: ApplicationState, today: CivilDate, args: A): Transition {
  const r = run(cmd, s, ctxOn(today), args);
  if ('refused' in r) throw new Error(`refused: ${r.refused.kind} ${r.refused.message}`);
  return r;
}

const claimed = (on: CivilDate = '2025-03-03') => ok(claim, received(on), on, { actor: 'liu.yang' }).state;

test('registration: the received event, the clock, and the receipt, the applicant\'s and the office\'s emails in that order', () => {
  const t = receive(initialApplicationState('TEST-1'), ctxOn('2025-03-03'), { actor: 'intake', received: '2025-03-03', channel: 'online', possibleDuplicates: ['TEST-0'] });
  expect(t.state.events).toEqual([{ type: 'received', date: '2025-03-03', channel: 'online' }]);
  expect(t.state.clock?.due).toBe(calendar.addWorkdays('2025-03-03', 20).date);
  expect(t.effects.map((e) => e.kind)).toEqual(['record', 'notice', 'notifyStaff']);
  expect(t.effects[1]).toMatchObject({ notice: 'receipt', email: { template: 'application-receipt' } });
  expect(t.effects[2]).toMatchObject({ userIds: roster.office, vars: { duplicates: expect.stringContaining('TEST-0') } });
});

test('who may act: only the office assigns, only its handlers claim, only the handler decides', () => {
  const s = received();
  expect(run(assign, s, ctxOn('2025-03-03'), { actor: 'zhou.min', handler: 'liu.yang' })).toMatchObject({ refused: { kind: 'Forbidden', message: expect.stringMatching(/^actor：zhou\.min .*政务公开办公室/) } });
  expect(run(claim, s, ctxOn('2025-03-03'), { actor: 'head.a' })).toMatchObject({ refused: { kind: 'Forbidden' } });
  expect(run(assign, s, ctxOn('2025-03-03'), { actor: 'head.a', handler: 'zhou.min' })).toMatchObject({ refused: { kind: 'Invalid', message: expect.stringMatching(/^handler：/) } });
  expect(run(decide, s, ctxOn('2025-03-03'), { actor: 'liu.yang', decision: granted as never })).toMatchObject({ refused: { kind: 'Forbidden', message: expect.stringContaining('尚无人认领') } });
  const t = ok(assign, s, '2025-03-03', { actor: 'head.a', handler: 'chen.jing' });
  expect(t.state).toMatchObject({ handler: 'chen.jing', stage: 'handling' });
  expect(t.effects).toEqual([
    { kind: 'record', type: 'assigned', actor: 'head.a', date: '2025-03-03', detail: { from: null, to: 'chen.jing' } },
    expect.objectContaining({ kind: 'notifyStaff', userIds: ['chen.jing'], template: 'application-assigned' }),
  ]);
});

test('条例 第三十条: 补正 once, in one notice, with a period of 1 to 30 working days', () => {
  const s = claimed();
  const ask = (periodWorkdays: number, items = ['身份证明']) => run(requestCorrection, s, ctxOn('2025-03-04'), { actor: 'liu.yang', items, periodWorkdays });
  expect(ask(0)).toMatchObject({ refused: { kind: 'Invalid', message: expect.stringMatching(/^periodWorkdays：.*1 至 30/) } });
  expect(ask(31)).toMatchObject({ refused: { kind: 'Invalid' } });
  expect(ask(10, [])).toMatchObject({ refused: { kind: 'Invalid', message: expect.stringContaining('第三十条') } });
  const t = ask(30) as Transition;
  expect(t.state.stage).toBe('awaitingCorrection');
  expect(t.effects.map((e) => e.kind)).toEqual(['record', 'notice']);
  // The applicant's email goes with its notice: at once, or once the notice passed its review.
  expect(t.effects[1]).toMatchObject({ notice: 'correction', email: { vars: { periodEnd: t.state.clock!.deadlines.correctionPeriodEnd } } });
  // Back to handling once the correction arrived: a second 补正 is refused by the rule, not by the stage.
  const again = { ...t.state, stage: 'handling' as const, correction: { ...t.state.correction!, received: true } };
  expect(run(requestCorrection, again, ctxOn('2025-03-05'), { actor: 'liu.yang', items: ['x'], periodWorkdays: 5 })).toMatchObject({ refused: { kind: 'Rule', message: expect.stringContaining('条例第三十条') } });
});

test('条例 第三十三条第二款: 1 to 20 working days, approved by another office head, once', () => {
  const s = claimed();
  expect(run(requestExtension, s, ctxOn('2025-03-04'), { actor: 'liu.yang', reason: '需要调取档案', workdays: 21 })).toMatchObject({ refused: { kind: 'Invalid', message: expect.stringMatching(/^workdays：/) } });
  expect(run(requestExtension, s, ctxOn('2025-03-04'), { actor: 'liu.yang', reason: '' })).toMatchObject({ refused: { kind: 'Invalid', message: expect.stringMatching(/^reason：/) } });
  const asked = ok(requestExtension, s, '2025-03-04', { actor: 'liu.yang', reason: '需要调取档案' });
  expect(asked.state.extension).toMatchObject({ workdays: 20, decision: 'pending' });
  expect(asked.effects[1]).toMatchObject({ kind: 'notifyStaff', userIds: roster.officeHeads });
  expect(run(decideExtension, asked.state, ctxOn('2025-03-04'), { actor: 'liu.yang', approve: true })).toMatchObject({ refused: { kind: 'Forbidden', message: expect.stringContaining('第三十三条第二款') } });
  const selfAsked = { ...asked.state, extension: { ...asked.state.extension!, requestedBy: 'head.a' } };
  expect(run(decideExtension, selfAsked, ctxOn('2025-03-04'), { actor: 'head.a', approve: true })).toMatchObject({ refused: { kind: 'Forbidden', message: expect.stringMatching(/^actor：head\.a .*不能自己审批/) } });
  const approved = ok(decideExtension, asked.state, '2025-03-05', { actor: 'head.a', approve: true });
  expect(approved.state.clock!.due).toBe(calendar.addWorkdays(s.clock!.due!, 20).date);
  expect(approved.effects.map((e) => e.kind)).toEqual(['record', 'notice']);
  expect(run(requestExtension, approved.state, ctxOn('2025-03-06'), { actor: 'liu.yang', reason: '再次延期' })).toMatchObject({ refused: { kind: 'Rule', message: expect.stringContaining('只能延长一次') } });
});

test('decision, then delivery: the reply closes the case; the input state is never modified', () => {
  const s = claimed();
  const frozen = JSON.stringify(s);
  const decided = ok(decide, s, '2025-03-10', { actor: 'liu.yang', decision: granted as never });
  expect(JSON.stringify(s)).toBe(frozen);
  expect(decided.state).toMatchObject({ stage: 'letterReview', decision: { outcome: 'granted' } });
  expect(run(recordDelivery, decided.state, ctxOn('2025-03-10'), { actor: 'liu.yang', method: 'email' })).toMatchObject({ refused: { kind: 'Refused', message: expect.stringContaining('答复书审核中') } });
  const ready = { ...decided.state, stage: 'awaitingDelivery' as const };
  expect(run(recordDelivery, ready, ctxOn('2025-03-10'), { actor: 'liu.yang', method: 'email', date: '2025-03-11' })).toMatchObject({ refused: { kind: 'Invalid', message: expect.stringMatching(/^date：.*之后/) } });
  const done = ok(recordDelivery, ready, '2025-03-11', { actor: 'liu.yang', method: 'email' });
  expect(done.state).toMatchObject({ stage: 'closed', outcome: 'granted', closedDate: '2025-03-11', delivery: { method: 'email', date: '2025-03-11' } });
  expect(done.state.clock!.state).toBe('replied');
  expect(done.effects.map((e) => e.kind)).toEqual(['record', 'notifyApplicant']);
});
