import { CsvError, parse } from 'csv-parse/sync';
import { section2FromCells, type Section2Cell } from '../../domain/report';
import type { ReportFormat } from '../../domain/outcomes';

/**
 * Section 二 of the annual report from a CSV file (`row,field,value`, an optional header line, quotes, a BOM from
 * Excel), read at the edge by a CSV parser so the workflow only ever receives JSON. Throws RangeError naming the line.
 */
export function section2FromCsv(text: string, format: ReportFormat): Record<string, Record<string, number | string>> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new RangeError(`section2Csv：${csvProblem(e)}`);
  }
  const cells: Section2Cell[] = [];
  records.forEach((r, i) => {
    if (i === 0 && r[0]?.toLowerCase() === 'row' && r[1]?.toLowerCase() === 'field') return;
    if (r.length !== 3) throw new RangeError(`section2Csv 第 ${i + 1} 行：应为 3 栏（row,field,value，即项目、栏目、数值），现为 ${r.length} 栏`);
    cells.push({ row: r[0].trim(), field: r[1].trim(), value: r[2].trim(), line: i + 1 });
  });
  return section2FromCells(cells, format);
}

/** What the CSV parser could not read, in Chinese where the problem is a known one: `第 2 行：引号没有成对`. */
function csvProblem(e: unknown): string {
  const known: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: '引号没有成对（缺少结束的引号）',
    CSV_INVALID_CLOSING_QUOTE: '引号的位置不对（结束的引号后面还有字符）',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '引号的位置不对（结束的引号后面还有字符）',
    CSV_MAX_RECORD_SIZE: '一行过长',
  };
  if (!(e instanceof CsvError)) return `无法读取 CSV 文件（${(e as Error).message}）`;
  const where = typeof e.lines === 'number' ? `第 ${e.lines} 行：` : '';
  return `${where}${known[e.code] ?? `无法读取 CSV 文件（${e.message}）`}`;
}
