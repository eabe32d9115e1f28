import { ApplicationFailure } from '@temporalio/common';
import type { CalendarData } from '../../domain/calendar';
import { loadCalendarData } from '../../register/calendar';
import type { ReviewPolicy } from '../../domain/review/policy';
import type { Role } from '../../domain/org';
import { getUser, usersInGroup, usersWithRole } from '../../register/org';
import { getPublication, getReviewItem, getReviewPolicy, getReviewVersion, recordTransition, seedReviewPolicies, type ItemSnapshot, type Transition } from '../../register/review';
import type { ActivityDeps } from '..';
import { createMailActivities } from '../mail/sendEmail';
import { createPublishActivities } from '../publish';

export interface ReviewSetup {
  policy: ReviewPolicy;
  /** The calendar as plain data (seed, imported years, the agency's overrides): recorded in history, so replay sees the same. */
  calendar: CalendarData;
  consoleUrl: string;
}

export interface PublishedItem {
  /** Published and not retracted: the page is up. */
  online: boolean;
  status: string;
  consoleUrl: string;
  snapshot: ItemSnapshot;
}

/** Who an email goes to: a group's active members, named users, and/or everyone with a role. */
export interface Recipients {
  group?: string;
  users?: string[];
  role?: Role;
}

export function createReviewActivities(deps: ActivityDeps) {
  const mail = createMailActivities({ db: deps.db, mailer: deps.mailer, from: deps.config.MAIL_FROM, templateDir: deps.templateDir });
  return {
    ...createPublishActivities(deps),

    /**
     * A published item as its 撤稿 workflow needs it (issue 16: the review's own workflow has completed): the
     * register's item row and current version, whether the page is still up, and the console's address.
     */
    async loadPublishedItem(input: { itemId: string }): Promise<PublishedItem> {
      const row = await getReviewItem(deps.db, input.itemId);
      if (!row) throw ApplicationFailure.nonRetryable(`no item ${input.itemId}`, 'NotFound');
      const v = await getReviewVersion(deps.db, input.itemId, row.current_version);
      if (!v) throw ApplicationFailure.nonRetryable(`no version ${row.current_version} of ${input.itemId}`, 'NotFound');
      const publication = await getPublication(deps.db, input.itemId);
      return {
        online: row.status === 'published' && !!publication && publication.retracted_at === null,
        status: row.status,
        consoleUrl: deps.config.publicUrl,
        snapshot: {
          id: row.id, title: row.title, category: row.category, author: row.author, section: row.section, column: row.column_name, status: row.status,
          stage: null, stageName: null, group: null, holder: null, entry: -1, due: null,
          version: { n: v.version, title: v.title, body: v.body, format: v.format, attachments: JSON.parse(v.attachments) as string[], hash: v.hash, by: v.created_by, at: v.created_at },
        },
      };
    },

    /** The category's policy (defaults seeded on first use) and the calendar; NotFound for an unknown category. */
    async loadReviewSetup(input: { category: string }): Promise<ReviewSetup> {
      let policy = await getReviewPolicy(deps.db, input.category);
      if (!policy) {
        await seedReviewPolicies(deps.db, new Date().toISOString());
        policy = await getReviewPolicy(deps.db, input.category);
      }
      if (!policy) throw ApplicationFailure.nonRetryable(`no review policy for category "${input.category}"`, 'NotFound');
      // Review SLAs span days or weeks: last year onwards is enough, and keeps 20 years of seed out of every history.
      const full = await loadCalendarData(deps.db);
      const from = new Date().getUTCFullYear() - 1;
      const calendar = { ...full, years: full.years.filter((y) => y.year >= from) };
      return { policy, calendar, consoleUrl: deps.config.publicUrl };
    },

    /** Writes one transition (audit, item, version, tasks) once; a retry finds the audit row and stops. */
    async recordReview(t: Transition): Promise<{ recorded: boolean }> {
      return recordTransition(deps.db, t);
    },

    /**
     * Emails a review notice from templates/email/<template>.txt to the resolved recipients, exactly once per
     * workflow step (the Message-ID comes from this activity's ID). No recipient is not an error: it is reported.
     */
    async notifyReview(input: { template: string; to: Recipients; vars: Record<string, string | number> }): Promise<{ sentTo: string[] }> {
      const emails = new Set<string>();
      if (input.to.group) for (const u of await usersInGroup(deps.db, input.to.group)) emails.add(u.email);
      for (const id of input.to.users ?? []) {
        const u = await getUser(deps.db, id);
        if (u?.active) emails.add(u.email);
      }
      if (input.to.role) for (const u of await usersWithRole(deps.db, input.to.role)) emails.add(u.email);
      const to = [...emails].sort();
      if (to.length === 0) return { sentTo: [] };
      // The workflow knows the author by user ID; people read a name.
      const vars = { ...input.vars };
      if (typeof vars.author === 'string') vars.author = (await getUser(deps.db, vars.author))?.name ?? vars.author;
      await mail.sendEmail({ to, template: input.template, vars });
      return { sentTo: to };
    },
  };
}
