import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { intakeSchema } from '../../domain/application';
import { organisationFile, type OrganisationFile } from '../../domain/org';
import { insertApplication } from '../../register/applications';
import { importYearSchedule } from '../../register/calendar';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { testActivities } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import type { SmtpCapture } from '../../testing/smtp';
import { testWorker, timeSkippingEnv } from '../../testing/temporal';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { testCalendarYears, waitForState } from './application-timeline';

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

/**
 * Application `n` (applicant 申请人n, with an email address unless `email` is false) registered in person on
 * `submittedOn`, its workflow started with the letter issued unreviewed, and assigned by the office to liu.yang.
 */
export async function startCase(at: { env: TestWorkflowEnvironment; db: Register; taskQueue: string }, n: number, submittedOn: string, email = true) {
  const applicant = { type: 'naturalPerson' as const, name: `申请人${n}`, idDocument: { number: `43060219900101${1000 + n}` }, ...(email ? { email: `applicant${n}@test.local` } : {}) };
  const intake = intakeSchema.parse({ channel: 'in-person', submittedOn, applicant, content: `申请公开第${n}号事项的相关文件` });
  const { row } = await insertApplication(at.db, { intake, agencyCode: 'TEST', actor: 'liu.yang', now: new Date().toISOString() });
  const handle = await at.env.client.workflow.start(handleApplication, { taskQueue: at.taskQueue, workflowId: row.workflow_id, args: [{ id: row.id, registeredBy: 'liu.yang', reviewLetter: false }] });
  await waitForState(handle, (s) => s.clock !== null);
  await handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'liu.yang' }] });
  return { id: row.id, handle };
}

/** Waits until the workflow `workflowId` exists (a child starts on its parent's next task). */
export async function childStarted(env: TestWorkflowEnvironment, workflowId: string): Promise<WorkflowHandle> {
  const handle = env.client.workflow.getHandle(workflowId);
  for (let i = 0; i < 200; i++) {
    if (await handle.describe().then(() => true, () => false)) return handle;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${workflowId} never started`);
}
