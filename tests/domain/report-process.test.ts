import { alarmPlan, nineAm, reportDeadline, parseSection2Csv } from '../../domain/report';

test('条例 第四十九条: a department by 31 January, a government by 31 March; an earlier local date wins, a later one does not', () => {
  expect(reportDeadline(2026, 'department')).toBe('2027-01-31');
  expect(reportDeadline(2026, 'government')).toBe('2027-03-31');
  expect(reportDeadline(2026, 'department', '01-20')).toBe('2027-01-20');
  expect(reportDeadline(2026, 'department', '02-15')).toBe('2027-01-31');
});

test('the alarms: reminders counted back at 09:00 Beijing time, the escalation before the due day, overdue the day after', () => {
  const plan = alarmPlan({ dueDate: '2027-01-31', reminderDaysBefore: [7, 1, 7], escalateDaysBefore: 2 });
  expect(plan.map((a) => [new Date(a.at).toISOString(), a.kind, a.daysLeft])).toEqual([
    ['2027-01-24T01:00:00.000Z', 'reminder', 7],
    ['2027-01-29T01:00:00.000Z', 'escalation', 2],
    ['2027-01-30T01:00:00.000Z', 'reminder', 1],
    ['2027-02-01T01:00:00.000Z', 'overdue', -1],
  ]);
  expect(nineAm('2027-01-31')).toBe(Date.parse('2027-01-31T09:00:00+08:00'));
});

test('section 二 from CSV: numbers stay numbers, "/" stays text; an unknown row or field names the line', () => {
  expect(parseSection2Csv('row,field,value\nrules,issued,3\nrules,repealed,/', '2021')).toEqual({ rules: { issued: 3, repealed: '/' } });
  expect(() => parseSection2Csv('nosuch,issued,1', '2021')).toThrow('section2Csv 第 1 行：第二部分没有“nosuch”这一项');
  expect(() => parseSection2Csv('\nrules,nosuch,1', '2021')).toThrow(/第 2 行：“rules”（规章）没有“nosuch”这一栏，可填：issued（本年制发件数）、repealed（本年废止件数）、inForce（现行有效件数）/);
});
