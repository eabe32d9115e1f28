import { z } from 'zod';
import { parseInChinese } from '../issues';
import { isOutcomeKey, outcome, outcomeKeys, outcomeName, type OutcomeKey } from '../outcomes';

const reason = z.string().trim().min(2, '应写明理由（条例第三十六条：告知理由）').max(4000);

/** “予以公开” (the outcome as a letter names it, domain/outcomes.ts). */
const named = (key: OutcomeKey) => `“${outcomeName(key)}”`;

/**
 * A decision on an application: exactly one outcome of the 21 leaf rows of section 三, with the fields
 * that outcome needs. The outcome list of `domain/outcomes.ts` drives which keys exist.
 */
export const decisionSchema = z
  .object({
    outcome: z.string().refine(isOutcomeKey, { message: `没有这种答复结果，应为以下 ${outcomeKeys.length} 种之一：${outcomeKeys.map((k) => `${k}（${outcomeName(k)}）`).join('、')}` }),
    /** The article(s) the decision rests on, as cited in the letter (e.g. 条例第三十六条第（二）项). */
    legalBasis: z.string().trim().min(4, '应写明答复决定所依据的条例条款（法律依据）').max(500),
    reasons: z.string().trim().max(4000).default(''),
    /** 条例 第三十七条: what was withheld from a partially granted request, and why. */
    withheld: z.array(z.object({ what: z.string().trim().min(1), why: z.string().trim().min(1) })).default([]),
    /** 条例 第三十六条第（五）项: the competent agency and its contact, when known. */
    competentAgency: z.object({ name: z.string().trim().min(1), contact: z.string().trim().optional() }).optional(),
    /** How and where the information is provided (条例 第三十六条第（一）（二）项, 第四十条). */
    provision: z.string().trim().max(2000).optional(),
  })
  .superRefine((d, ctx) => {
    if (!isOutcomeKey(d.outcome)) return;
    const key: OutcomeKey = d.outcome;
    const group = outcome(key).group;
    // 条例 第三十六条第（三）至（七）项: a refusal or inability is told with its reasons.
    if (group !== 'granted' && reason.safeParse(d.reasons).success === false) {
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: `答复结果为${named(key)}的，应写明理由（条例第三十六条：告知理由）` });
    }
    if (key === 'partiallyGranted' && d.withheld.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: `答复结果为${named('partiallyGranted')}的，应逐项列明不予公开的内容及理由（条例第三十七条 区分处理）` });
    }
    if (key !== 'partiallyGranted' && d.withheld.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: `只有答复结果为${named('partiallyGranted')}的，才列明不予公开的内容（本答复结果为${named(key)}）` });
    }
    if (key === 'granted' && !d.provision) {
      ctx.addIssue({ code: 'custom', path: ['provision'], message: `答复结果为${named('granted')}的，应写明提供信息的方式（条例第三十六条第（二）项、第四十条）` });
    }
    if (d.competentAgency && key !== 'unavailable.notHeld') {
      ctx.addIssue({ code: 'custom', path: ['competentAgency'], message: `只有答复结果为${named('unavailable.notHeld')}的，才写明负责公开该信息的机关（本答复结果为${named(key)}）` });
    }
  });
export type Decision = z.infer<typeof decisionSchema> & { outcome: OutcomeKey };
export type DecisionInput = z.input<typeof decisionSchema>;

/** What the case has been through, for the rules that depend on it. */
export interface DecisionContext {
  correctionReceived: boolean;
  art35Asked: boolean;
  consultedThirdParty: boolean;
}

/** Outcomes the workflow records itself when a period lapses; staff cannot choose them. */
export const automaticOutcomes: readonly OutcomeKey[] = ['other.noCorrection', 'other.feeUnpaid'];

/** A rule the case's history breaks for this outcome, or null. Each names its article. */
export function decisionContextError(d: Decision, c: DecisionContext): string | null {
  if (automaticOutcomes.includes(d.outcome)) {
    return `outcome：${named(d.outcome)}由系统在期限届满时自动记录（条例第三十条、国办函〔2020〕109号第六条），不能由工作人员作出`;
  }
  if (d.outcome === 'unavailable.unclearAfterCorrection' && !c.correctionReceived) {
    return `outcome：收到补正后的申请之后，才能作出${named('unavailable.unclearAfterCorrection')}的答复（条例第三十条）`;
  }
  if (d.outcome === 'notProcessed.excessive' && !c.art35Asked) {
    return `outcome：作出${named('notProcessed.excessive')}的答复前，应先要求申请人说明理由（条例第三十五条）`;
  }
  return null;
}

/** Parses and checks a decision; returns the decision or the messages naming each broken rule. */
export function validateDecision(input: unknown, c: DecisionContext): { ok: true; decision: Decision } | { ok: false; error: string } {
  const r = parseInChinese(decisionSchema, input);
  if (!r.ok) return r;
  const d = r.data as Decision;
  const e = decisionContextError(d, c);
  return e ? { ok: false, error: e } : { ok: true, decision: d };
}
