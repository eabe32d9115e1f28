/**
 * Fault injection on handleApplication (issue 8): a real dev server, real worker PROCESSES (testing/faultWorker.ts, the
 * production activities), the in-process SMTP server and the register (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL). Every test drives the scenario of a clean run through the service layer the CLI and HTTP API
 * use (registerApplication, the case's updates on applicationHandle, the review service for the letter): registered
 * by the office → assigned to liu.yang → 补正 requested → correction received → decided (granted) → the reply letter
 * rendered and reviewed in the child reviewItem (liu.yang drafts, li.na 科室负责人审核, zhao.lei 分管领导签发) →
 * delivery by email. Each test injects faults and compares the application's register rows (row, events in order,
 * audit, documents and their files), the letter's review item and every email (each Message-ID delivered exactly
 * once, each in the sent-log) with the clean run's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Services } from '../../client/context';
import { applicationHandle, registerApplication } from '../../client/services/applications';
import { act } from '../../client/services/review';
import { shanghaiDate } from '../../domain/calendar';
import type { Register } from '../../register/db';
import * as d from '../../workflows/application/definitions';
import { applicationOutcome, DevServerProcess, registerOutage, until, WorkerProcess, type ApplicationOutcome } from '../../testing/faults';
import { freshRegister, registerKind } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testConfig } from '../../testing/deps';
import { uniqueQueue } from '../../testing/temporal';
import { importDemoOrg } from '../../testing/review-helpers';

jest.setTimeout(180_000);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-faults-'));
const server = new DevServerProcess(path.join(root, 'temporal'));
const smtp = new SmtpCapture();
let db: Register & { url: string };
let connection: Connection;
let temporal: Client;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [db] = await Promise.all([freshRegister(), server.start(), smtp.start()]);
  await importDemoOrg(db);
  connection = await Connection.connect({ address: server.address });
  temporal = new Client({ connection });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill9()));
  await connection?.close();
  await Promise.all([server.stop(), db?.destroy(), smtp.stop()]);
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
let applicants = 0;

/** One run: its own task queue and DATA_DIR, the service layer as the CLI and HTTP API use it, worker processes on demand. */
function run(name: string) {
  const taskQueue = uniqueQueue(name);
  const dataDir = path.join(root, taskQueue);
  const services: Services = { config: testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: dataDir, SMTP_URL: smtp.url }), db, temporal, close: async () => {} };
  const today = shanghaiDate(Date.now());
  const update = <A extends { actor: string }>(id: string, u: UpdateDefinition<d.ApplicationState, [A]>, args: A) =>
    applicationHandle(services, id).executeUpdate(u, { args: [args] });
  const letter = (id: string) => `application-${id}-letter-1`;
  const r = {
    dataDir,
    async worker(pauseAfter?: string): Promise<WorkerProcess> {
      const w = new WorkerProcess({ temporalAddress: server.address, taskQueue, databaseUrl: db.url, smtpUrl: smtp.url, dataDir, pauseAfter });
      workers.push(w);
      return w.ready();
    },
    /** Each run's applicant is another person (another ID number), so no run's case is a possible duplicate of another's. */
    async register(told = true): Promise<string> {
      const n = String(++applicants).padStart(4, '0');
      const { id, created } = await registerApplication(
        services,
        {
          channel: 'online',
          submittedOn: today,
          confirmedOn: today,
          applicant: { type: 'naturalPerson', name: '王小明', idDocument: { number: `43060219900101${n}` }, address: '湖南省永州市零陵区南津中路12号', email: 'wang.xm@test.local' },
          content: '请公开本局2026年城乡低保资金发放明细',
          delivery: 'email',
        },
        'sun.li',
      );
      expect(created).toBe(true);
      if (told) await mails(id, 2); // the receipt to the applicant, the new case to the office
      return id;
    },
    /** Assign, 补正 asked and received: each update returns once its step is in the register and its email sent. */
    async handle(id: string): Promise<void> {
      await update(id, d.assignUpdate, { actor: 'sun.li', handler: 'liu.yang' });
      await update(id, d.requestCorrectionUpdate, { actor: 'liu.yang', items: ['请写明所需信息的年份和区域'], periodWorkdays: 10 });
      await update(id, d.correctionReceivedUpdate, { actor: 'liu.yang' });
    },
    decide: (id: string) =>
      update(id, d.decideUpdate, {
        actor: 'liu.yang',
        decision: { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' },
      }),
    /** The letter's review, each reviewer acting once told by the task email; done when the case awaits delivery. */
    async review(id: string): Promise<void> {
      await mails(id, 5, letter(id)); // 科室负责人审核 task to li.na
      await act(services, letter(id), 'li.na', { action: 'approve', checklist: 'all' });
      await mails(id, 6, letter(id)); // 分管领导签发 task to zhao.lei
      expect(await act(services, letter(id), 'zhao.lei', { action: 'approve' })).toMatchObject({ status: 'approved' });
      await until(`${id} awaiting delivery`, async () => (await db.selectFrom('applications').select('stage').where('id', '=', id).executeTakeFirst())?.stage === 'awaitingDelivery', 90_000);
    },
    async deliver(id: string): Promise<void> {
      await update(id, d.recordDeliveryUpdate, { actor: 'liu.yang', method: 'email' });
      expect(await applicationHandle(services, id).result()).toEqual({ outcome: 'granted', closedDate: today });
      await mails(id);
    },
  };
  return r;
}

/** The emails a finished application sends: receipt, new case to the office, assigned, 补正, the two review tasks, the reply. */
const EMAILS = 7;
/** Waits until at least `n` emails of the application (and its letter's review) arrived; `also` one of them from that workflow. */
async function mails(id: string, n = EMAILS, also?: string): Promise<void> {
  await until(`${n} emails of ${id}`, async () => {
    const ours = smtp.messages.filter((m) => String(m.parsed.headers.get('x-gongkai-workflow') ?? '').includes(`/application-${id}`));
    return ours.length >= n && (!also || ours.some((m) => String(m.parsed.headers.get('x-gongkai-workflow')).endsWith(`/${also}`)));
  }, 90_000);
  await delay(500); // a duplicate would arrive right after
}

/** Compares with the clean run and checks exactly-once delivery by Message-ID. */
async function expectSameAsClean(id: string, dataDir: string): Promise<ApplicationOutcome> {
  const { outcome, messageIds, sentIds } = await applicationOutcome(db, smtp, id, dataDir);
  expect(new Set(messageIds).size).toBe(messageIds.length); // no Message-ID delivered twice
  expect(messageIds).toEqual(sentIds); // every delivered message is in the sent-log, and nothing else is
  expect(outcome).toEqual(await clean());
  return outcome;
}

let cleanRun: Promise<ApplicationOutcome> | undefined;
/** The reference: the same scenario with no fault, on one worker process. */
function clean(): Promise<ApplicationOutcome> {
  cleanRun ??= (async () => {
    const r = run('clean');
    const w = await r.worker();
    try {
      const id = await r.register();
      await r.handle(id);
      await r.decide(id);
      await r.review(id);
      await r.deliver(id);
      const { outcome, messageIds } = await applicationOutcome(db, smtp, id, r.dataDir);
      expect(new Set(messageIds).size).toBe(EMAILS);
      return outcome;
    } finally {
      await w.stop();
    }
  })();
  return cleanRun;
}

test('clean run: closed granted, seven emails, every step once in the register, the letter reviewed by li.na and zhao.lei', async () => {
  const o = await clean();
  expect(o.row).toMatchObject({ status: 'closed', stage: 'closed', outcome: 'granted', handler: 'liu.yang' });
  expect(o.events.map((e) => e.split(' ')[0])).toEqual([
    '1-received', '2-assigned', '3-correctionRequested', '4-correctionReceived', '5-decided', '6-letterReady', '7-closed',
  ]);
  expect(o.audit).toHaveLength(o.events.length);
  // The 登记回执 and the 补正告知书 (issue 15 part 3), then the reply letter.
  expect(o.documents).toEqual([
    'APP/notice-correction notice-correction DATA/letters/APP/notice-correction.docx file matches',
    'APP/notice-receipt notice-receipt DATA/letters/APP/notice-receipt.docx file matches',
    'APP/reply-v1 reply DATA/letters/APP/reply-v1.docx file matches',
  ]);
  expect(o.letterReviews).toHaveLength(1);
  expect(o.letterReviews[0].audit.map((a) => a.split(' ').slice(1, 3).join(' '))).toEqual(['liu.yang submit', 'li.na approve', 'zhao.lei approve']);
  expect(o.emails).toHaveLength(EMAILS - 2);
  expect(o.letterReviews[0].emails).toHaveLength(2);
});

test('kill -9 of the worker after the decision is recorded, and of the next while the letter is rendered: a third finishes, nothing twice', async () => {
  const r = run('kill9');
  // A's fifth recordApplicationStep is the decision (received, assigned, 补正 asked, received, decided): it pauses
  // after the write and is killed there, so the write is done but Temporal never hears of it.
  const a = await r.worker('recordApplicationStep#5:120000');
  const id = await r.register();
  await r.handle(id);
  const deciding = r.decide(id);
  await a.waitFor(/paused-after recordApplicationStep 5/);
  await a.kill9();
  // B retries the decision's write (after its 30 s start-to-close timeout), then renders the letter (the DOCX file
  // and its documents row) and is killed before reporting it.
  const b = await r.worker('renderReplyLetter#1:120000');
  // The decision the handler sent before the crash returns once the retried write has run on B.
  expect(await deciding).toMatchObject<Partial<d.ApplicationState>>({ stage: 'letterReview' });
  await b.waitFor(/paused-after renderReplyLetter 1/);
  await b.kill9();
  const c = await r.worker();
  try {
    await r.review(id);
    await r.deliver(id);
  } finally {
    await c.stop();
  }
  await expectSameAsClean(id, r.dataDir);
});

test('SMTP refuses (451) while the receipt and then a review task are sent, then accepts: every message arrives exactly once', async () => {
  const r = run('smtp');
  const w = await r.worker();
  const ofApp = (id: string) => smtp.messages.filter((m) => String(m.parsed.headers.get('x-gongkai-workflow') ?? '').includes(`/application-${id}`));
  try {
    smtp.refuse(true);
    const id = await r.register(false);
    // The receipt retries with back-off (2 s, 4 s ...) against a refusing server; the office's email waits behind it.
    await delay(4_500);
    expect(ofApp(id)).toEqual([]);
    smtp.refuse(false);
    await mails(id, 2);
    await r.handle(id);
    smtp.refuse(true);
    await r.decide(id);
    // The letter's review starts; its first task email retries.
    await delay(4_500);
    expect(ofApp(id)).toHaveLength(4);
    smtp.refuse(false);
    await r.review(id);
    await r.deliver(id);
    await expectSameAsClean(id, r.dataDir);
  } finally {
    smtp.refuse(false);
    await w.stop();
  }
});

// The register is away: on SQLite another connection holds the write lock; on PostgreSQL the database turns read-only
// and every session is cut (testing/faults.ts registerOutage). Writes fail, reads work, on both.
test(`the register (${registerKind}) is unavailable while the decision is recorded: the step retries, the update waits, one event`, async () => {
  const r = run('register');
  const w = await r.worker();
  try {
    const id = await r.register();
    await r.handle(id);
    const outage = await registerOutage(db.url);
    let returned = false;
    const deciding = r.decide(id).then((s) => ((returned = true), s));
    await delay(10_000);
    // Nothing is shown as done that is not recorded: the update has not returned while the register is away.
    expect(returned).toBe(false);
    await outage.release();
    expect(await deciding).toMatchObject<Partial<d.ApplicationState>>({ stage: 'letterReview' });
    expect(w.alive).toBe(true);
    await r.review(id);
    await r.deliver(id);
    await expectSameAsClean(id, r.dataDir);
  } finally {
    await w.stop();
  }
});

test('the Temporal server stops and restarts (same database file) while the case waits on its daily timer and its letter for a reviewer', async () => {
  const r = run('restart');
  const w = await r.worker();
  try {
    const id = await r.register();
    await r.handle(id);
    await r.decide(id);
    await mails(id, 5, `application-${id}-letter-1`); // the letter's review waits for li.na; the case, on its 09:00 check
    await server.stop();
    await delay(3_000);
    await server.start();
    await r.review(id);
    await r.deliver(id);
    // The worker process rode out the outage, and nothing was done twice or lost.
    expect(w.alive).toBe(true);
    await expectSameAsClean(id, r.dataDir);
  } finally {
    await w.stop();
  }
});
