import { dayNumber, isWeekend } from './civil-date';
import { lunarNewYear, lunarToDayNumber, qingming } from './lunar';

/** A holiday of 《全国年节及纪念日放假办法》 and the dates it gives all citizens off in one year. */
export interface StatutoryHoliday {
  name: string;
  /** Day numbers, in order. */
  days: number[];
}

function range(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/**
 * The fixed holidays of 《全国年节及纪念日放假办法》 第二条 as in force in `year`, before any 调休:
 * the calendar of a year without an official notice, and the days a yearly notice must give off.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const newYear = lunarNewYear(year);
  const holidays: StatutoryHoliday[] = [{ name: '元旦', days: [dayNumber(year, 1, 1)] }];
  if (year >= 2025) {
    // 2024-11-10 revision (国务院令第795号), in force 2025-01-01: 春节 除夕 to 初三, 劳动节 5/1-5/2.
    holidays.push({ name: '春节', days: range(newYear - 1, 4) });
  } else if (year >= 2014) {
    // 2013 revision: 春节 初一 to 初三.
    holidays.push({ name: '春节', days: range(newYear, 3) });
  } else if (year >= 2008) {
    // 2007 revision: 春节 除夕, 初一, 初二.
    holidays.push({ name: '春节', days: range(newYear - 1, 3) });
  } else {
    // 1999 revision: 春节 初一 to 初三, 劳动节 3 days, no traditional festivals.
    holidays.push({ name: '春节', days: range(newYear, 3) });
    holidays.push({ name: '劳动节', days: range(dayNumber(year, 5, 1), 3) });
    holidays.push({ name: '国庆节', days: range(dayNumber(year, 10, 1), 3) });
    return holidays;
  }
  holidays.push({ name: '清明节', days: [qingming(year)] });
  holidays.push({ name: '劳动节', days: range(dayNumber(year, 5, 1), year >= 2025 ? 2 : 1) });
  holidays.push({ name: '端午节', days: [lunarToDayNumber(year, 5, 5)] });
  holidays.push({ name: '中秋节', days: [lunarToDayNumber(year, 8, 15)] });
  holidays.push({ name: '国庆节', days: range(dayNumber(year, 10, 1), 3) });
  return holidays;
}

/**
 * 《全国年节及纪念日放假办法》 第六条: a holiday of all citizens that falls on a Saturday or Sunday is given back on a
 * working day (补假). A year's notice settles this by its own 调休; without one, each weekend day of a holiday gives
 * the next weekday after that holiday which is not itself a holiday. 劳动节 2027 (Sat 5/1, Sun 5/2) → Mon 5/3, Tue 5/4.
 */
export function daysInLieu(year: number): StatutoryHoliday[] {
  const holidays = statutoryHolidays(year);
  const off = new Set(holidays.flatMap((h) => h.days));
  const out: StatutoryHoliday[] = [];
  for (const h of holidays) {
    let owed = h.days.filter(isWeekend).length;
    const days: number[] = [];
    for (let z = h.days[h.days.length - 1] + 1; owed > 0; z++) {
      if (isWeekend(z) || off.has(z)) continue;
      days.push(z);
      off.add(z);
      owed--;
    }
    if (days.length) out.push({ name: `${h.name}补假`, days });
  }
  return out;
}
