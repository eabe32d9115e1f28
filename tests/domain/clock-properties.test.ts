import fc from 'fast-check';
import { dayNumber, formatDayNumber, seedCalendar, shanghaiDate, type CivilDate } from '../../domain/calendar';
import { computeClock, type ClockEvent } from '../../domain/clock';

// Properties of the calendar and the statutory clock over random dates in the officially covered years.
const calendar = seedCalendar();
const policy = { feePausesClock: true };
const first = dayNumber(2005, 1, 1);
const last = dayNumber(2026, 10, 31); // leaves room for 60 working days inside the covered range
const dateArb = fc.integer({ min: first, max: last }).map(formatDayNumber);
const workdayArb = dateArb.filter((d) => calendar.isWorkday(d).workday);

const add = (d: CivilDate, n: number) => calendar.addWorkdays(d, n).date;
const farFuture = '2099-01-01';

test('addWorkdays and workdaysBetween are inverse', () => {
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (d, n) => {
      expect(calendar.workdaysBetween(d, add(d, n)).workdays).toBe(n);
    }),
  );
  fc.assert(
    fc.property(dateArb, workdayArb, (a, b) => {
      fc.pre(b > a);
      expect(add(a, calendar.workdaysBetween(a, b).workdays)).toBe(b);
    }),
  );
});

test('the n-th working day is a working day, and later for larger n', () => {
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 1, max: 40 }), (d, n) => {
      const r = add(d, n);
      expect(calendar.isWorkday(r).workday).toBe(true);
      expect(r > add(d, n - 1)).toBe(true);
    }),
  );
});

test('a consultation pause never shortens the deadline', () => {
  fc.assert(
    fc.property(workdayArb, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 25 }), (received, startAfter, length) => {
      const started = add(received, startAfter);
      const ended = add(started, length);
      const base = computeClock([{ type: 'received', date: received, channel: 'in-person' }], policy, calendar, received);
      const events: ClockEvent[] = [
        { type: 'received', date: received, channel: 'in-person' },
        { type: 'consultationStarted', date: started, party: 'third-party' },
        { type: 'consultationEnded', date: ended },
      ];
      if (started > base.due!) return; // a consultation after the deadline is another story (overdue)
      const paused = computeClock(events, policy, calendar, farFuture);
      expect(paused.due! >= base.due!).toBe(true);
      expect(calendar.workdaysBetween(base.due!, paused.due!).workdays).toBe(calendar.workdaysBetween(started, ended).workdays);
    }),
  );
});

test('a restart after 补正 never gives a due date before the corrected application + 20 working days', () => {
  fc.assert(
    fc.property(workdayArb, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 10 }), (received, noticeAfter, answerAfter) => {
      const requested = add(received, noticeAfter);
      const corrected = add(requested, answerAfter);
      const r = computeClock(
        [
          { type: 'received', date: received, channel: 'in-person' },
          { type: 'correctionRequested', date: requested, periodWorkdays: 15 },
          { type: 'correctionReceived', date: corrected },
        ],
        policy,
        calendar,
        corrected,
      );
      expect(r.due! >= add(corrected, 20)).toBe(true);
    }),
  );
});

test('results do not depend on the process time zone', () => {
  const saved = process.env.TZ;
  const sample = fc.sample(fc.tuple(dateArb, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 86_399_999 })), { numRuns: 300, seed: 42 });
  const compute = () =>
    sample.map(([d, n, ms]) => [add(d, n), calendar.isWorkday(d).reason, shanghaiDate(Date.parse(`${d}T00:00:00Z`) + ms)]);
  try {
    const results = ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((tz) => {
      process.env.TZ = tz;
      return compute();
    });
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  } finally {
    process.env.TZ = saved;
  }
});
