/**
 * Issue 16: a calendar change reaches only the open cases whose dates it moves. The register keeps each case's
 * window (the days that can move its dates, written with every step); a one-day override signals only the cases
 * whose window holds that day, with the version and the changed day (under 1 KiB), and each loads the calendar
 * through an activity. The others get no signal and no event. Same timeline as `application.test.ts` (read its
 * header): 28 years later, every date counted by hand on 2026 and checked through `y28()`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { intakeSchema } from '../../domain/application';
import { addCalendarOverride, calendarFanOuts, recomputeAll } from '../../client/services/calendar';
import { insertApplication } from '../../register/applications';
import type { Register } from '../../register/db';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { applicationBed } from './application-bed';
import { keepHistory } from '../helpers/histories';
import { SmtpCapture } from '../../testing/smtp';
import { settled, uniqueQueue } from '../../testing/temporal';
import { advanceTo, waitForState, y28 } from './application-timeline';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let db: Register;
let stop: (() => Promise<void>) | undefined;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('calendar-reach');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-reach-'));
const SIGNALED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;

beforeAll(async () => {
  ({ env, db, stop } = await applicationBed({ smtp, taskQueue, dataDir }));
});
afterAll(() => stop?.());

async function start(n: number, submittedOn: string) {
  const applicant = { type: 'naturalPerson' as const, name: `申请人${n}`, idDocument: { number: `43060219900101${1000 + n}` } };
  const intake = intakeSchema.parse({ channel: 'in-person', submittedOn, applicant, content: `申请公开第${n}号事项的相关文件` });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'liu.yang', now: new Date().toISOString() });
  const handle = await env.client.workflow.start(handleApplication, { taskQueue, workflowId: row.workflow_id, args: [{ id: row.id, registeredBy: 'liu.yang', reviewLetter: false }] });
  await waitForState(handle, (s) => s.clock !== null);
  await handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'liu.yang' }] });
  await settled(handle);
  return { id: row.id, handle };
}

const historyOf = async (h: { fetchHistory: () => Promise<temporal.api.history.v1.IHistory> }) => (await h.fetchHistory()).events ?? [];

test('a one-day override reaches only the open cases whose dates it moves; the others get nothing', async () => {
  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  // Received 2026-12-01 (Tue): due 12-29 (Dec 2-4, 7-11, 14-18, 21-25, 28, 29); its dates can move on (12-01, 12-30].
  const a = await start(1, y28('2026-12-01'));
  // Received 2026-11-20 (Fri): due 12-18 (Nov 23-27, Nov 30-Dec 4, 7-11, 14-18): (11-20, 12-21].
  const b = await start(2, y28('2026-11-20'));
  // Received 2026-11-10 (Tue): due 12-08 (Nov 11-13, 16-20, 23-27, Nov 30-Dec 4, 7, 8): (11-10, 12-09].
  const c = await start(3, y28('2026-11-10'));
  // Consulting a third party pauses the clock: its due date moves with every day, so any later day can move it.
  const p = await start(4, y28('2026-12-01'));
  await p.handle.executeUpdate(d.consultUpdate, { args: [{ actor: 'liu.yang', party: 'third-party', addressee: '某某公司' }] });
  await settled(p.handle);
  const rows = await db.selectFrom('applications').select(['id', 'open_from', 'open_until']).orderBy('id').execute();
  expect(rows).toEqual([
    { id: a.id, open_from: y28('2026-12-01'), open_until: y28('2026-12-30') },
    { id: b.id, open_from: y28('2026-11-20'), open_until: y28('2026-12-21') },
    { id: c.id, open_from: y28('2026-11-10'), open_until: y28('2026-12-09') },
    { id: p.id, open_from: y28('2026-12-01'), open_until: null },
  ]);
  const before = { b: (await historyOf(b.handle)).length, c: (await historyOf(c.handle)).length };

  // Tuesday 2026-12-22 becomes a day off: inside a's window and the paused case's, after b's and c's.
  const r = await addCalendarOverride({ db, temporal: env.client, otherHolders: false }, { date: y28('2026-12-22'), kind: 'off', reason: '本地停电停工' }, 'admin');
  expect(r.fanOut).toMatchObject({ changedDays: [y28('2026-12-22')], openCases: 4, reached: [a.id, p.id], signalled: 2, failed: [] });

  // a: due 12-29 → 12-30, loaded through an activity; the signal carries the version and the day, not the calendar.
  const s = await waitForState(a.handle, (x) => x.deadlineChanges.length === 1);
  expect(s.deadlineChanges[0]).toMatchObject({ from: y28('2026-12-29'), to: y28('2026-12-30'), calendarVersion: r.version });
  await waitForState(p.handle, (x) => x.deadlineChanges.length === 1);
  await Promise.all([settled(a.handle), settled(p.handle)]);
  for (const h of [a.handle, p.handle]) {
    const signals = (await historyOf(h)).filter((e) => e.eventType === SIGNALED);
    expect(signals).toHaveLength(1);
    const payload = signals[0].workflowExecutionSignaledEventAttributes!.input!.payloads![0];
    expect(payload.data!.length).toBeLessThan(1024);
    expect(JSON.parse(Buffer.from(payload.data!).toString('utf8'))).toMatchObject({ version: r.version, changedDays: [y28('2026-12-22')], changedCount: 1 });
  }
  // b and c: not one event more, no signal.
  expect((await historyOf(b.handle)).length).toBe(before.b);
  expect((await historyOf(c.handle)).length).toBe(before.c);
  expect((await historyOf(b.handle)).some((e) => e.eventType === SIGNALED)).toBe(false);

  // The register records whom it reached and how long it took; the admin reads it through the service.
  const [fan] = await calendarFanOuts({ db });
  expect(fan).toMatchObject({ version: r.version, changedDays: [y28('2026-12-22')], openCases: 4, reached: [a.id, p.id], othersSignalled: 0, failed: [], recomputed: 2 });
  expect(Date.parse(fan.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(fan.startedAt));
  const row = await db.selectFrom('applications').select(['due_date', 'open_until']).where('id', '=', a.id).executeTakeFirstOrThrow();
  expect(row).toEqual({ due_date: y28('2026-12-30'), open_until: y28('2026-12-31') });

  // `calendar recompute` resends the version in force to every open case: a case that has it records nothing.
  const again = await recomputeAll({ db, temporal: env.client, otherHolders: false }, '重新发送');
  expect(again.reached).toEqual([a.id, b.id, c.id, p.id]);
  await Promise.all([a, b, c, p].map((x) => waitForState(x.handle, () => true).then(() => settled(x.handle))));
  for (const x of [a, p]) expect((await x.handle.query(d.stateQuery)).deadlineChanges).toHaveLength(1);
  // b and c had the old version: they recompute (their dates do not move).
  for (const x of [b, c]) expect((await x.handle.query(d.stateQuery)).deadlineChanges).toMatchObject([{ from: x === b ? y28('2026-12-18') : y28('2026-12-08'), calendarVersion: r.version }]);
  await keepHistory(a.handle, 'handleApplication.recompute-by-version');
});
