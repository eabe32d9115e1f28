import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { maskIdNumber, type Decision } from '../../domain/application';
import { chineseDate, type CalendarData } from '../../domain/calendar';
import { letterNotice, outcome, outcomeName, remedyKind } from '../../domain/outcomes';
import { loadCalendarData } from '../../register/calendar';
import { applicationDocuments, getApplication, recordApplicationEvent, recordDocument, type ApplicationPatch } from '../../register/applications';
import { getUser, usersInGroup, usersWithRole } from '../../register/org';
import type { ActivityDeps } from '../index';
import { createMailActivities } from '../mail/sendEmail';
import { writeAtomic } from '../../lib/files';
import { sha256 } from '../../lib/hash';
import { fillLetter, letterDocx, withChineseDates } from './letter';

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


/** The sentence of a letter that says how it is delivered, by the intake's `delivery`. */
const DELIVERY_TEXT = {
  post: '本答复书以邮寄方式送达。',
  email: '本答复书以电子邮件方式送达。',
  fax: '本答复书以传真方式送达。',
  collect: '本答复书以直接送达方式送达，请您到本机关领取。',
} as const;

/** A free text typed by staff as a sentence of the letter: it ends with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return t === '' || /[。！？；]”?$/.test(t) ? t : `${t}。`;
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
  /** What every letter and notice of a case names: its number, the applicant, the request, the agency. */
  const letterhead = (row: ApplicationRow): Record<string, string> => ({
    id: row.id,
    agencyCode: deps.config.AGENCY_CODE,
    year: String(row.year),
    sequence: String(row.sequence),
    applicantName: row.applicant_name,
    received: chineseDate(row.received_date),
    content: row.content,
    agency,
  });
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
      const o = outcome(r.decision.outcome);
      const dir = deps.templateDir ? path.join(deps.templateDir, '../letters') : undefined;
      const d = r.decision;
      // 条例 第五十一条: the remedies, by the outcome's kind (domain/outcomes.ts remedyKind), naming the configured
      // 复议机关 and court; unset, the text names none rather than guess one (docs/letters.md).
      const { REVIEW_AUTHORITY, COURT } = deps.config;
      const remedy = fillLetter(`remedy-${remedyKind(o.key)}`, { toReviewAuthority: REVIEW_AUTHORITY ? `向${REVIEW_AUTHORITY}` : '', toCourt: COURT ? `向${COURT}` : '' }, dir).join('');
      const competentAgency = d.competentAgency
        ? `负责公开该政府信息的行政机关为${d.competentAgency.name}${d.competentAgency.contact ? `，联系方式：${d.competentAgency.contact}` : ''}。`
        : '';
      const notice = letterNotice(o.key, d);
      const note = notice
        ? fillLetter(
            `note-${notice}`,
            {
              channel: sentence(d.provision ?? '请您依照《信访工作条例》的规定，通过信访渠道向有权处理的机关提出。'),
              howToObtain: sentence(d.provision ?? '请通过该出版物的公开发行渠道购买，或者到公共图书馆查阅。'),
              competentAgency: competentAgency || '本机关无法确定负责公开该政府信息的行政机关。',
            },
            dir,
          ).join('')
        : '';
      const intake = JSON.parse(row.intake) as { delivery?: keyof typeof DELIVERY_TEXT };
      const vars: Record<string, string> = {
        ...letterhead(row),
        legalBasis: d.legalBasis,
        reasons: sentence(d.reasons),
        // 条例 第三十六条第（一）（二）项, 第四十条: how the information is provided, a sentence of its own.
        provision: d.provision ? sentence(d.provision) : '',
        withheld: sentence(d.withheld.map((w) => `${w.what}（${w.why}）`).join('；')),
        outcomeLabel: outcomeName(o.key),
        competentAgency,
        note,
        // How this letter reaches the applicant (the form chosen at intake, 条例 第四十条), a sentence of its own.
        delivery: DELIVERY_TEXT[intake.delivery ?? 'post'] ?? DELIVERY_TEXT.post,
        remedy,
        date: chineseDate(r.date),
      };
      return writeLetter(row.id, `reply-v${r.version}`, 'reply', fillLetter(`reply-${o.group}`, vars, dir).map(withChineseDates));
    },

    /**
     * Renders one notice to the applicant or a consulted party (templates/letters/notice-<kind>.txt) as a numbered
     * DOCX and records it among the case's documents, whether or not anyone is emailed. Idempotent: the file and
     * the document ID come from the workflow's `key` (the same key rewrites the same file and row).
     */
    async renderNotice(r: { id: string; kind: NoticeKind; key: string; date: string; vars: Record<string, string | number> }): Promise<{ path: string; sha256: string; text: string }> {
      if (!/^[\w-]+$/.test(r.key)) throw ApplicationFailure.nonRetryable(`renderNotice: invalid key "${r.key}"`, 'InvalidInput');
      const row = await mustGet(r.id);
      const dir = deps.templateDir ? path.join(deps.templateDir, '../letters') : undefined;
      const vars: Record<string, string> = {
        ...letterhead(row),
        date: chineseDate(r.date),
        // GB/T 9704-2012: dates the workflow passes as YYYY-MM-DD read 2025年3月20日.
        ...Object.fromEntries(Object.entries(r.vars).map(([k, v]) => [k, withChineseDates(String(v))])),
      };
      return writeLetter(row.id, `notice-${r.key}`, `notice-${r.kind}`, fillLetter(`notice-${r.kind}`, vars, dir).map(withChineseDates));
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
