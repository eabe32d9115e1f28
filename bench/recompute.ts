/**
 * `npx tsx bench/recompute.ts`: what one `recomputeDeadlines` fan-out costs per workflow: the time to
 * load the register's calendar (seed + an imported year + overrides, SQLite) and the size of the signal
 * payload each workflow's history receives (Temporal: 2 MB per payload, 50 MB per history).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYearScheduleFile } from '../domain/calendar';
import type { RecomputeDeadlines } from '../workflows/recompute';
import { importYearSchedule, loadCalendarData, setCalendarOverride } from '../register/calendar';
import { migrateRegister, openRegister } from '../register/db';

async function main(): Promise<void> {
  const db = openRegister(`sqlite:${join(tmpdir(), `gongkai-bench-${randomUUID()}.db`)}`);
  await migrateRegister(db);
  const at = new Date().toISOString();
  const schedule = parseYearScheduleFile(JSON.parse(readFileSync(join(__dirname, '../tests/fixtures/calendar-import-2027.json'), 'utf8')));
  await importYearSchedule(db, schedule, 'bench', at);
  for (let d = 1; d <= 20; d++) await setCalendarOverride(db, { date: `2026-03-${String(d).padStart(2, '0')}`, kind: 'off', reason: 'bench' }, 'bench', at);
  const runs = 50;
  const t0 = performance.now();
  let calendar = await loadCalendarData(db);
  for (let i = 1; i < runs; i++) calendar = await loadCalendarData(db);
  const ms = (performance.now() - t0) / runs;
  const payload: RecomputeDeadlines = { calendar, version: calendar.version, reason: 'calendar import 2027 (bench) by bench' };
  const bytes = Buffer.byteLength(JSON.stringify(payload));
  console.log(`loadCalendar: ${ms.toFixed(2)} ms per call (${calendar.years.length} years, ${calendar.overrides.length} overrides)`);
  console.log(`recomputeDeadlines payload: ${(bytes / 1024).toFixed(1)} KiB per signal; 100,000 workflows: ${((bytes * 100_000) / 2 ** 30).toFixed(2)} GiB of history`);
  await db.destroy();
}

void main();
