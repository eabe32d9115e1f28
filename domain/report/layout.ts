/**
 * The report as a renderer sees it: headings, paragraphs and tables whose cells carry the merged
 * header spans of the national template. HTML, DOCX and Markdown all render this one layout, so
 * they cannot disagree on a label or a number.
 */
import { applicantColumnLabels, legalPersonGroupLabel, outcomeGroupLabels, outcomeRows, outcome } from '../outcomes';
import { chineseDate } from '../calendar/civil-date';
import type { ReportData } from './schema';
import {
  applicantsHeading,
  infoContentLabel,
  litigationHeading,
  reportTitle,
  resultsHeading,
  section2Blocks,
  section3Columns,
  section3Note,
  section3TopLabels,
  section4ColumnLabels,
  section4Columns,
  section4GroupLabels,
  section4Groups,
  sectionHeadings,
} from './template';

export interface Cell {
  readonly text: string;
  readonly kind: 'head' | 'label' | 'value';
  readonly rowSpan?: number;
  readonly colSpan?: number;
}

/** Rows hold only the cells that start in them, as in HTML: spanned positions are omitted. */
export interface TableLayout {
  readonly columns: number;
  readonly rows: readonly (readonly Cell[])[];
  /** Leading rows that form the column header; 0 where headings repeat per block (section 二). */
  readonly headerRows: number;
  /** Relative column widths, summing to 100. */
  readonly widths: readonly number[];
}

export type Block =
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'table'; readonly table: TableLayout };

export interface ReportLayout {
  readonly title: string;
  readonly draft: boolean;
  readonly blocks: readonly Block[];
  /** Signature lines under the text: the agency and the date. */
  readonly signature: readonly string[];
}

const head = (text: string, rowSpan?: number, colSpan?: number): Cell => ({ text, kind: 'head', rowSpan, colSpan });
const label = (text: string, rowSpan?: number, colSpan?: number): Cell => ({ text, kind: 'label', rowSpan, colSpan });
const value = (v: number | string): Cell => ({ text: String(v), kind: 'value' });

export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}


export function section2Table(data: ReportData): TableLayout {
  const rows: Cell[][] = [];
  for (const block of section2Blocks[data.format]) {
    rows.push([head(block.title, undefined, 4)]);
    // A block with fewer fields lets its last column span the rest, as the template's merged cells do.
    const lastSpan = 4 - block.headings.length;
    const spanOf = (i: number) => (i === block.headings.length - 1 && lastSpan > 1 ? lastSpan : undefined);
    rows.push([head(infoContentLabel), ...block.headings.map((h, i) => head(h, undefined, spanOf(i)))]);
    for (const r of block.rows) {
      const cells = r.fields.map((f, i) => {
        const v = data.section2[r.key][f];
        // 60号 has no unit in the heading; the amount is printed with it, as reports do ("453.0087万元").
        const text = f === 'amountWan' && data.format === '2019' && typeof v === 'number' ? `${v}万元` : String(v);
        return { text, kind: 'value' as const, colSpan: spanOf(i) };
      });
      rows.push([label(r.label), ...cells]);
    }
  }
  return { columns: 4, headerRows: 0, rows, widths: [31, 23, 23, 23] };
}

export function section3Table(data: ReportData): TableLayout {
  const leaves = outcomeRows(data.format);
  const cols = section3Columns.length;
  const values = (key: string) => ((data.section3 as Record<string, number[]>)[key] ?? []).map(value);
  const rows: Cell[][] = [
    [head(section3Note, 3, 3), head(applicantsHeading, undefined, cols)],
    [head(applicantColumnLabels.naturalPerson, 2), head(legalPersonGroupLabel, undefined, 5), head(applicantColumnLabels.total, 2)],
    section3Columns.slice(1, 6).map((c) => head(applicantColumnLabels[c])),
    [label(section3TopLabels.received, undefined, 3), ...values('received')],
    [label(section3TopLabels.carriedOver, undefined, 3), ...values('carriedOver')],
  ];
  const resultRows = leaves.length + 1; // the leaves and （七）总计
  let first = true;
  const seenGroups = new Set<string>();
  for (const o of leaves) {
    const cells: Cell[] = [];
    if (first) cells.push(label(resultsHeading, resultRows));
    first = false;
    const text = o.key === 'other.other' && data.format === '2019' ? null : outcome(o.key).label;
    if (text === null) {
      cells.push(label(outcomeGroupLabels[o.group], undefined, 2));
    } else if (!seenGroups.has(o.group)) {
      const size = leaves.filter((l) => l.group === o.group).length;
      cells.push(label(outcomeGroupLabels[o.group], size), label(text));
    } else {
      cells.push(label(text));
    }
    seenGroups.add(o.group);
    rows.push([...cells, ...values(o.key)]);
  }
  rows.push([label(section3TopLabels.total, undefined, 2), ...values('total')]);
  rows.push([label(section3TopLabels.carriedForward, undefined, 3), ...values('carriedForward')]);
  return { columns: 3 + cols, headerRows: 3, rows, widths: [5, 8, 27, ...Array(cols).fill(60 / cols)] };
}

export function section4Table(data: ReportData): TableLayout {
  const columnLabels = section4Columns.map((c) => section4ColumnLabels[c]);
  const rows: Cell[][] = [
    [head(section4GroupLabels.reconsideration, undefined, 5), head(litigationHeading, undefined, 10)],
    [
      ...columnLabels.map((l) => head(l, 2)),
      head(section4GroupLabels.litigationDirect, undefined, 5),
      head(section4GroupLabels.litigationAfterReconsideration, undefined, 5),
    ],
    [...columnLabels, ...columnLabels].map((l) => head(l)),
    section4Groups.flatMap((g) => data.section4[g].map(value)),
  ];
  return { columns: 15, headerRows: 3, rows, widths: Array(15).fill(100 / 15) };
}

export function reportLayout(data: ReportData, options: { draft?: boolean } = {}): ReportLayout {
  const h = sectionHeadings[data.format];
  const text = (t: string): Block[] => paragraphs(t).map((p) => ({ type: 'paragraph', text: p }));
  return {
    title: reportTitle(data.agency, data.year),
    draft: options.draft ?? false,
    blocks: [
      { type: 'heading', text: h[0] },
      ...text(data.section1),
      { type: 'heading', text: h[1] },
      { type: 'table', table: section2Table(data) },
      { type: 'heading', text: h[2] },
      { type: 'table', table: section3Table(data) },
      { type: 'heading', text: h[3] },
      { type: 'table', table: section4Table(data) },
      { type: 'heading', text: h[4] },
      ...text(data.section5),
      { type: 'heading', text: h[5] },
      ...text(data.section6),
    ],
    signature: [data.agency, ...(data.date ? [chineseDate(data.date)] : [])],
  };
}
