/**
 * Benchmark: assemble a year's report (sections 一, 三, 四) from a register of 100,000 applications and 50,000
 * published items, against one raw SQL aggregation over the same rows. SQLite in a temp file by default;
 * PostgreSQL when DATABASE_URL=postgres://... is given (a fresh database is created on that server).
 * Run: npx tsx bench/report.ts
 * Goal (issue 6): ratio under 2x and assembly under 2 s.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sql } from 'kysely';
import { migrateRegister, openRegister, type Register } from '../register/db';
import { assembleFromRegister, yearInstants } from '../register/report';
import { insertCases, insertPublications, prng, randomCases } from './reportSeed';

const YEAR = 2025;
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 100_000);
const PUBLICATIONS = Number(process.env.BENCH_PUBLICATIONS ?? 50_000);
const RUNS = 5;

async function openBenchRegister(): Promise<{ db: Register; where: string; file?: string }> {
  const pg = process.env.DATABASE_URL;
  if (pg?.startsWith('postgres')) {
    const name = `gongkai_bench_${randomUUID().replace(/-/g, '')}`;
    const admin = openRegister(pg);
    await sql`create database ${sql.id(name)}`.execute(admin);
    await admin.destroy();
    const u = new URL(pg);
    u.pathname = `/${name}`;
    return { db: openRegister(u.toString()), where: `postgres (${name})` };
  }
  const file = path.join(os.tmpdir(), `gongkai-bench-report-${randomUUID()}.db`);
  return { db: openRegister(`sqlite:${file}`), where: 'sqlite (temp file)', file };
}

/** The baseline: one statement over the same rows, grouping applications and publications, no report logic. */
async function rawAggregation(db: Register): Promise<number> {
  const first = `${YEAR}-01-01`;
  const last = `${YEAR}-12-31`;
  const { from, to } = yearInstants(YEAR);
  const rows = await sql<{ k: string; n: number }>`
    select applicant_column || '/' || coalesce(outcome, '-') as k, count(*) as n from applications
      where received_date <= ${last} and (closed_date is null or closed_date >= ${first})
      group by applicant_column, outcome
    union all
    select category as k, count(*) as n from publications where published_at >= ${from} and published_at < ${to} group by category
    union all
    select kind || '/' || coalesce(result, '-') as k, count(*) as n from appeals group by kind, result`.execute(db);
  return rows.rows.length;
}

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]; // the median
}

async function main(): Promise<void> {
  const { db, where, file } = await openBenchRegister();
  try {
    await migrateRegister(db);
    const seedStart = Date.now();
    const cases = randomCases(APPLICATIONS, YEAR, prng(2025));
    await insertCases(db, cases, 'BENCH');
    const perCategory = Math.floor(PUBLICATIONS / 8);
    const categories = ['工作动态', '通知公告', '部门预算', '业务工作信息', '人事信息', '规划计划', '政府信息公开指南', '政府信息公开年度报告'];
    await insertPublications(db, YEAR, Object.fromEntries(categories.map((c, i) => [c, i === 0 ? PUBLICATIONS - perCategory * 7 : perCategory])), 'bench');
    if (db.dialectName === 'postgres') await sql`analyze`.execute(db);
    console.log(`${where}: seeded ${APPLICATIONS} applications and ${PUBLICATIONS} publications in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    await assembleFromRegister(db, { agency: 'bench', year: YEAR }); // warm the cache
    await rawAggregation(db);
    const assemble = await time(() => assembleFromRegister(db, { agency: 'bench', year: YEAR }));
    const raw = await time(() => rawAggregation(db));
    const { data } = await assembleFromRegister(db, { agency: 'bench', year: YEAR });
    console.log(`assembly (sections 一, 三, 四): ${assemble.toFixed(1)} ms (median of ${RUNS})`);
    console.log(`raw SQL aggregation:           ${raw.toFixed(1)} ms (median of ${RUNS})`);
    console.log(`ratio: ${(assemble / raw).toFixed(2)}x (goal < 2x; assembly goal < 2000 ms)`);
    console.log(`check: 一 ${data.section3.received[6]} + 二 ${data.section3.carriedOver[6]} = 三（七） ${data.section3.total[6]} + 四 ${data.section3.carriedForward[6]}`);
  } finally {
    await db.destroy();
    for (const f of file ? [file, `${file}-wal`, `${file}-shm`] : []) fs.rmSync(f, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
