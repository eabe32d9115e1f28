/**
 * Civil dates as `YYYY-MM-DD` strings and as day numbers (days since 1970-01-01).
 * Pure arithmetic on the proleptic Gregorian calendar: no `Date` getters that read the process's TZ.
 */

/** A `YYYY-MM-DD` civil date string; validated by `parseCivilDate`. */
export type CivilDate = string;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDayNumber(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatDayNumber(z: number): CivilDate {
  const { y, m, d } = civilFromDayNumber(z);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Parses a `YYYY-MM-DD` string to its year, month and day, or undefined when it is not a real date. */
export function tryParseCivil(s: string): { y: number; m: number; d: number } | undefined {
  // By char code rather than a regular expression: this is on the hot path of every deadline computation.
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    if (i < 4) y = y * 10 + digit;
    else if (i < 7) m = m * 10 + digit;
    else d = d * 10 + digit;
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return { y, m, d };
}

/** Parses a `YYYY-MM-DD` string to its day number, or returns undefined when it is not a real date. */
export function tryParseCivilDate(s: string): number | undefined {
  const civil = tryParseCivil(s);
  return civil && dayNumber(civil.y, civil.m, civil.d);
}

export function parseCivilDate(s: string): number {
  const z = tryParseCivilDate(s);
  if (z === undefined) throw new RangeError(`“${s}”不是 YYYY-MM-DD 格式的日期`);
  return z;
}

export function isCivilDate(s: string): boolean {
  return tryParseCivilDate(s) !== undefined;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(z: number): number {
  return (((z + 4) % 7) + 7) % 7;
}

export function isWeekend(z: number): boolean {
  const w = weekday(z);
  return w === 0 || w === 6;
}

export function addDays(date: CivilDate, n: number): CivilDate {
  return formatDayNumber(parseCivilDate(date) + n);
}

/**
 * Beijing time (Asia/Shanghai) is UTC+8 all year: China has kept no daylight saving since 1991. Every
 * conversion between instants and Beijing dates or clock times goes through the helpers below, which are plain
 * arithmetic on epoch milliseconds (whatever the process's TZ; safe in the workflow sandbox, deterministic).
 */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86400 * 1000;

function epochMs(instant: Date | number | string): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('无效的时间');
  return ms;
}

/** The civil date in Asia/Shanghai (Beijing time) of an instant (a Date, epoch ms, or an ISO string). */
export function shanghaiDate(instant: Date | number | string): CivilDate {
  return formatDayNumber(Math.floor((epochMs(instant) + BEIJING_OFFSET_MS) / MS_PER_DAY));
}

/** The Beijing calendar year of an instant. */
export function beijingYear(instant: Date | number | string): number {
  return civilFromDayNumber(parseCivilDate(shanghaiDate(instant))).y;
}

/** Epoch ms of hh:mm:ss Beijing time on a civil date. */
export function beijingInstant(date: CivilDate, hour: number, minute = 0, second = 0): number {
  return parseCivilDate(date) * MS_PER_DAY + (hour * 3600 + minute * 60 + second) * 1000 - BEIJING_OFFSET_MS;
}

/** The end of a civil date in Beijing time, 23:59:59+08:00: a deadline "by that day". */
export function endOfBeijingDay(date: CivilDate): Date {
  return new Date(beijingInstant(date, 23, 59, 59));
}

/** An instant as people read it, in Beijing time: `YYYY-MM-DD HH:MM`. */
export function beijingDateTime(instant: Date | number | string): string {
  const d = new Date(epochMs(instant) + BEIJING_OFFSET_MS).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/**
 * GB/T 9704-2012 7.3.5.1: a date in a 公文 (a letter, a notice, the annual report's signature) is written in full
 * with Arabic numerals and no leading zeros: 2025-03-20 → 2025年3月20日.
 */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`“${iso}”不是 YYYY-MM-DD 格式的日期`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
