/** One line of a line diff: kept, removed from the old text, or added in the new one. */
export interface DiffLine {
  op: 'same' | 'del' | 'ins';
  text: string;
}

/** Past this many line pairs the LCS table would take too much memory for one request: no diff then. */
export const DIFF_MAX_CELLS = 4_000_000;

/** A line diff (longest common subsequence) of two texts; undefined when they are too long to compare. */
export function lineDiffOps(a: string, b: string): DiffLine[] | undefined {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > DIFF_MAX_CELLS) return undefined;
  const n = x.length;
  const m = y.length;
  const L: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: 'same', text: x[i++] });
      j++;
    } else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) out.push({ op: 'ins', text: y[j++] });
    else out.push({ op: 'del', text: x[i++] });
  }
  return out;
}
