import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeHtml } from '../../domain/text';
import { writeAtomic } from '../../lib/files';
import { markdownToHtml } from './markdown';
import { byDate, columnFile, columnOrder, columnPage, homePage, itemPage, notFoundPage, type SiteContext } from './pages';
import { sanitizePublishedHtml } from './sanitize';
import type { PublishRequest } from './types';

/**
 * The static portal under <DATA_DIR>/site/: items/<id>.html (the page), items/<id>.json (the record, with
 * the approved body byte for byte and its hash), columns/<column>.html, index.html, site.css, feed.json and
 * rss.xml. Every write is whole-file and atomic (temp + rename), so a retried publication rewrites the same bytes;
 * a file whose bytes would not change is not written at all.
 */
export function siteDir(dataDir: string): string {
  return path.resolve(dataDir, 'site');
}

/** The one stylesheet, kept with the templates so the agency can adjust it. */
export const stylesheetFile = path.resolve(__dirname, '../../templates/site/site.css');

/**
 * Bumped when the item page's markup changes, so the next publication rewrites the item pages published before;
 * recorded with the agency and the column navigation in site.json (see rebuildIndexes).
 */
const LAYOUT_VERSION = 2;

/**
 * The body as published. HTML items go through the allowlist (sanitize.ts); Markdown is rendered by our own
 * escaping renderer and through the same allowlist. Tables get a wrapper that scrolls them sideways on a phone
 * (the sanitised HTML holds no literal `<table` but the tags themselves: text `<` is escaped).
 */
export function renderBody(format: string, body: string): string {
  const html = sanitizePublishedHtml(format === 'html' ? body : markdownToHtml(body));
  return html.replace(/<table/g, '<div class="table-scroll"><table').replace(/<\/table>/g, '</table></div>');
}

function writeIfChanged(file: string, content: string): void {
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (before !== content) writeAtomic(file, content);
}

function readAll(dir: string): PublishRequest[] {
  const items = path.join(dir, 'items');
  if (!fs.existsSync(items)) return [];
  return fs
    .readdirSync(items)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(items, f), 'utf8')) as PublishRequest)
    .sort(byDate);
}

const itemFile = (dir: string, r: PublishRequest) => path.join(dir, 'items', `${r.itemId}.html`);

/**
 * Rebuilds the column pages, the home page, the stylesheet and both feeds from the item records. Every page
 * carries the column navigation: when the columns (or the agency, or the layout) differ from the last rebuild,
 * every item page is rewritten too.
 */
function rebuildIndexes(dir: string, agency: string, publicUrl: string, touchedColumns: string[], published?: string): void {
  const all = readAll(dir);
  const ctx: SiteContext = { agency, columns: columnOrder(all.map((r) => r.column)) };
  const stateFile = path.join(dir, 'site.json');
  const state = JSON.stringify({ layout: LAYOUT_VERSION, agency, columns: ctx.columns }, null, 2);
  const stale = !fs.existsSync(stateFile) || fs.readFileSync(stateFile, 'utf8') !== state;
  for (const r of all.filter((x) => stale || x.itemId === published)) {
    writeIfChanged(itemFile(dir, r), itemPage(ctx, r, renderBody(r.format, r.body)));
  }
  writeIfChanged(path.join(dir, 'site.css'), fs.readFileSync(stylesheetFile, 'utf8'));
  for (const column of new Set([...touchedColumns, ...ctx.columns])) {
    writeIfChanged(path.join(dir, 'columns', columnFile(column)), columnPage(ctx, column, all.filter((r) => r.column === column)));
  }
  writeIfChanged(path.join(dir, 'index.html'), homePage(ctx, all));
  const base = `${publicUrl.replace(/\/$/, '')}/site/`;
  const link = (r: PublishRequest) => `items/${r.itemId}.html`;
  writeIfChanged(
    path.join(dir, 'feed.json'),
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: `${agency} 政府信息公开`,
      home_page_url: base,
      items: all.map((r) => ({ id: r.itemId, url: base + link(r), title: r.title, content_text: r.body, date_published: r.publishedAt, tags: [r.category, r.column] })),
    }, null, 2),
  );
  writeIfChanged(
    path.join(dir, 'rss.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeHtml(agency)} 政府信息公开</title><link>${escapeHtml(base)}</link><description>${escapeHtml(agency)}</description>\n` +
      all.map((r) => `<item><title>${escapeHtml(r.title)}</title><link>${escapeHtml(base + link(r))}</link><guid isPermaLink="false">${escapeHtml(r.itemId)}</guid><category>${escapeHtml(r.category)}</category><pubDate>${new Date(r.publishedAt).toUTCString()}</pubDate></item>`).join('\n') +
      `\n</channel></rss>\n`,
  );
  // Written last: a crash before this line leaves the old state, so the next rebuild rewrites the item pages again.
  writeIfChanged(stateFile, state);
}

/**
 * The page the web server sends with a 404 under /site/ (`rel`: the path asked for, inside the site), with the
 * site's navigation as the last rebuild recorded it; before any publication, a page saying nothing is published.
 */
export function siteNotFoundPage(dataDir: string, agency: string, rel: string): string {
  const dir = siteDir(dataDir);
  const stateFile = path.join(dir, 'site.json');
  const columns = fs.existsSync(stateFile) ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { columns: string[] }).columns : [];
  const depth = rel.split('/').filter(Boolean).length - (rel === '' || rel.endsWith('/') ? 0 : 1);
  return notFoundPage({ agency, columns }, '../'.repeat(Math.max(0, depth)), !fs.existsSync(path.join(dir, 'index.html')));
}

export function publishToSite(dataDir: string, agency: string, publicUrl: string, r: PublishRequest): { url: string } {
  const dir = siteDir(dataDir);
  writeIfChanged(path.join(dir, 'items', `${r.itemId}.json`), JSON.stringify(r, null, 2));
  rebuildIndexes(dir, agency, publicUrl, [r.column], r.itemId);
  return { url: `/site/items/${r.itemId}.html` };
}

/** 撤稿: the page and its record go; the indexes and feeds are rebuilt without it. */
export function retractFromSite(dataDir: string, agency: string, publicUrl: string, itemId: string, column: string): void {
  const dir = siteDir(dataDir);
  for (const ext of ['html', 'json']) fs.rmSync(path.join(dir, 'items', `${itemId}.${ext}`), { force: true });
  rebuildIndexes(dir, agency, publicUrl, [column]);
}
