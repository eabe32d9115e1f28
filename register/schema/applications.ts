/** Tables of 依申请公开 (migration 004_applications). Dates are YYYY-MM-DD text, instants ISO text. */
export interface ApplicationTables {
  applications: {
    id: string; // registration number {AGENCY_CODE}-{year}-{sequence}
    year: number;
    sequence: number;
    workflow_id: string;
    channel: string;
    submitted_on: string;
    received_date: string; // 条例 第三十一条 收到申请之日
    applicant_column: string; // ApplicantKind: the report column
    applicant_name: string;
    applicant_id_kind: string;
    applicant_id_number: string;
    applicant_phone: string | null;
    applicant_address: string | null;
    applicant_email: string | null;
    content: string;
    intake: string; // the validated intake, JSON
    external_ref: string | null;
    possible_duplicates: string; // JSON array of registration numbers
    status: string; // open | closed
    stage: string;
    handler: string | null;
    due_date: string | null;
    calendar_version: string | null;
    /** The days that can move this open case's dates, (open_from, open_until]; open_until null: any later day (010_calendar_reach). */
    open_from: string | null;
    open_until: string | null;
    /** 1 while its dates depend on a year whose official schedule is not imported yet. */
    dates_provisional: number | null;
    outcome: string | null;
    decision: string | null; // JSON
    closed_date: string | null; // the day the case was concluded (reply time point, or deemed abandoned)
    created_at: string;
    created_by: string;
  };
  application_sequences: { year: number; last: number };
  application_events: {
    id: string; // idempotency key: workflow ID + step key
    application_id: string;
    at: string;
    date: string;
    type: string;
    actor: string;
    detail: string | null; // JSON
  };
  application_documents: {
    id: string;
    application_id: string;
    kind: string;
    path: string;
    sha256: string;
    created_at: string;
  };
  appeals: {
    id: string;
    application_id: string;
    kind: string; // reconsideration | litigationDirect | litigationAfterReconsideration
    filed_date: string;
    concluded_date: string | null;
    result: string | null; // upheld | corrected | otherResult
    note: string | null;
  };
  api_keys: {
    id: string;
    name: string;
    key_hash: string; // sha256 hex of the key; the key itself is shown once
    created_at: string;
    revoked_at: string | null;
  };
}
