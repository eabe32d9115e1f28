import { addDays, Calendar, changedDays, seedCalendar, seedCalendarData } from '../../domain/calendar';
import { computeClock, openWindow } from '../../domain/clock';

test('changedDays: an override changes its own day only; the same calendar changes nothing', () => {
  const before = seedCalendarData();
  expect(changedDays(before, before)).toEqual([]);
  expect(changedDays(before, seedCalendarData([{ date: '2026-12-22', kind: 'off', reason: '停电' }]))).toEqual(['2026-12-22']);
  // A Saturday made a working day is a change too.
  expect(changedDays(before, seedCalendarData([{ date: '2026-12-19', kind: 'work', reason: '加班' }]))).toEqual(['2026-12-19']);
});

test('openWindow: running up to the working day after the due date; paused or overdue, any later day', () => {
  const cal = seedCalendar();
  const received = { type: 'received' as const, date: '2026-12-01', channel: 'in-person' as const };
  // due 2026-12-29 (Tue); the next working day 12-30.
  expect(openWindow(computeClock([received], { feePausesClock: true }, cal, '2026-12-05'), cal)).toMatchObject({ from: '2026-12-01', until: '2026-12-30' });
  expect(openWindow(computeClock([received], { feePausesClock: true }, cal, '2026-12-30'), cal)).toMatchObject({ from: '2026-12-01', until: null });
  const consulting = [received, { type: 'consultationStarted' as const, date: '2026-12-03', party: 'third-party' as const }];
  expect(openWindow(computeClock(consulting, { feePausesClock: true }, cal, '2026-12-05'), cal).until).toBeNull();
});

test('changedDays: importing a year changes only the days its notice sets apart from the statutory holidays', () => {
  const seed = seedCalendarData();
  const without2026 = { ...seed, years: seed.years.filter((y) => y.year !== 2026) };
  const days = changedDays(without2026, seed);
  const cal2026 = seedCalendar();
  const provisional = new Calendar(without2026);
  for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
    expect(days.includes(d)).toBe(cal2026.isWorkday(d).workday !== provisional.isWorkday(d).workday);
  }
  expect(days.length).toBeGreaterThan(0);
});
