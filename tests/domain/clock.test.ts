import { seedCalendar } from '../../domain/calendar';
import { ClockError, clockEventsFileSchema, computeClock, consultationDue, correctionNoticeDue, feePaymentEnd, type ClockEvent } from '../../domain/clock';

// Dates counted by hand on the 2025/2026 schedules (docs/calendar.md); see docs/clock.md for the rules.
const cal = seedCalendar();
const pausing = { feePausesClock: true };
const clock = (events: ClockEvent[], today: string, policy = pausing) => computeClock(events, policy, cal, today);
const received: ClockEvent = { type: 'received', date: '2025-09-25', channel: 'in-person' };

const workedExample: ClockEvent[] = [
  received,
  // Rule 9: the 补正 notice reached the applicant on 10-09; the third party signed for its letter the day it was sent.
  { type: 'correctionRequested', date: '2025-09-30', periodWorkdays: 10, deliveredOn: '2025-10-09' },
  { type: 'correctionReceived', date: '2025-10-15' },
  { type: 'consultationStarted', date: '2025-10-20', party: 'third-party', deliveredOn: '2025-10-20', deliveredBy: 'direct' },
  { type: 'consultationEnded', date: '2025-11-03' },
  { type: 'extensionApproved', date: '2025-11-20', workdays: 20 },
];

describe('the worked example of docs/clock.md', () => {
  const r = clock(workedExample, '2025-12-01');

  it('gives its stated dates', () => {
    expect(r.due).toBe('2025-12-24');
    expect(r.deadlines.correctionNoticeDue).toBe('2025-10-11');
    expect(r.steps.map((s) => [s.date, s.article])).toEqual([
      ['2025-09-25', '第三十一条'],
      ['2025-09-25', '第三十三条第二款'],
      ['2025-09-30', '第三十条'],
      ['2025-10-15', '第三十条'],
      ['2025-10-20', '第三十二条、第三十三条第三款'],
      ['2025-11-03', '第三十三条第三款'],
      ['2025-11-20', '第三十三条第二款'],
    ]);
    expect(r.steps[1].text).toContain('2025-10-29');
    expect(r.steps[2].text).toContain('2025-10-11 前发出，按期');
    // Rule 9: 10 working days from 10-09: 10-10, 10-11 (make-up Saturday), 10-13 … 10-17, 10-20, 10-21, 10-22.
    expect(r.steps[2].text).toContain('自对方收到补正通知之日（2025-10-09）起算，至 2025-10-22');
    expect(r.steps[3].text).toContain('重新计算 20 个工作日，至 2025-11-12');
    expect(r.steps[5].text).toContain('2025-10-21 至 2025-11-03 的 10 个工作日不计入答复期限，答复期限顺延至 2025-11-26');
    expect(r.steps[6].text).toContain('延长答复期限 20 个工作日（原期限 2025-11-26），答复期限延至 2025-12-24');
    expect(r.steps.every((s) => !s.warning)).toBe(true);
  });

  it('is running with 17 working days left on 2025-12-01', () => {
    // 12-02 … 12-05 (4), 12-08 … 12-12 (9), 12-15 … 12-19 (14), 12-22, 12-23, 12-24 (17).
    expect(r).toMatchObject({ state: 'running', workdaysLeft: 17, provisional: false, onTime: null, abandoned: false });
  });

  it('stands as it was on an earlier day: later events do not count yet', () => {
    // On 10-28 only the restart and the open consultation (since 10-20) are known: paused, and 17
    // working days were left on 10-20 (10-21 … 11-12); the due date has moved by 10-21 … 10-28 (6).
    const then = clock(workedExample, '2025-10-28');
    expect(then).toMatchObject({ due: '2025-11-20', state: 'paused', workdaysLeft: 17 });
    expect(then.steps.at(-1)).toMatchObject({ date: '2025-10-28', warning: true, text: '另有 2 个晚于今日的事件未计入' });
  });

  it('gives the consultation its own 15-working-day due date', () => {
    // 10-21 … 10-24 (4), 10-27 … 10-31 (9), 11-03 … 11-07 (14), 11-10 (15).
    expect(r.deadlines.consultations).toEqual([{ party: 'third-party', started: '2025-10-20', due: '2025-11-10', ended: '2025-11-03' }]);
    expect(consultationDue(cal, '2025-10-20').date).toBe('2025-11-10');
  });
});

describe('rule 1 and rule 7: base due date and state', () => {
  it.each([
    ['2025-10-20', 'running', 7], // 10-21 … 10-24, 10-27, 10-28, 10-29
    ['2025-10-22', 'due-soon', 5],
    ['2025-10-28', 'due-soon', 1],
    ['2025-10-29', 'due-today', 0],
    ['2025-10-30', 'overdue', -1],
  ])('on %s the state is %s', (today, state, left) => {
    expect(clock([received], today)).toMatchObject({ due: '2025-10-29', state, workdaysLeft: left });
  });
});

describe('rule 2: 补正', () => {
  it('warns when the notice is later than 7 working days after receipt', () => {
    const r = clock([received, { type: 'correctionRequested', date: '2025-10-13', periodWorkdays: 10 }], '2025-10-14');
    expect(r.steps[2]).toMatchObject({ article: '第三十条', warning: true });
    expect(r.steps[2].text).toContain('已逾期');
    expect(correctionNoticeDue(cal, '2025-09-25').date).toBe('2025-10-11');
  });

  it('restarts the clock and drops an extension recorded before the restart', () => {
    const events: ClockEvent[] = [
      received,
      { type: 'extensionApproved', date: '2025-09-29', workdays: 5 },
      { type: 'correctionRequested', date: '2025-09-30', periodWorkdays: 10 },
      { type: 'correctionReceived', date: '2025-10-15' },
    ];
    expect(clock(events, '2025-10-16').due).toBe('2025-11-12');
    // A fresh extension is allowed after the restart: 11-13 … 12-10 is 20 working days.
    const again = clock([...events, { type: 'extensionApproved', date: '2025-11-10', workdays: 20 }], '2025-11-11');
    expect(again.due).toBe('2025-12-10');
  });

  it('ends abandoned the working day after the correction period, not before', () => {
    // Received 10-09; notice 10-13 (due by 10-17); period 4 working days: 10-14 … 10-17 (Friday).
    const events: ClockEvent[] = [
      { type: 'received', date: '2025-10-09', channel: 'online' },
      { type: 'correctionRequested', date: '2025-10-13', periodWorkdays: 4 },
    ];
    expect(clock(events, '2025-10-18')).toMatchObject({ state: 'awaiting-correction', abandoned: false });
    expect(clock(events, '2025-10-18').deadlines.correctionPeriodEnd).toBe('2025-10-17');
    const r = clock(events, '2025-10-20');
    expect(r).toMatchObject({ due: null, state: 'abandoned', abandoned: true });
    expect(r.steps.at(-1)).toMatchObject({ date: '2025-10-20', article: '第三十条' });
  });
});

describe('rule 3: pauses', () => {
  // Received Monday 2025-09-15: 09-16 … 09-26 (9), 09-28 make-up Sunday (10), 09-29, 09-30 (12),
  // national day off 10-01 … 10-08, 10-09, 10-10, 10-11 make-up Saturday (15), 10-13 … 10-17 (20).
  const base: ClockEvent[] = [
    { type: 'received', date: '2025-09-15', channel: 'post-signed' },
    { type: 'consultationStarted', date: '2025-09-26', party: 'other-agency' },
  ];

  it('a consultation across the national-day holiday pauses only its working days', () => {
    expect(clock([base[0]], '2025-09-16').due).toBe('2025-10-17');
    // (09-26, 10-10]: 09-28, 09-29, 09-30, 10-09, 10-10 = 5 working days; due 10-17 + 5 = 10-24.
    const r = clock([...base, { type: 'consultationEnded', date: '2025-10-10' }], '2025-10-13');
    expect(r.due).toBe('2025-10-24');
    expect(r.steps.at(-1)?.text).toContain('5 个工作日');
    // The other agency's own 15 working days: 09-28 … 10-11 (6), 10-13 … 10-17 (11), 10-20 … 10-23 (15).
    expect(r.deadlines.consultations[0].due).toBe('2025-10-23');
  });

  it('an open pause freezes the working days left at their value on its first day', () => {
    // On 09-26 the days left to 10-17 were 11; during the holiday the due date has moved by 3 so far.
    expect(clock(base, '2025-10-05')).toMatchObject({ state: 'paused', workdaysLeft: 11, due: '2025-10-22' });
  });

  it('overlapping consultations do not count the same day twice', () => {
    const r = clock(
      [
        received,
        { type: 'consultationStarted', date: '2025-10-20', party: 'third-party' },
        { type: 'consultationStarted', date: '2025-10-27', party: 'other-agency' },
        { type: 'consultationEnded', date: '2025-10-31', party: 'other-agency' },
        { type: 'consultationEnded', date: '2025-11-03', party: 'third-party' },
      ],
      '2025-11-04',
    );
    expect(r.due).toBe('2025-11-12'); // 10-29 + 10 (10-21 … 11-03), as with the third party alone
  });

  it('asks which consultation ended when two are open', () => {
    const events: ClockEvent[] = [
      received,
      { type: 'consultationStarted', date: '2025-10-20', party: 'third-party' },
      { type: 'consultationStarted', date: '2025-10-21', party: 'other-agency' },
      { type: 'consultationEnded', date: '2025-10-22' },
    ];
    expect(() => clock(events, '2025-10-23')).toThrow(expect.objectContaining({ field: 'events[3].party' }));
  });

  it('the fee payment period pauses when the policy says so, and abandons when unpaid', () => {
    const fee: ClockEvent[] = [received, { type: 'feeNoticeIssued', date: '2025-10-20' }, { type: 'feePaid', date: '2025-10-24' }];
    // (10-20, 10-24] = 4 working days: 10-29 + 4 = 11-04.
    expect(clock(fee, '2025-10-27').due).toBe('2025-11-04');
    expect(clock(fee, '2025-10-27', { feePausesClock: false }).due).toBe('2025-10-29');
    // Pay by 10-20 + 20: 10-21 … 11-14 is 19, 11-17 is 20.
    expect(feePaymentEnd(cal, '2025-10-20').date).toBe('2025-11-17');
    const unpaid = fee.slice(0, 2);
    expect(clock(unpaid, '2025-11-17')).toMatchObject({ state: 'paused' });
    expect(clock(unpaid, '2025-11-18')).toMatchObject({ state: 'abandoned', due: null, abandoned: true });
  });
});

describe('rule 4: extension', () => {
  it('moves the due date by its working days', () => {
    expect(clock([received, { type: 'extensionApproved', date: '2025-10-29', workdays: 20 }], '2025-10-30').due).toBe('2025-11-26');
  });

  it('rejects a second extension', () => {
    const events: ClockEvent[] = [
      received,
      { type: 'extensionApproved', date: '2025-10-20', workdays: 5 },
      { type: 'extensionApproved', date: '2025-10-21', workdays: 5 },
    ];
    expect(() => clock(events, '2025-10-22')).toThrow(ClockError);
    expect(() => clock(events, '2025-10-22')).toThrow(expect.objectContaining({ field: 'events[2]' }));
  });

  it('rejects one approved after the due date', () => {
    const events: ClockEvent[] = [received, { type: 'extensionApproved', date: '2025-10-30', workdays: 5 }];
    expect(() => clock(events, '2025-10-31')).toThrow(expect.objectContaining({ field: 'events[1].date' }));
  });

  it('rejects more than 20 working days at the schema', () => {
    const file = clockEventsFileSchema.safeParse({ events: [received, { type: 'extensionApproved', date: '2025-10-20', workdays: 21 }] });
    expect(file.success).toBe(false);
    expect(file.error?.issues[0].path).toEqual(['events', 1, 'workdays']);
  });
});

describe('rules 5, 6 and 8', () => {
  it('第三十五条 replaces the due date', () => {
    const r = clock([received, { type: 'agencySetDeadline', date: '2025-10-20', due: '2025-12-31' }], '2025-10-21');
    expect(r).toMatchObject({ due: '2025-12-31', state: 'running' });
    expect(r.steps.at(-1)?.article).toBe('第三十五条');
  });

  it('a reply says whether it was on time', () => {
    expect(clock([received, { type: 'replied', date: '2025-10-29' }], '2025-11-30')).toMatchObject({ state: 'replied', onTime: true, due: '2025-10-29' });
    expect(clock([received, { type: 'replied', date: '2025-10-30' }], '2025-11-30')).toMatchObject({ state: 'replied', onTime: false });
  });

  it('a due date in a year without a notice is provisional', () => {
    const r = clock([{ type: 'received', date: '2026-12-10', channel: 'fax' }], '2026-12-11');
    expect(r).toMatchObject({ due: '2027-01-08', provisional: true });
    expect(clock([received], '2025-10-01').provisional).toBe(false);
  });
});

describe('the events file', () => {
  it('defaults the fee policy to pausing', () => {
    expect(clockEventsFileSchema.parse({ events: [received] }).policy).toEqual({ feePausesClock: true });
  });

  it('names an unknown event and events out of order', () => {
    const unknown = clockEventsFileSchema.safeParse({ events: [received, { type: 'lunch', date: '2025-10-01' }] });
    expect(unknown.error?.issues[0].path).toEqual(['events', 1, 'type']);
    const order = clockEventsFileSchema.safeParse({ events: [received, { type: 'replied', date: '2025-09-24' }] });
    expect(order.error?.issues[0].path).toEqual(['events', 1, 'date']);
  });

  it('needs the received event first', () => {
    expect(() => clock([{ type: 'replied', date: '2025-10-01' }], '2025-10-02')).toThrow(expect.objectContaining({ field: 'events[0]' }));
  });
});

describe('rule 9: periods that run from the addressee\'s receipt (deliveredOn)', () => {
  const missing = (r: ReturnType<typeof clock>) => r.steps.filter((x) => x.warning && x.text.includes('送达日期'));

  it('补正 (第三十条): the period runs from the day the applicant received the notice', () => {
    // Received 10-09; notice sent 10-13, signed for by post 10-16; 4 working days: 10-17, 10-20, 10-21, 10-22.
    const events: ClockEvent[] = [
      { type: 'received', date: '2025-10-09', channel: 'online' },
      { type: 'correctionRequested', date: '2025-10-13', periodWorkdays: 4, deliveredOn: '2025-10-16', deliveredBy: 'post' },
    ];
    const waiting = clock(events, '2025-10-22');
    expect(waiting).toMatchObject({ state: 'awaiting-correction', abandoned: false });
    expect(waiting.deadlines.correctionPeriodEnd).toBe('2025-10-22');
    expect(waiting.steps[2].text).toContain('自对方收到补正通知之日（2025-10-16，邮寄送达，签收）起算，至 2025-10-22');
    expect(missing(waiting)).toEqual([]);
    // Counted from the sending day it would have lapsed on 10-17 and ended the case on 10-20 (rule 2's test).
    expect(clock(events, '2025-10-20')).toMatchObject({ state: 'awaiting-correction' });
    expect(clock(events, '2025-10-23')).toMatchObject({ state: 'abandoned', due: null, abandoned: true });
    expect(clock(events, '2025-10-23').steps.at(-1)).toMatchObject({ date: '2025-10-23', text: expect.stringContaining('补正期限 2025-10-22 届满') });
  });

  it('补正 without deliveredOn: counted from the sending day, with a warning step after the notice', () => {
    const r = clock([{ type: 'received', date: '2025-10-09', channel: 'online' }, { type: 'correctionRequested', date: '2025-10-13', periodWorkdays: 4 }], '2025-10-14');
    expect(r.deadlines.correctionPeriodEnd).toBe('2025-10-17');
    expect(r.steps[2]).toMatchObject({ article: '第三十条', warning: false });
    expect(r.steps[3]).toEqual({ date: '2025-10-13', article: '第三十条', warning: true, text: expect.stringContaining('未记录补正通知的送达日期') });
    expect(missing(r)).toHaveLength(1);
  });

  it('fees (109号 第六条): 20 working days from the day after receipt; the reply clock still pauses from the sending day', () => {
    // Sent 10-20, received by email 10-23: 10-24 (1), 10-27 … 10-31 (6), 11-03 … 11-07 (11), 11-10 … 11-14 (16), 11-17 … 11-20 (20).
    const notice: ClockEvent = { type: 'feeNoticeIssued', date: '2025-10-20', deliveredOn: '2025-10-23', deliveredBy: 'electronic' };
    const unpaid = [received, notice];
    expect(clock(unpaid, '2025-10-24').deadlines.feePaymentEnd).toBe('2025-11-20');
    expect(clock(unpaid, '2025-10-24').steps[2].text).toContain('自对方收到收费通知之日（2025-10-23，电子送达）起算，2025-11-20 前');
    expect(missing(clock(unpaid, '2025-10-24'))).toEqual([]);
    // From the sending day it would have ended on 11-18 (rule 3's test); now it waits until the day after 11-20.
    expect(clock(unpaid, '2025-11-18')).toMatchObject({ state: 'paused', abandoned: false });
    expect(clock(unpaid, '2025-11-20')).toMatchObject({ state: 'paused', abandoned: false });
    expect(clock(unpaid, '2025-11-21')).toMatchObject({ state: 'abandoned', due: null, abandoned: true });
    // The pause of the reply clock starts on 10-20, the day the agency acted: (10-20, 10-24] = 4, 10-29 + 4 = 11-04.
    expect(clock([...unpaid, { type: 'feePaid', date: '2025-10-24' }], '2025-10-27').due).toBe('2025-11-04');
    // Without deliveredOn: from the sending day, with the warning.
    const sentOnly = clock([received, { type: 'feeNoticeIssued', date: '2025-10-20' }], '2025-10-24');
    expect(sentOnly.deadlines.feePaymentEnd).toBe('2025-11-17');
    expect(missing(sentOnly)).toEqual([expect.objectContaining({ date: '2025-10-20', article: '国办函〔2020〕109号第六条' })]);
  });

  it('consultations (第三十二条, 第三十四条): 15 working days from the day the consulted party received the letter', () => {
    // Sent 10-20, signed for 10-22: 10-23, 10-24 (2), 10-27 … 10-31 (7), 11-03 … 11-07 (12), 11-10, 11-11, 11-12 (15).
    const started: ClockEvent = { type: 'consultationStarted', date: '2025-10-20', party: 'other-agency', deliveredOn: '2025-10-22', deliveredBy: 'post' };
    const open = clock([received, started], '2025-11-11');
    expect(open.deadlines.consultations).toEqual([{ party: 'other-agency', started: '2025-10-20', due: '2025-11-12', ended: null }]);
    // From the sending day its 15 days would have run out on 11-10, and 11-11 would warn that they had.
    expect(open.steps.filter((x) => x.warning)).toEqual([]);
    expect(clock([received, { ...started, deliveredOn: undefined }], '2025-11-11').steps.filter((x) => x.warning).map((x) => x.date)).toEqual(['2025-10-20', '2025-11-10']);
    // The reply clock's pause runs from 10-20: (10-20, 11-03] is 10 working days, 10-29 + 10 = 11-12.
    expect(clock([received, started, { type: 'consultationEnded', date: '2025-11-03' }], '2025-11-04').due).toBe('2025-11-12');
  });

  it('a notice held in review counts from the day it went out (issuedOn): the 7 days to send it, and its period', () => {
    // Received 10-09; the 补正 notice is due by 10-17 (10-10, 10-11 补班, 10-13 … 10-17). Decided 10-13, signed 10-20.
    const base = [{ type: 'received', date: '2025-10-09', channel: 'online' }, { type: 'correctionRequested', date: '2025-10-13', periodWorkdays: 4 }] as ClockEvent[];
    const held: ClockEvent[] = [base[0], { ...base[1], issuedOn: '2025-10-20' } as ClockEvent];
    const atOnce = clock(base, '2025-10-21');
    expect(atOnce.deadlines).toMatchObject({ correctionNoticeDue: '2025-10-17', correctionPeriodEnd: '2025-10-17' });
    expect(atOnce.steps[2]).toMatchObject({ warning: false, text: expect.stringContaining('2025-10-17 前发出，按期') });
    const r = clock(held, '2025-10-21');
    // Sent after 10-17: late, said so on the step; 4 working days from the sending day: 10-21 … 10-24.
    expect(r.steps[2]).toMatchObject({ date: '2025-10-13', warning: true, text: expect.stringContaining('2025-10-17 前发出，经审核于 2025-10-20 发出，已逾期') });
    expect(r.deadlines.correctionPeriodEnd).toBe('2025-10-24');
    expect(r.steps[3]).toMatchObject({ warning: true, text: expect.stringContaining('期限暂自发出之日 2025-10-20 起算') });
    expect(r).toMatchObject({ state: 'awaiting-correction', abandoned: false });
    // Received 10-21: 10-22 … 10-27. A receipt before it went out is refused, as is a sending before the step.
    expect(clock([base[0], { ...held[1], deliveredOn: '2025-10-21' } as ClockEvent], '2025-10-22').deadlines.correctionPeriodEnd).toBe('2025-10-27');
    expect(() => clock([base[0], { ...held[1], deliveredOn: '2025-10-16' } as ClockEvent], '2025-10-22')).toThrow(expect.objectContaining({ field: 'events[1].deliveredOn' }));
    expect(() => clock([base[0], { ...base[1], issuedOn: '2025-10-10' } as ClockEvent], '2025-10-22')).toThrow(expect.objectContaining({ field: 'events[1].issuedOn' }));
    expect(clockEventsFileSchema.safeParse({ events: [base[0], { ...base[1], issuedOn: '2025-10-10' }] }).error?.issues[0]).toMatchObject({ path: ['events', 1, 'issuedOn'] });
  });

  it('a receipt before the sending day is refused, by the schema and by the clock, naming deliveredOn', () => {
    const early: ClockEvent = { type: 'feeNoticeIssued', date: '2025-10-20', deliveredOn: '2025-10-17' };
    const file = clockEventsFileSchema.safeParse({ events: [received, early] });
    expect(file.success).toBe(false);
    expect(file.error?.issues[0]).toMatchObject({ path: ['events', 1, 'deliveredOn'], message: expect.stringContaining('2025-10-17 早于 2025-10-20') });
    expect(() => clock([received, early], '2025-10-21')).toThrow(expect.objectContaining({ field: 'events[1].deliveredOn' }));
    const how = clockEventsFileSchema.safeParse({ events: [received, { ...early, deliveredOn: '2025-10-21', deliveredBy: 'pigeon' }] });
    expect(how.error?.issues[0].path).toEqual(['events', 1, 'deliveredBy']);
  });
});
