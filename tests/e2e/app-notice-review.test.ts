import { unzipSync, strFromU8 } from 'fflate';
import { appBed, stageIs, pick } from './app-bed';
import { shanghaiDate } from '../../domain/calendar';

/**
 * Issue 15 §3 in the console, in Chromium: the administrator has notices reviewed before they go out (审核策略); the
 * handler's 补正 notice then waits for its review, and its receipt cannot be recorded; the 科室负责人 returns it from
 * 我的待办, the handler revises it, and once approved it is issued with the revised text, which the DOCX carries.
 */
jest.setTimeout(300_000);

const bed = appBed('app-notice-review');
let id = '';
const title = () => `${id} 补正申请告知书`;

test('the administrator switches on the review of notices', async () => {
  const admin = await bed.as('admin');
  await admin.goto(bed.url('/admin?tab=policies'));
  await admin.locator('#policy-category').click();
  await pick(admin, '依申请公开告知书');
  const form = admin.locator('#policy-form');
  await form.getByText('告知书发出前须经审核').waitFor();
  expect(await admin.locator('#policy-enabled').isChecked()).toBe(false);
  await admin.locator('#policy-enabled').check();
  await form.getByRole('button', { name: '保存审核策略' }).click();
  await admin.getByText('已保存“依申请公开告知书”的审核策略').waitFor();
  await bed.shot(admin, '55-admin-notice-policy');
  // Items are always reviewed: their policies have no such switch.
  await admin.locator('#policy-category').click();
  await pick(admin, '工作动态');
  await form.locator('.gk-stage').nth(2).waitFor();
  expect(await admin.locator('#policy-enabled').count()).toBe(0);
});

test('the handler sends a 补正 notice: it waits for its review, and its receipt cannot be recorded yet', async () => {
  const api = await bed.api('liu.yang');
  const { data } = await api.POST('/api/applications', {
    body: { channel: 'in-person', submittedOn: shanghaiDate(new Date()), applicant: { type: 'naturalPerson', name: '王小明', idDocument: { number: '430000199001011234' }, email: 'wang@test.local' }, content: '本局2025年度低保资金发放情况' },
  });
  id = data!.id;
  const handler = await bed.as('liu.yang');
  await handler.goto(bed.url(`/applications/${id}`));
  await handler.getByRole('button', { name: '认领此申请' }).click({ timeout: 30_000 });
  await stageIs(handler, '办理中');
  await handler.fill('#items', '请写明所需信息的年度和区域');
  await handler.getByRole('button', { name: '发出补正告知书' }).click();
  await stageIs(handler, '待补正');
  const docs = handler.locator('#documents');
  await docs.getByText('审核中，尚未发出').waitFor({ timeout: 15_000 });
  await handler.getByRole('button', { name: '登记送达日期' }).click();
  await handler.getByText('补正申请告知书正在审核中，尚未发出').waitFor();
  await bed.shot(handler, '56-notice-in-review');
  expect(bed.smtp.messages.filter((m) => m.envelopeTo.includes('wang@test.local')).map((m) => m.parsed.subject).join()).not.toContain('补正');
});

test('the 科室负责人 returns it from 我的待办; the handler revises it; approved, it is issued with the revised text', async () => {
  const head = await bed.as('li.na');
  await head.getByRole('link', { name: title() }).click({ timeout: 30_000 });
  await head.getByRole('button', { name: '认领此任务' }).click();
  await head.getByText('您已认领此任务。').waitFor();
  await head.fill('#reason', '请写明补正的期限和逾期不补正的后果。');
  await head.getByRole('button', { name: '退回修改' }).click();
  await head.locator('#item-status', { hasText: '退回修改' }).waitFor();

  const handler = await bed.as('liu.yang');
  await handler.getByRole('link', { name: title() }).click({ timeout: 30_000 });
  await handler.getByText('退回理由：请写明补正的期限和逾期不补正的后果。').waitFor();
  const body = await handler.inputValue('#body');
  await handler.fill('#body', body.replace('请写明所需信息的年度和区域', '请写明所需信息的年度和区域（如2025年度、某某街道）'));
  await handler.getByRole('button', { name: '修改后重新提交' }).click();
  await handler.locator('#item-status', { hasText: '审核中' }).waitFor();

  await head.reload();
  await head.getByRole('button', { name: '审核通过' }).click({ timeout: 30_000 });
  await head.getByText('已审核通过').waitFor();

  await handler.goto(bed.url(`/applications/${id}`));
  await handler.locator('#documents').getByText('已审核发出').waitFor({ timeout: 30_000 });
  await handler.locator('#events', { hasText: '告知书审核通过并发出' }).waitFor({ timeout: 15_000 });
  await bed.shot(handler, '57-notice-issued');
  const link = handler.locator('#documents a', { hasText: '补正申请告知书' });
  const res = await handler.request.get(`${bed.base}${await link.getAttribute('href')}`);
  const xml = strFromU8(unzipSync(new Uint8Array(await res.body()))['word/document.xml']);
  expect(xml).toContain('某某街道');
  const mails = () => bed.smtp.messages.filter((m) => m.envelopeTo.includes('wang@test.local')).map((m) => m.parsed.subject ?? '');
  for (let i = 0; i < 100 && !mails().some((s) => s.includes('补正')); i++) await new Promise((r) => setTimeout(r, 100));
  expect(mails().filter((s) => s.includes('补正'))).toHaveLength(1);
});
