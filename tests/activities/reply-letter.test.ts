/**
 * The reply letter and the applicant's notices as the activities render them (issue 15, parts 1 and 4), without a
 * workflow: a letter for each of the 21 outcomes, rendered to DOCX and read back.
 * - The remedy paragraph (条例 第五十一条): since 2024-01-01 a refusal to disclose goes to 行政复议 first
 *   (行政复议法 2023 第二十三条第一款第（四）项): every withheld.* letter offers 复议 only, litigation after the
 *   复议决定; partiallyGranted offers that for its withheld part; every other letter offers both routes. The
 *   configured 复议机关 and court are named; unset, none is invented.
 * - GB/T 9704-2012: 2026年12月1日 (never 2026-12-01) in the letter and in every email to the applicant; the 发文字号
 *   〔2026〕7号 without 第; the agency's name and the date at the end, with room for the seal; 仿宋_GB2312 /
 *   方正小标宋简体 with their fallbacks named.
 * - What 第三十九条 and 第三十六条第（五）项 make the letter say.
 * The expected sentences are written out here, not read from the templates.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createApplicationActivities } from '../../activities/application';
import { withChineseDates } from '../../activities/application/letter';
import { replyLetterLines } from '../../activities/application/reply';
import { letterHtml } from '../../domain/application/letterHtml';
import { chineseDate } from '../../domain/calendar';
import { smtpMailer } from '../../activities/mail/transport';
import { intakeSchema, type Decision } from '../../domain/application';
import { outcomeKeys, type OutcomeKey } from '../../domain/outcomes';
import { insertApplication } from '../../register/applications';
import type { Register } from '../../register/db';
import { testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { docxParagraphs, unzip } from './report-helpers';

const REVIEW_AUTHORITY = '测试市人民政府';
const COURT = '测试市测试区人民法院';
const AGENCY = '测试市测试局';
const law = '《中华人民共和国政府信息公开条例》';
const ISO = /\d{4}-\d{2}-\d{2}/;

let db: Register;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-reply-letter-'));
beforeAll(async () => {
  [db] = await Promise.all([freshRegister(), smtp.start()]);
});
afterAll(async () => Promise.all([db?.destroy(), smtp.stop()]));

function activities(overrides: Record<string, string> = { REVIEW_AUTHORITY, COURT }) {
  const config = testConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir, ...overrides });
  return createApplicationActivities({ db, mailer: smtpMailer(smtp.url), config });
}

let n = 0;
/** An application received in person on 2026-12-01 (a fixed date: nothing here reads the clock). */
async function application(extra: Record<string, unknown> = {}) {
  n++;
  const intake = intakeSchema.parse({
    channel: 'in-person',
    submittedOn: '2026-12-01',
    applicant: { type: 'naturalPerson', name: `申请人${n}`, idDocument: { number: `43060219900101${String(1000 + n)}` }, email: `applicant-${n}@test.local` },
    content: `申请公开第${n}号事项的相关文件`,
    ...extra,
  });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'sun.li', now: '2026-12-01T01:00:00.000Z' });
  return row;
}

/** A decision for every outcome (the two automatic ones never get a letter from the workflow, but render the same). */
function decision(key: OutcomeKey): Decision {
  const base = { outcome: key, legalBasis: `${law}第三十六条`, reasons: '经2026-11-30检索，情况如上', withheld: [] } as Decision;
  if (key === 'granted') return { ...base, legalBasis: `${law}第三十六条第（二）项`, reasons: '', provision: '以电子邮件方式提供《2026年度汇总表》' };
  if (key === 'partiallyGranted') return { ...base, legalBasis: `${law}第三十七条`, provision: '邮寄提供删除个人信息后的名册', withheld: [{ what: '身份证号码', why: '个人隐私' }] };
  if (key === 'unavailable.notHeld') return { ...base, legalBasis: `${law}第三十六条第（五）项`, competentAgency: { name: '测试市自然资源局', contact: '0746-1234567' } };
  return base;
}

async function render(key: OutcomeKey, d: Decision = decision(key), acts = activities(), extra: Record<string, unknown> = {}) {
  const row = await application(extra);
  const r = await acts.renderReplyLetter({ id: row.id, decision: d, date: '2026-12-01', version: 1 });
  const file = fs.readFileSync(r.path);
  const paragraphs = docxParagraphs(file);
  return { row, r, file, paragraphs, text: paragraphs.join('\n') };
}

// Written out, for a reader to check against 行政复议法 第二十条、第二十三条 and 行政诉讼法 第四十六条.
const refusalOnly = `如对本答复不服，可以自收到本答复之日起六十日内依法向${REVIEW_AUTHORITY}申请行政复议；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。`;
const eitherRoute = `如对本答复不服，可以自收到本答复之日起六十日内依法向${REVIEW_AUTHORITY}申请行政复议，或者自收到本答复之日起六个月内依法向${COURT}提起行政诉讼。`;
const splitRoutes =
  `对本答复中不予公开的部分不服的，可以自收到本答复之日起六十日内依法向${REVIEW_AUTHORITY}申请行政复议；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。` +
  `对本答复的其他内容不服的，可以自收到本答复之日起六十日内依法向${REVIEW_AUTHORITY}申请行政复议，或者自收到本答复之日起六个月内依法向${COURT}提起行政诉讼。`;

describe.each(outcomeKeys)('%s', (key) => {
  test('the handler\'s preview is the DOCX: the same lines from the same templates, laid out as HTML', async () => {
    const { row, paragraphs } = await render(key);
    const lines = replyLetterLines(row, decision(key), '2026-12-01', testConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir, REVIEW_AUTHORITY, COURT }));
    expect(lines).toEqual(paragraphs);
    const html = letterHtml(lines, { draft: '预览' });
    expect(html).toContain(`<h1>${lines[0]}</h1>`);
    expect(html).toContain(`<p class="number">${lines[1]}</p>`);
    expect(html).toMatch(new RegExp(`<p class="sign first"[^>]*>${AGENCY}</p>\\n<p class="sign"[^>]*>2026年12月1日</p>`));
    expect(html).toContain('<div class="draft">预览</div>');
    expect(html).not.toMatch(/<script/i);
  });

  test('the remedy paragraph: 复议 only for a refusal, both routes otherwise; the 复议机关 and the court named', async () => {
    const { paragraphs } = await render(key);
    const remedy = paragraphs.at(-3);
    if (key.startsWith('withheld.')) {
      expect(remedy).toBe(refusalOnly);
      expect(paragraphs.join('\n')).not.toMatch(/六个月|或者.*提起行政诉讼/);
      expect(paragraphs.join('\n')).not.toContain(COURT);
    } else if (key === 'partiallyGranted') {
      expect(remedy).toBe(splitRoutes);
    } else {
      expect(remedy).toBe(eitherRoute);
    }
  });

  test('no ISO date anywhere in the letter; 发文字号 without 第; the agency, then the date in words, at the end', async () => {
    const { row, file, paragraphs, text } = await render(key);
    expect(text).not.toMatch(ISO);
    expect(unzip(file).get('word/document.xml')!.toString('utf8')).not.toMatch(ISO);
    expect(paragraphs[1]).toBe(`TEST〔2026〕${row.sequence}号`);
    expect(paragraphs[1]).not.toContain('第');
    expect(paragraphs.slice(-2)).toEqual([AGENCY, '2026年12月1日']);
    expect(text).toContain('本机关于2026年12月1日收到您提出的政府信息公开申请');
    // The staff's reasons had an ISO date in them: it reads as the letter's own dates do.
    if (decision(key).reasons) expect(text).toContain('经2026年11月30日检索');
    expect(text).not.toMatch(/\{\{|undefined|null/);
  });
});

test('chineseDate writes the full year and no leading zeros; withChineseDates leaves registration numbers alone', () => {
  expect(chineseDate('2025-03-20')).toBe('2025年3月20日');
  expect(chineseDate('2026-12-01')).toBe('2026年12月1日');
  expect(() => chineseDate('2026-1-1')).toThrow(/YYYY-MM-DD/);
  expect(withChineseDates('TEST-2026-0012 于 2026-01-05 收到，2026-10-10 答复')).toBe('TEST-2026-0012 于 2026年1月5日 收到，2026年10月10日 答复');
});

test('REVIEW_AUTHORITY and COURT unset: no 复议机关 or court is invented; the remedies and periods are still stated', async () => {
  const bare = activities({});
  const withheld = await render('withheld.stateSecret', decision('withheld.stateSecret'), bare);
  expect(withheld.paragraphs.at(-3)).toBe('如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。');
  const granted = await render('granted', decision('granted'), bare);
  expect(granted.paragraphs.at(-3)).toBe('如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法提起行政诉讼。');
  for (const t of [withheld.text, granted.text]) expect(t).not.toMatch(/向申请|向提起|undefined|null|人民政府/);
});

test('GB/T 9704: 仿宋_GB2312 body, 方正小标宋简体 title, fallbacks in the font table; the seal space and the date four characters from the right', async () => {
  const { file } = await render('granted');
  const files = unzip(file);
  const doc = files.get('word/document.xml')!.toString('utf8');
  expect(doc).toContain('w:eastAsia="仿宋_GB2312"');
  expect(doc).toContain('w:eastAsia="方正小标宋简体"');
  const fonts = files.get('word/fontTable.xml')!.toString('utf8');
  expect(fonts).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/>/);
  expect(fonts).toMatch(/<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
  const paras = [...doc.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
  const [agencyP, dateP] = paras.slice(-2);
  expect(agencyP).toContain(AGENCY);
  // Two lines (2 × 560 twips) left above the signature for the seal.
  expect(agencyP).toMatch(/w:before="1120"/);
  // 成文日期 右空四字: 4 × 320 twips at 三号.
  expect(dateP).toMatch(/<w:ind w:right="1280"\/>/);
  expect(dateP).toMatch(/<w:jc w:val="right"\/>/);
});

test('the way the letter is delivered is a sentence of its own, from the intake', async () => {
  const posted = await render('granted');
  expect(posted.paragraphs).toContain('本答复书以邮寄方式送达。');
  expect(posted.paragraphs).toContain('以电子邮件方式提供《2026年度汇总表》。');
  const emailed = await render('granted', decision('granted'), activities(), { delivery: 'email' });
  expect(emailed.paragraphs).toContain('本答复书以电子邮件方式送达。');
  const collected = await render('partiallyGranted', decision('partiallyGranted'), activities(), { delivery: 'collect' });
  expect(collected.paragraphs).toContain('本答复书以直接送达方式送达，请您到本机关领取。');
  // Each withheld part with its reason, as a sentence.
  expect(collected.paragraphs).toContain('不予公开的内容及理由：身份证号码（个人隐私）。');
});

test('第三十九条第一款: a petition is not treated as an application, and the right channel is named', async () => {
  const channel = '请通过测试市12345政务服务便民热线或者到测试市信访局（人民路1号）提出。';
  const { paragraphs } = await render('notProcessed.petition', { ...decision('notProcessed.petition'), provision: channel });
  expect(paragraphs).toContain(`依照${law}第三十九条第一款，您提出的事项属于信访、投诉、举报，不作为政府信息公开申请处理。${channel}`);
  const fallback = await render('notProcessed.petition');
  expect(fallback.text).toContain('不作为政府信息公开申请处理。请您依照《信访工作条例》的规定，通过信访渠道向有权处理的机关提出。');
});

test('第三十九条第二款: for a 公开出版物 the letter says how to obtain it', async () => {
  const how = '《测试市年鉴（2025）》由测试出版社出版，可在新华书店购买，或到测试市图书馆查阅';
  const { paragraphs } = await render('notProcessed.publication', { ...decision('notProcessed.publication'), provision: how });
  expect(paragraphs).toContain(`您申请获取的信息已收入公开出版物。依照${law}第三十九条第二款，告知您获取途径：${how}。`);
});

test('第三十六条第（五）项: "不属于本机关负责公开", with the competent agency and its contact; not for 第（四）项', async () => {
  const { paragraphs } = await render('unavailable.notHeld');
  expect(paragraphs).toContain('您申请获取的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为测试市自然资源局，联系方式：0746-1234567。');
  const unknown = await render('unavailable.notHeld', { ...decision('unavailable.notHeld'), competentAgency: undefined });
  expect(unknown.paragraphs).toContain('您申请获取的政府信息不属于本机关负责公开。本机关无法确定负责公开该政府信息的行政机关。');
  const notExisting = await render('unavailable.notHeld', { ...decision('unavailable.notHeld'), legalBasis: `${law}第三十六条第（四）项`, competentAgency: undefined });
  expect(notExisting.text).not.toContain('不属于本机关负责公开');
});

test('every email to the applicant has its dates in words: the workflows pass ISO dates, the activity writes them out', async () => {
  const acts = activities();
  const row = await application();
  // The applicant's templates, with the variables the workflow passes (workflows/application/*.ts).
  const notices: { template: string; vars: Record<string, string | number>; words: string[] }[] = [
    { template: 'application-receipt', vars: { due: '2026-12-29' }, words: ['本机关已于2026年12月1日收到', '（2026年12月29日前）'] },
    { template: 'application-correction', vars: { periodEnd: '2026-12-15', items: '1. 请说明所需信息的名称' }, words: ['您于2026年12月1日提出', '请于2026年12月15日前补正'] },
    { template: 'application-extension', vars: { reason: '需调取档案', workdays: 20, due: '2027-01-27' }, words: ['至2027年1月27日。'] },
    { template: 'application-fee', vars: { amount: 4700, basis: '按量收费', payBy: '2026-12-29' }, words: ['请于2026年12月29日前缴纳'] },
    { template: 'application-art35', vars: {}, words: [] },
    { template: 'application-reply', vars: { outcomeLabel: '予以公开', date: '2026-12-01', method: '邮寄（交邮）' }, words: ['答复书已于2026年12月1日以邮寄（交邮）方式送达。'] },
  ];
  for (const [i, m] of notices.entries()) {
    const before = smtp.messages.length;
    const ctx = new MockActivityEnvironment({ activityId: String(i + 1), workflowType: 'handleApplication', workflowExecution: { workflowId: `application-${row.id}`, runId: 'run-1' } });
    expect(await ctx.run(acts.notifyApplicant, { id: row.id, template: m.template, vars: m.vars })).toEqual({ sent: true });
    await smtp.waitFor(before + 1);
    const mail = smtp.messages[before];
    expect(mail.parsed.text).not.toMatch(ISO);
    expect(mail.parsed.subject).not.toMatch(ISO);
    for (const w of m.words) expect(mail.parsed.text).toContain(w);
  }
});
