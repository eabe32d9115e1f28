import { escapeHtml } from '../../domain/text';

/**
 * The Markdown items are written in, as HTML for the public site: headings, paragraphs, lists (nested by
 * indentation), GFM tables, block quotes, fenced code, links, bold, italics, strike-through, inline code.
 * No renderer package is installed, and the subset is small; what matters is that nothing an author types can
 * run on the site. So every character of text goes through escapeHtml, HTML written inside Markdown is shown as
 * text, and a link or image keeps its address only when it is http(s), mailto or a relative path. The site then
 * passes the result through the allowlist sanitiser as well (renderBody in site.ts).
 *
 * Chinese texts break lines on purpose (a 落款 under the body, an address block), so a single newline inside a
 * paragraph is kept as a line break, not folded into a space. The page's <h1> is the title, so the body's
 * highest heading becomes <h2>, whether the author wrote it with `#` or `##`.
 */
export function markdownToHtml(markdown: string): string {
  // U+E000/U+E001 delimit the inline placeholders below; text may not forge one.
  const lines = markdown.replace(/\r\n?/g, '\n').replace(/[\uE000\uE001]/g, '').split('\n');
  const levels = lines.map((l) => HEADING.exec(l)).filter((m) => m !== null).map((m) => m[1].length);
  return blocks(lines, 2 - Math.min(6, ...levels)).join('\n');
}

// Patterns that read to the end of a line do it greedily and once (`(.*)$`): a lazy one before optional
// trailing whitespace tries the rest of the line at every character, which a line of spaces makes quadratic.
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^( {0,3})([-*+])[ \t]+(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})[.)][ \t]+(.*)$/;
/** Tested on the row with its spaces and tabs removed. */
const TABLE_DELIMITER = /^\|?:?-+:?(?:\|:?-+:?)*\|?$/;
const isDelimiterRow = (line: string) => TABLE_DELIMITER.test(line.replace(/[ \t]/g, ''));

/** Spaces and tabs off both ends (not String.trim: a paragraph's leading 全角 spaces are the author's indent). */
function trimAscii(line: string): string {
  let a = 0;
  let b = line.length;
  while (a < b && (line[a] === ' ' || line[a] === '\t')) a++;
  while (b > a && (line[b - 1] === ' ' || line[b - 1] === '\t')) b--;
  return line.slice(a, b);
}

/** A heading's text without the optional closing `#`s (`## 标题 ##`). */
function headingText(raw: string): string {
  const text = trimAscii(raw);
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  return end === 0 ? '' : end < text.length && /[ \t]/.test(text[end - 1]) ? trimAscii(text.slice(0, end)) : text;
}

const isBlank = (l: string) => l.trim() === '';
/** A header row and, under it, a delimiter row with as many cells (GFM): `甲 | 乙` over a `---` rule is no table. */
const isTableStart = (lines: string[], i: number) =>
  lines[i].includes('|') && i + 1 < lines.length && isDelimiterRow(lines[i + 1]) && cells(lines[i + 1]).length === cells(lines[i]).length;
/** A line that ends a paragraph without a blank line before it. */
const startsBlock = (lines: string[], i: number) =>
  HEADING.test(lines[i]) || RULE.test(lines[i]) || FENCE.test(lines[i]) || QUOTE.test(lines[i]) || BULLET.test(lines[i]) || ORDERED.test(lines[i]) || isTableStart(lines, i);

/** Quotes and lists nest by recursion; deeper than this (`> > > …` typed on purpose) the rest is plain text. */
const MAX_DEPTH = 12;

function blocks(lines: string[], shift: number, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [`<p>${inline(lines.join('\n')).replace(/\n/g, '<br>\n')}</p>`];
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.max(2, Math.min(6, heading[1].length + shift));
      out.push(`<h${level}>${inline(headingText(heading[2] ?? ''))}</h${level}>`);
      i++;
    } else if (RULE.test(line)) {
      out.push('<hr>');
      i++;
    } else if (FENCE.test(line)) {
      const fence = FENCE.exec(line)![1];
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence); i++) code.push(lines[i]);
      i++;
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
    } else if (QUOTE.test(line)) {
      const inner: string[] = [];
      for (; i < lines.length && !isBlank(lines[i]); i++) inner.push(QUOTE.exec(lines[i])?.[1] ?? lines[i]);
      out.push(`<blockquote>\n${blocks(inner, shift, depth + 1).join('\n')}\n</blockquote>`);
    } else if (BULLET.test(line) || ORDERED.test(line)) {
      i = list(lines, i, out, shift, depth);
    } else if (isTableStart(lines, i)) {
      i = table(lines, i, out);
    } else {
      const para: string[] = [];
      for (; i < lines.length && !isBlank(lines[i]) && (para.length === 0 || !startsBlock(lines, i)); i++) para.push(trimAscii(lines[i]));
      out.push(`<p>${inline(para.join('\n')).replace(/\n/g, '<br>\n')}</p>`);
    }
  }
  return out;
}

/** One list from lines[start]; its items' lines (continuations, indented sub-lists) render as blocks of their own. */
function list(lines: string[], start: number, out: string[], shift: number, depth: number): number {
  const ordered = ORDERED.test(lines[start]);
  const marker = ordered ? ORDERED : BULLET;
  const items: string[][] = [];
  const indent = marker.exec(lines[start])![1].length;
  let loose = false;
  let i = start;
  while (i < lines.length) {
    const m = marker.exec(lines[i]);
    // A marker indented further than the list's own starts a sub-list inside the current item.
    if (m && m[1].length < indent + 2) {
      items.push([m[3]]);
      i++;
      continue;
    }
    if (isBlank(lines[i])) {
      let next = i;
      while (next < lines.length && isBlank(lines[next])) next++;
      if (next === lines.length) break;
      const after = lines[next];
      if (!marker.test(after) && !/^ {2,}\S/.test(after)) break;
      loose = true;
      items[items.length - 1].push('');
      i = next;
      continue;
    }
    if (/^ {2,}\S/.test(lines[i])) items[items.length - 1].push(lines[i].replace(/^ {1,4}/, ''));
    else if (!startsBlock(lines, i)) items[items.length - 1].push(lines[i]);
    else break;
    i++;
  }
  const first = ordered ? Number(ORDERED.exec(lines[start])![2]) : 1;
  const open = ordered ? (first === 1 ? '<ol>' : `<ol start="${first}">`) : '<ul>';
  const lis = items.map((item) => {
    const html = blocks(item, shift, depth + 1);
    // A tight item is its text, not a paragraph.
    if (!loose && html.length > 0 && html[0].startsWith('<p>')) html[0] = html[0].slice(3, -4);
    return `<li>${html.join('\n')}</li>`;
  });
  out.push(`${open}\n${lis.join('\n')}\n${ordered ? '</ol>' : '</ul>'}`);
  return i;
}

function cells(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((c) => c.trim());
}

function table(lines: string[], start: number, out: string[]): number {
  const head = cells(lines[start]);
  const rows: string[][] = [];
  let i = start + 2;
  for (; i < lines.length && !isBlank(lines[i]) && lines[i].includes('|'); i++) rows.push(cells(lines[i]));
  const row = (cs: string[], tag: 'th' | 'td') =>
    `<tr>${head.map((_, k) => `<${tag}>${inline(cs[k] ?? '')}</${tag}>`).join('')}</tr>`;
  out.push(`<table>\n<thead>${row(head, 'th')}</thead>\n<tbody>\n${rows.map((r) => row(r, 'td')).join('\n')}\n</tbody>\n</table>`);
  return i;
}

/**
 * An address kept as a link: http(s), mailto, or relative (a path, a query, a fragment: nothing that names a
 * scheme). Control characters and whitespace are refused, since browsers drop them and `java\tscript:` runs;
 * so are backslashes (`\\evil.cn` is `//evil.cn` to a browser), character references and our placeholders.
 */
export function safeUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (url === '' || /[\u0000-\u0020\u007f-\u009f\\\uE000\uE001]|&#/.test(url)) return false;
  if (/^(https?:\/\/|mailto:)/i.test(url)) return true;
  return !/^[^/?#]*:/.test(url) && !url.startsWith('//');
}

// Bare addresses end before whitespace, anything HTML-special, and CJK punctuation (`网址：https://x.gov.cn。`).
const BARE_URL = /https?:\/\/[^\s<>"'`\\\uE000\uE001\u3000-\u303f\uff00-\uffef]+[^\s<>"'`\\\uE000\uE001\u3000-\u303f\uff00-\uffef.,;:!?)]/g;

/**
 * Inline Markdown of one block. Code spans, links and addresses are rendered first and held as placeholders;
 * the rest is escaped, then emphasis is applied to the escaped text, then the placeholders are put back.
 */
function inline(text: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  let s = text.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => hold(escapeHtml(c)));
  s = s.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => hold(`<code>${escapeHtml(code.trim())}</code>`));
  // A label holds no `[`: from each `[` the search stops at the next one, so a text of brackets stays linear; and
  // no whitespace is optional around the address, which would let a run of spaces be tried at every split.
  s = s.replace(/(!?)\[([^\][]*)\]\(<?((?:[^\s()<>]|\([^\s()<>]*\))*)>?(?:[ \t]+"([^"]*)")?\)/g, (_, bang: string, label: string, url: string, title?: string) => {
    const t = title ? ` title="${escapeHtml(title)}"` : '';
    if (bang) return safeUrl(url) ? hold(`<img src="${escapeHtml(url)}" alt="${escapeHtml(label)}"${t}>`) : hold(escapeHtml(label));
    // The label is rendered on its own: a link holds no link (an address inside it stays text).
    const inner = emphasis(escapeHtml(label));
    return hold(safeUrl(url) ? `<a href="${escapeHtml(url)}"${t}>${inner}</a>` : inner);
  });
  s = s.replace(/<((?:https?:\/\/|mailto:)[^\s<>]+)>/gi, (_, url: string) => hold(safeUrl(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url)));
  s = s.replace(BARE_URL, (url) => (safeUrl(url) ? hold(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`) : url));
  const restore = (x: string): string => x.replace(/\uE000(\d+)\uE001/g, (_, k: string) => restore(held[Number(k)]));
  return restore(emphasis(escapeHtml(s)));
}

/** Bold, italics and strike-through on text already escaped (escaping leaves `*`, `_` and `~` as they are). */
function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?=\S)([\s\S]*?\S)__/g, '<strong>$1</strong>')
    .replace(/\*(?=[^\s*])([^*]*?[^\s*])\*/g, '<em>$1</em>')
    .replace(/\*(?=[^\s*])([^*\s])\*/g, '<em>$1</em>')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<s>$1</s>');
}
