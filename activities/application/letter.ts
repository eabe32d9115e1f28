import * as fs from 'node:fs';
import * as path from 'node:path';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { chineseDate } from '../../domain/calendar';
import { fillPlaceholders } from '../../domain/text';

/** Reply letters are plain text files the agency edits (templates/letters/NAME.txt), `{{name}}` placeholders. */
export const defaultLetterDir = path.resolve(__dirname, '../../templates/letters');

export function fillLetter(name: string, vars: Record<string, string>, dir = defaultLetterDir): string[] {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`letter template: invalid name "${name}"`);
  const raw = fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8');
  const filled = fillPlaceholders(raw, vars, `letter template ${name}`);
  return filled.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
}

const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;

/** Every YYYY-MM-DD inside a text (a reason typed by staff, a template's variable) as 2025年3月20日. */
export function withChineseDates(text: string): string {
  return text.replace(ISO_DATE, (iso: string) => chineseDate(iso));
}

/**
 * Fonts (GB/T 9704-2012 7.1, 7.2): the body 仿宋_GB2312 三号, the title 小标宋 二号; Latin text Times New Roman.
 * A run names one font; the fallback where it is not installed is named in the font table (`w:altName`, which
 * Word uses to substitute): 仿宋_GB2312 → 仿宋 (FangSong, on every Windows), 方正小标宋简体 → 宋体 (SimSun).
 * LibreOffice without them substitutes its CJK serif (Noto Serif CJK SC); docs/letters.md.
 */
export const letterFonts = {
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  title: { name: '方正小标宋简体', fallback: '宋体' },
  latin: 'Times New Roman',
} as const;

const fangsong = { ascii: letterFonts.latin, hAnsi: letterFonts.latin, eastAsia: letterFonts.body.name, hint: 'eastAsia' } as const;
const xiaobiaosong = { ascii: letterFonts.latin, hAnsi: letterFonts.latin, eastAsia: letterFonts.title.name, hint: 'eastAsia' } as const;

const fontTableXml = () =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  [letterFonts.body, letterFonts.title]
    .map((f) => `<w:font w:name="${f.name}"><w:altName w:val="${f.fallback}"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`)
    .join('') +
  `<w:font w:name="${letterFonts.latin}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
  '</w:fonts>';

/** 三号 is 16 pt: one full-width character is 320 twips; a digit or Latin letter about half of it. */
const CHAR = 320;
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? CHAR / 2 : CHAR), 0);

/**
 * A 公文-style DOCX (GB/T 9704-2012): the first line is the title (centred, 二号 小标宋), the second the 发文字号
 * (centred), the last two the 发文机关署名 and the 成文日期; the rest body paragraphs (仿宋 三号, the first
 * — the addressee — flush left, the others indented two characters).
 *
 * The signature (7.3.5.1, 加盖印章的公文): the date four characters from the right margin, the agency's name
 * centred over it, and two empty lines above them: the place where the seal is pressed down over name and date,
 * its top within a line of the text.
 */
export async function letterDocx(lines: string[]): Promise<Buffer> {
  const [title, number, ...rest] = lines;
  const body = rest.slice(0, -2);
  const [agency, date] = rest.slice(-2);
  const LINE = 560; // 28 pt: 22 lines on an A4 page of 三号 text
  const dateRight = 4 * CHAR;
  const agencyRight = Math.max(0, dateRight + Math.round((width(date) - width(agency)) / 2));
  const para = (
    text: string,
    opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; right?: number; before?: number; title?: boolean } = {},
  ) =>
    new Paragraph({
      alignment: opts.align,
      indent: opts.indent ? { firstLine: 2 * CHAR } : opts.right !== undefined ? { right: opts.right } : undefined,
      spacing: { line: LINE, before: opts.before },
      children: [new TextRun({ text, font: opts.title ? xiaobiaosong : fangsong, size: opts.title ? 44 : 32 })],
    });
  const doc = new Document({
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, // 37/35/28/26 mm
        children: [
          para(title, { align: AlignmentType.CENTER, title: true }),
          para(number, { align: AlignmentType.CENTER }),
          ...body.map((l, i) => para(l, { indent: i > 0 })),
          para(agency, { align: AlignmentType.RIGHT, right: agencyRight, before: 2 * LINE }),
          para(date, { align: AlignmentType.RIGHT, right: dateRight }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
