/**
 * Print-ready HTML: A4 pages, 仿宋 body, 黑体 headings, the template's merged header cells as
 * rowspan/colspan. All text is escaped: agency names and narratives come from users.
 */
import { reportLayout, type Block, type ReportData, type TableLayout } from '../../domain/report';
import { escapeHtml } from '../../domain/text';
import type { RenderOptions } from './markdown';

const css = `
@page { size: A4; margin: 2.54cm 2.2cm; }
body { font-family: "FangSong", "仿宋", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 1.75; color: #000; max-width: 17cm; margin: 0 auto; }
h1 { font-family: "方正小标宋简体", "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 22pt;
  font-weight: normal; text-align: center; line-height: 1.4; margin: 0 0 1em; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal;
  margin: 0.8em 0 0.4em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.4em 0 0.8em;
  font-size: 10.5pt; line-height: 1.35; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; word-break: break-all; }
th { font-weight: normal; }
td.label { text-align: left; }
.signature { text-align: right; margin-top: 2em; text-indent: 0; }
.draft-banner { border: 2px solid #c00; color: #c00; text-align: center; font-family: "SimHei", "黑体", sans-serif;
  font-size: 14pt; margin-bottom: 1em; text-indent: 0; }
.draft-mark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120pt;
  color: rgba(204, 0, 0, 0.15); transform: rotate(-30deg); pointer-events: none; z-index: 10; }
`;

function tableHtml(table: TableLayout): string {
  const cols = table.widths.map((w) => `<col style="width:${w.toFixed(2)}%">`).join('');
  const rows = table.rows.map((row) => {
    const cells = row.map((cell) => {
      const tag = cell.kind === 'head' ? 'th' : 'td';
      const attrs =
        (cell.rowSpan && cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : '') +
        (cell.colSpan && cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : '') +
        (cell.kind === 'label' ? ' class="label"' : '');
      return `<${tag}${attrs}>${escapeHtml(cell.text)}</${tag}>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table><colgroup>${cols}</colgroup>\n${rows.join('\n')}\n</table>`;
}

function blockHtml(block: Block): string {
  if (block.type === 'heading') return `<h2>${escapeHtml(block.text)}</h2>`;
  if (block.type === 'paragraph') return `<p>${escapeHtml(block.text)}</p>`;
  return tableHtml(block.table);
}

/** The report as one self-contained HTML page, ready to print or to publish. */
export async function renderHtml(data: ReportData, options: RenderOptions = {}): Promise<string> {
  const layout = reportLayout(data, options);
  const title = escapeHtml(layout.draft ? `【草稿】${layout.title}` : layout.title);
  const draft = layout.draft
    ? `<div class="draft-mark" aria-hidden="true">草稿</div>\n<p class="draft-banner">草稿：未通过校验或尚未审定，不得发布</p>\n`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>${css}</style>
</head>
<body>
${draft}<h1>${escapeHtml(layout.title)}</h1>
${layout.blocks.map(blockHtml).join('\n')}
<p class="signature">${layout.signature.map(escapeHtml).join('<br>')}</p>
</body>
</html>
`;
}
