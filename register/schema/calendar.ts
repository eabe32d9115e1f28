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
}
