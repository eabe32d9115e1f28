import type { Register } from '../register/db';
import { createAnnualReportActivities } from './annualReport';
import { createApplicationActivities } from './application';
import { createCalendarActivities } from './calendar';
import { createMailActivities } from './mail/sendEmail';
import { createReviewActivities } from './review';
import type { Mailer } from './mail/transport';
import type { Config } from '../config';

/** What every activity may use; tests pass real-but-local ones (temp SQLite, in-process SMTP). */
export interface ActivityDeps {
  db: Register;
  mailer: Mailer;
  config: Config;
  templateDir?: string;
}

/** All activities the worker registers; each concern contributes its own factory. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCalendarActivities(deps),
    ...createAnnualReportActivities(deps),
    ...createApplicationActivities(deps),
    ...createReviewActivities(deps),
    ...createMailActivities({ db: deps.db, mailer: deps.mailer, from: deps.config.MAIL_FROM, templateDir: deps.templateDir }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
