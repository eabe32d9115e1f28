/** Table of the annual report (migration 005_report). JSON columns are text; dates YYYY-MM-DD, instants ISO. */
export interface ReportTables {
  reports: {
    id: string; // report-<agency code>-<year>, the workflow ID
    agency_code: string;
    year: number;
    format: string; // "2021" | "2019"
    state: string; // ReportState of workflows/report/definitions.ts
    data: string; // the report data (docs/report-data.md), JSON
    section1_counts: string; // items published in the year by category, JSON { category: n }
    manual: string; // which manual parts the editor has given, JSON
    failures: string; // the last check failures, JSON array
    files: string; // published files, JSON [{ format, path, url, sha256 }]
    due_date: string; // the publication deadline, YYYY-MM-DD
    published_at: string | null;
    created_at: string;
    updated_at: string;
  };
}
