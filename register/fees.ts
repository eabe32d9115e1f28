import type { Register } from './db';

/**
 * 信息处理费 per case (条例 第四十二条, 国办函〔2020〕109号), from the events the application workflow records:
 * what was noticed (charged), waived, and paid (collected). The annual report's section 六 sums the collected
 * amounts (reportFacts.feesPaidYuan).
 */
export interface CaseFees {
  charged: number;
  basis: string | null;
  noticed: string | null;
  waived: number;
  waivedReason: string | null;
  collected: number;
  paidOn: string | null;
}

const amountOf = (detail: string | null): number => {
  const n = detail ? Number((JSON.parse(detail) as { amount?: unknown }).amount) : NaN;
  return Number.isFinite(n) ? n : 0;
};

export async function caseFees(db: Register, applicationId: string): Promise<CaseFees> {
  const events = await db.selectFrom('application_events').select(['type', 'date', 'detail'])
    .where('application_id', '=', applicationId).where('type', 'in', ['feeNoticeIssued', 'feePaid', 'feeWaived'])
    .orderBy('at').orderBy('id').execute();
  const fees: CaseFees = { charged: 0, basis: null, noticed: null, waived: 0, waivedReason: null, collected: 0, paidOn: null };
  for (const e of events) {
    if (e.type === 'feeNoticeIssued') {
      fees.charged = amountOf(e.detail);
      fees.basis = e.detail ? String((JSON.parse(e.detail) as { basis?: unknown }).basis ?? '') || null : null;
      fees.noticed = e.date;
    } else if (e.type === 'feeWaived') {
      fees.waived = amountOf(e.detail);
      fees.waivedReason = e.detail ? String((JSON.parse(e.detail) as { reason?: unknown }).reason ?? '') || null : null;
    } else {
      fees.collected = fees.charged;
      fees.paidOn = e.date;
    }
  }
  return fees;
}

/**
 * 109号 第四条: the rank of this application among those the same applicant made in the calendar month it was
 * received (1 for the first): what the 按件 tiers charge, counted from the register rather than typed in. The same
 * applicant is the same identity document number; received the same day, the registration order decides.
 */
export async function applicantMonthRank(db: Register, applicationId: string): Promise<number> {
  const a = await db.selectFrom('applications').select(['applicant_id_number', 'received_date', 'year', 'sequence'])
    .where('id', '=', applicationId).executeTakeFirst();
  if (!a) throw new RangeError(`no application ${applicationId}`);
  const month = a.received_date.slice(0, 7);
  const rows = await db.selectFrom('applications').select(['received_date', 'year', 'sequence'])
    .where('applicant_id_number', '=', a.applicant_id_number)
    .where('received_date', '>=', `${month}-01`).where('received_date', '<=', `${month}-31`).execute();
  const before = (r: { received_date: string; year: number; sequence: number }) =>
    r.received_date < a.received_date || (r.received_date === a.received_date && (r.year < a.year || (r.year === a.year && r.sequence <= a.sequence)));
  return rows.filter(before).length;
}
