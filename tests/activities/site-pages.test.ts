import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PublishRequest } from '../../activities/publish';
import { HOME_ITEMS_PER_COLUMN, columnOrder } from '../../activities/publish/pages';
import { publishToSite, retractFromSite, stylesheetFile } from '../../activities/publish/site';

const AGENCY = '测试市测试局';
const URL_BASE = 'https://gk.example.cn';

const item = (n: number, over: Partial<PublishRequest> = {}): PublishRequest => ({
  itemId: `item-${String(n).padStart(4, '0')}`, version: 1, hash: 'c'.repeat(64), title: `第${n}条信息`, body: `正文${n}`, format: 'markdown',
  attachments: [], category: '工作动态', column: '工作动态', section: '办公室',
  // One a day from 1 March 2026, 10:00 Beijing time.
  publishedAt: new Date(Date.UTC(2026, 2, n, 2)).toISOString(), ...over,
});

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function freshSite(): { dataDir: string; site: string; read: (f: string) => string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-site-pages-'));
  made.push(dataDir);
  const site = path.join(dataDir, 'site');
  return { dataDir, site, read: (f) => fs.readFileSync(path.join(site, f), 'utf8') };
}

/** Every file under the site with its bytes and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath, e.name);
    out[path.relative(dir, p)] = `${fs.statSync(p).mtimeMs} ${fs.readFileSync(p, 'utf8')}`;
  }
  return out;
}

const titlesIn = (html: string) => [...html.matchAll(/<li><a href="[^"]*">([^<]*)<\/a><time/g)].map((m) => m[1]);

test('the home page: the agency header, the columns in the statute\'s order, the latest items of each column, the reports', () => {
  const { dataDir, read } = freshSite();
  for (let n = 1; n <= 10; n++) publishToSite(dataDir, AGENCY, URL_BASE, item(n));
  publishToSite(dataDir, AGENCY, URL_BASE, item(11, { column: '专题专栏', category: '工作动态' }));
  publishToSite(dataDir, AGENCY, URL_BASE, item(12, { column: '通知公告', category: '通知公告' }));
  publishToSite(dataDir, AGENCY, URL_BASE, item(13, {
    itemId: 'report-TEST-2025', title: '测试市测试局2025年政府信息公开工作年度报告', column: '政府信息公开年度报告', category: '政府信息公开年度报告', format: 'html',
    body: '<h1>报告</h1>', attachments: [`${URL_BASE}/site/reports/report-TEST-2025.html`, `${URL_BASE}/site/reports/report-TEST-2025.docx`],
  }));
  const home = read('index.html');
  expect(home).toContain('<span class="agency">测试市测试局</span><span class="portal">政府信息公开</span>');
  const nav = [...home.matchAll(/<nav[\s\S]*?<\/nav>/g)][0][0];
  expect([...nav.matchAll(/>([^<>]+)<\/a>/g)].map((m) => m[1])).toEqual(['首页', '工作动态', '通知公告', '政府信息公开年度报告', '专题专栏']);
  expect(nav).toContain('href="columns/%E5%B7%A5%E4%BD%9C%E5%8A%A8%E6%80%81.html"');
  const work = /<h2 id="col-0">[\s\S]*?<\/section>/.exec(home)![0];
  expect(titlesIn(work)).toEqual(Array.from({ length: HOME_ITEMS_PER_COLUMN }, (_, k) => `第${10 - k}条信息`));
  const reports = /<section class="box reports"[\s\S]*?<\/section>/.exec(home)![0];
  expect(reports).toContain('<a href="items/report-TEST-2025.html">测试市测试局2025年政府信息公开工作年度报告</a>');
  expect(reports).toContain('<a href="reports/report-TEST-2025.docx">下载（Word 文档）</a>');
  expect(read('columns/政府信息公开年度报告.html')).toContain('<a href="../reports/report-TEST-2025.docx">下载（Word 文档）</a>');
  expect(home).toContain('<link rel="stylesheet" href="site.css">');
  expect(home).toContain('<footer class="site-footer">');
  expect(read('site.css')).toBe(fs.readFileSync(stylesheetFile, 'utf8'));
  expect(home).not.toMatch(/<script|style=/);
});

test('a column page lists all its items newest first; an item page has its facts, in Beijing dates', () => {
  const { dataDir, read } = freshSite();
  publishToSite(dataDir, AGENCY, URL_BASE, item(2));
  publishToSite(dataDir, AGENCY, URL_BASE, item(5));
  // 17:30 UTC on 3 March is already 4 March in Beijing.
  publishToSite(dataDir, AGENCY, URL_BASE, item(3, { publishedAt: '2026-03-03T17:30:00.000Z', section: '社会救助股', attachments: ['附件1：名单.xlsx', 'https://www.gov.cn/a/%E9%99%84%E4%BB%B6.pdf'] }));
  const column = read('columns/工作动态.html');
  expect(titlesIn(column)).toEqual(['第5条信息', '第3条信息', '第2条信息']);
  expect(column).toContain('<time datetime="2026-03-04">2026-03-04</time>');
  expect(column).toContain('<a href="../items/item-0005.html">');
  expect(column).toContain('共 3 条');
  const page = read('items/item-0003.html');
  expect(page).toContain('<dt>发布机构：</dt><dd>测试市测试局 社会救助股</dd>');
  expect(page).toContain('<dt>发布日期：</dt><dd>2026-03-04</dd>');
  expect(page).toContain('<dt>栏目：</dt><dd>工作动态</dd>');
  expect(page).toContain('<li>附件1：名单.xlsx</li>');
  expect(page).toContain('<a href="https://www.gov.cn/a/%E9%99%84%E4%BB%B6.pdf">附件.pdf</a>');
  expect(page).toContain('<link rel="stylesheet" href="../site.css">');
  expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
});

test('titles, columns and sections are text: markup in them is escaped everywhere', () => {
  const { dataDir, read } = freshSite();
  publishToSite(dataDir, AGENCY, URL_BASE, item(1, { title: '<img src=x onerror=alert(1)>', column: '栏目<b>', section: '"><script>x</script>' }));
  for (const f of ['index.html', 'items/item-0001.html', 'columns/栏目_b_.html']) {
    expect(read(f)).not.toMatch(/<img|<b>|<script/);
  }
  expect(read('items/item-0001.html')).toContain('&lt;img src=x onerror=alert(1)&gt;');
});

test('every link of every page is relative and leads to a file of the site (so any server, at any path, can serve it)', () => {
  const { dataDir, site } = freshSite();
  for (let n = 1; n <= 3; n++) publishToSite(dataDir, AGENCY, URL_BASE, item(n, { column: ['工作动态', '通知公告', '规划计划'][n - 1] }));
  publishToSite(dataDir, AGENCY, URL_BASE, item(4, { format: 'markdown', body: '见[中国政府网](https://www.gov.cn/)。' }));
  const pages = Object.keys(snapshot(site)).filter((f) => f.endsWith('.html'));
  expect(pages.length).toBe(1 + 3 + 4);
  let checked = 0;
  for (const f of pages) {
    const html = fs.readFileSync(path.join(site, f), 'utf8');
    for (const [, href] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
      if (href.startsWith('https://www.gov.cn/')) continue;
      expect(href).not.toMatch(/^(\/|[a-z]+:)/i);
      const target = path.resolve(path.dirname(path.join(site, f)), decodeURI(href.replace(/[?#].*$/, '')));
      expect(fs.existsSync(target)).toBe(true);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(50);
});

test('publishing the same item again changes no file; a 撤稿 takes the item off every page', () => {
  const { dataDir, site, read } = freshSite();
  publishToSite(dataDir, AGENCY, URL_BASE, item(1));
  publishToSite(dataDir, AGENCY, URL_BASE, item(2, { column: '通知公告', category: '通知公告' }));
  // A new column reaches the navigation of the pages published before it.
  expect(read('items/item-0001.html')).toContain('>通知公告</a>');
  const before = snapshot(site);
  publishToSite(dataDir, AGENCY, URL_BASE, item(2, { column: '通知公告', category: '通知公告' }));
  expect(snapshot(site)).toEqual(before);

  retractFromSite(dataDir, AGENCY, URL_BASE, 'item-0002', '通知公告');
  expect(fs.existsSync(path.join(site, 'items/item-0002.html'))).toBe(false);
  expect(read('index.html')).not.toContain('第2条信息');
  expect(read('columns/通知公告.html')).not.toContain('第2条信息');
  expect(read('columns/通知公告.html')).toContain('本栏目暂无信息');
  // The emptied column leaves the navigation, on the other items' pages too.
  expect(read('index.html')).not.toContain('columns/%E9%80%9A');
  expect(read('items/item-0001.html')).not.toContain('通知公告');
  // And a retried 撤稿 changes nothing either.
  const after = snapshot(site);
  retractFromSite(dataDir, AGENCY, URL_BASE, 'item-0002', '通知公告');
  expect(snapshot(site)).toEqual(after);
});

test('a new agency name reaches the pages of items published before', () => {
  const { dataDir, read } = freshSite();
  publishToSite(dataDir, AGENCY, URL_BASE, item(1));
  publishToSite(dataDir, '测试市民政局', URL_BASE, item(2));
  expect(read('items/item-0001.html')).toContain('<span class="agency">测试市民政局</span>');
});

test('columnOrder: the statute\'s categories in their order, then the others by their Chinese sort order', () => {
  expect(columnOrder(['专题专栏', '政府信息公开年度报告', '通知公告', '工作动态', '通知公告', '人大建议'])).toEqual(['工作动态', '通知公告', '政府信息公开年度报告', '人大建议', '专题专栏']);
});
