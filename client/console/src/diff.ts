export type DiffLine = { kind: 'same' | 'del' | 'ins'; text: string };

/** Above this many line pairs the table would be too large for a browser tab; the caller says so instead. */
export const DIFF_LIMIT = 4_000_000;

/**
 * A line diff (longest common subsequence) of two versions. Within each changed run the removed lines come
 * before the added ones, as a reviewer reads a correction: what was there, then what replaces it.
 */
export function lineDiff(before: string, after: string): DiffLine[] | null {
  const x = before.split('\n');
  const y = after.split('\n');
  const n = x.length;
  const m = y.length;
  if (n * m > DIFF_LIMIT) return null;
  const L: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out: DiffLine[] = [];
  let dels: DiffLine[] = [];
  let ins: DiffLine[] = [];
  const flush = () => {
    out.push(...dels, ...ins);
    dels = [];
    ins = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      flush();
      out.push({ kind: 'same', text: x[i] });
      i++;
      j++;
    } else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) {
      ins.push({ kind: 'ins', text: y[j++] });
    } else {
      dels.push({ kind: 'del', text: x[i++] });
    }
  }
  flush();
  return out;
}
