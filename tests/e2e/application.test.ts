/**
 * One application end to end on the dev server, through the real HTTP server, activities, SMTP and register:
 * the portal registers it with `POST /api/applications` (API key); the office assigns it; the handler asks for
 * 补正 and receives the correction (the clock restarts); decides; the reply letter is reviewed by 承办人 →
 * 科室负责人 → 分管领导 through the review service; delivery is recorded. The server runs on the real clock,
 * so the dates are today's (the hand-counted date paths are in tests/workflows/application.test.ts).
 * With RECORD_HISTORIES=1 the history is kept as the replay fixture `handleApplication.granted-with-letter`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { unzipSync, strFromU8 } from 'fflate';
import type { Services } from '../../client/context';
import { buildServer } from '../../client/http/server';
import { act, queue } from '../../client/services/review';
import { Calendar, shanghaiDate } from '../../domain/calendar';
import { organisationFile } from '../../domain/org';
import { createApiKey, getApplication } from '../../register/applications';
import { grantApiScope } from '../../register/web';
import { loadCalendarData } from '../../register/calendar';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { itemAudit } from '../../register/review';
import * as d from '../../workflows/application/definitions';
import { testActivities, testConfig } from '../../testing/deps';
import { keepHistory } from '../helpers/histories';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';
import { repoRoot } from '../../testing/tools';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let db: Register;
let worker: Worker;
let running: Promise<void>;
let app: FastifyInstance;
let services: Services;
let base = '';
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('application-e2e');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-e2e-app-'));

beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo/organisation.json'), 'utf8'))));
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  running = worker.run();
  services = { config: testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: smtp.url, DATA_DIR: dataDir }), db, temporal: env.client, close: async () => {} };
  app = await buildServer(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  worker?.shutdown();
  await running?.catch(() => undefined);
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

async function until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const v = await get().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`never: ${what}`);
}

/** The email with this subject, once it arrived. */
const mail = (subject: string) =>
  until(`email "${subject}"`, async () => smtp.messages.find((m) => m.parsed.subject === subject));

test('portal intake → 补正 → decision → letter reviewed by three people → delivery: DOCX, emails and register agree', async () => {
  const today = shanghaiDate(Date.now());
  const cal = new Calendar(await loadCalendarData(db));
  const key = await createApiKey(db, 'portal', new Date().toISOString());
  await grantApiScope(db, 'portal', 'applications:intake');
  const res = await fetch(`${base}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      channel: 'online',
      submittedOn: today,
      confirmedOn: today,
      applicant: { type: 'naturalPerson', name: '王小明', idDocument: { number: '430602199001015678' }, address: '湖南省永州市零陵区南津中路12号', email: 'wang.xm@test.local' },
      content: '请公开本局2026年城乡低保资金发放明细',
      delivery: 'email',
      externalRef: 'portal-e2e-1',
    }),
  });
  expect(res.status).toBe(201);
  const { id, received } = (await res.json()) as { id: string; received: string };
  expect(received).toBe(today); // 条例 第三十一条: an online application is received when confirmed
  const handle = env.client.workflow.getHandle(`application-${id}`);
  let s = await until('the clock', async () => ((await handle.query(d.stateQuery)).clock ? handle.query(d.stateQuery) : undefined));
  expect(s.clock!.due).toBe(cal.addWorkdays(today, 20).date);
  const receipt = await mail(`政府信息公开申请回执（${id}）`);
  expect(receipt.envelopeTo).toEqual(['wang.xm@test.local']);
  expect(receipt.parsed.text).not.toContain('430602199001015678');

  await handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'liu.yang' }] });
  expect((await mail(`政府信息公开申请 ${id} 已分派给您办理`)).envelopeTo).toContain('liu.yang@demo.gongkai.local');

  // 补正: one notice; the corrected application arrives today, and the 20 working days run from it (条例 第三十条).
  await handle.executeUpdate(d.requestCorrectionUpdate, { args: [{ actor: 'liu.yang', items: ['请写明所需信息的年份和区域'], periodWorkdays: 10 }] });
  const notice = await mail(`政府信息公开申请补正告知（${id}）`);
  expect(notice.envelopeTo).toEqual(['wang.xm@test.local']);
  expect(notice.parsed.text).toContain('请写明所需信息的年份和区域');
  s = await handle.executeUpdate(d.correctionReceivedUpdate, { args: [{ actor: 'liu.yang' }] });
  expect(s.clock!.due).toBe(cal.addWorkdays(today, 20).date);
  expect(s.clock!.steps.some((x) => x.article === '第三十条' && x.text.includes('重新计算'))).toBe(true);

  const decision = { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' };
  await handle.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision }] });

  // The letter's review: 承办人 liu.yang submitted it (the child does), 科室负责人 li.na and 分管领导 zhao.lei approve.
  const itemId = `application-${id}-letter-1`;
  const task = await until('the review task in li.na’s queue', async () => (await queue(services, 'li.na')).find((q) => q.itemId === itemId));
  expect(task).toMatchObject({ category: '依申请公开答复', stageName: '科室负责人审核' });
  expect((await mail(`【待审核】科室负责人审核：${id} 政府信息公开申请答复书`)).envelopeTo).toContain('li.na@demo.gongkai.local');
  // A reply letter's 保密审查 is its own list (not 主动公开): the portal's list is refused, the letter's accepted.
  const itemChecklist = { noStateSecrets: true, noPersonalData: true, noTradeSecrets: true, proactiveDisclosure: true } as const;
  await expect(act(services, itemId, 'li.na', { action: 'approve', checklist: itemChecklist })).rejects.toThrow(/答复书的保密审查请逐项确认/);
  const checklist = { noStateSecrets: true, withinDecision: true, withheldStated: true, noThirdPartyData: true } as const;
  await act(services, itemId, 'li.na', { action: 'approve', checklist });
  expect((await mail(`【待审核】分管领导签发：${id} 政府信息公开申请答复书`)).envelopeTo).toContain('zhao.lei@demo.gongkai.local');
  // The final approval closes the review; it replies only once its register write has landed.
  const final = await act(services, itemId, 'zhao.lei', { action: 'approve' });
  expect(final).toMatchObject({ status: 'approved' });
  s = await until('awaitingDelivery', async () => ((await handle.query(d.stateQuery)).stage === 'awaitingDelivery' ? handle.query(d.stateQuery) : undefined));
  expect(s.letter).toMatchObject({ version: 1, reviewed: true, review: { workflowId: itemId, approvedBy: ['li.na', 'zhao.lei'] } });
  const audit = (await itemAudit(db, itemId)).map((a) => `${a.actor} ${a.action} ${a.outcome}`);
  // The approval with the portal's checklist was refused, and that refusal is on the letter's record too.
  expect(audit).toEqual(['liu.yang submit done', 'li.na approve refused', 'li.na approve done', 'zhao.lei approve done']);

  // The DOCX opens: its text is the 答复书 with the remedy paragraph.
  const docx = unzipSync(fs.readFileSync(s.letter!.path));
  const text = strFromU8(docx['word/document.xml']).replace(/<[^>]+>/g, '');
  for (const part of ['政府信息公开申请答复书', '王小明', '本机关予以公开', '六十日内依法申请行政复议', '六个月内依法提起行政诉讼', '测试市测试局']) expect(text).toContain(part);
  expect(text).not.toContain('430602199001015678');

  // Delivery by email today: its legal time point is today (国办公开办函〔2016〕235号).
  await handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'liu.yang', method: 'email', date: today }] });
  expect(await handle.result()).toEqual({ outcome: 'granted', closedDate: today });
  const reply = await mail(`政府信息公开申请答复（${id}）`);
  expect(reply.envelopeTo).toEqual(['wang.xm@test.local']);
  // GB/T 9704-2012: the applicant reads the date in words, never as ISO.
  const [y, m, dd] = today.split('-');
  expect(reply.parsed.text).toContain(`答复书已于${y}年${Number(m)}月${Number(dd)}日以电子邮件方式送达。`);
  expect(reply.parsed.text).not.toContain(today);

  const row = (await getApplication(db, id))!;
  expect([row.status, row.outcome, row.received_date, row.closed_date, row.due_date, row.handler]).toEqual(['closed', 'granted', today, today, cal.addWorkdays(today, 20).date, 'liu.yang']);
  const events = await db.selectFrom('application_events').select(['type', 'date', 'detail']).where('application_id', '=', id).orderBy('at').orderBy('id').execute();
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['received', 'assigned', 'correctionRequested', 'correctionReceived', 'decided', 'letterReady', 'closed']));
  const ready = events.find((e) => e.type === 'letterReady')!;
  expect(JSON.parse(ready.detail!)).toMatchObject({ reviewed: true, review: itemId, approvedBy: ['li.na', 'zhao.lei'], sha256: s.letter!.sha256 });
  expect(events.find((e) => e.type === 'closed')).toMatchObject({ date: today });
  await keepHistory(handle, 'handleApplication.granted-with-letter');
});
