import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Services } from '../../client/context';
import type { Register } from '../../register/db';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { request } from './httpClient';
import { publishToSite, renderBody } from '../../activities/publish/site';

let db: Register;
let app: FastifyInstance;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-site-'));

beforeAll(async () => {
  db = await freshRegister();
  fs.mkdirSync(path.join(dataDir, 'site/items'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'site/items/item-1.html'), '<h1>关于春节放假的通知</h1>');
  fs.writeFileSync(path.join(dataDir, 'site/rss.xml'), '<rss/>');
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'not public');
  const services: Services = { config: testConfig({ DATA_DIR: dataDir }), db, temporal: {} as Client, close: async () => {} };
  app = await buildServer(services);
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

test('published pages are served at /site/ without a login', async () => {
  const page = await request(app, { method: 'GET', url: '/site/items/item-1.html' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.body).toBe('<h1>关于春节放假的通知</h1>');
  expect((await request(app, { method: 'GET', url: '/site/rss.xml' })).headers['content-type']).toMatch(/rss\+xml/);
});

test('nothing outside the site directory, and no unknown file types, can be read', async () => {
  for (const url of ['/site/../secret.txt', '/site/%2e%2e/secret.txt', '/site/items/none.html', '/site/items/item-1.txt']) {
    const res = await request(app, { method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('not public');
  }
});

test('a missing page (a withdrawn item) is the portal\'s own 404 page in Chinese, with links that lead back', async () => {
  const res = await request(app, { method: 'GET', url: '/site/items/withdrawn.html' });
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.body).toContain('<span class="agency">测试市测试局</span>');
  expect(res.body).toContain('<link rel="stylesheet" href="../site.css">');
  expect(res.body).toContain('<a href="../index.html">返回首页</a>');
  expect(res.body).not.toMatch(/no page|返回我的待办/);
  // Nothing is published in this site yet (no home page): the page says so, and its stylesheet is served anyway.
  const home = await request(app, { method: 'GET', url: '/site/' });
  expect(home.statusCode).toBe(404);
  expect(home.body).toContain('本站尚未发布政府信息。');
  expect(home.body).toContain('<link rel="stylesheet" href="site.css">');
  const css = await request(app, { method: 'GET', url: '/site/site.css' });
  expect(css.statusCode).toBe(200);
  expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  expect(css.body).toContain('.site-header');
});

/** Finding 5: an item written in HTML reached /site/ verbatim, a `<meta http-equiv=refresh>` with it. */
describe('published HTML is sanitised', () => {
  const hostile = [
    '<h2>小标题</h2><p>正文<strong>加粗</strong>和<em>强调</em></p>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<script>alert(1)</script><style>body{display:none}</style><iframe src="https://evil.example/"></iframe>',
    '<a href="javascript:alert(2)">坏链接</a><a href="https://www.gov.cn/" onclick="x()">好链接</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(3)>" alt="坏图"><img src="/site/img/ok.png" alt="好图" onerror="alert(4)">',
    '<table><tr><th>项目</th><td colspan="2" style="color:red">数字</td></tr></table><ul><li>一</li></ul>',
  ].join('\n');

  test('the page keeps headings, paragraphs, lists, tables, safe links and images; nothing that runs or redirects', async () => {
    publishToSite(dataDir, '测试市测试局', 'http://127.0.0.1:3000', {
      itemId: 'item-html', version: 1, hash: 'h', title: '标题', body: hostile, format: 'html', attachments: [],
      category: '工作动态', column: '工作动态', section: '办公室', publishedAt: '2026-03-02T02:00:00.000Z',
    });
    const page = await request(app, { method: 'GET', url: '/site/items/item-html.html' });
    expect(page.statusCode).toBe(200);
    const article = /<article>([\s\S]*)<\/article>/.exec(page.body)![1];
    for (const bad of ['http-equiv', 'refresh', '<script', 'alert(', '<style', '<iframe', 'javascript:', 'onclick', 'onerror', 'data:image', 'style=']) {
      expect(article).not.toContain(bad);
    }
    for (const kept of ['<h2>小标题</h2>', '<strong>加粗</strong>', '<em>强调</em>', '<a href="https://www.gov.cn/">好链接</a>', '<img src="/site/img/ok.png" alt="好图" />', '<td colspan="2">数字</td>', '<li>一</li>']) {
      expect(article).toContain(kept);
    }
  });

  test('renderBody sanitises HTML and escapes Markdown', () => {
    expect(renderBody('html', '<meta http-equiv="refresh" content="0"><p>好</p>')).toBe('<p>好</p>');
    expect(renderBody('markdown', '<p>好</p>')).toContain('&lt;p&gt;好&lt;/p&gt;');
  });
});

/** The public site has its own path rules: it never reads a console session and never sets a cookie. */
test('/site/ reads no session and sets no cookie, even when a console cookie is sent', async () => {
  // Every query the server sends is seen here; a session read is a query of web_sessions.
  const tables: string[] = [];
  const watched = Object.assign(db.withPlugin({
    transformQuery: (a) => { tables.push(JSON.stringify(a.node)); return a.node; },
    transformResult: async (a) => a.result,
  }), { dialectName: db.dialectName });
  const services: Services = { config: testConfig({ DATA_DIR: dataDir }), db: watched, temporal: {} as Client, close: async () => {} };
  const site = await buildServer(services);
  try {
    for (const url of ['/site/items/item-1.html', '/site', '/site/none.html']) {
      const res = await request(site, { method: 'GET', url, headers: { cookie: 'gk_session=some-console-session; gk_login=x' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(tables.filter((t) => t.includes('web_sessions'))).toEqual([]);
    // The console itself still reads the session, so the check above can fail.
    await request(site, { method: 'GET', url: '/tasks', headers: { cookie: 'gk_session=some-console-session' } });
    expect(tables.some((t) => t.includes('web_sessions'))).toBe(true);
  } finally {
    await site.close();
  }
});
