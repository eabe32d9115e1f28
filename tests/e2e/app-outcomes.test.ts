import type { Page } from 'playwright-core';
import { shanghaiDate } from '../../domain/calendar';
import { automaticOutcomes } from '../../domain/application/decision';
import { outcome, outcomes, type OutcomeKey } from '../../domain/outcomes';
import { appBed, choose, press, stageIs, pick } from './app-bed';

/**
 * Journey 3 in the console app, in Chromium: each of the 21 outcomes of the national table through the decision
 * form. The two that the law makes automatic (补正 or the fee not given in time) are not offered; each other one is
 * chosen, given exactly what it needs, its letter previewed, and sent to letter review. The cases are registered and claimed through the
 * API, with the history two outcomes need (a correction received; reasons asked under 第三十五条): the journey
 * under test is the form.
 */
jest.setTimeout(600_000);

const bed = appBed('app-outcomes');
const offered = outcomes.map((o) => o.key).filter((k) => !automaticOutcomes.includes(k));
const cases = new Map<OutcomeKey, string>();
let handler: Page;

/** The option's text in the form: the outcome's own label, or its group's for the two groups of one outcome. */
const optionText = (key: OutcomeKey) => outcome(key).label ?? (key === 'granted' ? '予以公开' : '部分公开');

/** The answer of an API call, or the test fails naming what the server said. */
async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const r = await call;
  if (!r.response.ok) throw new Error(`${r.response.url}: ${r.response.status} ${JSON.stringify(r.error)}`);
  return r.data as T;
}

/** A new case takes its first step once its workflow has loaded the calendar; until then the answer is not_ready. */
async function whenReady<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  for (;;) {
    const r = await call();
    if ((r.error as { error?: string } | undefined)?.error !== 'not_ready') return ok(Promise.resolve(r));
    await new Promise((done) => setTimeout(done, 200));
  }
}

beforeAll(async () => {
  const api = await bed.api('liu.yang');
  const today = shanghaiDate(new Date());
  for (const key of offered) {
    const { id } = await ok(api.POST('/api/applications', {
      body: {
        channel: 'in-person', submittedOn: today, delivery: 'collect', content: `关于答复类型“${optionText(key)}”的测试申请`,
        applicant: { type: 'naturalPerson', name: '测试申请人', idDocument: { number: '430602199001017777' } },
      },
    }));
    cases.set(key, id);
    const path = { params: { path: { id } } };
    await whenReady(() => api.POST('/api/applications/{id}/claim', { ...path, body: {} }));
    if (key === 'unavailable.unclearAfterCorrection') {
      await ok(api.POST('/api/applications/{id}/correction', { ...path, body: { items: ['请写明所需信息的文号或形成时间'], periodWorkdays: 15 } }));
      await ok(api.POST('/api/applications/{id}/correctionReceived', { ...path, body: {} }));
    }
    if (key === 'notProcessed.excessive') await ok(api.POST('/api/applications/{id}/askReasons', { ...path, body: {} }));
  }
  handler = await bed.as('liu.yang');
  handler.setDefaultTimeout(30_000);
});

async function openForm(id: string): Promise<void> {
  await handler.goto(bed.url(`/applications/${id}`));
  await handler.locator('#application-stage').waitFor({ timeout: 30_000 });
  await handler.getByRole('tab', { name: '作出答复决定' }).click();
}

test('the two outcomes the law records by itself are not offered in the form', async () => {
  await openForm(cases.get('granted')!);
  await handler.getByLabel('答复结果').click();
  const list = handler.locator('.ant-select-dropdown:visible');
  await list.locator('.ant-select-item-option').first().waitFor();
  const shown = await list.innerText();
  for (const key of automaticOutcomes) expect(shown).not.toContain(outcome(key).label!.replace(/^\d\./, ''));
  await handler.keyboard.press('Escape');
});

test.each(offered)('%s is decided through the form with what it needs, and goes to letter review', async (key) => {
  try {
    await decide(key);
  } catch (e) {
    await bed.shot(handler, `outcome-failed-${key}`);
    throw e;
  }
});

async function decide(key: OutcomeKey): Promise<void> {
  const id = cases.get(key)!;
  await openForm(id);
  // The list is virtual (only the options in view exist): the handler types to find one, as clerks do.
  await handler.getByLabel('答复结果').fill(optionText(key).replace(/^\d\./, ''));
  await pick(handler, optionText(key));
  // The legal basis follows the outcome (some, such as 5.要求确认或重新出具, have no article of their own).
  const basis = outcome(key).basis;
  if (basis.length > 0) expect(await handler.inputValue('#legalBasis')).toContain(basis[0].replace(/^条例/, '').replace(/（实践）$/, ''));
  else await handler.fill('#legalBasis', '《中华人民共和国政府信息公开条例》第三十六条');
  if (key === 'partiallyGranted') {
    await handler.fill('#withheld_0_what', '涉及第三方商业秘密的报价明细');
    await handler.fill('#withheld_0_why', '第三方不同意公开（条例第十五条）');
  }
  if (await handler.locator('#reasons').count()) await handler.fill('#reasons', `经审查，所申请信息${optionText(key).replace(/^\d\./, '')}。`);
  if (await handler.locator('#provision').count()) await handler.fill('#provision', '以纸质形式邮寄提供');
  if (await handler.locator('#agencyName').count()) await handler.fill('#agencyName', '岳阳市统计局');
  if (await handler.locator('#publication').count()) await handler.fill('#publication', '《岳阳统计年鉴2025》，可在市图书馆查阅');
  // The letter is previewed as it will print before the decision goes to review.
  await handler.getByRole('button', { name: '预览答复书' }).click();
  // Each kind of reply has its own title (答复书, 告知书 …): the preview shows one, composed by the server.
  await handler.frameLocator('#letter-preview iframe').locator('h1').waitFor({ timeout: 30_000 });
  const [answer] = await Promise.all([handler.waitForResponse((r) => r.url().endsWith(`/api/applications/${id}/decide`)), press(handler, '作出答复决定并送审')]);
  expect(answer.status()).toBe(200);
  await stageIs(handler, '答复书审核');
  const row = await bed.db.selectFrom('applications').select(['decision', 'stage']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(JSON.parse(row.decision!)).toMatchObject({ outcome: key });
}

test('a fee notice is issued and the payment recorded; the applicant is asked for reasons (第三十五条), all in the form', async () => {
  const api = await bed.api('liu.yang');
  const register = async (content: string) => {
    const { id } = await ok(api.POST('/api/applications', {
      body: { channel: 'in-person', submittedOn: shanghaiDate(new Date()), delivery: 'collect', content, applicant: { type: 'naturalPerson', name: '测试申请人', idDocument: { number: '430602199001017777' } } },
    }));
    await whenReady(() => api.POST('/api/applications/{id}/claim', { params: { path: { id } }, body: {} }));
    return id;
  };
  const feeCase = await register('本局近五年全部会议纪要（信息量大）');
  await handler.goto(bed.url(`/applications/${feeCase}`));
  await handler.getByRole('tab', { name: '收费通知' }).click();
  // By the piece, a first application of the month is free (109号): by the page, 200 pages are charged.
  await choose(handler, '计收方式', '按量计收');
  await handler.fill('#pages', '200');
  await handler.getByRole('button', { name: '发出收费通知书' }).click();
  await stageIs(handler, '待缴费');
  await handler.getByRole('tab', { name: '登记已缴费' }).click();
  await handler.getByRole('button', { name: '登记已缴费' }).click();
  await stageIs(handler, '办理中');

  const reasonsCase = await register('本局全部历史文件');
  await handler.goto(bed.url(`/applications/${reasonsCase}`));
  await handler.getByRole('tab', { name: '要求说明理由' }).click();
  await handler.getByRole('button', { name: '发出说明理由告知书' }).click();
  await stageIs(handler, '待说明理由');
  // While the reasons are awaited the handler may set a reasonable deadline or decide 不予处理.
  await handler.getByRole('tab', { name: '确定答复期限' }).waitFor();
  await handler.getByRole('tab', { name: '作出答复决定' }).waitFor();
  await bed.shot(handler, '14-application-awaiting-reasons');
});
