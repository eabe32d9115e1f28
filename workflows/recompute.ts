import { defineSignal } from '@temporalio/workflow';
import type { CalendarData } from '../domain/calendar/types';

/**
 * What `recomputeDeadlinesSignal` carries: the calendar's version and why; to reviews and the report, the whole
 * calendar (plain JSON, recorded in history); to an application only the days that changed (issue 16: under 1 KiB),
 * and the case loads the calendar through an activity.
 */
export interface RecomputeDeadlines {
  calendar?: CalendarData;
  /** Equal to `calendar.version`; the workflow stores it beside each recomputed due date. */
  version: string;
  /** The days whose status changed (the first 30), and how many there are. */
  changedDays?: string[];
  changedCount?: number;
  /** Human-readable cause, e.g. `calendar import 2027 (国办发明电〔2026〕9号) by alice`. */
  reason: string;
}

/**
 * Sent by the calendar service (`gongkai calendar import`, `override add|remove`, `recompute`) after the
 * register's calendar changed: to the open applications whose dates it moves (their register rows say which days
 * can), and to every other running workflow with a deadline (`GongkaiDue IS NOT NULL`).
 * The workflow recomputes its due dates with `calendar` and records the change; nobody waits, so a bad
 * payload is logged and ignored, never thrown. A repeat with the same `version` changes nothing.
 */
export const recomputeDeadlinesSignal = defineSignal<[RecomputeDeadlines]>('recomputeDeadlines');
