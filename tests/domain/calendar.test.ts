import fc from 'fast-check';
import {
  addDays,
  beijingDateTime,
  beijingInstant,
  beijingYear,
  Calendar,
  dayNumber,
  endOfBeijingDay,
  formatDayNumber,
  parseCivilDate,
  seedCalendar,
  seedCalendarData,
  shanghaiDate,
  statutoryHolidays,
  tryParseCivilDate,
  weekday,
} from '../../domain/calendar';

// Expected dates below are counted by hand on the State Council schedules (国办发明电) quoted in
// docs/calendar.md, not produced by the code under test.
const cal = seedCalendar();

describe('civil dates', () => {
  it('round-trips day numbers and knows weekdays', () => {
    expect(dayNumber(1970, 1, 1)).toBe(0);
    expect(formatDayNumber(dayNumber(2024, 2, 29))).toBe('2024-02-29');
    expect(weekday(parseCivilDate('2025-10-11'))).toBe(6); // a Saturday
    expect(weekday(parseCivilDate('2026-02-14'))).toBe(6);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', '20250101', '2025-10-11T00:00', '']) {
      expect(tryParseCivilDate(bad)).toBeUndefined();
    }
    expect(() => cal.isWorkday('2025-02-30')).toThrow(RangeError);
  });

  it('converts an instant to the Asia/Shanghai date whatever the process TZ', () => {
    expect(shanghaiDate(new Date('2025-09-30T16:30:00Z'))).toBe('2025-10-01');
    expect(shanghaiDate(new Date('2025-10-01T00:30:00+08:00'))).toBe('2025-10-01');
    expect(shanghaiDate(Date.UTC(2025, 11, 31, 15, 59))).toBe('2025-12-31');
    expect(shanghaiDate(Date.UTC(2025, 11, 31, 16, 0))).toBe('2026-01-01');
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
    expect(shanghaiDate('2025-12-31T16:00:00.000Z')).toBe('2026-01-01');
  });

  it('converts between Beijing clock times and instants', () => {
    expect(new Date(beijingInstant('2026-01-01', 0)).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(new Date(beijingInstant('2026-03-02', 18)).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(endOfBeijingDay('2026-03-31').toISOString()).toBe('2026-03-31T15:59:59.000Z');
    expect(beijingDateTime('2025-12-31T16:05:00Z')).toBe('2026-01-01 00:05');
    expect(beijingYear(Date.UTC(2025, 11, 31, 15, 59))).toBe(2025);
    expect(beijingYear(Date.UTC(2025, 11, 31, 16, 0))).toBe(2026);
    expect(() => endOfBeijingDay('2026-02-30')).toThrow(RangeError);
  });

  // The helpers replaced inline conversions in workflow code: they must give the very same values, or a
  // replayed history would differ (a search attribute, a notice's text).
  it('gives what the inline conversions it replaced gave', () => {
    const instants = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(fc.property(instants, (ms) => {
      const day = shanghaiDate(ms);
      expect(endOfBeijingDay(day).getTime()).toBe(new Date(`${day}T23:59:59+08:00`).getTime());
      expect(beijingInstant(day, 0)).toBe(Date.parse(`${day}T00:00:00+08:00`));
      const old = new Date(ms + 8 * 3_600_000).toISOString();
      expect(day).toBe(old.slice(0, 10));
      expect(beijingDateTime(ms)).toBe(`${old.slice(0, 10)} ${old.slice(11, 16)}`);
      expect(beijingYear(ms)).toBe(Number(old.slice(0, 4)));
    }));
  });
});

describe('isWorkday', () => {
  it('gives the reason', () => {
    expect(cal.isWorkday('2026-02-14')).toEqual({ date: '2026-02-14', workday: true, reason: 'make-up workday', provisional: false });
    expect(cal.isWorkday('2025-10-04')).toMatchObject({ workday: false, reason: 'holiday: 国庆节' });
    expect(cal.isWorkday('2025-10-18')).toMatchObject({ workday: false, reason: 'weekend' });
    expect(cal.isWorkday('2025-10-20')).toMatchObject({ workday: true, reason: 'weekday' });
  });

  it('has the 2025 reform: 2025-01-31 (初三) and 2025-05-02 are days off', () => {
    expect(cal.isWorkday('2025-01-31')).toMatchObject({ workday: false, reason: 'holiday: 春节', provisional: false });
    expect(cal.isWorkday('2025-05-02')).toMatchObject({ workday: false, reason: 'holiday: 劳动节', provisional: false });
  });

  it('marks a year without a notice provisional and uses the statutory holidays', () => {
    // 2027: 元旦 Friday 1 January; 春节 初一 is Saturday 6 February, so 除夕 is Friday 5 February.
    expect(cal.isWorkday('2027-01-01')).toMatchObject({ workday: false, reason: 'holiday: 元旦', provisional: true });
    expect(cal.isWorkday('2027-02-05')).toMatchObject({ workday: false, reason: 'holiday: 春节', provisional: true });
    expect(cal.isWorkday('2027-01-04')).toMatchObject({ workday: true, reason: 'weekday', provisional: true });
  });

  it('gives back a provisional holiday that falls on a weekend on the next free weekday (补假, 放假办法 第六条)', () => {
    // 春节 2027 is 2/5 (Fri) to 2/8 (Mon) with Saturday and Sunday inside: 2/9 and 2/10 off, 2/11 a working day again.
    expect(cal.isWorkday('2027-02-08')).toMatchObject({ workday: false, reason: 'holiday: 春节' });
    expect(cal.isWorkday('2027-02-09')).toMatchObject({ workday: false, reason: 'holiday: 春节补假', provisional: true });
    expect(cal.isWorkday('2027-02-10')).toMatchObject({ workday: false, reason: 'holiday: 春节补假' });
    expect(cal.isWorkday('2027-02-11')).toMatchObject({ workday: true, reason: 'weekday' });
    // 劳动节 on Saturday and Sunday 5/1-5/2, 国庆节 10/1 (Fri) to 10/3 (Sun): two days back each.
    for (const d of ['2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05']) expect(cal.isWorkday(d).workday).toBe(false);
    expect(cal.isWorkday('2027-05-05').workday).toBe(true);
    expect(cal.isWorkday('2027-10-06').workday).toBe(true);
    // A holiday on weekdays gives nothing back: 清明 2027 is Monday 4/5, so Tuesday 4/6 is worked.
    expect(cal.isWorkday('2027-04-05')).toMatchObject({ workday: false, reason: 'holiday: 清明节' });
    expect(cal.isWorkday('2027-04-06').workday).toBe(true);
    // A year with a notice keeps the notice's own 调休: 劳动节 2026 needs no 补假 rule.
    expect(cal.isWorkday('2026-05-06')).toMatchObject({ workday: true, provisional: false });
  });

  it('computes as before from calendar data recorded without the 补假 rule, so running workflows replay as they ran', () => {
    const recorded = new Calendar({ ...seedCalendarData(), daysInLieu: undefined });
    expect(recorded.isWorkday('2027-02-09')).toMatchObject({ workday: true, reason: 'weekday', provisional: true });
    expect(recorded.addWorkdays('2027-02-01', 5).date).toBe('2027-02-10');
    expect(cal.addWorkdays('2027-02-01', 5).date).toBe('2027-02-12');
  });

  it('treats 29-31 December of the last covered year as provisional (the next notice may move them)', () => {
    expect(cal.isWorkday('2026-12-28').provisional).toBe(false);
    expect(cal.isWorkday('2026-12-29').provisional).toBe(true);
  });
});

describe('addWorkdays', () => {
  it.each([
    ['2025-09-25', 7, '2025-10-11'], // a make-up Saturday is the deadline
    ['2025-09-25', 20, '2025-10-29'],
    ['2025-09-25', 40, '2025-11-26'],
    ['2024-09-26', 20, '2024-10-29'],
    ['2025-01-20', 20, '2025-02-21'], // across 春节 2025 and its two make-up days
    ['2025-12-15', 20, '2026-01-13'], // across 元旦 2026 with the 1月4日 make-up Sunday
    ['2025-12-15', 40, '2026-02-10'],
    ['2025-09-30', 1, '2025-10-09'], // national day week: 10-01 … 10-08 off
    ['2025-09-26', 1, '2025-09-28'], // make-up Sunday before national day
    ['2025-10-01', 0, '2025-10-01'], // day 0 is the start itself
  ])('%s + %i = %s', (from, n, expected) => {
    expect(cal.addWorkdays(from, n)).toEqual({ date: expected, provisional: false });
  });

  it('starts counting after a start day that is itself a rest day', () => {
    // From Saturday 2025-10-04 (national day): 10-09 is day 1, 10-11 (make-up Saturday) day 3.
    expect(cal.addWorkdays('2025-10-04', 3).date).toBe('2025-10-11');
  });

  it('is provisional when it crosses into an uncovered year (2027)', () => {
    // 12-11 (1), 14-18 (6), 21-25 (11), 28-31 (15), 2027-01-01 元旦, 01-04 … 01-08 (20).
    expect(cal.addWorkdays('2026-12-10', 20)).toEqual({ date: '2027-01-08', provisional: true });
    expect(cal.addWorkdays('2026-12-01', 10)).toEqual({ date: '2026-12-15', provisional: false });
    expect(cal.addWorkdays('2026-12-24', 3)).toEqual({ date: '2026-12-29', provisional: true });
  });

  it('spans many years, consistently with workdaysBetween', () => {
    const later = cal.addWorkdays('2016-03-01', 2000);
    expect(later.provisional).toBe(false);
    expect(cal.workdaysBetween('2016-03-01', later.date).workdays).toBe(2000);
    expect(cal.isWorkday(later.date).workday).toBe(true);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => cal.addWorkdays('2025-01-01', -1)).toThrow(RangeError);
    expect(() => cal.addWorkdays('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('workdaysBetween', () => {
  it('counts working days in (a, b]', () => {
    expect(cal.workdaysBetween('2025-10-20', '2025-11-03')).toEqual({ workdays: 10, provisional: false });
    expect(cal.workdaysBetween('2025-09-30', '2025-10-08').workdays).toBe(0);
    expect(cal.workdaysBetween('2025-09-30', '2025-10-11').workdays).toBe(3); // 10-09, 10-10, 10-11
    expect(cal.workdaysBetween('2025-12-15', '2026-01-13').workdays).toBe(20);
    expect(cal.workdaysBetween('2025-10-11', '2025-10-11').workdays).toBe(0);
    expect(cal.workdaysBetween('2025-11-03', '2025-10-20').workdays).toBe(-10);
    expect(cal.workdaysBetween('2026-12-30', '2027-01-05')).toEqual({ workdays: 3, provisional: true }); // 12-31, 01-04, 01-05
  });

  it('gives 248 working days in 2025 and in 2026 (statute §4.1)', () => {
    expect(cal.workdaysBetween('2024-12-31', '2025-12-31').workdays).toBe(248);
    expect(cal.workdaysBetween('2025-12-31', '2026-12-31').workdays).toBe(248);
  });
});

describe('overrides', () => {
  const local = seedCalendar([
    { date: '2025-10-10', kind: 'off', reason: '应急停工' },
    { date: '2025-10-18', kind: 'work', reason: '集中办理日' },
  ]);

  it('take precedence and say why', () => {
    expect(local.isWorkday('2025-10-10')).toMatchObject({ workday: false, reason: 'override: 应急停工' });
    expect(local.isWorkday('2025-10-18')).toMatchObject({ workday: true, reason: 'override: 集中办理日' });
  });

  it('move deadlines', () => {
    // Without the override 10-10 is day 1; with it, 10-11 (make-up Saturday) is day 1 and 10-13 day 2.
    expect(cal.addWorkdays('2025-10-09', 2).date).toBe('2025-10-11');
    expect(local.addWorkdays('2025-10-09', 2).date).toBe('2025-10-13');
  });
});

describe('coverage and data', () => {
  it('lists 2004-2026 with their notices', () => {
    const years = cal.coverage();
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(years.find((y) => y.year === 2025)?.notices[0]).toMatchObject({ number: '国办发明电〔2024〕12号', published: '2024-11' });
    expect(years.find((y) => y.year === 2020)?.notices).toHaveLength(2); // the 2020-01-27 春节 extension
  });

  it('is plain JSON that survives a round trip (it travels as an activity result)', () => {
    const data = JSON.parse(JSON.stringify(seedCalendarData([{ date: '2025-10-10', kind: 'off', reason: 'x' }])));
    expect(new Calendar(data).addWorkdays('2025-10-09', 2).date).toBe('2025-10-13');
  });

  it('treats a year missing from the data as provisional, with the 2025 statutory holidays', () => {
    const data = seedCalendarData();
    const without2025 = new Calendar({ ...data, years: data.years.filter((y) => y.year !== 2025) });
    expect(without2025.isWorkday('2025-01-31')).toMatchObject({ workday: false, reason: 'holiday: 春节', provisional: true });
    expect(without2025.isWorkday('2025-05-02')).toMatchObject({ workday: false, reason: 'holiday: 劳动节', provisional: true });
    // No 调休 without a notice: Sunday 2025-01-26 stays a rest day.
    expect(without2025.isWorkday('2025-01-26')).toMatchObject({ workday: false, reason: 'weekend' });
  });
});

describe('statutory holidays (《全国年节及纪念日放假办法》)', () => {
  const names = (year: number) =>
    Object.fromEntries(statutoryHolidays(year).map((h) => [h.name, h.days.map(formatDayNumber)]));

  it('2027 under the 2025 revision, lunar dates and 清明 computed', () => {
    expect(names(2027)).toEqual({
      元旦: ['2027-01-01'],
      春节: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'], // 除夕 to 初三; 初一 is 2027-02-06
      清明节: ['2027-04-05'],
      劳动节: ['2027-05-01', '2027-05-02'],
      端午节: ['2027-06-09'],
      中秋节: ['2027-09-15'],
      国庆节: ['2027-10-01', '2027-10-02', '2027-10-03'],
    });
  });

  it('2024 under the 2013 revision: 春节 初一 to 初三, one day for 劳动节', () => {
    expect(names(2024)['春节']).toEqual(['2024-02-10', '2024-02-11', '2024-02-12']);
    expect(names(2024)['劳动节']).toEqual(['2024-05-01']);
    expect(names(2024)['清明节']).toEqual(['2024-04-04']);
  });
});
