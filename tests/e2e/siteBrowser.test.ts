import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createAnnualReportActivities } from '../../activities/annualReport';
import { smtpMailer } from '../../activities/mail/transport';
import { createPublishActivities, type PublishRequest } from '../../activities/publish';
import { buildServer } from '../../client/http/server';
import { parseReportData, reportTitle } from '../../domain/report';
import type { Register } from '../../register/db';
import { testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { loadLingling } from '../activities/report-helpers';
import { listen } from '../client/httpClient';

/**
 * The public site as a citizen sees it, in Debian's Chromium with JavaScript off (the site needs none): items
 * published through the real activities (Markdown, HTML, an annual report with its files, one withdrawn), served
 * by the real web server at /site/, at phone (375 px) and desktop (1280 px) width. Screenshots go to
 * .tools/screenshots/site/ (git-ignored), or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
jest.setTimeout(180_000);

const SHOTS = path.resolve(__dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../.tools/screenshots/site');
const AGENCY = '测试市测试局';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-site-browser-'));
let db: Register;
let app: FastifyInstance;
let browser: Browser;
let base: string;

const item = (over: Partial<PublishRequest>): PublishRequest => ({
  itemId: 'item-x', version: 1, hash: 'a'.repeat(64), title: '标题', body: '正文', format: 'markdown', attachments: [],
  category: '工作动态', column: '工作动态', section: '办公室', publishedAt: '2026-03-02T02:00:00.000Z', ...over,
});

const notice = item({
  itemId: 'item-notice', title: '关于开展2026年社会救助政策宣传月活动的通知', category: '通知公告', column: '通知公告', section: '社会救助股',
  publishedAt: '2026-03-05T01:30:00.000Z', attachments: ['附件1：活动安排表.docx'],
  body: [
    '各乡镇（街道）民政办，局属各单位：',
    '',
    '　　为进一步做好社会救助政策宣传工作，经研究，决定于2026年3月开展社会救助政策**宣传月**活动。现将有关事项通知如下。',
    '',
    '## 一、活动时间',
    '',
    '2026年3月10日至4月10日。',
    '',
    '## 二、活动内容',
    '',
    '1. 进社区、进村组宣讲最低生活保障、特困人员救助供养政策；',
    '2. 在政务服务大厅设置咨询台，发放宣传资料；',
    '3. 通过门户网站和政务新媒体发布政策解读。',
    '',
    '## 三、任务分工',
    '',
    '| 单位 | 任务 | 完成时限 |',
    '|---|---|---|',
    '| 社会救助股 | 制定方案、统筹协调 | 3月8日前 |',
    '| 各乡镇（街道） | 组织入户宣传 | 4月10日前 |',
    '',
    '政策原文见[中国政府网](https://www.gov.cn/zhengce/)。书写时请勿照抄 <script>alert("x")</script> 这样的代码，也不要点击 [这个链接](javascript:alert(1))。',
    '',
    // A long address must wrap, not widen the page on a phone.
    '《中华人民共和国政府信息公开条例》全文：https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm',
    '',
    '测试市测试局',
    '2026年3月5日',
  ].join('\n'),
});

const news = [
  item({ itemId: 'item-news-1', title: '我局召开2026年民政工作会议', publishedAt: '2026-02-20T08:00:00.000Z', body: '2月20日，我局召开2026年民政工作会议，总结2025年工作，部署2026年重点任务。' }),
  item({ itemId: 'item-news-2', title: '我局开展春节走访慰问困难群众活动', publishedAt: '2026-02-10T03:00:00.000Z', body: '春节前夕，局领导班子成员分组走访慰问困难群众。' }),
  item({
    itemId: 'item-news-3', title: '全市养老服务质量提升行动推进会召开', publishedAt: '2026-03-03T06:00:00.000Z', format: 'html',
    body: '<p>3月3日，全市养老服务质量提升行动推进会召开。</p><h2>主要数据</h2><table><tr><th>指标</th><th>2025年</th></tr><tr><td>养老机构（家）</td><td>42</td></tr></table><script>alert(1)</script>',
  }),
];
const plan = item({ itemId: 'item-plan', title: '测试市民政事业发展“十五五”规划', category: '规划计划', column: '规划计划', publishedAt: '2026-01-15T02:00:00.000Z', body: '# 第一章 发展基础\n\n“十四五”时期，全市民政事业取得新进展。' });
const withdrawn = item({ itemId: 'item-withdrawn', title: '关于误发信息的通知（已撤稿）', category: '通知公告', column: '通知公告', publishedAt: '2026-03-06T02:00:00.000Z' });
const reportId = 'report-TEST-2025';
/** The published report's title (the fixture's agency and year), set when it is published. */
let reportName = '';

beforeAll(async () => {
  db = await freshRegister();
  const config = testConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://gk.example.cn' });
  const publish = createPublishActivities({ db, config });
  for (const r of [plan, ...news, notice, withdrawn]) await publish.publishItem(r);
  await publish.retractItem({ itemId: withdrawn.itemId, column: withdrawn.column, reason: '误发', at: '2026-03-06T03:00:00.000Z' });
  const reports = createAnnualReportActivities({ db, config, mailer: smtpMailer('smtp://127.0.0.1:9') });
  const parsed = parseReportData(loadLingling());
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const { data } = parsed;
  reportName = reportTitle(data.agency, data.year);
  await new MockActivityEnvironment().run(reports.publishAnnualReport, {
    id: reportId, data, title: reportName, column: '政府信息公开年度报告', section: '政务公开办公室',
    publishedAt: '2026-01-20T02:00:00.000Z', version: 1, hash: 'b'.repeat(64),
  });
  app = await buildServer({ config, db, temporal: {} as Client, close: async () => {} });
  base = await listen(app);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function at(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
  return context.newPage();
}

async function open(page: Page, url: string): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status()).toBe(200);
  // The stylesheet is served and applied: the header bar is the portal's red.
  // (Expressions as strings: the tests compile without the DOM's types.)
  expect(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomColor")).toBe('rgb(226, 178, 60)');
  // No horizontal page scroll: whatever is wide (a table) scrolls inside its own box.
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
}

/** Whole pages, except the annual report (many screens long): its first screen. */
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(SHOTS, `site-${name}.png`), fullPage });

describe.each([375, 1280])('at %i px', (width) => {
  test('the home page: agency header, columns, latest items by column, the annual reports', async () => {
    const page = await at(width);
    await open(page, `${base}/site/`);
    expect(await page.textContent('.site-header')).toContain(AGENCY);
    expect(await page.textContent('.site-header')).toContain('政府信息公开');
    expect(await page.$$eval('nav.columns a', (as) => as.map((a) => a.textContent))).toEqual(['首页', '工作动态', '通知公告', '规划计划', '政府信息公开年度报告']);
    const main = (await page.textContent('main'))!;
    expect(main).toContain(notice.title);
    expect(main).not.toContain(withdrawn.title);
    const report = page.locator('section.reports');
    expect(await report.textContent()).toContain('2021年政府信息公开工作年度报告');
    expect(await report.locator('a', { hasText: '下载（Word 文档）' }).getAttribute('href')).toBe(`reports/${reportId}.docx`);
    expect(await page.textContent('footer')).toContain(`主办单位：${AGENCY}`);
    await shot(page, `home-${width}`);
    // The first Tab offers a way past the header and the columns.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('跳到正文');
    await page.context().close();
  });

  test('a column lists its items newest first; an item shows its facts and its body formatted', async () => {
    const page = await at(width);
    await open(page, `${base}/site/index.html`);
    await Promise.all([page.waitForURL(/columns\//), page.click('nav.columns a:has-text("工作动态")')]);
    await open(page, page.url());
    expect(await page.$$eval('main .list a', (as) => as.map((a) => a.textContent))).toEqual([news[2].title, news[0].title, news[1].title]);
    expect(await page.getAttribute('nav.columns a[aria-current="page"]', 'href')).toMatch(/工作动态|%E5%B7%A5/);
    if (width === 1280) await shot(page, `column-${width}`);

    await Promise.all([page.waitForURL(/items\/item-news-3/), page.click(`main .list a:has-text("${news[2].title}")`)]);
    await open(page, page.url());
    expect(await page.locator('.body table th').allTextContents()).toEqual(['指标', '2025年']);
    expect(await page.locator('main script').count()).toBe(0);

    await page.goto(`${base}/site/columns/${encodeURIComponent('通知公告')}.html`);
    expect(await page.textContent('main')).not.toContain(withdrawn.title);
    // An old link to the withdrawn item: the portal's page saying so, styled, with the way back.
    expect((await page.goto(`${base}/site/items/${withdrawn.itemId}.html`))?.status()).toBe(404);
    expect(await page.textContent('main')).toContain('该信息已撤下');
    expect(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomColor")).toBe('rgb(226, 178, 60)');
    await Promise.all([page.waitForURL(/columns\//), page.click('nav.columns a:has-text("通知公告")')]);
    await Promise.all([page.waitForURL(/items\/item-notice/), page.click(`main .list a:has-text("${notice.title}")`)]);
    await open(page, page.url());
    expect(await page.textContent('main article h1')).toBe(notice.title);
    const facts = await page.$$eval('.facts div', (ds) => ds.map((d) => d.textContent));
    expect(facts).toEqual(['发布机构：测试市测试局 社会救助股', '发布日期：2026-03-05', '栏目：通知公告', '信息类别：通知公告']);
    expect(await page.locator('.body h2').allTextContents()).toEqual(['一、活动时间', '二、活动内容', '三、任务分工']);
    expect(await page.locator('.body ol li').count()).toBe(3);
    expect(await page.locator('.body table td').first().textContent()).toBe('社会救助股');
    expect(await page.locator('.body strong').textContent()).toBe('宣传月');
    expect(await page.getAttribute('.body a:has-text("中国政府网")', 'href')).toBe('https://www.gov.cn/zhengce/');
    // Hostile text is shown as text: no script element, no javascript: link.
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.textContent('.body')).toContain('<script>alert("x")</script>');
    expect(await page.locator('.body a', { hasText: '这个链接' }).count()).toBe(0);
    expect(await page.textContent('.attachments')).toContain('附件1：活动安排表.docx');
    // The 落款 keeps its line break.
    expect(await page.locator('.body p', { hasText: '2026年3月5日' }).innerHTML()).toBe('测试市测试局<br>\n2026年3月5日');
    await shot(page, `item-${width}`);
    await page.context().close();
  });

  test('the annual report: its page, with its tables scrolling inside the page, and its files', async () => {
    const page = await at(width);
    await open(page, `${base}/site/index.html`);
    await Promise.all([page.waitForURL(/items\/report-/), page.click('section.reports .list > li > a')]);
    await open(page, page.url());
    expect(await page.locator('.body .table-scroll table').count()).toBeGreaterThan(0);
    expect(await page.locator('.body title, .body style').count()).toBe(0);
    // The report's own title is the page's title, shown once.
    expect(await page.locator('h1').allTextContents()).toEqual([reportName]);
    const docx = await page.getAttribute('.attachments a:has-text("下载（Word 文档）")', 'href');
    expect(docx).toBe(`../reports/${reportId}.docx`);
    const res = await page.context().request.get(new URL(docx!, page.url()).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/wordprocessingml/);
    await shot(page, `report-${width}`, false);
    await page.context().close();
  });
});
