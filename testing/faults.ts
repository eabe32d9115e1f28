import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import SQLite from 'better-sqlite3';
import { Client as PgClient, escapeIdentifier } from 'pg';
import { startDevServer } from '../client/devServer';
import type { Register } from '../register/db';
import type { SmtpCapture } from './smtp';
import { repoRoot } from './tools';

/** A TCP port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The Temporal dev server as a process the test controls: stop it (SIGTERM, as an operator would) and start it
 * again on the same port and the same `--db-filename`, which keeps every workflow, timer and task.
 */
export class DevServerProcess {
  private child?: ChildProcess;
  port = 0;
  constructor(readonly dataDir: string) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    this.child = await startDevServer({ dataDir: this.dataDir, port: this.port, uiPort: await freePort(), namespace: 'default' });
    return this;
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const killed = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killed);
  }
}

export interface WorkerEnv {
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl: string;
  dataDir: string;
  /** FAULT_PAUSE_AFTER=<activity>#<n>:<ms> (see testing/faultWorker.ts). */
  pauseAfter?: string;
  /** WORKER_MAX_CACHED_WORKFLOWS; the configuration's default when absent. */
  cache?: number;
  /** Prints a `memory {...}` line this often (testing/faultWorker.ts): read with `memory()`. */
  memoryReportMs?: number;
  /** Node's own flags for the process (e.g. `--max-old-space-size=256`): the child is not given NODE_OPTIONS. */
  nodeFlags?: string[];
}

/**
 * A worker PROCESS (testing/faultWorker.ts under node + tsx): killed with SIGKILL it leaves whatever it was
 * doing half done, as a crashed machine would. Its output is kept, so a test can wait for a line.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  output = '';
  private exited: Promise<number | null>;

  constructor(env: WorkerEnv) {
    this.child = spawn(process.execPath, [...(env.nodeFlags ?? []), '--import', 'tsx', path.join(repoRoot, 'testing/faultWorker.ts')], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: env.temporalAddress,
        TEMPORAL_TASK_QUEUE: env.taskQueue,
        DATABASE_URL: env.databaseUrl,
        SMTP_URL: env.smtpUrl,
        DATA_DIR: env.dataDir,
        AGENCY_NAME: '测试市测试局',
        AGENCY_CODE: 'TEST',
        MAIL_FROM: 'gongkai@test.local',
        ...(env.pauseAfter ? { FAULT_PAUSE_AFTER: env.pauseAfter } : {}),
        ...(env.cache !== undefined ? { WORKER_MAX_CACHED_WORKFLOWS: String(env.cache) } : {}),
        ...(env.memoryReportMs ? { GONGKAI_MEMORY_REPORT_MS: String(env.memoryReportMs) } : {}),
        // A bundle a benchmark built for its run (testing/faultWorker.ts falls back to the tests' bundle).
        ...(process.env.GONGKAI_WORKFLOW_BUNDLE ? { GONGKAI_WORKFLOW_BUNDLE: process.env.GONGKAI_WORKFLOW_BUNDLE } : {}),
      },
    });
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((r) => this.child.once('exit', (code) => r(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the output matches (or rejects after `ms`, or if the process exits first). */
  async waitFor(re: RegExp, ms = 60_000): Promise<void> {
    const until = Date.now() + ms;
    while (!re.test(this.output)) {
      if (!this.alive) throw new Error(`worker exited before ${re}: ${this.output.slice(-2000)}`);
      if (Date.now() > until) throw new Error(`worker: no ${re} within ${ms} ms: ${this.output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async ready(): Promise<this> {
    await this.waitFor(/worker-ready/);
    return this;
  }

  /** kill -9: no shutdown, no task completion, no goodbye to the server. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (the SDK's SIGTERM handler drains the worker). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(t);
  }

  /** The last `memory {...}` line the process printed (with `memoryReportMs`), in MB; undefined before the first. */
  memory(): { rss: number; heapUsed: number; heapTotal: number; external: number; cached: number } | undefined {
    const lines = this.output.match(/^memory (\{.*\})$/gm);
    return lines ? JSON.parse(lines[lines.length - 1].slice('memory '.length)) : undefined;
  }

  /** Resident memory of the worker process, in MB (Linux /proc). */
  rssMb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  }
}

/** An outage of the register in progress; `release()` ends it. */
export interface RegisterOutage {
  release(): Promise<void>;
}

/**
 * Makes the register unavailable for writing, on either kind (see lockRegister and readOnlyRegister): every write
 * of a worker fails (and its activity retries) until `release()`; reads still work.
 */
export function registerOutage(url: string): Promise<RegisterOutage> {
  return url.startsWith('sqlite:') ? lockRegister(url) : readOnlyRegister(url);
}

/**
 * SQLite: another connection holds an EXCLUSIVE transaction, so every write of a worker waits its busy_timeout
 * (5 s) and fails with SQLITE_BUSY until `release()` (reads still work: WAL).
 */
export async function lockRegister(url: string): Promise<RegisterOutage> {
  if (!url.startsWith('sqlite:')) throw new Error('lockRegister: a SQLite register only (registerOutage picks the way for the kind)');
  const conn = new SQLite(url.slice('sqlite:'.length));
  conn.pragma('busy_timeout = 5000');
  conn.exec('BEGIN EXCLUSIVE');
  return {
    async release() {
      conn.exec('ROLLBACK');
      conn.close();
    },
  };
}

/**
 * PostgreSQL, as a failover to a read-only standby looks to its clients: the database's sessions start read-only
 * (`default_transaction_read_only`) and every session open now is terminated (pg_terminate_backend, SQLSTATE
 * 57P01), so a transaction under way is aborted and every later write fails with 25006 (read-only transaction)
 * until `release()`, which resets the setting and terminates the read-only sessions in turn. Reads still work. All
 * sessions of the database are cut, the test's own pool's too: it reconnects as a worker's does.
 */
export async function readOnlyRegister(url: string): Promise<RegisterOutage> {
  const admin = new PgClient({ connectionString: url });
  admin.on('error', () => undefined); // a failed query carries its error
  await admin.connect();
  const name = (await admin.query<{ db: string }>('select current_database() as db')).rows[0].db;
  const dbId = escapeIdentifier(name);
  const cutSessions = async () => {
    const cut = await admin.query<{ pid: number }>(
      // In the select list, not the WHERE clause: there PostgreSQL may evaluate it before `pid <> pg_backend_pid()`.
      'select pid, pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const pids = cut.rows.map((r) => r.pid);
    await until('the sessions ended', async () => (await admin.query('select 1 from pg_stat_activity where pid = any($1)', [pids])).rowCount === 0, 10_000);
    // The clients read the termination notice on their next turn of the event loop: this process's own pool (the
    // test's reads) must have dropped its dead connections before the test's next query.
    await new Promise((r) => setTimeout(r, 300));
  };
  await admin.query(`alter database ${dbId} set default_transaction_read_only = on`);
  await cutSessions();
  return {
    async release() {
      await admin.query(`alter database ${dbId} reset default_transaction_read_only`);
      await cutSessions();
      await admin.end();
    },
  };
}

export async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What an item's review left behind, with run-specific IDs and times taken out, so two runs compare equal. */
export interface ItemOutcome {
  item: unknown;
  versions: unknown[];
  tasks: string[];
  audit: string[];
  publications: unknown[];
  sentLog: string[];
  emails: string[];
}

/**
 * The register (item, versions, tasks, audit, publications, sent-log) and the emails that reached the SMTP
 * server for one item; `messageIds` are the raw Message-IDs delivered, for the exactly-once check.
 */
export async function itemOutcome(db: Register, smtp: SmtpCapture, itemId: string): Promise<{ outcome: ItemOutcome; messageIds: string[]; sentIds: string[] }> {
  const norm = (s: string | null) => (s ?? '').split(itemId).join('ITEM');
  const item = await db.selectFrom('review_items').select(['title', 'category', 'author', 'status', 'stage', 'holder', 'current_version', 'current_hash']).where('id', '=', itemId).executeTakeFirst();
  const versions = await db.selectFrom('review_versions').select(['version', 'title', 'hash', 'created_by']).where('item_id', '=', itemId).orderBy('version').execute();
  const tasks = await db.selectFrom('review_tasks').select(['entry', 'stage', 'status', 'holder', 'group_id']).where('item_id', '=', itemId).execute();
  const audit = await db.selectFrom('audit_log').select(['id', 'actor', 'action', 'outcome', 'detail']).where('subject_id', '=', itemId).orderBy('at').orderBy('id').execute();
  const publications = await db.selectFrom('publications').select(['version', 'hash', 'title', 'url', 'retracted_at']).where('item_id', '=', itemId).execute();
  const mail = await workflowMails(db, smtp, itemId);
  return {
    outcome: {
      item,
      versions,
      tasks: tasks.map((t) => `${t.entry} ${t.stage} ${t.status} ${t.holder ?? '-'} ${t.group_id ?? '-'}`).sort(),
      audit: audit.map((a) => `${norm(a.id)} ${a.actor} ${a.action} ${a.outcome} ${norm(a.detail)}`),
      publications: publications.map((p) => ({ ...p, url: norm(p.url), retracted_at: p.retracted_at ? 'yes' : null })),
      sentLog: mail.sentLog,
      emails: mail.emails,
    },
    messageIds: mail.messageIds,
    sentIds: mail.sentIds,
  };
}

/**
 * The sent-log rows and the emails that reached the SMTP server (by their X-Gongkai-Workflow header) of one
 * workflow: as `activity recipients subject` lines for comparison, and the raw Message-IDs for the exactly-once check.
 */
export async function workflowMails(db: Register, smtp: SmtpCapture, workflowId: string) {
  const sent = await db.selectFrom('sent_emails').select(['message_id', 'activity_id', 'recipients', 'subject', 'template']).where('workflow_id', '=', workflowId).execute();
  const mails = smtp.messages.filter((m) => String(m.parsed.headers.get('x-gongkai-workflow') ?? '').endsWith(`/${workflowId}`));
  const activityOf = (messageId: string) => /\.([^.]+)@gongkai>$/.exec(messageId)?.[1] ?? '?';
  return {
    sentLog: sent.map((s) => `${s.activity_id} ${s.template} ${s.recipients} ${s.subject}`).sort(),
    emails: mails.map((m) => `${activityOf(m.parsed.messageId ?? '')} ${[...m.envelopeTo].sort().join(',')} ${m.parsed.subject}`).sort(),
    messageIds: mails.map((m) => m.parsed.messageId ?? '').sort(),
    sentIds: sent.map((s) => s.message_id).sort(),
  };
}

/**
 * A value with a run's own names replaced (`{ APP: 'TEST-2026-00003' }` turns every occurrence of the ID into
 * APP) and every SHA-256 hex digest into SHA: what stays is what two runs of the same scenario must share.
 */
export function scrub<T>(value: T, names: Record<string, string>): T {
  let text = JSON.stringify(value);
  // Longest first: an application ID is a prefix of its letter's review item ID.
  for (const [as, actual] of Object.entries(names).sort((a, b) => b[1].length - a[1].length)) text = text.split(actual).join(as);
  return JSON.parse(text.replace(/\b[0-9a-f]{64}\b/g, 'SHA')) as T;
}

const sha256File = (file: string) => (fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'missing');

/** What one application left behind (see applicationOutcome), before scrubbing. */
export interface ApplicationOutcome {
  row: unknown;
  events: string[];
  audit: string[];
  /** `id kind path` and whether the file on disk has the recorded hash. */
  documents: string[];
  sentLog: string[];
  emails: string[];
  /** The reply letters' review items (the child reviewItem of each version). */
  letterReviews: ItemOutcome[];
}

/**
 * The register (the application's row, its events in order with the workflow's step keys, its audit rows, its
 * documents with a check of each file against its recorded hash), the sent-log and the emails of one application and
 * of its letters' review items; run-specific names (the ID, DATA_DIR, run IDs, hashes) scrubbed. `messageIds` and
 * `sentIds` span the application and its review items, for the exactly-once check.
 */
export async function applicationOutcome(
  db: Register,
  smtp: SmtpCapture,
  id: string,
  dataDir: string,
): Promise<{ outcome: ApplicationOutcome; messageIds: string[]; sentIds: string[] }> {
  const row = await db
    .selectFrom('applications')
    .select(['channel', 'received_date', 'applicant_column', 'status', 'stage', 'handler', 'due_date', 'calendar_version', 'outcome', 'decision', 'closed_date', 'possible_duplicates', 'created_by'])
    .where('id', '=', id)
    .executeTakeFirst();
  const events = await db.selectFrom('application_events').select(['id', 'type', 'actor', 'date', 'detail']).where('application_id', '=', id).orderBy('at').orderBy('id').execute();
  const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'outcome', 'detail', 'before', 'after']).where('subject_id', '=', id).orderBy('at').orderBy('id').execute();
  const documents = await db.selectFrom('application_documents').select(['id', 'kind', 'path', 'sha256']).where('application_id', '=', id).orderBy('id').execute();
  const workflowId = `application-${id}`;
  const mail = await workflowMails(db, smtp, workflowId);
  const letterIds = (await db.selectFrom('review_items').select('id').where('id', 'like', `${workflowId}-letter-%`).orderBy('id').execute()).map((r) => r.id);
  const letters = await Promise.all(letterIds.map((itemId) => itemOutcome(db, smtp, itemId)));
  // The event key is `<id>/<run ID>/<n>-<type>`: the step number and type stay, the run ID goes.
  const stepOf = (eventId: string) => eventId.slice(eventId.lastIndexOf('/') + 1);
  const outcome: ApplicationOutcome = {
    row,
    events: events.map((e) => `${stepOf(e.id)} ${e.actor} ${e.date} ${e.detail ?? ''}`),
    audit: audit.map((a) => `${a.actor} ${a.action} ${a.outcome} ${a.detail ?? ''} ${a.before ?? ''} → ${a.after ?? ''}`),
    documents: documents.map((d) => `${d.id} ${d.kind} ${d.path} ${sha256File(d.path) === d.sha256 ? 'file matches' : 'FILE DIFFERS'}`),
    sentLog: mail.sentLog,
    emails: mail.emails,
    letterReviews: letters.map((l) => l.outcome),
  };
  return {
    outcome: scrub(outcome, { APP: id, DATA: dataDir }),
    messageIds: [...mail.messageIds, ...letters.flatMap((l) => l.messageIds)].sort(),
    sentIds: [...mail.sentIds, ...letters.flatMap((l) => l.sentIds)].sort(),
  };
}

/** Every file under `dir`, as paths relative to it, sorted (a half-written temp file left behind would show). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** What one annual report left behind (see reportOutcome), before scrubbing. */
export interface ReportOutcome {
  /** The reports row without its times; each published file with whether the file on disk has the recorded hash. */
  row: unknown;
  /** The report's publications row (section 一 of next year counts it); `published_at` equal to the report row's. */
  publication: unknown;
  /** Every file the worker wrote under DATA_DIR (the report's HTML and DOCX, the portal's pages). */
  files: string[];
  sentLog: string[];
  emails: string[];
  /** The review items of the report (the child reviewItem of each submission). */
  reviews: ItemOutcome[];
}

/**
 * The register (the reports row, the publication), the files under DATA_DIR, the sent-log and the emails of one
 * assembleAnnualReport and of its review items; run-specific names (the workflow ID, agency code, DATA_DIR, hashes)
 * scrubbed. `messageIds` and `sentIds` span the report and its review items, for the exactly-once check.
 */
export async function reportOutcome(
  db: Register,
  smtp: SmtpCapture,
  reportId: string,
  names: { agencyCode: string; dataDir: string },
): Promise<{ outcome: ReportOutcome; messageIds: string[]; sentIds: string[] }> {
  const report = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst();
  const pub = await db.selectFrom('publications').selectAll().where('item_id', '=', reportId).executeTakeFirst();
  const mail = await workflowMails(db, smtp, reportId);
  const reviewIds = (await db.selectFrom('review_items').select('id').where('id', 'like', `${reportId}-review-%`).orderBy('id').execute()).map((r) => r.id);
  const reviews = await Promise.all(reviewIds.map((itemId) => itemOutcome(db, smtp, itemId)));
  let row: unknown = report;
  if (report) {
    const { created_at: _c, updated_at: _u, published_at, files, ...rest } = report;
    row = {
      ...rest,
      published_at: published_at ? 'set' : null,
      files: (JSON.parse(files) as { path: string; sha256: string }[]).map((f) => ({ ...f, file: sha256File(f.path) === f.sha256 ? 'matches' : 'DIFFERS' })),
    };
  }
  let publication: unknown = pub;
  if (pub) {
    const { published_at, ...rest } = pub;
    publication = { ...rest, published_at: published_at === report?.published_at ? 'as the report row' : published_at };
  }
  const outcome: ReportOutcome = { row, publication, files: filesUnder(names.dataDir), sentLog: mail.sentLog, emails: mail.emails, reviews: reviews.map((r) => r.outcome) };
  return {
    outcome: scrub(outcome, { REPORT: reportId, AGENCY: names.agencyCode, DATA: names.dataDir }),
    messageIds: [...mail.messageIds, ...reviews.flatMap((r) => r.messageIds)].sort(),
    sentIds: [...mail.sentIds, ...reviews.flatMap((r) => r.sentIds)].sort(),
  };
}
