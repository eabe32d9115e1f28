/**
 * Seeding the register with applications, appeals and publications for the report tests and benchmark:
 * rows written directly (bulk, in chunks), not through the workflows, so a year of data loads in seconds.
 */
import { applicantKinds, outcomes, type ApplicantKind, type OutcomeKey } from '../domain/outcomes';
import type { CaseRecord } from '../domain/report';
import type { Register } from '../register/db';

/** A small deterministic PRNG (mulberry32): the same seed gives the same register. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Random cases around `year`: received from the year before to early next year, some still open. */
export function randomCases(count: number, year: number, rand: () => number): CaseRecord[] {
  const start = Date.UTC(year - 1, 6, 1);
  const span = Date.UTC(year + 1, 2, 1) - start;
  const keys = outcomes.map((o) => o.key as OutcomeKey);
  return Array.from({ length: count }, () => {
    const received = start + Math.floor(rand() * span / 86400000) * 86400000;
    const open = rand() < 0.15;
    const closed = received + Math.floor(rand() * 60) * 86400000;
    return {
      applicantColumn: applicantKinds[Math.floor(rand() * applicantKinds.length)] as ApplicantKind,
      receivedDate: dayOf(received),
      closedDate: open ? null : dayOf(closed),
      outcome: open ? null : keys[Math.floor(rand() * keys.length)],
    };
  });
}

async function chunked<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Inserts the cases as applications rows (registration numbers SEED-<year>-<n>); returns their ids. */
export async function insertCases(db: Register, cases: readonly CaseRecord[], prefix = 'SEED'): Promise<string[]> {
  const rows = cases.map((c, i) => {
    const year = Number(c.receivedDate.slice(0, 4));
    const id = `${prefix}-${year}-${pad(i + 1, 6)}`;
    return {
      id,
      year,
      sequence: i + 1,
      workflow_id: `application-${id}`,
      channel: 'online',
      submitted_on: c.receivedDate,
      received_date: c.receivedDate,
      applicant_column: c.applicantColumn,
      applicant_name: '测试申请人',
      applicant_id_kind: 'resident',
      applicant_id_number: `ID${i}`,
      applicant_phone: null,
      applicant_address: null,
      applicant_email: null,
      content: '申请公开某项政府信息',
      intake: '{}',
      external_ref: null,
      possible_duplicates: '[]',
      status: c.closedDate ? 'closed' : 'open',
      stage: c.closedDate ? 'closed' : 'assigned',
      handler: null,
      due_date: null,
      calendar_version: null,
      outcome: c.outcome,
      decision: null,
      closed_date: c.closedDate,
      created_at: `${c.receivedDate}T01:00:00.000Z`,
      created_by: 'seed',
    };
  });
  // 30 columns per row: chunks of 500 stay under SQLite's 32,766 bound parameters.
  await chunked(rows, 500, (chunk) => db.insertInto('applications').values(chunk).execute());
  return rows.map((r) => r.id);
}

/** Inserts `counts[category]` publications of `year`, spread over the year (item ids <prefix>-<category>-<n>). */
export async function insertPublications(db: Register, year: number, counts: Record<string, number>, prefix = 'pub'): Promise<void> {
  const rows = Object.entries(counts).flatMap(([category, n]) =>
    Array.from({ length: n }, (_, i) => {
      // Beijing time 08:00 on a day of the year, written in UTC as the publication adapter does.
      const day = Date.UTC(year, 0, 1) + Math.floor((i * 364) / Math.max(1, n)) * 86400000;
      const at = new Date(day).toISOString();
      return {
        item_id: `${prefix}-${category}-${i + 1}`,
        version: 1,
        hash: '0'.repeat(64),
        title: `${category} ${i + 1}`,
        category,
        column_name: category,
        url: `http://portal.test/items/${prefix}-${i + 1}.html`,
        published_at: at,
        retracted_at: null,
        retract_reason: null,
      };
    }),
  );
  await chunked(rows, 1000, (chunk) => db.insertInto('publications').values(chunk).execute());
}
