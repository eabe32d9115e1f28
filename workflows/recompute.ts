import { defineSignal } from '@temporalio/workflow';
import type { CalendarData } from '../domain/calendar/types';

/** What `recomputeDeadlinesSignal` carries: the whole calendar (plain JSON, recorded in history), its version, why. */
export interface RecomputeDeadlines {
  calendar: CalendarData;
  /** Equal to `calendar.version`; the workflow stores it beside each recomputed due date. */
  version: string;
  /** Human-readable cause, e.g. `calendar import 2027 (国办发明电〔2026〕9号) by alice`. */
  reason: string;
}

/**
 * Sent by the calendar service (`gongkai calendar import`, `override add|remove`, `recompute`) to every
 * running workflow with a deadline (`GongkaiDue IS NOT NULL`), after the register's calendar changed.
 * The workflow recomputes its due dates with `calendar` and records the change; nobody waits, so a bad
 * payload is logged and ignored, never thrown. A repeat with the same `version` changes nothing.
 */
export const recomputeDeadlinesSignal = defineSignal<[RecomputeDeadlines]>('recomputeDeadlines');
