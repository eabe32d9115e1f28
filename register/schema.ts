import type { ApplicationTables } from './schema/applications';
import type { CalendarTables } from './schema/calendar';
import type { ReviewTables } from './schema/review';
import type { ReportTables } from './schema/report';
import type { WebTables } from './schema/web';
/** Row types of the register, one interface per table; each migration's tables are added here. */
export interface SentEmailTable {
  message_id: string;
  workflow_id: string;
  activity_id: string;
  recipients: string;
  subject: string;
  template: string | null;
  sent_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  subject_kind: string;
  subject_id: string;
  action: string;
  outcome: string;
  detail: string | null;
  before: string | null;
  after: string | null;
}

export interface CalendarOverrideTable {
  date: string;
  kind: 'off' | 'work';
  reason: string;
  created_by: string;
  created_at: string;
}

export interface OrgTables {
  groups: { id: string; name: string };
  users: {
    id: string;
    name: string;
    email: string;
    section: string | null;
    roles: string;
    password_hash: string | null;
    active: number;
  };
  group_members: { group_id: string; user_id: string };
}

export interface FoundationTables {
  sent_emails: SentEmailTable;
  audit_log: AuditLogTable;
  calendar_overrides: CalendarOverrideTable;
}

// Each concern declares its tables in register/schema/<concern>.ts and adds them here.
export interface RegisterSchema extends FoundationTables, OrgTables, ApplicationTables, ReviewTables, ReportTables, WebTables, CalendarTables {}
