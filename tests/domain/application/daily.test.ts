import { seedCalendar, type CivilDate } from '../../../domain/calendar';
import { computeClock } from '../../../domain/clock';
import {
  claim, consult, correctionNoticeReminderDue, initialApplicationState, nextLapse, receive, reminder, reminderDue, requestCorrection, run,
  type ApplicationState, type CaseContext, type Command, type ReceiptRule,
} from '../../../domain/application';

// What the daily check finds due, as pure functions of the state and the day.
const calendar = seedCalendar();
const roster = { office: ['liu.yang', 'head.a'], officeHeads: ['head.a'], handlers: ['liu.yang'], supervisors: ['zhou.min'] };
const ctxOn = (today: CivilDate): CaseContext => ({ today, calendar, roster, hasEmail: true });
const clockOn = (s: ApplicationState, day: CivilDate) => computeClock(s.events, { feePausesClock: true }, calendar, day);
const fromSending: ReceiptRule = { periodsFromReceipt: false, told: () => false };

function ok<A>(cmd: Command<A>, s: ApplicationState, today: CivilDate, args: A): ApplicationState {
  const r = run(cmd, s, ctxOn(today), args);
  if ('refused' in r) throw new Error(r.refused.message);
  return r.state;
}
const start = (on: CivilDate) => ok(claim, receive(initialApplicationState('D-1'), ctxOn(on), { actor: 'intake', received: on, channel: 'online', possibleDuplicates: [] }).state, on, { actor: 'liu.yang' });

test('条例 第三十条: an uncorrected application is abandoned the working day after its period; from the receipt, the handler is told first, once', () => {
  const s = ok(requestCorrection, start('2025-03-03'), '2025-03-04', { actor: 'liu.yang', items: ['身份证明'], periodWorkdays: 5 });
  const end = calendar.addWorkdays('2025-03-04', 5).date;
  expect(nextLapse(s, calendar, end, clockOn(s, end), fromSending)).toBeNull();
  const after = calendar.addWorkdays(end, 1).date;
  expect(nextLapse(s, calendar, after, clockOn(s, after), fromSending)).toEqual({ kind: 'abandoned', outcome: 'other.noCorrection', on: after });
  const told = new Set<string>();
  const fromReceipt: ReceiptRule = { periodsFromReceipt: true, told: (n) => told.has(n) };
  expect(nextLapse(s, calendar, after, clockOn(s, after), fromReceipt)).toEqual({ kind: 'receiptMissing', notice: 'correction', periodEnd: end });
  told.add('correction');
  expect(nextLapse(s, calendar, after, clockOn(s, after), fromReceipt)).toBeNull();
});

test('条例 第三十二条 / 第三十四条: a silent consultation ends at its due date, never before the last recorded event', () => {
  const s = ok(consult, start('2025-03-03'), '2025-03-04', { actor: 'liu.yang', party: 'other-agency', addressee: '市财政局' });
  const due = s.consultations[0].due;
  const after = calendar.addWorkdays(due, 1).date;
  expect(nextLapse(s, calendar, due, clockOn(s, due), fromSending)).toBeNull();
  expect(nextLapse(s, calendar, after, clockOn(s, after), fromSending)).toMatchObject({ kind: 'consultationLapsed', party: 'other-agency', on: due, effect: expect.stringContaining('视为同意') });
});

test('reminders 5, 2 and 0 working days before the due date, once each; an escalation each working day after it', () => {
  const s = start('2025-03-03');
  const due = s.clock!.due!;
  const five = calendar.addWorkdays('2025-03-03', 15).date; // 20 working days to reply: 5 left
  expect(reminderDue(s, calendar, five, clockOn(s, five))).toBe(5);
  const reminded = reminder({ ...s, clock: clockOn(s, five) }, ctxOn(five), 5);
  expect(reminded.effects.map((e) => e.kind)).toEqual(['notifyStaff', 'record']);
  expect(reminderDue(reminded.state, calendar, five, clockOn(s, five))).toBeNull();
  const late = calendar.addWorkdays(due, 1).date;
  expect(reminderDue(s, calendar, late, clockOn(s, late))).toBe(-1);
  expect(reminder({ ...s, clock: clockOn(s, late) }, ctxOn(late), -1).effects[0]).toMatchObject({ userIds: ['zhou.min'], template: 'application-escalation' });
});

test('条例 第三十条: with no 补正 notice by the 7th working day, the check reminds on that day, unless reminded or a notice went out', () => {
  const s = start('2025-03-03');
  const seventh = calendar.addWorkdays('2025-03-03', 7).date;
  expect(correctionNoticeReminderDue(s, calendar, calendar.addWorkdays('2025-03-03', 6).date, false)).toBeNull();
  expect(correctionNoticeReminderDue(s, calendar, seventh, false)).toBe(seventh);
  expect(correctionNoticeReminderDue(s, calendar, seventh, true)).toBeNull();
});
