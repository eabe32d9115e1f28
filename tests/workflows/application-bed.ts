import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { organisationFile, type OrganisationFile } from '../../domain/org';
import { importYearSchedule } from '../../register/calendar';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { testActivities } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import type { SmtpCapture } from '../../testing/smtp';
import { testWorker, timeSkippingEnv } from '../../testing/temporal';
import { testCalendarYears } from './application-timeline';

export interface ApplicationBed {
  env: TestWorkflowEnvironment;
  db: Register;
  /** A client whose `result()` does not unlock time skipping: server time moves only by `advanceTo`. */
  plain: Client;
  stop(): Promise<void>;
}

/**
 * What each application timeline file starts on: a time-skipping server, a fresh register with the demo
 * organisation (changed by `org` where a file needs other people) and the test calendar, and a worker running
 * the real activities on `taskQueue` (their configuration overridden by `config`).
 */
export async function applicationBed(o: {
  smtp: SmtpCapture; taskQueue: string; dataDir: string; config?: Record<string, string>; org?: (demo: OrganisationFile) => OrganisationFile;
}): Promise<ApplicationBed> {
  const [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), o.smtp.start()]);
  const demo = organisationFile.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, o.org ? o.org(demo) : demo);
  for (const year of testCalendarYears()) await importYearSchedule(db, year, 'admin', new Date().toISOString());
  const worker = await testWorker(env, o.taskQueue, testActivities(db, o.smtp, { DATA_DIR: o.dataDir, ...o.config }));
  const running = worker.run();
  return {
    env, db, plain: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await Promise.all([env.teardown(), db.destroy(), o.smtp.stop()]);
    },
  };
}
