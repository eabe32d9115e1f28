/**
 * Markdown rendering. Markdown tables cannot merge cells, so each row label carries the template
 * text of the merged cells above it ("（三）不予公开 1.属于国家秘密") and the header is one row.
 */
import { reportLayout, type Cell, type ReportData, type TableLayout } from '../../domain/report';

export interface RenderOptions {
  /** Adds a visible 草稿 mark: data that fails a check may be rendered only as a draft. */
  readonly draft?: boolean;
}

/** Expands row and column spans into a full grid; a spanned position repeats its origin cell. */
export function expandGrid(table: TableLayout): Cell[][] {
  const grid: Cell[][] = [];
  table.rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r][c]) c++;
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++) {
        for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) {
          (grid[r + dr] ??= [])[c + dc] = cell;
        }
      }
      c += cell.colSpan ?? 1;
    }
  });
  return grid;
}

// Markdown's own syntax characters in cell text would break the table.
const md = (s: string) => s.replace(/([\\`*_[\]|<>#])/g, '\\$1').replace(/\n/g, ' ');

function tableMarkdown(table: TableLayout): string[] {
  const grid = expandGrid(table);
  const distinct = (row: readonly Cell[]) => row.filter((cell, i) => cell !== row[i - 1]);
  const lines: string[] = [];
  const push = (cells: readonly string[]) => lines.push(`| ${cells.map(md).join(' | ')} |`);
  const rule = (n: number) => lines.push(`|${' --- |'.repeat(n)}`);

  if (table.headerRows === 0) {
    // Section 二: a title line per 第二十条 item, then its own small table.
    for (const row of grid) {
      const cells = distinct(row);
      if (cells.length === 1) lines.push(...(lines.length ? [''] : []), `**${md(cells[0].text)}**`, '');
      else {
        push(cells.map((cell) => cell.text));
        if (cells.every((cell) => cell.kind === 'head')) rule(cells.length);
      }
    }
    return lines;
  }

  const body = grid.slice(table.headerRows);
  const labelCols = body[0].filter((cell) => cell.kind !== 'value').length;
  // Per column, the header texts stacked from top to bottom ("申请人情况 法人或其他组织 商业企业").
  const header = Array.from({ length: table.columns }, (_, c) =>
    distinct(grid.slice(0, table.headerRows).map((row) => row[c])).map((cell) => cell.text).join(' '),
  );
  const labelHeader = labelCols ? [[...new Set(header.slice(0, labelCols))].join(' ')] : [];
  push([...labelHeader, ...header.slice(labelCols)]);
  rule(labelHeader.length + table.columns - labelCols);
  for (const row of body) {
    const labels = distinct(row.filter((cell) => cell.kind !== 'value')).map((cell) => cell.text);
    push([...(labelCols ? [labels.join(' ')] : []), ...row.filter((cell) => cell.kind === 'value').map((cell) => cell.text)]);
  }
  return lines;
}

/** The report as Markdown (GitHub tables), for previews and review diffs. */
export async function renderMarkdown(data: ReportData, options: RenderOptions = {}): Promise<string> {
  const layout = reportLayout(data, options);
  const out: string[] = [];
  if (layout.draft) out.push('> **草稿**：未通过校验或尚未审定，不得发布。', '');
  out.push(`# ${md(layout.title)}`, '');
  for (const block of layout.blocks) {
    if (block.type === 'heading') out.push(`## ${md(block.text)}`, '');
    else if (block.type === 'paragraph') out.push(md(block.text), '');
    else out.push(...tableMarkdown(block.table), '');
  }
  out.push(...layout.signature.map((s) => md(s)).join('  \n').split('\n'), '');
  return out.join('\n');
}
