/**
 * handleApplication, each of the 21 leaf outcomes of report section 三 (issue 5, "Done when": "Time-skipping tests
 * walk each of the 21 outcomes"). The outcomes come from the taxonomy (`domain/outcomes.ts`), and `fixtures` must
 * hold one for every key: a missing key fails its own test. Each application is registered, assigned, put
 * through what its outcome needs first (`domain/application/decision.ts`: 补正 and the corrected application
 * for unavailable.unclearAfterCorrection, Art. 35 reasons asked for notProcessed.excessive; the Art. 32
 * consultation answered with an objection for withheld.thirdPartyRights, as practice has it), decided with that
 * outcome's fields, its reply letter rendered and delivered. Then the workflow result, the register row, the
 * DOCX letter and the reply email are checked. The two automatic outcomes cannot be decided: their periods lapse.
 *
 * The letters are issued with `reviewLetter: false`: this file tests what each outcome puts in the letter, not
 * the letter's review (承办人 → 科室负责人 → 分管领导), which `application.test.ts` and the e2e test walk.
 *
 * Timeline (read `application.test.ts`'s header): 28 years later, on 2026/2027 moved by 28 years; dates are
 * counted by hand on 2026 and checked through `y28()`. All 21 are received, and 19 decided and delivered, on
 * 2026-12-01 (Tue) at once; server time then moves once, to 2026-12-30, for the two periods that lapse.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { automaticOutcomes, intakeSchema, type DecisionInput } from '../../domain/application';
import { outcome, outcomeKeys, outcomeName, type OutcomeGroup, type OutcomeKey } from '../../domain/outcomes';
import { insertApplication, section3Counts, type ApplicationRow } from '../../register/applications';
import type { Register } from '../../register/db';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { docxParagraphs } from '../activities/report-helpers';
import { SmtpCapture, type CapturedMail } from '../../testing/smtp';
import { uniqueQueue } from '../../testing/temporal';
import { applicationBed } from './application-bed';
import { advanceTo, inWords, waitForState, y28 } from './application-timeline';

jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;
/** A client whose `result()` does not unlock time skipping: server time moves only by `advanceTo`. */
let plain: Client;
let db: Register;
let stop: (() => Promise<void>) | undefined;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('application-outcomes');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-outcomes-'));
const AGENCY = '测试市测试局'; // testConfig's AGENCY_NAME
// 条例 第五十一条: the bodies every letter names for the remedies (configuration, never guessed).
const REVIEW_AUTHORITY = '测试市人民政府';
const COURT = '测试市测试区人民法院';
/** GB/T 9704-2012: what a citizen reads has 2054年12月1日 (`inWords`), never the ISO date. */
const ISO = /\d{4}-\d{2}-\d{2}/;

type Handle = Awaited<ReturnType<typeof register>>['handle'];

// ---- what each outcome needs ----

/** What the handler does before deciding (decision.ts's context rules, and practice). */
type Prepare = (h: Handle) => Promise<unknown>;
const handler = { actor: 'liu.yang' };

/** 条例 第三十条: one 补正 notice listing everything, then the corrected application, the same day. */
const correctedButUnclear: Prepare = async (h) => {
  await h.executeUpdate(d.requestCorrectionUpdate, { args: [{ ...handler, items: ['请明确所需信息的文件名称或文号'], periodWorkdays: 10 }] });
  return h.executeUpdate(d.correctionReceivedUpdate, { args: [handler] });
};
/** 条例 第三十五条: the applicant is asked for reasons first. */
const reasonsAsked: Prepare = (h) => h.executeUpdate(d.askReasonsUpdate, { args: [handler] });
/** 条例 第三十二条: the third party is consulted in writing and objects (not a rule of decision.ts, but the usual path to this row). */
const thirdPartyObjects: Prepare = async (h) => {
  await h.executeUpdate(d.consultUpdate, { args: [{ ...handler, party: 'third-party', addressee: '某某物业服务有限公司' }] });
  return h.executeUpdate(d.consultationReplyUpdate, { args: [{ ...handler, party: 'third-party', reply: '书面反对公开：涉及本公司商业秘密' }] });
};

interface Decided {
  kind: 'decided';
  prepare?: Prepare;
  /** What the prerequisite left in the state, checked after the case closed. */
  prepared?: (s: d.ApplicationState) => void;
  decision: DecisionInput & { outcome: OutcomeKey };
  /** Text the letter must hold besides the decision's own fields (the label, the legal basis, the reasons...). */
  letter?: string[];
}
/** An automatic outcome (decision.ts `automaticOutcomes`): a period is started and lapses; nobody decides. */
interface Lapsed {
  kind: 'lapsed';
  prepare: Prepare;
  /** Hand-counted on 2026. */
  closedDate: string;
}
type Fixture = Decided | Lapsed;

const law = '《中华人民共和国政府信息公开条例》';

/** One per outcome key of the taxonomy: the typing and the first test both make a missing key fail. */
const fixtures: Record<OutcomeKey, Fixture> = {
  granted: {
    kind: 'decided',
    decision: { outcome: 'granted', legalBasis: `${law}第三十六条第（二）项`, provision: '以电子邮件方式提供《2026年度城乡低保资金发放汇总表》' },
  },
  partiallyGranted: {
    kind: 'decided',
    decision: {
      outcome: 'partiallyGranted',
      legalBasis: `${law}第三十七条`,
      provision: '邮寄提供删除不应公开内容后的名册',
      reasons: '名册中含有个人隐私，已作区分处理',
      withheld: [
        { what: '低保对象的身份证号码', why: '个人隐私（条例第十五条）' },
        { what: '家庭住址门牌号', why: '个人隐私（条例第十五条）' },
      ],
    },
  },
  'withheld.stateSecret': {
    kind: 'decided',
    decision: { outcome: 'withheld.stateSecret', legalBasis: `${law}第十四条`, reasons: '所申请文件经定密属于国家秘密（秘密级）' },
  },
  'withheld.prohibitedByLaw': {
    kind: 'decided',
    decision: { outcome: 'withheld.prohibitedByLaw', legalBasis: `${law}第十四条、《中华人民共和国统计法》第三十九条`, reasons: '所申请信息为能够识别单个统计调查对象的统计资料' },
  },
  'withheld.securityStability': {
    kind: 'decided',
    decision: { outcome: 'withheld.securityStability', legalBasis: `${law}第十四条`, reasons: '所申请的应急物资储备点位置公开后可能危及公共安全' },
  },
  'withheld.thirdPartyRights': {
    kind: 'decided',
    prepare: thirdPartyObjects,
    prepared: (s) =>
      expect(s.consultations).toMatchObject([{ party: 'third-party', started: y28('2026-12-01'), ended: y28('2026-12-01'), reply: '书面反对公开：涉及本公司商业秘密' }]),
    decision: { outcome: 'withheld.thirdPartyRights', legalBasis: `${law}第十五条、第三十二条`, reasons: '第三方书面反对公开，所申请信息涉及其商业秘密' },
  },
  'withheld.internalAffairs': {
    kind: 'decided',
    decision: { outcome: 'withheld.internalAffairs', legalBasis: `${law}第十六条第一款`, reasons: '所申请信息为本机关内部人事管理信息' },
  },
  'withheld.processInformation': {
    kind: 'decided',
    decision: { outcome: 'withheld.processInformation', legalBasis: `${law}第十六条第二款`, reasons: '所申请信息为局务会讨论记录，属于过程性信息' },
  },
  'withheld.enforcementFile': {
    kind: 'decided',
    decision: { outcome: 'withheld.enforcementFile', legalBasis: `${law}第十六条第二款`, reasons: '所申请信息为行政处罚案卷材料' },
  },
  'withheld.queryMatter': {
    kind: 'decided',
    decision: { outcome: 'withheld.queryMatter', legalBasis: `${law}第三十六条第（七）项`, reasons: '不动产登记资料应依照《不动产登记资料查询暂行办法》申请查询' },
  },
  'unavailable.notHeld': {
    kind: 'decided',
    decision: {
      outcome: 'unavailable.notHeld',
      legalBasis: `${law}第三十六条第（五）项`,
      reasons: '所申请信息不属于本机关负责公开',
      competentAgency: { name: '测试市自然资源局', contact: '0746-1234567' },
    },
    letter: ['您申请获取的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为测试市自然资源局，联系方式：0746-1234567。'],
  },
  'unavailable.needsCreation': {
    kind: 'decided',
    decision: { outcome: 'unavailable.needsCreation', legalBasis: `${law}第三十八条`, reasons: '所申请的分类统计需对现有数据重新加工汇总' },
  },
  'unavailable.unclearAfterCorrection': {
    kind: 'decided',
    prepare: correctedButUnclear,
    prepared: (s) => expect(s.correction).toMatchObject({ received: true, periodWorkdays: 10 }),
    decision: { outcome: 'unavailable.unclearAfterCorrection', legalBasis: `${law}第三十条`, reasons: '补正后仍未说明所需信息的名称、文号或者其他特征性描述' },
  },
  'notProcessed.petition': {
    kind: 'decided',
    decision: {
      outcome: 'notProcessed.petition',
      legalBasis: `${law}第三十九条第一款`,
      reasons: '申请内容为对某社区工作人员的投诉',
      provision: '请通过测试市12345政务服务便民热线或者向测试市信访局提出。',
    },
    letter: [`依照${law}第三十九条第一款，您提出的事项属于信访、投诉、举报，不作为政府信息公开申请处理。请通过测试市12345政务服务便民热线或者向测试市信访局提出。`],
  },
  'notProcessed.repeated': {
    kind: 'decided',
    decision: { outcome: 'notProcessed.repeated', legalBasis: `${law}第三十六条第（六）项`, reasons: '本机关已就同一内容作出答复，申请人重复申请' },
  },
  'notProcessed.publication': {
    kind: 'decided',
    decision: {
      outcome: 'notProcessed.publication',
      legalBasis: `${law}第三十九条第二款`,
      reasons: '所申请信息已收入公开出版的《测试市年鉴（2025）》',
      provision: '该年鉴可在新华书店购买，或到测试市图书馆查阅。',
    },
    letter: [`您申请获取的信息已收入公开出版物。依照${law}第三十九条第二款，告知您获取途径：该年鉴可在新华书店购买，或到测试市图书馆查阅。`],
  },
  'notProcessed.excessive': {
    kind: 'decided',
    prepare: reasonsAsked,
    prepared: (s) => expect(s.art35).toEqual({ asked: y28('2026-12-01'), resolution: 'excessive' }),
    decision: { outcome: 'notProcessed.excessive', legalBasis: `${law}第三十五条`, reasons: '申请人未说明理由，申请数量明显超过合理范围' },
  },
  'notProcessed.confirmOrReissue': {
    kind: 'decided',
    decision: { outcome: 'notProcessed.confirmOrReissue', legalBasis: `${law}第二条`, reasons: '申请要求确认已获取文件的真实性，不属于获取政府信息' },
  },
  'other.noCorrection': {
    kind: 'lapsed',
    // 条例 第三十条: 补正 within 1 working day: 2026-12-01 (Tue) + 1 WD = 12-02; not corrected, abandoned 12-03.
    // Handed over and signed for the same day (clock-events rule 9: the ending waits for a recorded receipt).
    prepare: async (h) => {
      await h.executeUpdate(d.requestCorrectionUpdate, { args: [{ ...handler, items: ['请说明所需信息的名称'], periodWorkdays: 1 }] });
      return h.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ ...handler, notice: 'correction', deliveredOn: y28('2026-12-01'), deliveredBy: 'direct' }] });
    },
    closedDate: '2026-12-03',
  },
  'other.feeUnpaid': {
    kind: 'lapsed',
    // 国办函〔2020〕109号: 250 pages; 20 WD to pay: Dec 2-4, 7-11, 14-18, 21-25, 28, 29 → 12-29; unpaid, abandoned 12-30.
    // Sent and received electronically the same day (clock-events rule 9).
    prepare: async (h) => {
      await h.executeUpdate(d.issueFeeNoticeUpdate, { args: [{ ...handler, method: 'perPage', pages: 250 }] });
      return h.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ ...handler, notice: 'fee', deliveredOn: y28('2026-12-01'), deliveredBy: 'electronic' }] });
    },
    closedDate: '2026-12-30',
  },
  'other.other': {
    kind: 'decided',
    decision: { outcome: 'other.other', legalBasis: `${law}第二十七条`, reasons: '您已于2026年12月1日书面撤回申请，本机关终止处理' },
  },
};

/** The letter of each group: its title and the sentence that states the result (templates/letters/reply-<group>.txt). */
const letterOf: Record<OutcomeGroup, { title: string; result: string | null }> = {
  granted: { title: '政府信息公开申请答复书', result: '本机关予以公开' },
  partiallyGranted: { title: '政府信息公开申请答复书', result: '本机关作区分处理，向您提供可以公开的部分' },
  withheld: { title: '政府信息不予公开告知书', result: '本机关不予公开' },
  unavailable: { title: '政府信息无法提供告知书', result: '本机关无法提供' },
  notProcessed: { title: '政府信息公开申请不予处理告知书', result: '本机关不予处理' },
  other: { title: '政府信息公开申请处理告知书', result: null },
};

/** The name a citizen reads: the sub-row text without its number, or the group's own (（一）予以公开, （二）部分公开). */
function plainLabel(key: OutcomeKey): string {
  const o = outcome(key);
  if (o.label) return o.label.replace(/^\d+\./, '');
  return ({ granted: '予以公开', partiallyGranted: '部分公开' } as Partial<Record<OutcomeGroup, string>>)[o.group]!;
}

// ---- the walk ----

const seq = (key: OutcomeKey) => outcomeKeys.indexOf(key) + 1;
const emailOf = (key: OutcomeKey) => `applicant-${seq(key)}@test.local`;

/** Registers the application in the register (as the intake service does), starts its workflow, assigns it. */
async function register(n: number, receivedOn: string) {
  const applicant = { type: 'naturalPerson' as const, name: `申请人${n}`, idDocument: { number: `4306021990010${String(2000 + n)}` }, email: `applicant-${n}@test.local` };
  const intake = intakeSchema.parse({ channel: 'in-person', submittedOn: receivedOn, applicant, content: `申请公开第${n}号事项（${['低保', '救助', '养老', '殡葬', '婚姻'][n % 5]}）的相关文件` });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'sun.li', now: new Date().toISOString() });
  // reviewLetter: false: the letter is rendered and issued unreviewed; its review is walked in application.test.ts.
  const handle = await env.client.workflow.start(handleApplication, { taskQueue, workflowId: row.workflow_id, args: [{ id: row.id, registeredBy: 'sun.li', reviewLetter: false }] });
  await waitForState(handle, (s) => s.clock !== null);
  await handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'liu.yang' }] });
  return { id: row.id, handle, applicantName: applicant.name, content: intake.content };
}

interface Walk {
  key: OutcomeKey;
  id: string;
  handle: Handle;
  applicantName: string;
  content: string;
  result?: { outcome: string; closedDate: string };
}

/** The workflow's result, read without letting server time move. */
const result = (h: Handle) => plain.workflow.getHandle<typeof handleApplication>(h.workflowId).result();

/** 2026-12-01: registered, assigned, prepared; a decided outcome is decided, its letter rendered, delivery recorded (posted today). */
async function walk(key: OutcomeKey): Promise<Walk> {
  const f = fixtures[key];
  if (!f) throw new Error(`no fixture for outcome ${key}: add one to \`fixtures\``);
  const w: Walk = { key, ...(await register(seq(key), y28('2026-12-01'))) };
  await f.prepare?.(w.handle);
  if (f.kind === 'lapsed') return w;
  await w.handle.executeUpdate(d.decideUpdate, { args: [{ ...handler, decision: f.decision }] });
  await waitForState(w.handle, (s) => s.stage === 'awaitingDelivery');
  await w.handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ ...handler, method: 'posted' }] });
  w.result = await result(w.handle);
  return w;
}

const walks = new Map<OutcomeKey, PromiseSettledResult<Walk>>();
function walked(key: OutcomeKey): Walk {
  const r = walks.get(key);
  if (!r) throw new Error(`${key} was not walked`);
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

async function registerRow(id: string): Promise<ApplicationRow> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The first captured email that matches, waiting a little for it. */
async function mail(match: (m: CapturedMail) => boolean): Promise<CapturedMail | undefined> {
  for (let i = 0; i < 100; i++) {
    const found = smtp.messages.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
const replyMail = (w: Walk) => mail((m) => m.parsed.subject === `政府信息公开申请答复（${w.id}）`);

beforeAll(async () => {
  ({ env, db, plain, stop } = await applicationBed({ smtp, taskQueue, dataDir, config: { REVIEW_AUTHORITY, COURT } }));

  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  // Every outcome of the taxonomy, at once, all on 2026-12-01; a failed walk fails only its outcome's tests.
  const first = await Promise.allSettled(outcomeKeys.map(walk));
  outcomeKeys.forEach((k, i) => walks.set(k, first[i]));
  // The one move of server time: past the last lapse (2026-12-30; the daily check runs at 09:00 Shanghai).
  await advanceTo(env, y28('2026-12-30T02:00:00Z'));
  for (const k of outcomeKeys) {
    const r = walks.get(k)!;
    if (r.status !== 'fulfilled' || r.value.result) continue;
    walks.set(k, await result(r.value.handle).then(
      (res): PromiseSettledResult<Walk> => ({ status: 'fulfilled', value: { ...r.value, result: res } }),
      (reason: unknown): PromiseSettledResult<Walk> => ({ status: 'rejected', reason }),
    ));
  }
});
afterAll(() => stop?.());

const decidedKeys = outcomeKeys.filter((k) => fixtures[k]?.kind !== 'lapsed');
const lapsedKeys = outcomeKeys.filter((k) => fixtures[k]?.kind === 'lapsed');

test('the fixtures cover exactly the taxonomy; the lapsed ones are exactly the automatic outcomes', () => {
  expect(outcomeKeys).toHaveLength(21);
  expect(Object.keys(fixtures).sort()).toEqual([...outcomeKeys].sort());
  expect([...lapsedKeys].sort()).toEqual([...automaticOutcomes].sort());
  expect([...walks.keys()]).toEqual(outcomeKeys);
});

describe.each(decidedKeys)('%s, decided on 2026-12-01', (key) => {
  const f = fixtures[key] as Decided;

  test('the workflow result, the state and the register row (closed, its outcome, the decision with its fields)', async () => {
    const w = walked(key);
    expect(w.result).toEqual({ outcome: key, closedDate: y28('2026-12-01') });
    const s = await w.handle.query(d.stateQuery);
    expect(s).toMatchObject({ stage: 'closed', outcome: key, closedDate: y28('2026-12-01'), delivery: { method: 'posted', date: y28('2026-12-01') } });
    expect(s.decision).toMatchObject(f.decision);
    f.prepared?.(s);
    expect(s.letter).toMatchObject({ version: 1, reviewed: true });
    expect(s.letter!.review).toBeUndefined(); // reviewLetter: false
    const row = await registerRow(w.id);
    expect({ status: row.status, stage: row.stage, outcome: row.outcome, closed_date: row.closed_date }).toEqual({ status: 'closed', stage: 'closed', outcome: key, closed_date: y28('2026-12-01') });
    expect(JSON.parse(row.decision!)).toEqual(s.decision);
    expect(JSON.parse(row.decision!)).toMatchObject(f.decision);
    const events = await db.selectFrom('application_events').select(['type', 'detail']).where('application_id', '=', w.id).execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['received', 'assigned', 'decided', 'letterReady', 'closed']));
    expect(JSON.parse(events.find((e) => e.type === 'letterReady')!.detail!)).toMatchObject({ path: s.letter!.path, sha256: s.letter!.sha256, reviewed: false });
  });

  test('the DOCX reply letter: its title, result, legal basis, reasons, outcome-specific fields and the remedy', async () => {
    const w = walked(key);
    const s = await w.handle.query(d.stateQuery);
    const file = fs.readFileSync(s.letter!.path);
    expect(createHash('sha256').update(file).digest('hex')).toBe(s.letter!.sha256);
    // The reply letter; the notices (登记回执 and any other) are documents of their own kinds.
    const doc = await db.selectFrom('application_documents').selectAll().where('application_id', '=', w.id).where('kind', '=', 'reply').execute();
    expect(doc.map((x) => [x.kind, x.path, x.sha256])).toEqual([['reply', s.letter!.path, s.letter!.sha256]]);

    const paragraphs = docxParagraphs(file);
    const text = paragraphs.join('\n');
    const group = outcome(key).group;
    expect(paragraphs[0]).toBe(letterOf[group].title);
    expect(paragraphs[1]).toBe(`TEST〔${y28('2026')}〕${Number(w.id.split('-')[2])}号`); // GB/T 9704: no 第
    expect(paragraphs[2]).toBe(`${w.applicantName}：`);
    expect(paragraphs.slice(-2)).toEqual([AGENCY, inWords(y28('2026-12-01'))]);
    expect(text).not.toMatch(ISO);
    expect(text).toContain(`本机关于${inWords(y28('2026-12-01'))}收到您提出的政府信息公开申请（登记号 ${w.id}），申请获取“${w.content}”。`);
    if (letterOf[group].result) expect(text).toContain(letterOf[group].result);
    expect(text).toContain(`根据${f.decision.legalBasis}的规定`);
    if (f.decision.reasons) expect(text).toContain(f.decision.reasons);
    // The finding names the outcome in a sentence that reads for every label of its group (the report's row texts).
    const finding = {
      withheld: `经审查，您申请获取的政府信息属于不予公开的情形（${plainLabel(key)}），`,
      unavailable: `经审查，${plainLabel(key)}，`,
      notProcessed: `经审查，您的申请属于不予处理的情形（${plainLabel(key)}），`,
    }[group as 'withheld' | 'unavailable' | 'notProcessed'];
    if (finding) expect(text).toContain(finding);
    if (f.decision.provision) expect(text).toContain(f.decision.provision);
    if (key === 'partiallyGranted') {
      expect(text).toContain(`不予公开的内容及理由：${f.decision.withheld!.map((x) => `${x.what}（${x.why}）`).join('；')}`);
    }
    for (const extra of f.letter ?? []) expect(text).toContain(extra);
    if (key !== 'unavailable.notHeld') expect(text).not.toContain('负责公开该政府信息的行政机关为');
    // The delivery, a sentence of its own (the intake's default: by post).
    expect(paragraphs).toContain('本答复书以邮寄方式送达。');
    // 条例 第五十一条: the remedy paragraph, before the signature. A refusal to disclose goes to 行政复议 first
    // (行政复议法 2023 第二十三条第一款第（四）项); 部分公开 for its withheld part; the rest may choose
    // 复议 (60 days, 第二十条) or a suit (6 months, 行政诉讼法 第四十六条).
    const refusal = `可以自收到本答复之日起六十日内依法向${REVIEW_AUTHORITY}申请行政复议；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。`;
    const either = `可以自收到本答复之日起六十日内依法向${REVIEW_AUTHORITY}申请行政复议，或者自收到本答复之日起六个月内依法向${COURT}提起行政诉讼。`;
    const remedy = paragraphs.at(-3);
    if (group === 'withheld') {
      expect(remedy).toBe(`如对本答复不服，${refusal}`);
      expect(text).not.toContain('六个月');
      expect(text).not.toContain(COURT);
    } else if (group === 'partiallyGranted') {
      expect(remedy).toBe(`对本答复中不予公开的部分不服的，${refusal}对本答复的其他内容不服的，${either}`);
    } else {
      expect(remedy).toBe(`如对本答复不服，${either}`);
    }
    expect(text).not.toMatch(/\{\{|undefined|null/);
  });

  test('the reply email to the applicant names the outcome as the letter does', async () => {
    const w = walked(key);
    const reply = await replyMail(w);
    expect(reply?.envelopeTo).toEqual([emailOf(key)]);
    expect(reply!.parsed.text).toContain(`${w.applicantName}：`);
    expect(reply!.parsed.text).toContain(`答复书已于${inWords(y28('2026-12-01'))}以邮寄（交邮）方式送达。`);
    expect(reply!.parsed.text).toContain(`作出答复：${plainLabel(key)}`);
  });

  test('no ISO date in any email the applicant received (receipt, notices, reply)', async () => {
    await replyMail(walked(key));
    const received = smtp.messages.filter((m) => m.envelopeTo.includes(emailOf(key)));
    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const m of received) expect([m.parsed.subject, m.parsed.text]).toEqual([expect.not.stringMatching(ISO), expect.not.stringMatching(ISO)]);
  });
});

describe.each(lapsedKeys)('%s, its period lapsed', (key) => {
  const f = fixtures[key] as Lapsed;

  test('closed by the workflow itself on the working day after the period: result, state, register row', async () => {
    const w = walked(key);
    expect(w.result).toEqual({ outcome: key, closedDate: y28(f.closedDate) });
    const s = await w.handle.query(d.stateQuery);
    expect(s).toMatchObject({ stage: 'closed', outcome: key, closedDate: y28(f.closedDate), decision: null, letter: null, delivery: null });
    expect(s.clock!.abandoned).toBe(true);
    expect(s.steps.at(-1)).toMatchObject({ actor: 'system', action: 'close', detail: `${key} (period lapsed)` });
    const row = await registerRow(w.id);
    expect({ status: row.status, stage: row.stage, outcome: row.outcome, closed_date: row.closed_date, decision: row.decision }).toEqual({
      status: 'closed',
      stage: 'closed',
      outcome: key,
      closed_date: y28(f.closedDate),
      decision: null,
    });
    // 视为放弃: no decision, so no reply letter.
    expect(await db.selectFrom('application_documents').select('id').where('application_id', '=', w.id).where('kind', '=', 'reply').execute()).toEqual([]);
    // The notices were documents: the 登记回执 and the notice whose period lapsed.
    const kinds = (await db.selectFrom('application_documents').select('kind').where('application_id', '=', w.id).orderBy('kind').execute()).map((x) => x.kind);
    expect(kinds).toEqual(['notice-receipt', key === 'other.noCorrection' ? 'notice-correction' : 'notice-fee'].sort());
  });

  test('no ISO date in any email the applicant received (the receipt and the notice whose period lapsed)', async () => {
    walked(key);
    const received = smtp.messages.filter((m) => m.envelopeTo.includes(emailOf(key)));
    expect(received.map((m) => m.parsed.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^政府信息公开申请回执/)]));
    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const m of received) expect([m.parsed.subject, m.parsed.text]).toEqual([expect.not.stringMatching(ISO), expect.not.stringMatching(ISO)]);
  });
});

test('section 三 of 2026 counts each leaf row once, in the 自然人 column', async () => {
  const counts = await section3Counts(db, 2054); // 2026 on this timeline
  for (const key of outcomeKeys) expect([key, counts[key]?.[0]]).toEqual([key, 1]);
  expect(counts.total[0]).toBe(21);
});

// ---- refusals: a decision missing what its outcome needs changes nothing ----

/** Each row: an outcome's own fixture decision with one field taken out, or its prerequisite skipped. */
const refusals: { key: OutcomeKey; without: string; decision: () => DecisionInput; rule: RegExp }[] = [
  { key: 'partiallyGranted', without: 'withheld', decision: () => omit('partiallyGranted', 'withheld'), rule: /withheld：答复结果为“部分公开”的，应逐项列明不予公开的内容及理由（条例第三十七条 区分处理）/ },
  { key: 'granted', without: 'provision', decision: () => omit('granted', 'provision'), rule: /provision：答复结果为“予以公开”的，应写明提供信息的方式（条例第三十六条第（二）项、第四十条）/ },
  { key: 'withheld.stateSecret', without: 'reasons', decision: () => omit('withheld.stateSecret', 'reasons'), rule: /reasons：答复结果为“属于国家秘密”的，应写明理由（条例第三十六条：告知理由）/ },
  { key: 'unavailable.notHeld', without: 'legalBasis', decision: () => omit('unavailable.notHeld', 'legalBasis'), rule: /legalBasis：无效输入：期望 string，实际接收 undefined/ },
  { key: 'notProcessed.excessive', without: 'the Art. 35 reasons asked first', decision: () => decisionOf('notProcessed.excessive'), rule: /outcome：作出“无正当理由大量反复申请”的答复前，应先要求申请人说明理由（条例第三十五条）/ },
  {
    key: 'unavailable.unclearAfterCorrection',
    without: 'a corrected application',
    decision: () => decisionOf('unavailable.unclearAfterCorrection'),
    rule: /outcome：收到补正后的申请之后，才能作出“补正后申请内容仍不明确”的答复（条例第三十条）/,
  },
  ...automaticOutcomes.map((key) => ({
    key,
    without: 'its period lapsing (automatic)',
    decision: () => ({ outcome: key, legalBasis: `${law}第三十条`, reasons: '申请人逾期未补正或未缴费' }),
    rule: new RegExp(`outcome：“${outcomeName(key)}”由系统在期限届满时自动记录`),
  })),
];
function decisionOf(key: OutcomeKey): DecisionInput {
  const f = fixtures[key];
  if (f.kind !== 'decided') throw new Error(`${key} is not decided`);
  return structuredClone(f.decision);
}
function omit(key: OutcomeKey, field: keyof DecisionInput): DecisionInput {
  const { [field]: _omitted, ...rest } = decisionOf(key);
  return rest as DecisionInput;
}

let pending: Awaited<ReturnType<typeof register>>;
test.each(refusals)('$key without $without: refused by the validator, naming the rule; state and register unchanged', async ({ decision, rule }) => {
  pending ??= await register(90, y28('2026-12-30'));
  const h = pending.handle;
  const before = { state: await h.query(d.stateQuery), row: await registerRow(pending.id), events: await db.selectFrom('application_events').select('id').where('application_id', '=', pending.id).execute() };
  expect(before.state.stage).toBe('handling');
  const err = await h.executeUpdate(d.decideUpdate, { args: [{ ...handler, decision: decision() }] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe('Rule');
  expect(cause.message).toMatch(rule);
  expect(await h.query(d.stateQuery)).toEqual(before.state);
  expect(await registerRow(pending.id)).toEqual(before.row);
  expect(await db.selectFrom('application_events').select('id').where('application_id', '=', pending.id).execute()).toEqual(before.events);
});
