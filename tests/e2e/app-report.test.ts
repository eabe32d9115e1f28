import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { testConfig } from '../../testing/deps';
import { appBed, pick } from './app-bed';

/**
 * Journey 5 in the console app, in Chromium, through the UI only: the office head starts the year's annual report
 * naming its editor; the editor fills sections 一, 二 (the figures, in the form), 五 and 六, sees the cross-checks
 * pass, previews it in the national format and submits it; 科室负责人 returns it with a reason, the editor withdraws
 * the review copy, amends it and submits again; the four signatures its review names (初审, 复审 with 保密审查, 终审,
 * 主要负责人审签) are given on the report's page, each shown as a step with who and when; once published, the DOCX
 * and the HTML are downloaded. The year is the one the page offers (last year); nothing asserted depends on it.
 * Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(400_000);

const bed = appBed('app-report');
const steps = (page: Page) => page.locator('#report-steps').innerText();

/** A reviewer opens 年度报告 and approves the report at the stage that is theirs. */
async function approve(user: string, opts: { checklist?: boolean; comment?: string } = {}): Promise<Page> {
  const page = await bed.as(user);
  await page.getByRole('link', { name: '年度报告', exact: true }).click();
  await page.locator('#report-state', { hasText: '审核中' }).waitFor();
  if (opts.checklist) {
    await page.getByRole('button', { name: '审核通过' }).click();
    await page.getByText('请逐项确认全部保密审查事项').waitFor();
    for (const box of ['不涉及国家秘密', '不含个人信息', '不含商业秘密', '公开属性为主动公开']) await page.getByText(box).click();
  }
  if (opts.comment) await page.fill('#comment', opts.comment);
  await page.getByRole('button', { name: '审核通过' }).click();
  await page.getByText('已审核通过').waitFor();
  return page;
}

test('the office head starts the report; the editor fills it, previews it in the national format and submits it', async () => {
  const head = await bed.as('sun.li');
  await head.getByRole('link', { name: '年度报告', exact: true }).click();
  await head.locator('#report-start').waitFor();
  await head.getByLabel('填写人').click();
  await pick(head, '刘洋');
  await head.getByRole('button', { name: '开始编制' }).click();
  await head.locator('#report-state', { hasText: '待填写' }).waitFor({ timeout: 60_000 });

  const editor = await bed.as('liu.yang');
  await editor.getByRole('link', { name: '年度报告', exact: true }).click();
  await editor.locator('#report-state', { hasText: '待填写' }).waitFor();
  // What is still empty is named as the template names it (section 一 starts as a draft from the register).
  await editor.getByText(/^尚有 \d+ 处待填写：第二部分 规章 · 本年制发件数、.* 等$/).waitFor();
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('请填写第五部分').waitFor();
  for (const input of await editor.locator('#report-form input[role=spinbutton]').all()) await input.fill('0');
  await editor.getByLabel('五、存在的主要问题及改进情况').fill('一是主动公开的及时性有待提高；二是依申请公开答复的规范化水平有待加强。');
  await editor.getByLabel('六、其他需要报告的事项').fill('本年度未收取信息处理费。');
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('已保存').waitFor();
  await editor.getByText('交叉校验全部通过。').waitFor();
  expect(await steps(editor)).toMatch(/编制[\s\S]*填写中[\s\S]*发布/);
  await bed.shot(editor, '50-report-filled');

  // A number of the narrative that the tables contradict is named in the clerk's words: no check number, no code.
  const section1 = editor.getByLabel('一、总体情况');
  const drafted = await section1.inputValue();
  expect(drafted).toContain('行政复议0件');
  await section1.fill(drafted.replace('行政复议0件', '行政复议2件'));
  await editor.getByRole('button', { name: '保存' }).click();
  const failure = editor.locator('#report-checks .ant-list-item').first();
  await failure.waitFor();
  expect(await failure.innerText()).toMatch(/^第一部分：叙述“[^”]*行政复议2件[^”]*”中为 2，第四部分「行政复议」总计为 0（叙述中的数字必须与表格和登记簿一致）$/);
  expect(await editor.getByRole('button', { name: '送审' }).isDisabled()).toBe(true);
  await bed.shot(editor, '50a-report-check-failed');
  await section1.fill(drafted);
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('交叉校验全部通过。').waitFor();

  // The national format: sections 一 to 六, section 三's table of applicants.
  const preview = await editor.request.get(`${bed.base}${await editor.locator('#report-preview').getAttribute('href')}`);
  expect(preview.status()).toBe(200);
  const html = await preview.text();
  expect(html).toContain('政府信息公开工作年度报告');
  expect(html).toContain('自然人'); // section 三: applicants by kind
  for (const part of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) expect(html).toContain(part);
  const [draft] = await Promise.all([editor.waitForEvent('download'), editor.getByRole('link', { name: '下载草稿 DOCX' }).click()]);
  expect(fs.readFileSync(await draft.path()).subarray(0, 2).toString()).toBe('PK');

  await editor.getByRole('button', { name: '送审' }).click();
  await editor.locator('#report-state', { hasText: '审核中' }).waitFor({ timeout: 30_000 });
  await editor.locator('#report-steps', { hasText: '初审' }).waitFor({ timeout: 30_000 });
  expect(await steps(editor)).toMatch(/编制[\s\S]*刘洋 送审[\s\S]*初审[\s\S]*复审（保密审查）[\s\S]*终审[\s\S]*主要负责人审签[\s\S]*发布/);
  // The editor is not offered the review of the report she wrote.
  expect(await editor.getByRole('button', { name: '审核通过' }).count()).toBe(0);
});

test('初审 returns it with a reason; the editor withdraws the review copy, amends it and submits it again', async () => {
  const first = await bed.as('li.na');
  // The reviewer finds it among her tasks, and from the review copy the report's page.
  await first.getByRole('link', { name: /政府信息公开工作年度报告/ }).click({ timeout: 30_000 });
  await first.locator('#report-link a').click();
  await first.locator('#report-state', { hasText: '审核中' }).waitFor();
  await first.getByRole('button', { name: '退回修改' }).click();
  await first.getByText('请填写退回理由').waitFor();
  await first.getByLabel('退回理由').fill('第五部分请写明具体的改进措施。');
  await first.getByRole('button', { name: '退回修改' }).click();
  await first.getByText('已退回拟稿人修改').waitFor();
  await first.locator('#report-steps', { hasText: '李娜 退回' }).waitFor({ timeout: 15_000 });
  expect(await steps(first)).toContain('理由：第五部分请写明具体的改进措施。');

  const editor = await bed.as('liu.yang');
  await editor.getByRole('link', { name: '年度报告', exact: true }).click();
  await editor.locator('#report-returned', { hasText: '第五部分请写明具体的改进措施。' }).waitFor();
  await editor.getByRole('button', { name: '撤回送审稿并修改' }).click();
  await editor.locator('#report-state', { hasText: '待填写' }).waitFor({ timeout: 30_000 });
  await editor.locator('#report-notice', { hasText: '第五部分请写明具体的改进措施。' }).waitFor();
  expect(await editor.locator('#report-notice').innerText()).not.toMatch(/withdrawn/);
  await editor.getByLabel('五、存在的主要问题及改进情况').fill('一是主动公开的及时性有待提高，下一年度将建立发布时限台账；二是依申请公开答复的规范化水平有待加强，将开展答复书模板培训。');
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('已保存').waitFor();
  await editor.getByRole('button', { name: '送审' }).click();
  await editor.locator('#report-state', { hasText: '审核中' }).waitFor({ timeout: 30_000 });
});

test('初审, 复审 with 保密审查, 终审 and 主要负责人审签 approve it on its page; published, its DOCX and HTML are downloaded', async () => {
  await approve('li.na', { comment: '已按意见修改，同意。' });
  const second = await approve('wang.fang', { checklist: true, comment: '经保密审查，同意发布。' });
  await second.locator('#report-steps', { hasText: '王芳 审核通过' }).waitFor({ timeout: 15_000 });
  await bed.shot(second, '51-report-review');
  await approve('zhao.lei');
  const head = await approve('chen.jing');

  // The signatures are read from the review, the state from the report: two reads, each refreshed on its own, so
  // each is waited for in turn (the review's is seen while it settles, before the report is published).
  await head.locator('#report-steps', { hasText: '陈静 审核通过' }).waitFor({ timeout: 30_000 });
  expect(await steps(head)).toMatch(/编制[\s\S]*刘洋 送审[\s\S]*李娜 审核通过[\s\S]*已按意见修改，同意。[\s\S]*王芳 审核通过[\s\S]*赵磊 审核通过[\s\S]*陈静 审核通过/);
  await head.locator('#report-state', { hasText: '已发布' }).waitFor({ timeout: 60_000 });
  await head.locator('#report-steps', { hasText: '已发布' }).waitFor({ timeout: 30_000 });
  await head.frameLocator('#report-print').getByRole('heading', { name: /政府信息公开工作年度报告/ }).waitFor();
  await bed.shot(head, '52-report-published');

  const editor = await bed.as('liu.yang');
  await editor.getByRole('link', { name: '年度报告', exact: true }).click();
  await editor.locator('#report-state', { hasText: '已发布' }).waitFor();
  const [docx] = await Promise.all([editor.waitForEvent('download'), editor.locator('#report-docx').click()]);
  expect(fs.readFileSync(await docx.path()).subarray(0, 2).toString()).toBe('PK');
  const [html] = await Promise.all([editor.waitForEvent('download'), editor.locator('#report-html').click()]);
  const text = fs.readFileSync(await html.path(), 'utf8');
  expect(text).toContain('政府信息公开工作年度报告');
  expect(text).toContain('将开展答复书模板培训');
  expect(text).not.toContain('草稿');
});

test('the report page at 375 px does not scroll sideways', async () => {
  const phone = await bed.as('chen.jing', { width: 375 });
  await phone.goto(bed.url('/report'));
  await phone.locator('#report-steps', { hasText: '陈静 审核通过' }).waitFor();
  // The published report as it prints, in a frame of its own that scrolls inside itself.
  await phone.frameLocator('#report-print').getByRole('heading', { name: /政府信息公开工作年度报告/ }).waitFor();
  expect(await bed.scrollsSideways(phone)).toBe(false);
  await bed.shot(phone, '53-report-375');
});

test('a report reviewed by the agency head alone (review \'signOff\'): a return needs a reason, then 同意发布 publishes it', async () => {
  // Deployments without the review workflow start the report so; the console offers the head the sign-off itself.
  const year = new Date().getFullYear() - 2;
  await bed.env.client.workflow.start('assembleAnnualReport', {
    taskQueue: bed.taskQueue, workflowId: `report-${testConfig().AGENCY_CODE}-${year}`,
    args: [{ agencyCode: testConfig().AGENCY_CODE, agency: '测试市测试局', year, editor: 'liu.yang', dueDate: '2099-01-31', review: 'signOff' }],
  });
  const editor = await bed.as('liu.yang');
  await editor.goto(bed.url(`/report?year=${year}`));
  await editor.locator('#report-state', { hasText: '待填写' }).waitFor({ timeout: 60_000 });
  for (const input of await editor.locator('#report-form input[role=spinbutton]').all()) await input.fill('0');
  await editor.getByLabel('五、存在的主要问题及改进情况').fill('信息发布的及时性有待提高。');
  await editor.getByLabel('六、其他需要报告的事项').fill('本年度未收取信息处理费。');
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('已保存').waitFor();
  await editor.getByRole('button', { name: '送审' }).click();
  await editor.locator('#report-state', { hasText: '审核中' }).waitFor({ timeout: 30_000 });
  expect(await steps(editor)).toMatch(/编制[\s\S]*主要负责人审定[\s\S]*待审定[\s\S]*发布/);
  expect(await editor.locator('#signoff').count()).toBe(0); // only the agency head signs

  const head = await bed.as('chen.jing');
  await head.goto(bed.url(`/report?year=${year}`));
  await head.locator('#signoff').waitFor();
  await head.getByRole('button', { name: '退回修改' }).click();
  await head.getByText('请填写退回理由').waitFor();
  expect(await head.locator('#report-state').innerText()).toContain('审核中');
  await bed.shot(head, '54-report-signoff');
  await head.getByRole('button', { name: '同意发布' }).click();
  await head.getByText('已同意发布').waitFor();
  await head.locator('#report-state', { hasText: '已发布' }).waitFor({ timeout: 60_000 });
  await head.locator('#report-docx').waitFor();
});
