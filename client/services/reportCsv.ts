import { parse } from 'csv-parse/sync';
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
    throw new RangeError(`section2Csv: ${(e as Error).message}`);
  }
  const cells: Section2Cell[] = [];
  records.forEach((r, i) => {
    if (i === 0 && r[0]?.toLowerCase() === 'row' && r[1]?.toLowerCase() === 'field') return;
    if (r.length !== 3) throw new RangeError(`section2Csv line ${i + 1}: expected 3 cells row,field,value, got ${r.length}`);
    cells.push({ row: r[0].trim(), field: r[1].trim(), value: r[2].trim(), line: i + 1 });
  });
  return section2FromCells(cells, format);
}
