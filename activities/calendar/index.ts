import type { CalendarData } from '../../domain/calendar';
import { loadCalendarData } from '../../register/calendar';
import type { ActivityDeps } from '../index';

/** Calendar activities: what workflows need to compute deadlines with the register's calendar. */
export function createCalendarActivities(deps: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * The working-day calendar as the register holds it now: the seed, imported years, agency overrides,
     * and its version. A read; the result is recorded in history, so replay needs no database.
     */
    async loadCalendar(): Promise<CalendarData> {
      return loadCalendarData(deps.db);
    },
  };
}
