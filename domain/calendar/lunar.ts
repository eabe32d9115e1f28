import { dayNumber } from './civil-date';
import { LUNAR_INFO } from './lunar-table';

/** Lunar years this module knows: the range of the table. */
export const LUNAR_MIN_YEAR = 1900;
export const LUNAR_MAX_YEAR = 2100;

/** 1900-01-31 was 正月初一 of lunar year 1900, the table's anchor. */
const ANCHOR = dayNumber(1900, 1, 31);

function info(year: number): number {
  if (year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`农历日期只能推算 ${LUNAR_MIN_YEAR} 年至 ${LUNAR_MAX_YEAR} 年，${year} 年不在此范围内`);
  }
  return LUNAR_INFO[year - LUNAR_MIN_YEAR];
}

function leapMonth(year: number): number {
  return info(year) & 0xf;
}

function monthLength(year: number, month: number): number {
  return info(year) & (0x10000 >> month) ? 30 : 29;
}

function leapLength(year: number): number {
  if (!leapMonth(year)) return 0;
  return info(year) & 0x10000 ? 30 : 29;
}

function yearLength(year: number): number {
  let days = 0;
  for (let m = 1; m <= 12; m++) days += monthLength(year, m);
  return days + leapLength(year);
}

const newYearCache = new Map<number, number>();

/** Day number of 正月初一 of the lunar year that starts in Gregorian `year`. */
export function lunarNewYear(year: number): number {
  const cached = newYearCache.get(year);
  if (cached !== undefined) return cached;
  info(year);
  let z = ANCHOR;
  for (let y = LUNAR_MIN_YEAR; y < year; y++) z += yearLength(y);
  newYearCache.set(year, z);
  return z;
}

/** Day number of lunar `month`/`day` (a regular month, not the leap one) of lunar year `year`. */
export function lunarToDayNumber(year: number, month: number, day: number): number {
  let z = lunarNewYear(year);
  const leap = leapMonth(year);
  for (let m = 1; m < month; m++) {
    z += monthLength(year, m);
    // The leap month follows the regular month of the same number.
    if (m === leap) z += leapLength(year);
  }
  return z + day - 1;
}

/**
 * Day number of 清明 (the solar term at solar longitude 15°) in April of `year`, by the 寿星 formula
 * [Y·D + C] − L with D = 0.2422, C = 4.81 for the 21st century (5.59 for the 20th), L = ⌊Y/4⌋.
 */
export function qingming(year: number): number {
  if (year < 1901 || year > 2099) throw new RangeError(`清明日期只能推算 1901 年至 2099 年，${year} 年不在此范围内`);
  const y = year % 100;
  const c = year >= 2000 ? 4.81 : 5.59;
  return dayNumber(year, 4, Math.floor(y * 0.2422 + c) - Math.floor(y / 4));
}
