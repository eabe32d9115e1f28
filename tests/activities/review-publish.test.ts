import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPublishActivities, type PublishRequest } from '../../activities/publish';
import { SIGNATURE_HEADER } from '../../activities/publish/webhook';
import type { Register } from '../../register/db';
import { getPublication } from '../../register/review';
import { testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';

let db: Register;
beforeAll(async () => {
  db = await freshRegister();
});
afterAll(async () => {
  await db?.destroy();
});

const request = (over: Partial<PublishRequest> = {}): PublishRequest => ({
  itemId: 'item-0001', version: 2, hash: 'a'.repeat(64), title: '关于开展2026年社会救助政策宣传月活动的通知', body: '各科室：\n\n现将有关事项通知如下……',
  format: 'markdown', attachments: ['附件1：活动安排表.docx'], category: '通知公告', column: '通知公告', section: '办公室',
  publishedAt: '2026-11-26T02:00:00.000Z', ...over,
});

test('the static portal: page, record, column index and feeds; retraction removes the item from all of them', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-site-'));
  const acts = createPublishActivities({ db, config: testConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://gk.example.cn' }) });
  const r = request();
  expect(await acts.publishItem(r)).toEqual({ url: '/site/items/item-0001.html' });
  await acts.publishItem(request({ itemId: 'item-0002', title: '第二条', column: '工作动态', category: '工作动态' }));
  const site = path.join(dataDir, 'site');
  expect(JSON.parse(fs.readFileSync(path.join(site, 'items/item-0001.json'), 'utf8'))).toEqual(r);
  expect(fs.readFileSync(path.join(site, 'items/item-0001.html'), 'utf8')).toContain('<meta name="gongkai-hash" content="' + r.hash + '">');
  expect(fs.readFileSync(path.join(site, 'columns/通知公告.html'), 'utf8')).toContain('items/item-0001.html');
  expect(fs.readFileSync(path.join(site, 'columns/通知公告.html'), 'utf8')).not.toContain('item-0002');
  const feed = JSON.parse(fs.readFileSync(path.join(site, 'feed.json'), 'utf8'));
  expect(feed.items.map((i: { id: string }) => i.id).sort()).toEqual(['item-0001', 'item-0002']);
  expect(feed.items.find((i: { id: string }) => i.id === 'item-0001').url).toBe('https://gk.example.cn/site/items/item-0001.html');
  expect(fs.readFileSync(path.join(site, 'rss.xml'), 'utf8')).toContain('<guid isPermaLink="false">item-0001</guid>');
  expect(await getPublication(db, 'item-0001')).toMatchObject({ version: 2, category: '通知公告', retracted_at: null });
  // Publishing again (a retried activity) leaves the same bytes.
  const before = fs.readFileSync(path.join(site, 'items/item-0001.html'), 'utf8');
  await acts.publishItem(r);
  expect(fs.readFileSync(path.join(site, 'items/item-0001.html'), 'utf8')).toBe(before);

  await acts.retractItem({ itemId: 'item-0001', column: '通知公告', reason: '活动取消', at: '2026-11-27T02:00:00.000Z' });
  expect(fs.existsSync(path.join(site, 'items/item-0001.html'))).toBe(false);
  expect(fs.readFileSync(path.join(site, 'columns/通知公告.html'), 'utf8')).not.toContain('item-0001');
  expect(fs.readFileSync(path.join(site, 'rss.xml'), 'utf8')).not.toContain('item-0001');
  expect(await getPublication(db, 'item-0001')).toMatchObject({ retracted_at: '2026-11-27T02:00:00.000Z', retract_reason: '活动取消' });
});

test('the webhook: JSON with an HMAC-SHA256 signature of the raw body; a non-2xx answer throws (retryable)', async () => {
  const secret = 'portal-secret-0123456789';
  const received: { body: string; signature: string; delivery: string }[] = [];
  let answer = 503;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers[SIGNATURE_HEADER]), delivery: String(req.headers['x-gongkai-delivery']) });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const acts = createPublishActivities({ db, config: testConfig({ PORTAL_WEBHOOK_URL: url, PORTAL_WEBHOOK_SECRET: secret }) });
    const r = request({ itemId: 'item-hook' });
    await expect(acts.publishItem(r)).rejects.toThrow(/503/);
    expect(await getPublication(db, 'item-hook')).toBeUndefined(); // not counted: the public cannot see it
    answer = 204;
    await acts.publishItem(r);
    expect(received).toHaveLength(2);
    for (const m of received) {
      expect(m.signature).toBe(`sha256=${createHmac('sha256', secret).update(m.body, 'utf8').digest('hex')}`);
      expect(m.delivery).toBe('item-hook/publish/v2');
    }
    expect(JSON.parse(received[1].body)).toEqual({ action: 'publish', agency: 'TEST', item: r });
    expect(await getPublication(db, 'item-hook')).toMatchObject({ url: `${url}#item-hook` });
  } finally {
    server.close();
  }
});
