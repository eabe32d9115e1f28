import * as fs from 'node:fs';
import * as path from 'node:path';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';

/** Reply letters are plain text files the agency edits (templates/letters/NAME.txt), `{{name}}` placeholders. */
export const defaultLetterDir = path.resolve(__dirname, '../../templates/letters');

export function fillLetter(name: string, vars: Record<string, string>, dir = defaultLetterDir): string[] {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`letter template: invalid name "${name}"`);
  const raw = fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8');
  const filled = raw.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in vars)) throw new Error(`letter template ${name}: no value for {{${key}}}`);
    return vars[key];
  });
  return filled.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
}

const fangsong = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋', hint: 'eastAsia' } as const;
const xiaobiaosong = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '方正小标宋简体', hint: 'eastAsia' } as const;

/**
 * A 公文-style DOCX: the first line is the title (centred, 二号), the second the document number
 * (centred), the last two the agency and date (right-aligned); the rest body paragraphs (仿宋 三号).
 */
export async function letterDocx(lines: string[]): Promise<Buffer> {
  const [title, number, ...rest] = lines;
  const body = rest.slice(0, -2);
  const [agency, date] = rest.slice(-2);
  const para = (text: string, opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; title?: boolean } = {}) =>
    new Paragraph({
      alignment: opts.align,
      indent: opts.indent ? { firstLine: 640 } : undefined,
      spacing: { line: 560 },
      children: [new TextRun({ text, font: opts.title ? xiaobiaosong : fangsong, size: opts.title ? 44 : 32 })],
    });
  const doc = new Document({
    sections: [
      {
        children: [
          para(title, { align: AlignmentType.CENTER, title: true }),
          para(number, { align: AlignmentType.CENTER }),
          ...body.map((l, i) => para(l, { indent: i > 0 })),
          para(agency, { align: AlignmentType.RIGHT }),
          para(date, { align: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
