/**
 * DOCX rendering with the `docx` package: A4, 仿宋 三号 body, 黑体 headings, tables with the
 * template's merged cells (columnSpan, rowSpan), in the manner of a 公文 (GB/T 9704).
 */
import {
  AlignmentType,
  Document,
  Header,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx';
import { reportLayout, type Block, type ReportData, type TableLayout } from '../../domain/report';
import type { RenderOptions } from './markdown';

const A4 = { width: 11906, height: 16838 }; // twips
const margin = { top: 1440, bottom: 1440, left: 1247, right: 1247 }; // 2.54 cm, 2.2 cm
const textWidth = A4.width - margin.left - margin.right;

const fangsong = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋', hint: 'eastAsia' } as const;
const heiti = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', hint: 'eastAsia' } as const;
const pt = (n: number) => n * 2; // docx sizes are half-points

const run = (text: string, extra: Partial<IRunOptions> = {}) => new TextRun({ text, font: fangsong, size: pt(16), ...extra });

function tableDocx(table: TableLayout): Table {
  const columnWidths = table.widths.map((w) => Math.floor((textWidth * w) / 100));
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths,
    rows: table.rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: r < table.headerRows,
          cantSplit: true,
          // Keeps the table with its heading on one page when it fits, as printed reports do.
          keepNext: r < table.rows.length - 1,
          children: row.map(
            (cell) =>
              new TableCell({
                columnSpan: cell.colSpan,
                rowSpan: cell.rowSpan,
                verticalAlign: VerticalAlignTable.CENTER,
                margins: { left: 40, right: 40, top: 20, bottom: 20 },
                children: [
                  new Paragraph({
                    alignment: cell.kind === 'label' ? AlignmentType.LEFT : AlignmentType.CENTER,
                    children: [run(cell.text, { size: pt(10) })],
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

function blockDocx(block: Block): Paragraph | Table {
  if (block.type === 'table') return tableDocx(block.table);
  if (block.type === 'heading') {
    return new Paragraph({
      indent: { firstLine: pt(16) * 20 },
      spacing: { before: 120, after: 60, line: 560, lineRule: 'exact' },
      keepNext: true,
      children: [new TextRun({ text: block.text, font: heiti, size: pt(16) })],
    });
  }
  return new Paragraph({
    indent: { firstLine: pt(16) * 20 }, // two characters of 三号
    alignment: AlignmentType.JUSTIFIED,
    spacing: { line: 560, lineRule: 'exact' }, // 28 pt, the 公文 line pitch
    children: [run(block.text)],
  });
}

/** The report as a .docx file. */
export async function renderDocx(data: ReportData, options: RenderOptions = {}): Promise<Buffer> {
  const layout = reportLayout(data, options);
  const draftHeader = layout.draft
    ? {
        default: new Header({
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: '草稿：未通过校验或尚未审定，不得发布', font: heiti, size: pt(14), color: 'CC0000', bold: true })],
            }),
          ],
        }),
      }
    : undefined;
  const doc = new Document({
    title: layout.title,
    creator: 'gongkai',
    sections: [
      {
        properties: { page: { size: A4, margin } },
        headers: draftHeader,
        children: [
          ...(layout.draft
            ? [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [new TextRun({ text: '草稿', font: heiti, size: pt(36), color: 'CC0000', bold: true })],
                }),
              ]
            : []),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400, line: 700, lineRule: 'exact' },
            children: [new TextRun({ text: layout.title, font: { ...heiti, eastAsia: '方正小标宋简体' }, size: pt(22) })],
          }),
          ...layout.blocks.map(blockDocx),
          ...layout.signature.map(
            (line, i) =>
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                spacing: { before: i === 0 ? 560 : 0, line: 560, lineRule: 'exact' },
                indent: { right: pt(16) * 20 * 2 },
                children: [run(line)],
              }),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
