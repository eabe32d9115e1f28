import { Calendar, seedCalendar } from '../../../domain/calendar';
import { noticeIssued, noticeNotIssued, noticeReturned, noticeToReview, resubmitNotice } from '../../../domain/application/noticeReview';
import { initialApplicationState, type ApplicationState } from '../../../domain/application/state';
import { run, type CaseContext } from '../../../domain/application/transition';
import { policySchema } from '../../../domain/review/policy';

const roster = { office: ['sun.li'], officeHeads: ['head.a'], handlers: ['liu.yang'], supervisors: ['zhou.min'] };
const ctx = (today: string): CaseContext => ({ today, calendar: new Calendar({ version: 't', years: [], overrides: [] } as never), roster, hasEmail: true });

const rendered: ApplicationState = {
  ...initialApplicationState('TEST-9'),
  handler: 'liu.yang',
  stage: 'awaitingCorrection',
  notices: [{ kind: 'correction', key: 'correction', date: '2025-03-04', path: '/x/notice-correction.docx', sha256: 'a' }],
};
const email = { template: 'application-correction', vars: { periodEnd: '2025-03-11' } };

test('a notice in review holds its email; issued, it carries the day it was signed and sends the email once', () => {
  const t = noticeToReview(rendered, ctx('2025-03-04'), 'correction', { items: '1. x' }, email);
  expect(t.state.notices[0].review).toEqual({ status: 'inReview', round: 1, workflowId: 'application-TEST-9-notice-correction-1', vars: { items: '1. x' }, email });
  expect(t.effects).toEqual([{ kind: 'record', type: 'noticeInReview', actor: 'system', date: '2025-03-04', detail: { notice: 'correction', round: 1 } }]);
  expect(noticeNotIssued(t.state, 'correction')).toMatch(/补正申请告知书正在审核中，尚未发出/);
  const issued = noticeIssued(t.state, ctx('2025-03-06'), 'correction', ['li.na'], { path: '/x/notice-correction.docx', sha256: 'b' });
  expect(issued.state.notices[0]).toMatchObject({ date: '2025-03-06', sha256: 'b', review: { status: 'issued', approvedBy: ['li.na'] } });
  expect(issued.effects.map((e) => e.kind)).toEqual(['record', 'notifyApplicant']);
  expect(issued.effects[1]).toMatchObject({ template: 'application-correction' });
  expect(noticeNotIssued(issued.state, 'correction')).toBeUndefined();
});

test('returned: nothing goes out, the handler is told; only the handler sends it again, and only once returned', () => {
  const inReview = noticeToReview(rendered, ctx('2025-03-04'), 'correction', {}, email).state;
  expect(run(resubmitNotice, inReview, ctx('2025-03-05'), { actor: 'liu.yang', key: 'correction' })).toMatchObject({ refused: { kind: 'Refused' } });
  const back = noticeReturned(inReview, ctx('2025-03-05'), 'correction', '拟稿人撤回');
  expect(back.state.notices[0].review).toMatchObject({ status: 'returned', returned: '拟稿人撤回' });
  expect(back.effects[1]).toMatchObject({ kind: 'notifyStaff', userIds: ['liu.yang'], template: 'application-notice-returned', vars: { notice: '补正申请告知书', why: '拟稿人撤回' } });
  expect(noticeNotIssued(back.state, 'correction')).toMatch(/未通过审核/);
  expect(run(resubmitNotice, back.state, ctx('2025-03-05'), { actor: 'sun.li', key: 'correction' })).toMatchObject({ refused: { kind: 'Forbidden' } });
  expect(run(resubmitNotice, back.state, ctx('2025-03-05'), { actor: 'liu.yang', key: 'fee' })).toMatchObject({ refused: { kind: 'Invalid', message: expect.stringMatching(/^key：/) } });
  const again = run(resubmitNotice, back.state, ctx('2025-03-05'), { actor: 'liu.yang', key: 'correction' });
  expect(again).toMatchObject({ state: { notices: [{ review: { status: 'inReview', round: 2, workflowId: 'application-TEST-9-notice-correction-2' } }] } });
  expect((again as { state: ApplicationState }).state.notices[0].review).not.toHaveProperty('returned');
});

test('only the notices\' policy may be switched off', () => {
  const stages = [{ key: 'first', name: '科室负责人审核', group: 'section-heads', slaWorkdays: 1 }];
  expect(policySchema.safeParse({ category: '依申请公开告知书', stages, reentryStage: 'first', enabled: false }).success).toBe(true);
  const items = policySchema.safeParse({ category: '工作动态', stages, reentryStage: 'first', enabled: false });
  expect(items.success).toBe(false);
  expect(items.error?.issues[0]).toMatchObject({ path: ['enabled'], message: '“工作动态”必须审核，不能关闭' });
});

test('issued after its step, a 补正 notice puts its sending day on the clock (since notice-issued-on): the period runs from then', () => {
  // Received 10-09, 补正 decided 10-13 and held in review, signed 10-20 (dates on the 2025 schedule, see clock.test.ts).
  const on = (today: string): CaseContext => ({ ...ctx(today), calendar: seedCalendar() });
  const inReview = noticeToReview({
    ...rendered,
    events: [{ type: 'received', date: '2025-10-09', channel: 'online' }, { type: 'correctionRequested', date: '2025-10-13', periodWorkdays: 4 }],
    notices: [{ ...rendered.notices[0], date: '2025-10-13' }],
  }, on('2025-10-13'), 'correction', { items: '1. x' }, email).state;
  const doc = { path: '/x/notice-correction.docx', sha256: 'b' };
  const issued = noticeIssued(inReview, on('2025-10-20'), 'correction', ['li.na'], doc, true).state;
  expect(issued.events[1]).toMatchObject({ type: 'correctionRequested', date: '2025-10-13', issuedOn: '2025-10-20' });
  expect(issued.clock?.deadlines.correctionPeriodEnd).toBe('2025-10-24');
  // Before the patch, or signed the day of the step, the event stays as it was.
  expect(noticeIssued(inReview, on('2025-10-20'), 'correction', ['li.na'], doc).state.events).toBe(inReview.events);
  expect(noticeIssued(inReview, on('2025-10-13'), 'correction', ['li.na'], doc, true).state.events).toBe(inReview.events);
});
