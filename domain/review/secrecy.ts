/**
 * Hints for the 保密审查 (statute §5: no full 身份证号, 银行卡号 or 住址 on the web): patterns that look like
 * personal data, shown to the 复审 reviewer beside the checklist. A hint, not a verdict.
 */
export interface SecrecyHint {
  kind: 'id-number' | 'bank-card' | 'mobile';
  match: string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check digit of an 18-character 公民身份号码. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

export function secrecyHints(text: string): SecrecyHint[] {
  const hints: SecrecyHint[] = [];
  for (const m of text.matchAll(/(?<!\d)\d{17}[\dXx](?!\d)/g)) if (isValidIdNumber(m[0])) hints.push({ kind: 'id-number', match: m[0] });
  for (const m of text.matchAll(/(?<!\d)(?:62|4\d|5[1-5])\d{14,17}(?!\d)/g)) {
    if (!hints.some((h) => h.match === m[0])) hints.push({ kind: 'bank-card', match: m[0] });
  }
  for (const m of text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)) hints.push({ kind: 'mobile', match: m[0] });
  return hints;
}
