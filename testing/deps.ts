import { loadConfig, type Config } from '../config';
import { createActivities } from '../activities';
import { smtpMailer } from '../activities/mail/transport';
import type { Register } from '../register/db';
import type { SmtpCapture } from './smtp';

/** Configuration as a test wants it: defaults plus overrides, validated by the real loader. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ AGENCY_NAME: '测试市测试局', AGENCY_CODE: 'TEST', MAIL_FROM: 'gongkai@test.local', ...overrides });
}

/** The real activities over a test register and the in-process SMTP server. */
export function testActivities(db: Register, smtp: SmtpCapture, overrides: Record<string, string> = {}) {
  const config = testConfig({ SMTP_URL: smtp.url, ...overrides });
  return createActivities({ db, mailer: smtpMailer(smtp.url), config });
}
