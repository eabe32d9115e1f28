import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeHtml } from '../../domain/text';
import { writeAtomic } from '../../lib/files';
import { sanitizePublishedHtml } from './sanitize';
import type { PublishRequest } from './types';

/**
 * The static portal under <DATA_DIR>/site/: items/<id>.html (the page), items/<id>.json (the record, with
 * the approved body byte for byte and its hash), columns/<column>.html, index.html, feed.json and rss.xml.
 * Every write is whole-file and atomic (temp + rename), so a retried publication rewrites the same bytes.
 */
export function siteDir(dataDir: string): string {
  return path.resolve(dataDir, 'site');
}

const columnFile = (column: string) => `${column.replace(/[\\/:*?"<>|\s]/g, '_')}.html`;


/** The body as published: HTML items through the allowlist (sanitize.ts), Markdown as escaped preformatted text. */
export function renderBody(format: string, body: string): string {
  return format === 'html' ? sanitizePublishedHtml(body) : `<div class="body" style="white-space: pre-wrap">${escapeHtml(body)}</div>`;
}

function page(r: PublishRequest, agency: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(r.title)} - ${escapeHtml(agency)}</title>
<meta name="gongkai-item" content="${escapeHtml(r.itemId)}"><meta name="gongkai-version" content="${r.version}"><meta name="gongkai-hash" content="${r.hash}">
</head><body>
<nav><a href="../index.html">${escapeHtml(agency)}</a> › <a href="../columns/${encodeURI(columnFile(r.column))}">${escapeHtml(r.column)}</a></nav>
<h1>${escapeHtml(r.title)}</h1>
<p class="meta">发布日期：${r.publishedAt.slice(0, 10)}\u3000类别：${escapeHtml(r.category)}\u3000来源：${escapeHtml(r.section)}</p>
<article>
${renderBody(r.format, r.body)}
</article>
${r.attachments.length ? `<ul class="attachments">${r.attachments.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

function readAll(dir: string): PublishRequest[] {
  const items = path.join(dir, 'items');
  if (!fs.existsSync(items)) return [];
  return fs
    .readdirSync(items)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(items, f), 'utf8')) as PublishRequest)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.itemId.localeCompare(b.itemId));
}

/** Rebuilds the column pages, the home page and both feeds from the item records. */
function rebuildIndexes(dir: string, agency: string, publicUrl: string, touchedColumns: string[]): void {
  const all = readAll(dir);
  const link = (r: PublishRequest) => `items/${r.itemId}.html`;
  const list = (rs: PublishRequest[], prefix: string) =>
    `<ul>${rs.map((r) => `<li><a href="${prefix}${link(r)}">${escapeHtml(r.title)}</a> <span>${r.publishedAt.slice(0, 10)}</span></li>`).join('\n')}</ul>`;
  for (const column of new Set([...touchedColumns, ...all.map((r) => r.column)])) {
    const rs = all.filter((r) => r.column === column);
    writeAtomic(path.join(dir, 'columns', columnFile(column)), `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(column)} - ${escapeHtml(agency)}</title></head><body>\n<h1>${escapeHtml(column)}</h1>\n${list(rs, '../')}\n</body></html>\n`);
  }
  const columns = [...new Set(all.map((r) => r.column))].sort();
  writeAtomic(path.join(dir, 'index.html'), `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(agency)} 政府信息公开</title></head><body>\n<h1>${escapeHtml(agency)} 政府信息公开</h1>\n<ul>${columns.map((c) => `<li><a href="columns/${encodeURI(columnFile(c))}">${escapeHtml(c)}</a></li>`).join('')}</ul>\n${list(all.slice(0, 50), '')}\n</body></html>\n`);
  const base = `${publicUrl.replace(/\/$/, '')}/site/`;
  writeAtomic(
    path.join(dir, 'feed.json'),
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: `${agency} 政府信息公开`,
      home_page_url: base,
      items: all.map((r) => ({ id: r.itemId, url: base + link(r), title: r.title, content_text: r.body, date_published: r.publishedAt, tags: [r.category, r.column] })),
    }, null, 2),
  );
  writeAtomic(
    path.join(dir, 'rss.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeHtml(agency)} 政府信息公开</title><link>${escapeHtml(base)}</link><description>${escapeHtml(agency)}</description>\n` +
      all.map((r) => `<item><title>${escapeHtml(r.title)}</title><link>${escapeHtml(base + link(r))}</link><guid isPermaLink="false">${escapeHtml(r.itemId)}</guid><category>${escapeHtml(r.category)}</category><pubDate>${new Date(r.publishedAt).toUTCString()}</pubDate></item>`).join('\n') +
      `\n</channel></rss>\n`,
  );
}

export function publishToSite(dataDir: string, agency: string, publicUrl: string, r: PublishRequest): { url: string } {
  const dir = siteDir(dataDir);
  writeAtomic(path.join(dir, 'items', `${r.itemId}.json`), JSON.stringify(r, null, 2));
  writeAtomic(path.join(dir, 'items', `${r.itemId}.html`), page(r, agency));
  rebuildIndexes(dir, agency, publicUrl, [r.column]);
  return { url: `/site/items/${r.itemId}.html` };
}

/** 撤稿: the page and its record go; the indexes and feeds are rebuilt without it. */
export function retractFromSite(dataDir: string, agency: string, publicUrl: string, itemId: string, column: string): void {
  const dir = siteDir(dataDir);
  for (const ext of ['html', 'json']) fs.rmSync(path.join(dir, 'items', `${itemId}.${ext}`), { force: true });
  rebuildIndexes(dir, agency, publicUrl, [column]);
}
