import { parseYearScheduleFile, seedCalendarData, validateYearSchedule, type YearSchedule } from '../../domain/calendar';

// The 2026 schedule as published (国务院办公厅 2025-11; docs/calendar.md).
const schedule2026: YearSchedule = {
  year: 2026,
  notices: [{ number: null, published: '2025-11', url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm' }],
  holidays: [
    { name: '元旦', off: ['2026-01-01', '2026-01-02', '2026-01-03'], work: ['2026-01-04'] },
    { name: '春节', off: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'], work: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', off: ['2026-04-04', '2026-04-05', '2026-04-06'], work: [] },
    { name: '劳动节', off: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'], work: ['2026-05-09'] },
    { name: '端午节', off: ['2026-06-19', '2026-06-20', '2026-06-21'], work: [] },
    { name: '中秋节', off: ['2026-09-25', '2026-09-26', '2026-09-27'], work: [] },
    { name: '国庆节', off: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'], work: ['2026-09-20', '2026-10-10'] },
  ],
};

const edit = (f: (s: YearSchedule) => void): YearSchedule => {
  const copy = structuredClone(schedule2026);
  f(copy);
  return copy;
};

describe('yearly schedule validation', () => {
  it('accepts the published 2026 schedule, which matches the seed', () => {
    expect(validateYearSchedule(schedule2026)).toEqual([]);
    expect(parseYearScheduleFile(JSON.parse(JSON.stringify(schedule2026)))).toEqual(schedule2026);
    const seeded = seedCalendarData().years.find((y) => y.year === 2026)!;
    expect(seeded.holidays.map((h) => [h.name, h.off, h.work])).toEqual(schedule2026.holidays.map((h) => [h.name, h.off, h.work]));
  });

  it('accepts every seeded year from 2004 to 2026 (the statutory dates, lunar ones included, are all off)', () => {
    for (const year of seedCalendarData().years) expect([year.year, validateYearSchedule(year)]).toEqual([year.year, []]);
  });

  it('rejects a day both off and working', () => {
    const bad = edit((s) => s.holidays[1].work.push('2026-02-16'));
    expect(validateYearSchedule(bad)).toEqual([
      { path: ['holidays', 1, 'work', 2], message: expect.stringContaining('既是放假日又是上班日') },
      { path: ['holidays', 1, 'work', 2], message: expect.stringContaining('不是星期六或星期日') },
    ]);
  });

  it('rejects a make-up day on a weekday', () => {
    const bad = edit((s) => (s.holidays[3].work = ['2026-05-08'])); // a Friday
    expect(validateYearSchedule(bad)).toEqual([{ path: ['holidays', 3, 'work', 0], message: '调休上班日 2026-05-08 不是星期六或星期日' }]);
  });

  it('rejects an incomplete year', () => {
    const bad = edit((s) => s.holidays.splice(5, 1)); // no 中秋节: 2026-09-25 is a Friday
    expect(validateYearSchedule(bad)).toEqual([{ path: ['holidays'], message: '安排不完整：2026-09-25（中秋节）不是放假日' }]);
  });

  it('rejects dates outside the year, except December of the year before', () => {
    expect(validateYearSchedule(edit((s) => s.holidays[0].off.push('2025-12-31')))).toEqual([]);
    expect(validateYearSchedule(edit((s) => s.holidays[0].off.push('2027-01-01')))[0].message).toContain('不在 2026 年内');
  });

  it('names the field and the rule in the parse error', () => {
    const json = JSON.parse(JSON.stringify(edit((s) => (s.holidays[0].name = ''))));
    expect(() => parseYearScheduleFile(json)).toThrow(/节日须有名称[\s\S]*at holidays\[0\]\.name/);
    const unnamed = { ...schedule2026, notices: [] };
    expect(() => parseYearScheduleFile(unnamed)).toThrow(/发布该安排的通知[\s\S]*at notices/);
  });
});
