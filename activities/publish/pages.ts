import { shanghaiDate } from '../../domain/calendar';
import { categories, type Category } from '../../domain/review/policy';
import { escapeHtml } from '../../domain/text';
import type { PublishRequest } from './types';

/**
 * The pages of the static portal, as strings: the home page, one page per 栏目 and one per item, all on one
 * layout (the agency's header, the column navigation, a footer) and one stylesheet, site.css. Pure functions of
 * the published records, so rebuilding from the same records gives the same bytes. Links are relative (`root` is
 * '' on the home page and '../' one folder down), so the site works under /site/ and at a domain root alike.
 */

/** The annual reports have their own section on the home page, with their files to download. */
export const REPORT_CATEGORY: Category = '政府信息公开年度报告';
/** How many items of each column the home page lists. */
export const HOME_ITEMS_PER_COLUMN = 8;

export interface SiteContext {
  agency: string;
  /** The columns with published items, in navigation order (columnOrder). */
  columns: string[];
}

export const columnFile = (column: string) => `${column.replace(/[\\/:*?"<>|\s]/g, '_')}.html`;
const columnHref = (root: string, column: string) => `${root}columns/${encodeURI(columnFile(column))}`;
const itemHref = (root: string, r: PublishRequest) => `${root}items/${encodeURIComponent(r.itemId)}.html`;
/** The day of publication in Beijing time, whatever the server's time zone. */
export const publishedDate = (r: PublishRequest) => shanghaiDate(r.publishedAt);

/** The statute's categories first, in their order (the order citizens know from other portals), then the rest. */
export function columnOrder(columns: Iterable<string>): string[] {
  const rank = (c: string) => {
    const k = (categories as readonly string[]).indexOf(c);
    return k < 0 ? categories.length : k;
  };
  return [...new Set(columns)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'zh-CN'));
}

/** Newest first; the item ID breaks ties so the order never depends on how the files were listed. */
export const byDate = (a: PublishRequest, b: PublishRequest) => b.publishedAt.localeCompare(a.publishedAt) || a.itemId.localeCompare(b.itemId);

/** `current`: the column whose link is marked, as the page itself or (on an item's page) as the page's column. */
function layout(ctx: SiteContext, root: string, title: string, current: { column: string | null; is: 'page' | 'true' }, main: string, meta = ''): string {
  const mark = (c: string | null) => (current.column === c ? ` aria-current="${current.is}"` : '');
  const nav = [
    `<li><a href="${root}index.html"${mark(null)}>首页</a></li>`,
    ...ctx.columns.map((c) => `<li><a href="${columnHref(root, c)}"${mark(c)}>${escapeHtml(c)}</a></li>`),
  ].join('\n');
  const agency = escapeHtml(ctx.agency);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>${meta}
<link rel="stylesheet" href="${root}site.css">
<link rel="alternate" type="application/rss+xml" title="${agency} 政府信息公开" href="${root}rss.xml">
</head><body>
<a class="skip" href="#main">跳到正文</a>
<header class="site-header"><div class="wrap">
<a class="brand" href="${root}index.html"><span class="agency">${agency}</span><span class="portal">政府信息公开</span></a>
</div></header>
<nav class="columns" aria-label="栏目"><div class="wrap"><ul>
${nav}
</ul></div></nav>
<main class="wrap" id="main">
${main}
</main>
<footer class="site-footer"><div class="wrap">
<p>主办单位：${agency}</p>
<p><a href="${root}index.html">政府信息公开</a><span class="sep">|</span><a href="${root}rss.xml">RSS 订阅</a><span class="sep">|</span><a href="${root}feed.json">JSON Feed</a></p>
</div></footer>
</body></html>
`;
}

const crumbs = (root: string, parts: string[]) =>
  `<p class="crumbs">当前位置：<a href="${root}index.html">首页</a>${parts.map((p) => `<span aria-hidden="true"> › </span>${p}`).join('')}</p>`;

const itemList = (root: string, rs: PublishRequest[]) =>
  `<ul class="list">\n${rs.map((r) => `<li><a href="${itemHref(root, r)}">${escapeHtml(r.title)}</a><time datetime="${publishedDate(r)}">${publishedDate(r)}</time></li>`).join('\n')}\n</ul>`;

/** An attachment as a link when it is an address (a file of this site becomes a relative link), else its name. */
function attachment(root: string, ref: string): string {
  const own = /\/site\/((?:reports|files)\/[^/?#]+)$/.exec(ref);
  const href = own ? root + own[1] : /^https?:\/\//i.test(ref) ? ref : null;
  if (!href) return `<li>${escapeHtml(ref)}</li>`;
  if (/\.docx$/i.test(ref)) return `<li><a href="${escapeHtml(href)}">下载（Word 文档）</a></li>`;
  if (own && /\.html$/i.test(ref)) return `<li><a href="${escapeHtml(href)}">打印版（网页）</a></li>`;
  let name = ref.replace(/[?#].*$/, '').split('/').pop() || ref;
  try {
    name = decodeURIComponent(name);
  } catch {
    // An address that is not valid percent-encoding is shown as it is.
  }
  return `<li><a href="${escapeHtml(href)}">${escapeHtml(name)}</a></li>`;
}

/** The annual reports, each with the links to its files (the print version, the Word document). */
function reportList(root: string, reports: PublishRequest[]): string {
  const rows = reports.map((r) => {
    const files = r.attachments.map((a) => attachment(root, a)).filter((a) => a.includes('<a ')).join('');
    return `<li><a href="${itemHref(root, r)}">${escapeHtml(r.title)}</a><time datetime="${publishedDate(r)}">${publishedDate(r)}</time>${files ? `<ul class="files">${files}</ul>` : ''}</li>`;
  });
  return rows.length ? `<ul class="list">\n${rows.join('\n')}\n</ul>` : '<p class="empty">暂无已发布的年度报告。</p>';
}

/** `linked`: the reports' own column page exists (the reports are published in the column of their name). */
function reportSection(root: string, reports: PublishRequest[], linked: boolean): string {
  return `<section class="box reports" aria-labelledby="reports-title">
<h2 id="reports-title">${linked ? `<a href="${columnHref(root, REPORT_CATEGORY)}">${REPORT_CATEGORY}</a><a class="more" href="${columnHref(root, REPORT_CATEGORY)}">更多 ›</a>` : REPORT_CATEGORY}</h2>
${reportList(root, reports)}
</section>`;
}

export function homePage(ctx: SiteContext, all: PublishRequest[]): string {
  const boxes = ctx.columns
    .filter((c) => c !== REPORT_CATEGORY)
    .map((c) => {
      const rs = all.filter((r) => r.column === c);
      return `<section class="box" aria-labelledby="col-${ctx.columns.indexOf(c)}">
<h2 id="col-${ctx.columns.indexOf(c)}"><a href="${columnHref('', c)}">${escapeHtml(c)}</a><a class="more" href="${columnHref('', c)}">更多 ›</a></h2>
${itemList('', rs.slice(0, HOME_ITEMS_PER_COLUMN))}
</section>`;
    });
  const reports = all.filter((r) => r.category === REPORT_CATEGORY || r.column === REPORT_CATEGORY);
  const main = `<h1 class="visually-hidden">${escapeHtml(ctx.agency)}政府信息公开</h1>
<div class="grid">
${boxes.length ? boxes.join('\n') : '<section class="box"><p class="empty">暂无公开信息。</p></section>'}
${reportSection('', reports, ctx.columns.includes(REPORT_CATEGORY))}
</div>`;
  return layout(ctx, '', `${ctx.agency} 政府信息公开`, { column: null, is: 'page' }, main);
}

export function columnPage(ctx: SiteContext, column: string, items: PublishRequest[]): string {
  const main = `${crumbs('../', [escapeHtml(column)])}
<section class="box column">
<h1>${escapeHtml(column)}<span class="count">共 ${items.length} 条</span></h1>
${column === REPORT_CATEGORY ? reportList('../', items) : items.length ? itemList('../', items) : '<p class="empty">本栏目暂无信息。</p>'}
</section>`;
  return layout(ctx, '../', `${column} - ${ctx.agency}`, { column, is: 'page' }, main);
}

/** An item's page; `body` is its text already rendered safe (renderBody in site.ts). */
export function itemPage(ctx: SiteContext, r: PublishRequest, body: string): string {
  const meta = `\n<meta name="gongkai-item" content="${escapeHtml(r.itemId)}"><meta name="gongkai-version" content="${r.version}"><meta name="gongkai-hash" content="${escapeHtml(r.hash)}">`;
  const facts: [string, string][] = [
    ['发布机构', `${ctx.agency}${r.section && r.section !== ctx.agency ? ` ${r.section}` : ''}`],
    ['发布日期', publishedDate(r)],
    ['栏目', r.column],
    ['信息类别', r.category],
  ];
  const files = r.attachments.map((a) => attachment('../', a)).join('');
  // A document that opens with its own title (the annual report's HTML page) shows it once, as the page's <h1>.
  const own = `<h1>${escapeHtml(r.title)}</h1>`;
  const shown = body.trimStart().startsWith(own) ? body.trimStart().slice(own.length).trimStart() : body;
  const main = `${crumbs('../', [`<a href="${columnHref('../', r.column)}">${escapeHtml(r.column)}</a>`, '正文'])}
<article>
<h1>${escapeHtml(r.title)}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}：</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>
<div class="body">
${shown}
</div>
${files ? `<section class="attachments"><h2>附件</h2><ul>${files}</ul></section>` : ''}
</article>`;
  return layout(ctx, '../', `${r.title} - ${ctx.agency}`, { column: r.column, is: 'true' }, main, meta);
}

/**
 * What the web server answers for a page the site does not have (a withdrawn item, a mistyped address) or before
 * anything is published. `root` leads from the missing page's folder back to the site's.
 */
export function notFoundPage(ctx: SiteContext, root: string, empty: boolean): string {
  const text = empty ? '本站尚未发布政府信息。' : '您访问的页面不存在，或该信息已撤下。';
  const main = `<section class="box">
<h1>${empty ? '暂无公开信息' : '页面不存在'}</h1>
<p class="empty">${text}</p>
<p><a href="${root}index.html">返回首页</a></p>
</section>`;
  return layout(ctx, root, `${empty ? '暂无公开信息' : '页面不存在'} - ${ctx.agency}`, { column: empty ? null : '', is: 'page' }, main);
}
