/**
 * `npx tsx bench/console.ts`: the queue page (我的待办) and the applications list with 10,000 open cases,
 * p50/p95 latency under a loopback load generator (keep-alive HTTP, fixed concurrency, fixed duration).
 * The register is a fresh SQLite file; Temporal is not needed (these pages read the register only).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { buildServer } from '../client/http/server';
import { loadConfig } from '../config';
import { organisationFile } from '../domain/org';
import { migrateRegister, openRegister } from '../register/db';
import { importOrganisation } from '../register/org';

const CASES = Number(process.env.CASES ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const SECONDS = Number(process.env.SECONDS ?? 8);

async function main(): Promise<void> {
  const file = path.join(os.tmpdir(), `gongkai-bench-console-${process.pid}.db`);
  const db = openRegister(`sqlite:${file}`);
  await migrateRegister(db);
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../demo/organisation.json'), 'utf8'))));
  const at = new Date().toISOString();
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + (i % 400) * 86_400_000).toISOString().slice(0, 10);
  for (let start = 0; start < CASES; start += 500) {
    const n = Math.min(500, CASES - start);
    const idx = Array.from({ length: n }, (_, k) => start + k);
    await db.insertInto('review_items').values(idx.map((i) => ({
      id: `item-${i}`, title: `信息 ${i}`, category: '工作动态', author: 'zhang.wei', section: 's', column_name: 'c', status: 'review', stage: 'first', holder: null,
      current_version: 1, current_hash: '0'.repeat(64), due: `${day(i)}T10:00:00.000Z`, created_at: at, updated_at: at,
    }))).execute();
    await db.insertInto('review_tasks').values(idx.map((i) => ({
      id: `item-${i}#1`, item_id: `item-${i}`, entry: 1, stage: 'first', stage_name: '初审', group_id: 'section-heads', holder: null, due: `${day(i)}T10:00:00.000Z`, status: 'open', opened_at: at, closed_at: null,
    }))).execute();
    await db.insertInto('applications').values(idx.map((i) => ({
      id: `B-2026-${String(i).padStart(5, '0')}`, year: 2026, sequence: i + 1, workflow_id: `application-B-${i}`, channel: 'in-person', submitted_on: day(i), received_date: day(i),
      applicant_column: 'naturalPerson', applicant_name: `申请人${i}`, applicant_id_kind: '居民身份证', applicant_id_number: String(i), applicant_phone: null, applicant_address: null,
      applicant_email: null, content: `申请公开第 ${i} 项信息`, intake: '{}', external_ref: null, possible_duplicates: '[]', status: 'open', stage: 'handling',
      handler: i % 2 ? 'liu.yang' : 'sun.li', due_date: day(i + 20), calendar_version: 'seed', outcome: null, decision: null, closed_date: null, created_at: at, created_by: 'bench',
    }))).execute();
  }
  const config = loadConfig({ DATA_DIR: os.tmpdir(), AGENCY_CODE: 'BENCH' });
  const app = await buildServer({ config, db, temporal: { workflowService: {} } as unknown as Client, close: async () => {} });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const get = (p: string, cookie?: string) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: p, agent, headers: cookie ? { cookie } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      }).on('error', reject);
    });
  const login = (user: string) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/session', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve((res.headers['set-cookie'] ?? []).find((x) => x.startsWith('gk_session='))!.split(';')[0]));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ user, password: 'gongkai-demo' }));
    });

  async function run(name: string, p: string, cookie: string, goal = '—'): Promise<string> {
    const first = await get(p, cookie);
    if (first.status !== 200) throw new Error(`${p}: ${first.status}`);
    const times: number[] = [];
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        const r = await get(p, cookie);
        if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }));
    times.sort((a, b) => a - b);
    const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))].toFixed(1);
    return `| ${name} | ${(first.body.length / 1024).toFixed(0)} KiB | ${times.length} | ${(times.length / SECONDS).toFixed(0)} | ${q(0.5)} | ${q(0.95)} | ${q(0.99)} | ${goal} |`;
  }

  const reviewer = await login('li.na');
  const handler = await login('liu.yang');
  const lines = [
    `${CASES} open review tasks in li.na's group and ${CASES} open applications; ${CONCURRENCY} concurrent keep-alive clients, ${SECONDS} s each, SQLite, ${os.cpus().length} CPUs`,
    '',
    '| page | size | requests | req/s | p50 ms | p95 ms | p99 ms | goal (issue 16) |',
    '|---|---|---|---|---|---|---|---|',
    await run('/api/tasks (我的待办, first page of 50, with the tier counts)', '/api/tasks', reviewer, 'p95 < 50 ms with 8 clients, paginated'),
    await run('/api/applications?status=open (page 1 of 50 rows, with count)', '/api/applications?status=open', handler),
    await run('/api/applications?status=open&page=150', '/api/applications?status=open&page=150', handler),
    await run('/api/applications?status=open&handler=liu.yang', '/api/applications?status=open&handler=liu.yang', handler),
  ];
  console.log(lines.join('\n'));
  agent.destroy();
  await app.close();
  await db.destroy();
  fs.rmSync(file, { force: true });
  for (const ext of ['-wal', '-shm']) fs.rmSync(file + ext, { force: true });
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
