import { Calendar } from './calendar';
import { SEED_VERSION, SEED_YEARS } from './seed-data';
import type { CalendarData, CalendarOverride } from './types';

export * from './calendar';
export * from './changes';
export * from './civil-date';
export * from './schedule-file';
export * from './statutory';
export * from './types';

/** The national calendar as seeded (2004-2026), with the agency's overrides if any. */
export function seedCalendarData(overrides: CalendarOverride[] = []): CalendarData {
  return { version: SEED_VERSION, years: SEED_YEARS, overrides, daysInLieu: true };
}

export function seedCalendar(overrides: CalendarOverride[] = []): Calendar {
  return new Calendar(seedCalendarData(overrides));
}
