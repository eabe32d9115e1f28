import { z } from 'zod';
import { isOutcomeKey, outcome, outcomeKeys, type OutcomeKey } from '../outcomes';

const reason = z.string().trim().min(2, 'must give the reasons (条例第三十六条: 告知理由)').max(4000);

/**
 * A decision on an application: exactly one outcome of the 21 leaf rows of section 三, with the fields
 * that outcome needs. The outcome list of `domain/outcomes.ts` drives which keys exist.
 */
export const decisionSchema = z
  .object({
    outcome: z.string().refine(isOutcomeKey, { message: `unknown outcome; one of: ${outcomeKeys.join(', ')}` }),
    /** The article(s) the decision rests on, as cited in the letter (e.g. 条例第三十六条第（二）项). */
    legalBasis: z.string().trim().min(4, 'legal basis required: cite the article of the 条例 the decision rests on').max(500),
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
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: `${key}: reasons required (条例第三十六条: 告知理由)` });
    }
    if (key === 'partiallyGranted' && d.withheld.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: 'partiallyGranted: list what was withheld and why (条例第三十七条 区分处理)' });
    }
    if (key !== 'partiallyGranted' && d.withheld.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['withheld'], message: `${key}: only a partiallyGranted decision withholds parts` });
    }
    if (key === 'granted' && !d.provision) {
      ctx.addIssue({ code: 'custom', path: ['provision'], message: 'granted: say how the information is provided (条例第三十六条第（二）项、第四十条)' });
    }
    if (d.competentAgency && key !== 'unavailable.notHeld') {
      ctx.addIssue({ code: 'custom', path: ['competentAgency'], message: `${key}: a competent agency is named only for unavailable.notHeld` });
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
    return `${d.outcome}: recorded automatically when the period lapses (条例第三十条 / 国办函〔2020〕109号第六条), not decided by staff`;
  }
  if (d.outcome === 'unavailable.unclearAfterCorrection' && !c.correctionReceived) {
    return 'unavailable.unclearAfterCorrection: only after a corrected application was received (条例第三十条)';
  }
  if (d.outcome === 'notProcessed.excessive' && !c.art35Asked) {
    return 'notProcessed.excessive: the applicant must first be asked for reasons (条例第三十五条)';
  }
  return null;
}

/** Parses and checks a decision; returns the decision or the messages naming each broken rule. */
export function validateDecision(input: unknown, c: DecisionContext): { ok: true; decision: Decision } | { ok: false; error: string } {
  const r = decisionSchema.safeParse(input);
  if (!r.success) return { ok: false, error: z.prettifyError(r.error) };
  const d = r.data as Decision;
  const e = decisionContextError(d, c);
  return e ? { ok: false, error: e } : { ok: true, decision: d };
}
