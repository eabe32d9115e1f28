/**
 * Numbers as a report's narrative writes them: Arabic digits (half- or full-width, with thousands commas) or
 * Chinese numerals (十七, 一百二十, 两千零五, 零). Reports use both, often in the same paragraph.
 */

const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const smallUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const bigUnits: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** The characters a Chinese numeral is written with (for building patterns). */
export const chineseNumeralChars = '零〇一二两三四五六七八九十百千万亿';

/**
 * The value of a Chinese numeral, or null when `text` is not one. "十七" is 17 (a leading 十 means 一十),
 * "一百零五" 105, "二十万" 200000; digits without units ("一二〇") are read place by place.
 */
export function parseChineseNumeral(text: string): number | null {
  if (!text || [...text].some((c) => !(c in digits) && !(c in smallUnits) && !(c in bigUnits))) return null;
  // Only 十 may open a numeral (十七); "百元", "万元" alone are words, not amounts.
  if (/^[百千万亿]/.test(text)) return null;
  if ([...text].every((c) => c in digits)) {
    return text.length === 1 ? digits[text] : Number([...text].map((c) => digits[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let pending: number | null = null;
  for (const c of text) {
    if (c in digits) {
      if (pending !== null && pending !== 0 && digits[c] !== 0) return null; // two digits in a row: not a number
      pending = digits[c];
    } else if (c in smallUnits) {
      section += (pending === null || (pending === 0 && section === 0) ? 1 : pending) * smallUnits[c];
      pending = null;
    } else {
      total = (total + section + (pending ?? 0)) * bigUnits[c];
      section = 0;
      pending = null;
    }
  }
  return total + section + (pending ?? 0);
}

/** Full-width digits to ASCII, so that "１７" reads as 17 (full-width punctuation stays: it separates clauses). */
export function halfWidthDigits(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The value of a number as written in the narrative: "1,200", "0.5", "十七"; null if it is neither. */
export function parseNarrativeNumber(text: string): number | null {
  const t = halfWidthDigits(text.trim());
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  return parseChineseNumeral(t);
}
