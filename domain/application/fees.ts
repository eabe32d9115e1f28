/**
 * 信息处理费 (条例 第四十二条, 国办函〔2020〕109号): progressive (超额累进) tiers, per application (按件,
 * 第四条) or per page (按量, 第五条). Amounts are whole 元.
 */

/** 109号 第四条: the fee for the n-th application of the same applicant in one calendar month. */
export function perApplicationRate(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`本自然月内的申请件次应为不小于 1 的整数（现为 ${n}）`);
  if (n <= 10) return 0; // 1-10 件 免费
  if (n <= 30) return 100; // 11-30 件 100 元/件
  return 100 * (2 + Math.floor((n - 31) / 10)); // 以10件为一档，每增加一档提高100元/件
}

/** Total for `count` applications in a month: 45 → 20×100 + 10×200 + 5×300 = 5,500 元 (statute §1.8). */
export function perApplicationTotal(count: number): number {
  let total = 0;
  for (let n = 1; n <= count; n++) total += perApplicationRate(n);
  return total;
}

/** 109号 第五条 tiers: [first page of the tier, 元/页]. */
const PAGE_TIERS: readonly [number, number][] = [
  [1, 0], // ≤30 页 免费
  [31, 10],
  [101, 20],
  [201, 40],
];

/** 109号 第五条: 250 pages → 70×10 + 100×20 + 50×40 = 4,700 元 (statute §1.8). */
export function perPageFee(pages: number): number {
  if (!Number.isInteger(pages) || pages < 0) throw new RangeError(`页数应为不小于 0 的整数（现为 ${pages}）`);
  let total = 0;
  PAGE_TIERS.forEach(([from, rate], i) => {
    const to = i + 1 < PAGE_TIERS.length ? PAGE_TIERS[i + 1][0] - 1 : Infinity;
    const inTier = Math.max(0, Math.min(pages, to) - from + 1);
    total += inTier * rate;
  });
  return total;
}

export type FeeBasis = { method: 'perApplication'; monthlyCount: number } | { method: 'perPage'; pages: number };

/**
 * The fee for one application. 109号 第三条: one method per application, never both. Per application,
 * the fee is the rate of its rank in the applicant's month (the earlier ones were charged already).
 */
export function applicationFee(basis: FeeBasis): number {
  return basis.method === 'perApplication' ? perApplicationRate(basis.monthlyCount) : perPageFee(basis.pages);
}

/**
 * How the fee was computed, as the 收费通知书 states it (109号 第六条: the notice gives the basis, the rate and the
 * amount): 250 pages → 第31至100页 70页×10元=700元 ... 合计4700元.
 */
export function feeComputation(basis: FeeBasis): string {
  if (basis.method === 'perApplication') {
    const rate = perApplicationRate(basis.monthlyCount);
    // 第四条: 同一申请人一个自然月内累计申请10件以下免费, 以上超额累进.
    return `按件计收（国办函〔2020〕109号第四条，超额累进）：本申请为您本自然月内提出的第${basis.monthlyCount}件申请，该档收费标准为每件${rate}元，合计${rate}元`;
  }
  const parts: string[] = [];
  PAGE_TIERS.forEach(([from, rate], i) => {
    const to = i + 1 < PAGE_TIERS.length ? PAGE_TIERS[i + 1][0] - 1 : Infinity;
    const last = Math.min(basis.pages, to);
    const inTier = Math.max(0, last - from + 1);
    if (inTier === 0) return;
    parts.push(rate === 0 ? `第${from}至${last}页免费` : `第${from}至${last}页${inTier}页×${rate}元=${inTier * rate}元`);
  });
  // 第五条: 30页以下免费, 31-100页10元/页, 101-200页20元/页, 201页以上40元/页.
  return `按量计收（国办函〔2020〕109号第五条，超额累进）：共${basis.pages}页，其中${parts.join('，')}，合计${perPageFee(basis.pages)}元`;
}
