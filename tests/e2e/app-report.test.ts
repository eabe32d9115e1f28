import * as fs from 'node:fs';
import { appBed } from './app-bed';

/**
 * Journey 4 (in part) in the console app, in Chromium, through the UI only: the office head starts the year's
 * annual report naming its editor; the editor fills sections 一, 二 (the figures, in the form), 五 and 六, sees the
 * cross-checks pass, previews it in the national format, downloads the DOCX and submits it to review. The year is
 * the one the page offers (last year); nothing asserted depends on it. Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(300_000);

const bed = appBed('app-report');



test('the office head starts the report; the editor fills it, previews it, downloads it and submits it', async () => {
  const head = await bed.as('sun.li');
  await head.getByRole('link', { name: '年度报告' }).click();
  await head.locator('#report-start').waitFor();
  await head.getByLabel('填写人').click();
  await head.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '刘洋' }).click();
  await head.getByRole('button', { name: '开始编制' }).click();
  await head.locator('#report-state', { hasText: '待填写' }).waitFor({ timeout: 60_000 });

  const editor = await bed.as('liu.yang');
  await editor.getByRole('link', { name: '年度报告' }).click();
  await editor.locator('#report-state', { hasText: '待填写' }).waitFor();
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('请填写第五部分').waitFor();
  for (const input of await editor.locator('#report-form input[role=spinbutton]').all()) await input.fill('0');
  await editor.getByLabel('五、存在的主要问题及改进情况').fill('一是主动公开的及时性有待提高；二是依申请公开答复的规范化水平有待加强。');
  await editor.getByLabel('六、其他需要报告的事项').fill('本年度未收取信息处理费。');
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('已保存').waitFor();
  await editor.getByText('交叉校验全部通过。').waitFor();
  await bed.shot(editor, '40-report-filled');

  const preview = await editor.request.get(`${bed.base}${await editor.locator('#report-preview').getAttribute('href')}`);
  expect(preview.status()).toBe(200);
  expect(await preview.text()).toContain('政府信息公开工作年度报告');
  const [download] = await Promise.all([editor.waitForEvent('download'), editor.getByRole('link', { name: '下载 DOCX' }).click()]);
  expect(fs.readFileSync(await download.path()).subarray(0, 2).toString()).toBe('PK');

  await editor.getByRole('button', { name: '送审' }).click();
  await editor.locator('#report-state', { hasText: '审核中' }).waitFor({ timeout: 30_000 });
});
