/**
 * A reply letter or notice as HTML, laid out as `letterDocx` (activities/application/letter.ts) lays out the DOCX
 * from the same lines (GB/T 9704-2012): the title centred in 小标宋 二号, the 发文字号 centred, the body in 仿宋
 * 三号 (the addressee flush left, the other paragraphs indented two characters), the agency's name centred over the
 * date four characters from the right margin, two lines below the text. Pure: the server renders the handler's
 * preview with it, the console the letter its reviewers read; no script, its own styles.
 */

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Width in full-width characters (em): a digit or Latin letter is half of one, as in the DOCX. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0);

const STYLE = `
html { background: #fff; }
body { margin: 0; padding: 24px 16px; color: #000; }
.page { max-width: 156mm; margin: 0 auto; font-family: "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; }
h1 { font-family: "方正小标宋简体", "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; line-height: 1.4; text-align: center; margin: 0; }
p { margin: 0; text-align: justify; word-break: break-all; }
p.number { text-align: center; }
p.body { text-indent: 2em; }
p.sign { text-align: right; }
p.sign.first { margin-top: 56pt; }
.draft { border: 2px solid #c00; color: #c00; text-align: center; font-family: "SimHei", "黑体", sans-serif; font-size: 12pt; line-height: 1.6; margin: 0 auto 16px; max-width: 156mm; }
`;

/** A whole HTML document of the letter; `draft` puts a banner above it (a preview, not what was sent). */
export function letterHtml(lines: string[], opts: { draft?: string; title?: string } = {}): string {
  const [title = '', number = '', ...rest] = lines;
  const body = rest.slice(0, -2);
  const [agency = '', date = ''] = rest.slice(-2);
  const dateRight = 4;
  const agencyRight = Math.max(0, dateRight + (width(date) - width(agency)) / 2);
  const html = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="number">${escapeHtml(number)}</p>`,
    ...body.map((l, i) => `<p class="${i === 0 ? 'addressee' : 'body'}">${escapeHtml(l)}</p>`),
    `<p class="sign first" style="padding-right:${agencyRight}em">${escapeHtml(agency)}</p>`,
    `<p class="sign" style="padding-right:${dateRight}em">${escapeHtml(date)}</p>`,
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(opts.title ?? title)}</title>
<style>${STYLE}</style>
</head>
<body>
${opts.draft ? `<div class="draft">${escapeHtml(opts.draft)}</div>\n` : ''}<div class="page">
${html}
</div>
</body>
</html>
`;
}
