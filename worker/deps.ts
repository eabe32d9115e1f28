import * as path from 'node:path';
import type { Config } from '../config';
import type { ActivityDeps } from '../activities';
import { outboxMailer, smtpMailer } from '../activities/mail/transport';
import { migrateRegister, openRegister } from '../register/db';

/** The real dependencies of the activities for this configuration: the register, migrated, and the mail transport. */
export async function productionDeps(config: Config): Promise<ActivityDeps> {
  const db = openRegister(config.databaseUrl);
  await migrateRegister(db);
  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL) : outboxMailer(path.join(config.DATA_DIR, 'outbox'));
  return { db, mailer, config };
}
