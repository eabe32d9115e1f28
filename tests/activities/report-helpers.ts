/**
 * Test helpers for the annual report: a minimal zip reader (a .docx is a zip) and the cells and
 * narrative lines of the real Lingling 2021 report, read from the published text itself so that
 * the expected labels and numbers never come from the code under test.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const repoRoot = path.resolve(__dirname, '../..');
export const linglingDataPath = path.join(repoRoot, 'tests/fixtures/report/lingling-2021.json');
/** The report as the agency published it (its text export), kept in the repository as test data. */
export const linglingTextPath = path.join(repoRoot, 'tests/fixtures/report/lingling-civil-affairs-2021-annual-report.txt');

export function loadLingling(): unknown {
  return JSON.parse(readFileSync(linglingDataPath, 'utf8'));
}

/** Reads every entry of a zip archive (stored or deflated), by the central directory. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    files.set(name, method === 0 ? raw : inflateRawSync(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Whitespace of every kind (ASCII, full-width U+3000, no-break) is layout, not content. */
export const squash = (s: string) => s.replace(/[\s\u3000\u00a0]+/g, '');

/** The text of each table cell of word/document.xml, in document order. */
export function docxCells(docx: Buffer): string[] {
  const xml = unzip(docx).get('word/document.xml')!.toString('utf8');
  return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) =>
    [...m[1].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1])).join(''),
  );
}

/** All the text of word/document.xml, paragraph by paragraph. */
export function docxParagraphs(docx: Buffer): string[] {
  const xml = unzip(docx).get('word/document.xml')!.toString('utf8');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1])).join(''),
  );
}

/** The text of each <th>/<td> of an HTML document, in document order. */
export function htmlCells(html: string): string[] {
  return [...html.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => unescapeXml(m[1]));
}

export function linglingText(): string {
  // The text export left a Word bookmark marker in it; it is not part of the report.
  return readFileSync(linglingTextPath, 'utf8').replace(/\[bookmark:[^\]]*\]/g, '');
}

/**
 * The non-empty table cells of the published report, in order, whitespace removed. In its text
 * export a cell starts with a tab; a line without one continues the cell ("本年新" / "制作数量").
 */
export function linglingTableCells(): string[] {
  const text = linglingText();
  const region = text.slice(text.indexOf('二、主动公开政府信息情况'), text.indexOf('五、存在的主要问题及改进情况'));
  const cells: string[] = [];
  for (const line of region.split('\n').slice(1)) {
    if (line.startsWith('\t')) cells.push(line.slice(1));
    else if (squash(line) === '' || /^[\s\u3000]*[二三四]、/.test(line)) continue;
    else cells[cells.length - 1] += line;
  }
  return cells.map(squash).filter((c) => c !== '');
}

/** The narrative lines of sections 一, 五 and 六 and the signature, whitespace removed. */
export function linglingNarrativeLines(): string[] {
  const text = linglingText();
  const part = (from: string, to: string) => text.slice(text.indexOf(from) + from.length, text.indexOf(to));
  return [
    part('一、总体情况', '二、主动公开政府信息情况'),
    part('五、存在的主要问题及改进情况', '六、其他需要报告的事项'),
    text.slice(text.indexOf('六、其他需要报告的事项') + '六、其他需要报告的事项'.length),
  ]
    .flatMap((p) => p.split('\n'))
    .map(squash)
    .filter((l) => l !== '');
}
