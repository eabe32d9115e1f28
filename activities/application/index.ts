import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { maskIdNumber, type Decision } from '../../domain/application';
import { chineseDate, type CalendarData } from '../../domain/calendar';
import { loadCalendarData } from '../../register/calendar';
import { applicationDocuments, getApplication, recordApplicationEvent, recordDocument, type ApplicationPatch } from '../../register/applications';
import { getUser, usersInGroup, usersWithRole } from '../../register/org';
import { getReviewPolicy } from '../../register/review';
import { NOTICE_CATEGORY } from '../../domain/review/policy';
import type { ActivityDeps } from '../index';
import { createMailActivities } from '../mail/sendEmail';
import { writeAtomic } from '../../lib/files';
import { sha256 } from '../../lib/hash';
import { fillLetter, letterDocx, withChineseDates } from './letter';
import { caseLetterhead, replyLetterLines } from './reply';

/** Who may act (read from the register at start and on each working day), and the notices rendered as documents. */
export type { ApplicationRoster, NoticeKind } from '../../domain/application/state';
import type { ApplicationRoster, NoticeKind } from '../../domain/application/state';

export const DISCLOSURE_OFFICE_GROUP = 'disclosure-office';

export interface ApplicationFacts {
  id: string;
  received: string;
  channel: string;
  applicantColumn: string;
  hasEmail: boolean;
  possibleDuplicates: string[];
}


/** Application activities: register writes, notices, the reply letter. */
export function createApplicationActivities(deps: ActivityDeps) {
  const mail = createMailActivities({ db: deps.db, mailer: deps.mailer, from: deps.config.MAIL_FROM, templateDir: deps.templateDir });
  const agency = deps.config.AGENCY_NAME;

  async function mustGet(id: string) {
    const row = await getApplication(deps.db, id);
    if (!row) throw ApplicationFailure.nonRetryable(`application ${id} is not in the register`, 'NotFound');
    return row;
  }

  type ApplicationRow = NonNullable<Awaited<ReturnType<typeof getApplication>>>;
  const letterhead = (row: ApplicationRow) => caseLetterhead(row, deps.config);
  /** The DOCX under DATA_DIR/letters/<case>/<name>.docx, written whole, and its row among the case's documents. */
  async function writeLetter(caseId: string, name: string, kind: string, lines: string[]): Promise<{ path: string; sha256: string; text: string }> {
    const buffer = await letterDocx(lines);
    const hash = sha256(buffer);
    const file = path.resolve(deps.config.DATA_DIR, 'letters', caseId, `${name}.docx`);
    writeAtomic(file, buffer);
    await recordDocument(deps.db, { id: `${caseId}/${name}`, application_id: caseId, kind, path: file, sha256: hash, created_at: new Date().toISOString() });
    return { path: file, sha256: hash, text: lines.join('\n') };
  }

  return {
    /** The facts the workflow needs (no personal data), the register's calendar (seed, imported years, overrides), and the roster. */
    async loadApplicationContext(id: string): Promise<{ facts: ApplicationFacts; calendar: CalendarData; roster: ApplicationRoster }> {
      const row = await mustGet(id);
      return {
        facts: {
          id,
          received: row.received_date,
          channel: row.channel,
          applicantColumn: row.applicant_column,
          hasEmail: row.applicant_email !== null,
          possibleDuplicates: JSON.parse(row.possible_duplicates) as string[],
        },
        calendar: await loadCalendarData(deps.db),
        roster: await loadRoster(),
      };
    },

    /** The register's calendar as it is now, for a `recomputeDeadlines` signal that did not carry one. */
    async loadApplicationCalendar(): Promise<CalendarData> {
      return loadCalendarData(deps.db);
    },

    async loadApplicationRoster(): Promise<ApplicationRoster> {
      return loadRoster();
    },

    /** Writes one step of an application to the register with its audit row; idempotent by `key`. */
    async recordApplicationStep(s: { id: string; key: string; date: string; type: string; actor: string; detail?: unknown; patch?: ApplicationPatch }): Promise<void> {
      await recordApplicationEvent(deps.db, {
        id: `${s.id}/${s.key}`,
        applicationId: s.id,
        at: new Date().toISOString(),
        date: s.date,
        type: s.type,
        actor: s.actor,
        detail: s.detail,
        patch: s.patch,
      });
    },

    /** Emails the applicant from a template, when an address was given; identity numbers are masked. */
    async notifyApplicant(n: { id: string; template: string; vars: Record<string, string | number> }): Promise<{ sent: boolean }> {
      const row = await mustGet(n.id);
      if (!row.applicant_email) return { sent: false };
      await mail.sendEmail({
        to: [row.applicant_email],
        template: n.template,
        // GB/T 9704-2012: what a citizen reads has 2025年3月20日, never 2025-03-20 (the workflows pass ISO dates).
        vars: Object.fromEntries(
          Object.entries({ id: n.id, applicantName: row.applicant_name, idNumber: maskIdNumber(row.applicant_id_number), received: row.received_date, agency, ...n.vars }).map(
            ([k, v]) => [k, typeof v === 'string' ? withChineseDates(v) : v],
          ),
        ),
      });
      return { sent: true };
    },

    /** Emails staff by user ID (reminders, escalations, assignment); unknown or inactive users are skipped. */
    async notifyStaff(n: { userIds: string[]; template: string; vars: Record<string, string | number> }): Promise<{ sent: number }> {
      const emails: string[] = [];
      for (const id of n.userIds) {
        const u = await getUser(deps.db, id);
        if (u?.active) emails.push(u.email);
      }
      if (emails.length === 0) return { sent: 0 };
      await mail.sendEmail({ to: emails, template: n.template, vars: n.vars });
      return { sent: emails.length };
    },

    /** Renders the reply letter for the decision as DOCX from the editable templates; records it as a document. */
    async renderReplyLetter(r: { id: string; decision: Decision; date: string; version: number }): Promise<{ path: string; sha256: string; text: string }> {
      const row = await mustGet(r.id);
      const dir = deps.templateDir ? path.join(deps.templateDir, '../letters') : undefined;
      return writeLetter(row.id, `reply-v${r.version}`, 'reply', replyLetterLines(row, r.decision, r.date, deps.config, dir));
    },

    /**
     * Renders one notice to the applicant or a consulted party (templates/letters/notice-<kind>.txt) as a numbered
     * DOCX and records it among the case's documents, whether or not anyone is emailed. Idempotent: the file and
     * the document ID come from the workflow's `key` (the same key rewrites the same file and row). With `lines`, the
     * text its reviewers approved after the handler revised it. Says whether the agency's policy has notices reviewed
     * before they go out (issue 15 §3).
     */
    async renderNotice(r: {
      id: string; kind: NoticeKind; key: string; date: string; vars: Record<string, string | number>; lines?: string[];
    }): Promise<{ path: string; sha256: string; text: string; review: boolean }> {
      if (!/^[\w-]+$/.test(r.key)) throw ApplicationFailure.nonRetryable(`renderNotice: invalid key "${r.key}"`, 'InvalidInput');
      const review = (await getReviewPolicy(deps.db, NOTICE_CATEGORY))?.enabled === true;
      if (r.lines) return { ...(await writeLetter(r.id, `notice-${r.key}`, `notice-${r.kind}`, r.lines)), review };
      const row = await mustGet(r.id);
      const dir = deps.templateDir ? path.join(deps.templateDir, '../letters') : undefined;
      const vars: Record<string, string> = {
        ...letterhead(row),
        date: chineseDate(r.date),
        // GB/T 9704-2012: dates the workflow passes as YYYY-MM-DD read 2025年3月20日.
        ...Object.fromEntries(Object.entries(r.vars).map(([k, v]) => [k, withChineseDates(String(v))])),
      };
      return { ...(await writeLetter(row.id, `notice-${r.key}`, `notice-${r.kind}`, fillLetter(`notice-${r.kind}`, vars, dir).map(withChineseDates))), review };
    },

    async listApplicationDocuments(id: string) {
      return (await applicationDocuments(deps.db, id)).map((d) => ({ kind: d.kind, path: d.path, sha256: d.sha256 }));
    },
  };

  async function loadRoster(): Promise<ApplicationRoster> {
    const ids = (us: { id: string }[]) => us.map((u) => u.id);
    return {
      office: ids(await usersInGroup(deps.db, DISCLOSURE_OFFICE_GROUP)),
      officeHeads: ids(await usersWithRole(deps.db, 'officeHead')),
      handlers: ids(await usersWithRole(deps.db, 'handler')),
      supervisors: ids(await usersWithRole(deps.db, 'supervisor')),
    };
  }
}
