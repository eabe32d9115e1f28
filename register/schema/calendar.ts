/** Tables of the working-day calendar: migration 007_calendar (calendar_overrides is in 001_foundation). */
export interface CalendarTables {
  /** One imported yearly schedule (国办发明电) per year; it replaces the seed's or the provisional year. */
  calendar_years: {
    year: number;
    /** The notice number(s) as printed, e.g. `国办发明电〔2026〕9号`, for lists and the audit. */
    notice: string;
    /** The schedule as JSON (domain/calendar `YearSchedule`), as validated by `parseYearScheduleFile`. */
    data: string;
    /** SHA-256 of `data`: a re-import of the same schedule is a no-op. */
    sha256: string;
    imported_by: string;
    imported_at: string;
  };
  /** One calendar change sent to the workflows it moves (010_calendar_reach): who was reached, and how long it took. */
  calendar_fanouts: {
    id: string;
    version: string;
    reason: string;
    changed_days: string; // JSON array of YYYY-MM-DD
    started_at: string;
    finished_at: string | null;
    /** Open applications in the register when it started. */
    open_cases: number;
    reached: string; // JSON array of application IDs signalled
    /** Other running workflows with a deadline (reviews, the report), sent the whole calendar. */
    others_signalled: number;
    failed: string; // JSON array of { workflowId, error }
  };
}
