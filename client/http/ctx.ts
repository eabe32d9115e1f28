import { Calendar } from '../../domain/calendar';
import type { User } from '../../domain/org';
import { loadCalendarData } from '../../register/calendar';
import type { Services } from '../context';
import type { Backend } from './backend';

/** What every route module gets: the services, the clock, the actions and the working-day calendar. */
export interface Ctx {
  services: Services;
  now: () => Date;
  backend: Backend;
  calendar(): Promise<Calendar>;
}

/** The calendar is rebuilt from the register at most once a minute (imports and overrides are rare). */
export function makeCtx(services: Services, now: () => Date, backend: Backend): Ctx {
  let cached: { at: number; cal: Calendar } | undefined;
  return {
    services,
    now,
    backend,
    async calendar() {
      const t = Date.now();
      if (!cached || t - cached.at > 60_000) cached = { at: t, cal: new Calendar(await loadCalendarData(services.db)) };
      return cached.cal;
    },
  };
}

/** The actor the workflows' validators check: id, groups, roles. */
export const actorOf = (u: User) => ({ id: u.id, groups: u.groups, roles: u.roles as string[] });
