import { z } from 'zod';
import { optionalReviewCategories } from './categories';

export { addressedCategories, NOTICE_CATEGORY, optionalReviewCategories } from './categories';

/**
 * Review policies: per item category, the ordered stages, the reviewer group of each stage, its SLA in
 * working days, and where a revised item re-enters. Policies are data (table review_policies, editable by
 * an admin); these defaults seed it. Statute §5: there is no national 三审 rule, each agency sets its own
 * 《信息发布审核制度》; the defaults follow the common pattern 初审 → 复审 (保密审查) → 终审.
 */
export const stageSchema = z.object({
  /** Stable key, used in task rows and messages (`first`, `second`, `final`, `head`). */
  key: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/),
  /** The name staff see: 初审, 复审, 终审 ... */
  name: z.string().min(1),
  /** Reviewer group (groups table); any active member may claim the task. */
  group: z.string().min(1),
  /** Working days from entering the stage to its due time. */
  slaWorkdays: z.number().int().min(1).max(60),
  /** 条例 第十七条: review under the 保守国家秘密法; this stage's approval carries the 保密审查 checklist. */
  secrecyChecklist: z.boolean().default(false),
});
export type Stage = z.infer<typeof stageSchema>;

export const policySchema = z
  .object({
    category: z.string().min(1),
    stages: z.array(stageSchema).min(1),
    /** Stage key where a revised version re-enters review (statute §5 [D]: default 初审). */
    reentryStage: z.string().min(1),
    /** Sensitive categories add the agency head's sign-off (statute §5: 敏感 items). */
    sensitive: z.boolean().default(false),
    /**
     * Whether review applies at all. Only a category in `optionalReviewCategories` may be switched off: items and
     * reply letters are always reviewed; an agency decides whether its notices are (issue 15 §3).
     */
    enabled: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    const keys = p.stages.map((s) => s.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['stages'], message: '各环节的代码不能重复' });
    if (!keys.includes(p.reentryStage)) ctx.addIssue({ code: 'custom', path: ['reentryStage'], message: `没有代码为“${p.reentryStage}”的环节` });
    if (!p.enabled && !(optionalReviewCategories as readonly string[]).includes(p.category)) {
      ctx.addIssue({ code: 'custom', path: ['enabled'], message: `“${p.category}”必须审核，不能关闭` });
    }
  });
export type ReviewPolicy = z.infer<typeof policySchema>;

/** The categories of the 政府信息公开 column (statute §5 "Item categories"), plus reply letters and notices. */
export const categories = [
  '工作动态',
  '通知公告',
  '部门预算',
  '人事信息',
  '规划计划',
  '政府信息公开指南',
  '政府信息公开年度报告',
  '依申请公开答复',
  '依申请公开告知书',
] as const;
export type Category = (typeof categories)[number];

const first: Stage = { key: 'first', name: '初审', group: 'section-heads', slaWorkdays: 2, secrecyChecklist: false };
// 复审 carries the 保密审查 (statute §5: "most rules fold it into 复审").
const second: Stage = { key: 'second', name: '复审（保密审查）', group: 'office', slaWorkdays: 3, secrecyChecklist: true };
const final: Stage = { key: 'final', name: '终审', group: 'leaders', slaWorkdays: 2, secrecyChecklist: false };
// Sensitive items: 主要负责人 signs off (statute §5 graded review, B/C).
const head: Stage = { key: 'head', name: '主要负责人审签', group: 'agency-head', slaWorkdays: 3, secrecyChecklist: false };

function threeTier(category: string, sensitive = false, sla?: Partial<Record<'first' | 'second' | 'final', number>>): ReviewPolicy {
  const stages = [
    { ...first, slaWorkdays: sla?.first ?? first.slaWorkdays },
    { ...second, slaWorkdays: sla?.second ?? second.slaWorkdays },
    { ...final, slaWorkdays: sla?.final ?? final.slaWorkdays },
  ];
  return { category, stages: sensitive ? [...stages, head] : stages, reentryStage: 'first', sensitive, enabled: true };
}

/** The seed policies. News is reviewed fast (statute §5: agency SLA, often same or next working day). */
export const defaultPolicies: ReviewPolicy[] = [
  threeTier('工作动态', false, { first: 1, second: 1, final: 1 }),
  threeTier('通知公告', false, { first: 1, second: 1, final: 1 }),
  threeTier('部门预算', true), // 预算法 第十四条: 20 calendar days after 批复; the agency head signs off
  threeTier('人事信息', true), // 条例 第二十条(十四): personal data risk
  threeTier('规划计划'),
  threeTier('政府信息公开指南'),
  threeTier('政府信息公开年度报告', true), // 条例 第四十九条: the head signs the annual report
  {
    // Reply letters to applications (条例 第三十六条): 承办人 drafts, 科室负责人 checks, 分管领导 signs.
    category: '依申请公开答复',
    stages: [
      { key: 'first', name: '科室负责人审核', group: 'section-heads', slaWorkdays: 1, secrecyChecklist: true },
      { key: 'final', name: '分管领导签发', group: 'leaders', slaWorkdays: 1, secrecyChecklist: false },
    ],
    reentryStage: 'first',
    sensitive: false,
    enabled: true,
  },
  {
    // Notices (补正, 延期, 收费 ...): off until the agency's 信息发布审核制度 says they are checked before they go out.
    category: '依申请公开告知书',
    stages: [{ key: 'first', name: '科室负责人审核', group: 'section-heads', slaWorkdays: 1, secrecyChecklist: false }],
    reentryStage: 'first',
    sensitive: false,
    enabled: false,
  },
];

export function defaultPolicy(category: string): ReviewPolicy | undefined {
  return defaultPolicies.find((p) => p.category === category);
}
