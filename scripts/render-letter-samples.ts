/**
 * Renders one reply letter per remedy kind and each notice an applicant can receive, as the activities write them,
 * then LibreOffice → PDF → PNG into docs/letters/, so a reader of docs/letters.md sees what an applicant gets.
 * Needs `soffice` (Debian: libreoffice-writer-nogui) and `pdftoppm` (poppler-utils). Fixed dates: the images change
 * only when the templates do.   npx tsx scripts/render-letter-samples.ts
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApplicationActivities, type NoticeKind } from '../activities/application';
import { smtpMailer } from '../activities/mail/transport';
import { loadConfig } from '../config';
import { intakeSchema, type Decision } from '../domain/application';
import { insertApplication } from '../register/applications';
import { migrateRegister, openRegister } from '../register/db';

const out = path.resolve(__dirname, '../docs/letters');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-letters-'));
const law = '《中华人民共和国政府信息公开条例》';

const letters: Array<[string, Decision]> = [
  ['reply-granted', { outcome: 'granted', legalBasis: `${law}第三十六条第（二）项`, reasons: '', provision: '以电子邮件方式提供《2026年度城乡低保资金发放汇总表》', withheld: [] } as Decision],
  ['reply-partially-granted', { outcome: 'partiallyGranted', legalBasis: `${law}第三十七条`, reasons: '名册中含有个人信息', provision: '邮寄提供删除个人信息后的名册', withheld: [{ what: '保障对象身份证号码、家庭住址', why: '公开后可能对第三方合法权益造成损害' }] } as Decision],
  ['reply-withheld-state-secret', { outcome: 'withheld.stateSecret', legalBasis: `${law}第十四条`, reasons: '经审查，所申请信息经依法确定为国家秘密', withheld: [] } as Decision],
  ['reply-not-held', { outcome: 'unavailable.notHeld', legalBasis: `${law}第三十六条第（五）项`, reasons: '', withheld: [], competentAgency: { name: '示例市自然资源局', contact: '0746-1234567' } } as Decision],
];
const notices: Array<[NoticeKind, string, Record<string, string | number>]> = [
  ['receipt', 'receipt', { due: '2026-12-29' }],
  ['correction', 'correction', { items: '1. 请明确所需信息的文件名称或文号\n2. 请说明信息的形成时间', periodWorkdays: 10 }],
  ['extension', 'extension', { reason: '所需信息涉及多个科室的档案，需要逐件检索核对', workdays: 20, due: '2027-01-27' }],
  ['fee', 'fee', { amount: 700, computation: '按量计收（国办函〔2020〕109号第五条，超额累进）：共100页，其中第1至30页免费，第31至100页70页×10元=700元，合计700元', pause: '按本机关规定，缴费期间不计入答复期限。' }],
  ['consultation-third-party', 'consultation-1', { addressee: '某某物业服务有限公司', n: 1 }],
  ['art35', 'art35', {}],
];

async function main(): Promise<void> {
  const config = loadConfig({ DATA_DIR: work, AGENCY_NAME: '示例市民政局', AGENCY_CODE: 'SMZ', REVIEW_AUTHORITY: '示例市人民政府', COURT: '示例市示例区人民法院' });
  const db = openRegister(`sqlite:${path.join(work, 'register.db')}`);
  await migrateRegister(db);
  const acts = createApplicationActivities({ db, mailer: smtpMailer('smtp://127.0.0.1:1'), config });
  let n = 0;
  const application = async () => {
    n++;
    const intake = intakeSchema.parse({
      channel: 'in-person', submittedOn: '2026-12-01',
      applicant: { type: 'naturalPerson', name: '王小明', idDocument: { number: '430602199001011234' }, address: '湖南省永州市零陵区南津中路12号' },
      content: '申请公开2026年度本区城乡低保资金发放名册',
    });
    return (await insertApplication(db, { intake, agencyCode: 'SMZ', actor: 'sun.li', now: `2026-12-01T0${n % 10}:00:00.000Z` })).row;
  };
  const docs: Array<[string, string]> = [];
  for (const [name, decision] of letters) docs.push([name, (await acts.renderReplyLetter({ id: (await application()).id, decision, date: '2026-12-18', version: 1 })).path]);
  for (const [kind, key, vars] of notices) docs.push([`notice-${kind}`, (await acts.renderNotice({ id: (await application()).id, kind, key, date: '2026-12-03', vars })).path]);
  await db.destroy();
  fs.mkdirSync(out, { recursive: true });
  for (const [name, docx] of docs) {
    const copy = path.join(work, `${name}.docx`);
    fs.copyFileSync(docx, copy);
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', work, copy], { stdio: 'ignore', env: { ...process.env, HOME: work } });
    const pdf = path.join(work, `${name}.pdf`);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    for (let page = 1; page <= pages; page++) {
      // At a size a reader can read on screen; page 2 onwards beside page 1 as NAME-page2.png.
      const png = page === 1 ? name : `${name}-page${page}`;
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', String(page), '-l', String(page), pdf, path.join(out, png)]);
      console.log(`docs/letters/${png}.png`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
