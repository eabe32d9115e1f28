import * as fs from 'node:fs';
import { appBed, choose, press, stageIs } from './app-bed';

/**
 * Journey 2 in the console app, in Chromium, through the UI only: an application registered, 补正 and the
 * correction received, a third party consulted and its reply recorded, an extension asked by the handler and
 * approved by the office head, 部分公开 decided with a withheld item, the reply letter reviewed by 科室负责人 (保密审查)
 * and 分管领导, its DOCX downloaded, its delivery recorded. Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(300_000);

const bed = appBed('app-application');

let id = '';

test('the handler registers an application; missing fields are named inline in Chinese', async () => {
  const handler = await bed.as('liu.yang');
  await handler.getByRole('link', { name: '依申请公开' }).click();
  await handler.getByRole('button', { name: '登记申请' }).click();
  await handler.fill('#content', '2025年度本局低保资金发放情况统计表');
  await handler.getByRole('button', { name: '登记', exact: true }).click();
  await handler.getByText('请填写申请人姓名').waitFor();
  await handler.getByText('请填写身份证件号码').waitFor();
  expect(await handler.inputValue('#content')).toBe('2025年度本局低保资金发放情况统计表');
  await handler.fill('#name', '王小明');
  await handler.fill('#idNumber', '430000199001011234');
  await handler.fill('#phone', '13800000000');
  await bed.shot(handler, '10-application-new');
  await handler.getByRole('button', { name: '登记', exact: true }).click();
  await handler.waitForURL(/\/applications\/TEST-/);
  id = handler.url().split('/').pop()!;
  await handler.getByText(`已登记，编号 ${id}`).waitFor();
  await stageIs(handler, '待分派');
});

test('claimed, 补正 sent and the correction received; a third party consulted and its reply recorded', async () => {
  const handler = await bed.as('liu.yang');
  await handler.goto(bed.url(`/applications/${id}`));
  await handler.getByRole('button', { name: '认领此申请' }).click({ timeout: 30_000 });
  await stageIs(handler, '办理中');
  await handler.fill('#items', '请补充所需信息的所属区域\n请提供联系地址');
  await handler.getByRole('button', { name: '发出补正告知书' }).click();
  await stageIs(handler, '待补正');
  // The notice reached the applicant (today, the form's default): the 补正 period runs from then, and the clock says so.
  await handler.getByRole('button', { name: '登记送达日期' }).click();
  await handler.getByText('已登记告知书的送达日期').waitFor();
  // The page's clock is read again after the update: wait for the period counted from the receipt (the warning it
  // replaces also contains 送达, so waiting for that word alone can read the clock from before).
  await handler.locator('#clock', { hasText: '自对方收到补正通知之日' }).waitFor({ timeout: 15_000 });
  expect(await handler.locator('#clock').innerText()).not.toContain('未记录补正通知的送达日期');
  await handler.getByRole('button', { name: '登记收到补正' }).click();
  await stageIs(handler, '办理中');

  await handler.getByRole('tab', { name: '征求意见' }).click();
  await handler.fill('#addressee', '某某建设有限公司');
  await handler.getByRole('button', { name: '发出征求意见函' }).click();
  await handler.getByText('已发出征求意见函').waitFor();
  await handler.getByRole('tab', { name: '登记征求意见答复' }).click();
  await handler.fill('#reply', '书面反对公开涉及本公司商业秘密的部分');
  await handler.getByRole('button', { name: '登记答复' }).click();
  await handler.getByText('已登记征求意见的答复').waitFor();
  // The register's record follows the workflow a moment later; the page follows the register.
  await handler.locator('#events', { hasText: '征求意见结束' }).waitFor({ timeout: 15_000 });
  expect(await handler.locator('#events').innerText()).toMatch(/发出补正通知[\s\S]*收到补正[\s\S]*开始征求意见[\s\S]*征求意见结束/);
});

test('the handler asks for an extension; she cannot approve it herself; the office head approves it', async () => {
  const handler = await bed.as('liu.yang');
  await handler.goto(bed.url(`/applications/${id}`));
  await handler.getByRole('tab', { name: '申请延期' }).click();
  await handler.fill('#reason', '需要调取2025年度档案，无法按期答复');
  await handler.getByRole('button', { name: '提交延期申请' }).click();
  await handler.getByText('延期申请待公开办负责人审批').waitFor();
  expect(await handler.getByRole('button', { name: '提交审批意见' }).count()).toBe(0);

  const head = await bed.as('sun.li');
  await head.goto(bed.url(`/applications/${id}`));
  await head.getByText('理由：需要调取2025年度档案').waitFor();
  await choose(head, '审批意见', '同意延期');
  // A refresh that fails while she decides (the worker busy for a moment) leaves the page, and her choice, as they were.
  const refresh = new RegExp(`/api/applications/${id}$`);
  await head.route(refresh, (r) => r.fulfill({ status: 503, json: { error: 'unavailable', message: '流程引擎暂时未应答，读不到办理流程的状态' } }));
  await head.locator('#stale', { hasText: '未能读取最新状态：流程引擎暂时未应答' }).waitFor({ timeout: 15_000 });
  await bed.shot(head, '58-application-stale');
  await head.unroute(refresh);
  await head.locator('#stale').waitFor({ state: 'detached', timeout: 15_000 });
  await head.locator('#decide-extension').getByTitle('同意延期').waitFor({ timeout: 1_000 });
  await head.getByRole('button', { name: '提交审批意见' }).click();
  await head.getByText('已审批延期申请').waitFor();
  await head.locator('#events', { hasText: '孙丽 批准延期' }).waitFor({ timeout: 15_000 });
});

test('部分公开 is decided with a withheld item; the legal basis follows the outcome', async () => {
  const handler = await bed.as('liu.yang');
  await handler.goto(bed.url(`/applications/${id}`));
  await handler.getByRole('tab', { name: '作出答复决定' }).click();
  await handler.getByRole('button', { name: '预览答复书' }).click();
  await handler.getByText('请选择答复结果').waitFor();
  await choose(handler, '答复结果', '部分公开');
  expect(await handler.inputValue('#legalBasis')).toContain('第三十七条');
  await handler.getByRole('button', { name: '预览答复书' }).click();
  await handler.getByText('请填写不予公开的内容').waitFor();
  await handler.fill('#withheld_0_what', '统计表中涉及某某建设有限公司的报价明细');
  await handler.fill('#withheld_0_why', '涉及商业秘密，第三方不同意公开（条例第十五条）');
  await handler.fill('#reasons', '所申请信息中涉及第三方商业秘密的部分不予公开，其余部分予以公开。');
  // Before deciding, the letter as it will print: composed by the server from the DOCX's template, nothing sent yet.
  await handler.getByRole('button', { name: '预览答复书' }).click();
  const draft = handler.frameLocator('#letter-preview iframe');
  await draft.getByRole('heading', { name: '政府信息公开申请答复书' }).waitFor();
  await draft.getByText('统计表中涉及某某建设有限公司的报价明细').waitFor();
  await draft.getByText(/行政复议/).first().waitFor();
  await draft.getByText('预览：答复决定尚未作出').waitFor();
  expect(await bed.db.selectFrom('application_events').select('type').where('application_id', '=', id).where('type', '=', 'decided').execute()).toEqual([]);
  await bed.shot(handler, '11-decision-partial');
  // A change after the preview asks for a new one before the letter goes to review.
  await handler.fill('#reasons', '所申请信息中涉及第三方商业秘密的部分不予公开，其余部分予以公开，详见附件。');
  await handler.getByText('请重新预览答复书后再送审').waitFor();
  expect(await handler.getByRole('button', { name: '作出答复决定并送审' }).count()).toBe(0);
  await handler.getByRole('button', { name: '重新预览答复书' }).click();
  await draft.getByText(/详见附件/).waitFor();
  await press(handler, '作出答复决定并送审');
  await stageIs(handler, '答复书审核');
  // The handler reads the letter as the reviewers will, as it prints, with the withheld part and the remedies.
  const letter = handler.frameLocator('#letter-print');
  await letter.getByText('统计表中涉及某某建设有限公司的报价明细').waitFor({ timeout: 30_000 });
  await letter.getByText(/行政复议/).first().waitFor();
  const decision = await bed.db.selectFrom('applications').select(['decision']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(JSON.parse(decision.decision!)).toMatchObject({ outcome: 'partiallyGranted', withheld: [{ what: '统计表中涉及某某建设有限公司的报价明细' }] });
});

test('the letter is reviewed (保密审查, then 分管领导), downloaded as DOCX and its delivery recorded', async () => {
  const head = await bed.as('li.na');
  await head.getByRole('link', { name: `${id} 政府信息公开申请答复书` }).click({ timeout: 30_000 });
  // The reviewer reads the letter as it will print, not as plain text.
  await head.frameLocator('#letter-print').getByRole('heading', { name: '政府信息公开申请答复书' }).waitFor();
  // The letter's own 保密审查 list: it is sent to the applicant, not 主动公开.
  expect(await head.locator('#approve').innerText()).not.toContain('主动公开');
  for (const box of ['不涉及国家秘密', '未超出答复决定的范围', '理由和法律依据', '未泄露第三方']) await head.getByText(box).click();
  await head.getByRole('button', { name: '审核通过' }).click();
  await head.getByText('已审核通过').waitFor();
  await bed.shot(head, '12-letter-review');

  const leader = await bed.as('zhao.lei');
  await leader.getByRole('link', { name: `${id} 政府信息公开申请答复书` }).click({ timeout: 30_000 });
  await leader.getByRole('button', { name: '审核通过' }).click();
  await leader.getByText('已审核通过').waitFor();

  const handler = await bed.as('liu.yang');
  await handler.goto(bed.url(`/applications/${id}`));
  await stageIs(handler, '待送达');
  const link = handler.locator('#documents a', { hasText: '答复书' }).first();
  await link.waitFor({ timeout: 30_000 });
  // The click and the download are awaited one after the other: a click that cannot land names what is in its way.
  const downloading = handler.waitForEvent('download', { timeout: 60_000 });
  await link.click({ timeout: 60_000 });
  const download = await downloading;
  const file = await download.path();
  expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // a DOCX is a zip
  await choose(handler, '送达方式', '当面签收');
  await handler.getByRole('button', { name: '登记送达' }).click();
  await stageIs(handler, '已办结');
  await bed.shot(handler, '13-application-closed');
  const events = await bed.db.selectFrom('application_events').select('type').where('application_id', '=', id).execute();
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['correctionRequested', 'correctionReceived', 'consultationStarted', 'consultationEnded', 'extensionApproved', 'decided', 'closed']));
});
