/**
 * The notices of an application as `renderNotice` renders them (issue 15, part 3), without a workflow: each
 * template to a numbered DOCX, read back, recorded among the case's documents. The expected sentences are written
 * out here (what 条例 第三十条, 第三十二条, 第三十三条, 第三十四条, 第三十五条 and 国办函〔2020〕109号 require each
 * notice to say), not read from the templates. Dates are 2026年12月1日, never ISO (GB/T 9704-2012).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApplicationActivities, type NoticeKind } from '../../activities/application';
import { smtpMailer } from '../../activities/mail/transport';
import { feeComputation, intakeSchema } from '../../domain/application';
import { applicationDocuments, insertApplication } from '../../register/applications';
import type { Register } from '../../register/db';
import { testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { docxParagraphs } from './report-helpers';

const ISO = /\d{4}-\d{2}-\d{2}/;
let db: Register;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-notice-'));
beforeAll(async () => {
  db = await freshRegister();
});
afterAll(async () => db?.destroy());

const acts = () => createApplicationActivities({ db, mailer: smtpMailer('smtp://127.0.0.1:1'), config: testConfig({ DATA_DIR: dataDir }) });

let n = 0;
/** An application received in person on 2026-12-01, without an email address: the notice is produced all the same. */
async function application() {
  n++;
  const intake = intakeSchema.parse({
    channel: 'in-person',
    submittedOn: '2026-12-01',
    applicant: { type: 'naturalPerson', name: `申请人${n}`, idDocument: { number: `43060219900101${String(1000 + n)}` }, address: '湖南省永州市零陵区南津中路12号' },
    content: `申请公开第${n}号事项的相关文件`,
  });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'sun.li', now: '2026-12-01T01:00:00.000Z' });
  return row;
}

async function render(kind: NoticeKind, key: string, vars: Record<string, string | number>) {
  const row = await application();
  const r = await acts().renderNotice({ id: row.id, kind, key, date: '2026-12-03', vars });
  const paragraphs = docxParagraphs(fs.readFileSync(r.path));
  const text = paragraphs.join('\n');
  expect(text).not.toMatch(ISO);
  expect(paragraphs.at(-1)).toBe('2026年12月3日');
  expect(text).toContain(`本机关于2026年12月1日收到`);
  return { row, r, paragraphs, text };
}

test('登记回执: numbered 受〔year〕sequence号, the registration number, the 20-working-day reply date in words; recorded as a document', async () => {
  const { row, r, paragraphs, text } = await render('receipt', 'receipt', { due: '2026-12-29' });
  expect(paragraphs[0]).toBe('政府信息公开申请登记回执');
  expect(paragraphs[1]).toBe(`TEST受〔${row.year}〕${row.sequence}号`);
  expect(text).toContain(`登记号为${row.id}`);
  expect(text).toContain('自收到申请之日起20个工作日内予以答复，即于2026年12月29日前答复');
  expect(await applicationDocuments(db, row.id)).toMatchObject([{ id: `${row.id}/notice-receipt`, kind: 'notice-receipt', path: r.path, sha256: r.sha256 }]);
  // Idempotent: the same key rewrites the same file and row.
  const again = await acts().renderNotice({ id: row.id, kind: 'receipt', key: 'receipt', date: '2026-12-03', vars: { due: '2026-12-29' } });
  expect(again.path).toBe(r.path);
  expect(await applicationDocuments(db, row.id)).toHaveLength(1);
});

test('补正告知书 (第三十条): every item, the period from receipt, the restart of the reply period, 视为放弃', async () => {
  const { paragraphs, text } = await render('correction', 'correction', { items: '1. 请明确所需信息的文件名称或文号\n2. 请说明信息的形成时间', periodWorkdays: 10 });
  expect(paragraphs[0]).toBe('补正申请告知书');
  expect(paragraphs[1]).toMatch(/^TEST补〔\d{4}〕\d+号$/);
  expect(paragraphs).toEqual(expect.arrayContaining(['1. 请明确所需信息的文件名称或文号', '2. 请说明信息的形成时间']));
  expect(text).toContain('第三十条');
  expect(text).toContain('请您自收到本告知书之日起10个工作日内，向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。');
  expect(text).toContain('您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。');
});

test('延期答复告知书 (第三十三条第二款): the reason, the approval, the days and the new date in words', async () => {
  const { paragraphs, text } = await render('extension', 'extension', { reason: '需要调取2019-05-01前的档案', workdays: 20, due: '2027-01-27' });
  expect(paragraphs[0]).toBe('延期答复告知书');
  expect(text).toContain('因需要调取2019年5月1日前的档案，本机关不能在规定的期限内作出答复。');
  expect(text).toContain('第三十三条第二款');
  expect(text).toContain('经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，本机关将于2027年1月27日前作出答复。');
});

test('收费通知书 (109号): amount, how computed, how to pay, 20 working days from the day after receipt, 视为放弃', async () => {
  const computation = feeComputation({ method: 'perPage', pages: 250 });
  expect(computation).toBe('按量计收（国办函〔2020〕109号第五条，超额累进）：共250页，其中第1至30页免费，第31至100页70页×10元=700元，第101至200页100页×20元=2000元，第201至250页50页×40元=2000元，合计4700元');
  expect(feeComputation({ method: 'perApplication', monthlyCount: 12 })).toContain('本自然月内提出的第12件申请，该档收费标准为每件100元，合计100元');
  const { row, text } = await render('fee', 'fee', { amount: 4700, computation, pause: '按本机关规定，缴费期间不计入答复期限。' });
  expect(text).toContain('您的申请应缴纳信息处理费4700元。');
  expect(text).toContain(`计算方式：${computation}。`);
  expect(text).toContain(`缴纳方式：请持本通知书到本机关政务公开办公室缴纳，或者通过本机关提供的非税收入缴款渠道缴纳，缴纳时请注明登记号 ${row.id}。`);
  expect(text).toContain('请您自收到本通知书的次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。按本机关规定，缴费期间不计入答复期限。');
});

test('第三方意见征询函 (第三十二条): to the third party, not naming the applicant; what is asked, 15 working days from receipt, silence', async () => {
  const { row, paragraphs, text } = await render('consultation-third-party', 'consultation-1', { addressee: '某某物业服务有限公司', n: 1 });
  expect(paragraphs[0]).toBe('第三方意见征询函');
  expect(paragraphs[1]).toBe(`TEST征〔${row.year}〕${row.sequence}-1号`);
  expect(paragraphs[2]).toBe('某某物业服务有限公司：');
  expect(text).not.toContain(row.applicant_name);
  expect(text).toContain('现书面征求您的意见：您是否同意公开该政府信息；不同意公开的，请说明理由。');
  expect(text).toContain('请您自收到本函之日起15个工作日内，以书面形式向本机关提出意见。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。');
});

test('征求意见函 (第三十四条): to the other agency; 15 working days from receipt; silence is consent', async () => {
  const { row, paragraphs, text } = await render('consultation-other-agency', 'consultation-2', { addressee: '测试市自然资源局', n: 2 });
  expect(paragraphs[0]).toBe('征求意见函');
  expect(paragraphs[1]).toBe(`TEST征〔${row.year}〕${row.sequence}-2号`);
  expect(text).not.toContain(row.applicant_name);
  expect(text).toContain('第三十四条');
  expect(text).toContain('请贵机关自收到本函之日起15个工作日内提出意见。逾期未提出意见的，视为同意公开。');
});

test('说明理由告知书 (第三十五条): asks for reasons; what follows either way', async () => {
  const { paragraphs, text } = await render('art35', 'art35', {});
  expect(paragraphs[0]).toBe('说明理由告知书');
  expect(text).toContain('第三十五条的规定，请您以书面形式向本机关说明理由。');
  expect(text).toContain('本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理，但无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知您。');
});
