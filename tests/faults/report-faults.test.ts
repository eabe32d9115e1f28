/**
 * Fault injection on assembleAnnualReport (issue 8): a real dev server, real worker PROCESSES (testing/faultWorker.ts,
 * the production activities), the in-process SMTP server and the register (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL). The scenario of a clean run, through client/services/report.ts and the review service as the
 * CLI, HTTP API and console use them: the 2025 report of an agency started by hand (late: its due date 2026-01-31 has
 * passed, so the supervisors are alerted at once) → assembled from the register → section 一/五/六 narratives and
 * section 二 as CSV by the editor liu.yang → submitted → reviewed in the child reviewItem (li.na 初审, wang.fang 复审
 * with the secrecy checklist, zhao.lei 终审, chen.jing 主要负责人审签) → published as HTML and DOCX on the portal.
 * Every run has its own agency code, so its own report; each is compared with the clean run: the reports row (data,
 * files and their hashes on disk), the publication, every file under DATA_DIR, the review item and every email
 * (each Message-ID delivered exactly once, each in the sent-log).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Services } from '../../client/context';
import { editReport, reportHandle, startAnnualReport, submitReport } from '../../client/services/report';
import { act } from '../../client/services/review';
import type { Register } from '../../register/db';
import type { ReportView } from '../../workflows/report/definitions';
import { insertCases, insertPublications } from '../../bench/reportSeed';
import { DevServerProcess, reportOutcome, until, WorkerProcess, type ReportOutcome } from '../../testing/faults';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testConfig } from '../../testing/deps';
import { uniqueQueue } from '../../testing/temporal';
import { checklist, importDemoOrg } from '../../testing/review-helpers';

jest.setTimeout(360_000);

const YEAR = 2025;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-report-faults-'));
const server = new DevServerProcess(path.join(root, 'temporal'));
const smtp = new SmtpCapture();
let db: Register & { url: string };
let connection: Connection;
let temporal: Client;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [db] = await Promise.all([freshRegister(), server.start(), smtp.start()]);
  await importDemoOrg(db);
  // The year's register: 5 items published, 3 applications (one still open on 31 December), one appeal. Reports
  // published now (2026) do not count in 2025, so every run assembles the same data.
  await insertPublications(db, YEAR, { 工作动态: 3, 通知公告: 2 }, 'rf');
  const ids = await insertCases(db, [
    { applicantColumn: 'naturalPerson', receivedDate: `${YEAR}-03-02`, closedDate: `${YEAR}-03-20`, outcome: 'granted' },
    { applicantColumn: 'commercial', receivedDate: `${YEAR}-06-10`, closedDate: `${YEAR}-07-01`, outcome: 'unavailable.notHeld' },
    { applicantColumn: 'naturalPerson', receivedDate: `${YEAR}-12-20`, closedDate: null, outcome: null },
  ], 'RF');
  await db.insertInto('appeals').values({ id: 'rf-appeal', application_id: ids[1], kind: 'reconsideration', filed_date: `${YEAR}-08-01`, concluded_date: `${YEAR}-10-01`, result: 'upheld', note: null }).execute();
  connection = await Connection.connect({ address: server.address });
  temporal = new Client({ connection });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill9()));
  await connection?.close();
  await Promise.all([server.stop(), db?.destroy(), smtp.stop()]);
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const narratives = { section1: '一、总体情况：本年主动公开信息5条。', section5: '五、存在的主要问题及改进情况：无。', section6: '六、其他需要报告的事项：无。' };
const section2Csv = ['row,field,value', 'rules,issued,0', 'rules,repealed,0', 'rules,inForce,0', 'normativeDocs,issued,1', 'normativeDocs,repealed,0',
  'normativeDocs,inForce,3', 'licensing,decisions,23', 'penalties,decisions,0', 'coercion,decisions,0', 'fees,amountWan,0'].join('\n');

/** One run: its own agency (so its own report), task queue and DATA_DIR, the services as the CLI uses them, worker processes on demand. */
function run(name: string) {
  const taskQueue = uniqueQueue(name);
  const dataDir = path.join(root, taskQueue);
  const agencyCode = `F${randomUUID().slice(0, 8)}`;
  const services: Services = {
    config: testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: dataDir, SMTP_URL: smtp.url, AGENCY_CODE: agencyCode, REPORT_EDITOR: 'liu.yang' }),
    db,
    temporal,
    close: async () => {},
  };
  const id = `report-${agencyCode}-${YEAR}`;
  const review = `${id}-review-1`;
  const state = async () => (await db.selectFrom('reports').select('state').where('id', '=', id).executeTakeFirst())?.state;
  return {
    id,
    names: { agencyCode, dataDir },
    async worker(pauseAfter?: string): Promise<WorkerProcess> {
      const w = new WorkerProcess({ temporalAddress: server.address, taskQueue, databaseUrl: db.url, smtpUrl: smtp.url, dataDir, pauseAfter });
      workers.push(w);
      return w.ready();
    },
    /** Started; done when the register shows it assembled and the supervisors were alerted (the due date has passed). */
    async start(told = true): Promise<void> {
      expect(await startAnnualReport(services, YEAR)).toEqual({ workflowId: id, started: true });
      if (!told) return;
      await until(`${id} assembled`, async () => (await state()) === 'awaitingInput', 90_000);
      await mails(id, 1);
    },
    /** The editor's parts, then the submission: each returns once the register shows it. */
    async fillIn(): Promise<void> {
      await editReport(services, YEAR, { actor: 'liu.yang', ...narratives });
      expect((await editReport(services, YEAR, { actor: 'liu.yang', section2Csv })).missing).toEqual([]);
    },
    submit: (): Promise<ReportView> => submitReport(services, YEAR, 'liu.yang'),
    /** The review by the category's four stages, each reviewer acting once told by the task email. */
    async review(): Promise<void> {
      await mails(id, 2, review);
      await act(services, review, 'li.na', { action: 'approve' });
      await mails(id, 3);
      await act(services, review, 'wang.fang', { action: 'approve', checklist });
      await mails(id, 4);
      await act(services, review, 'zhao.lei', { action: 'approve' });
      await mails(id, 5);
      expect(await act(services, review, 'chen.jing', { action: 'approve' })).toMatchObject({ status: 'approved' });
    },
    async published(): Promise<void> {
      const result = await reportHandle(services, YEAR).result();
      expect(result).toMatchObject({ late: true, dueDate: `${YEAR + 1}-01-31` });
      expect(await state()).toBe('published');
      await mails(id);
    },
  };
}

/** The emails of a finished report: the alert to the supervisors, four review tasks, the publication notice. */
const EMAILS = 6;
/** Waits until at least `n` emails of the report (and its review) arrived; `also` one of them from that workflow. */
async function mails(id: string, n = EMAILS, also?: string): Promise<void> {
  await until(`${n} emails of ${id}`, async () => {
    const ours = smtp.messages.filter((m) => String(m.parsed.headers.get('x-gongkai-workflow') ?? '').includes(`/${id}`));
    return ours.length >= n && (!also || ours.some((m) => String(m.parsed.headers.get('x-gongkai-workflow')).endsWith(`/${also}`)));
  }, 90_000);
  await delay(500); // a duplicate would arrive right after
}

/** Compares with the clean run and checks exactly-once delivery by Message-ID. */
async function expectSameAsClean(r: ReturnType<typeof run>): Promise<ReportOutcome> {
  const { outcome, messageIds, sentIds } = await reportOutcome(db, smtp, r.id, r.names);
  expect(new Set(messageIds).size).toBe(messageIds.length); // no Message-ID delivered twice
  expect(messageIds).toEqual(sentIds); // every delivered message is in the sent-log, and nothing else is
  expect(outcome).toEqual(await clean());
  return outcome;
}

let cleanRun: Promise<ReportOutcome> | undefined;
/** The reference: the same scenario with no fault, on one worker process. */
function clean(): Promise<ReportOutcome> {
  cleanRun ??= (async () => {
    const r = run('clean');
    const w = await r.worker();
    try {
      await r.start();
      await r.fillIn();
      expect((await r.submit()).state).toBe('review');
      await r.review();
      await r.published();
      const { outcome, messageIds } = await reportOutcome(db, smtp, r.id, r.names);
      expect(new Set(messageIds).size).toBe(EMAILS);
      return outcome;
    } finally {
      await w.stop();
    }
  })();
  return cleanRun;
}

test('clean run: assembled, filled in, reviewed by four people, published as HTML and DOCX; six emails', async () => {
  const o = await clean();
  expect(o.row).toMatchObject({ state: 'published', year: YEAR, agency_code: 'AGENCY', published_at: 'set', failures: '[]' });
  const row = o.row as { data: string; section1_counts: string; files: { format: string; file: string }[] };
  expect(JSON.parse(row.section1_counts)).toEqual({ 工作动态: 3, 通知公告: 2 });
  expect(JSON.parse(row.data).section3.received).toEqual([2, 1, 0, 0, 0, 0, 3]);
  expect(JSON.parse(row.data).section2.licensing).toEqual({ decisions: 23 });
  expect(row.files.map((f) => [f.format, f.file])).toEqual([['html', 'matches'], ['docx', 'matches']]);
  expect(o.publication).toMatchObject({ item_id: 'REPORT', category: '政府信息公开年度报告', published_at: 'as the report row' });
  expect(o.files).toEqual(expect.arrayContaining(['site/reports/REPORT.html', 'site/reports/REPORT.docx']));
  expect(o.files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  expect(o.reviews).toHaveLength(1);
  expect(o.reviews[0].audit.map((a) => a.split(' ').slice(1, 3).join(' '))).toEqual([
    'liu.yang submit', 'li.na approve', 'wang.fang approve', 'zhao.lei approve', 'chen.jing approve',
  ]);
  expect(o.emails).toHaveLength(2);
  expect(o.reviews[0].emails).toHaveLength(4);
});

test('kill -9 of the worker while assembling, while the submission is recorded, after the review copy is rendered and after publishing: a fifth reports the publication, nothing twice', async () => {
  const r = run('kill9');
  // A assembles the report from the register and is killed before reporting it.
  const a = await r.worker('assembleReportData#1:120000');
  await r.start(false);
  await a.waitFor(/paused-after assembleReportData 1/);
  await a.kill9();
  // B assembles again (after the 30 s start-to-close timeout), the editor fills in and submits; B's fourth write of
  // the reports row (assembled, two edits, submitted) is done, and B is killed before reporting it. The submission
  // returns only once the register shows it: after the retry on C.
  const b = await r.worker('saveReportRecord#4:120000');
  await until(`${r.id} assembled`, async () => (await db.selectFrom('reports').select('state').where('id', '=', r.id).executeTakeFirst())?.state === 'awaitingInput', 90_000);
  await mails(r.id, 1);
  await r.fillIn();
  const submitting = r.submit();
  await b.waitFor(/paused-after saveReportRecord 4/);
  await b.kill9();
  // C writes the submission again, renders the review copy and is killed before reporting it.
  const c = await r.worker('renderReportForReview#1:120000');
  expect((await submitting).state).toBe('review');
  await c.waitFor(/paused-after renderReportForReview 1/);
  await c.kill9();
  // D renders again and starts the review, once; after the last approval D publishes (files and portal page) and is
  // killed before reporting it. The activity heartbeats, so E retries it after 30 s, not the 5-minute timeout.
  const d = await r.worker('publishAnnualReport#1:120000');
  await r.review();
  await d.waitFor(/paused-after publishAnnualReport 1/);
  await d.kill9();
  const e = await r.worker();
  try {
    await r.published();
  } finally {
    await e.stop();
  }
  await expectSameAsClean(r);
});
