import { z } from 'zod';
import { civilDateSchema } from '../calendar/types';
import { NOTICE_CATEGORY } from './categories';
import { letterChecklistLabels, secrecyChecklistLabels } from '../dictionary';

const confirm = (label: string) => ({ message: `请勾选确认：${label}` });

const userId = z.string().regex(/^[a-z][a-z0-9._-]{1,40}$/, 'a user id');

/** What an author submits: the 《信息发布审核表》 (statute §5, 拟稿/报送). */
export const itemInputSchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(200),
  category: z.string().min(1),
  format: z.enum(['markdown', 'html']).default('markdown'),
  body: z.string().min(1, 'a body is required').max(500_000),
  /** References to attachments (paths or URLs held elsewhere), not their bytes. */
  attachments: z.array(z.string().min(1)).max(50).default([]),
  author: userId,
  section: z.string().min(1),
  /** The portal column (栏目) the item goes into. */
  column: z.string().min(1),
  /** 公开属性: only 主动公开 items are published on the portal (statute §5 table). */
  disclosure: z.literal('主动公开').default('主动公开'),
  /** Scheduled publication, an ISO instant; absent = as soon as the final stage approves. */
  publishAt: z.iso.datetime({ offset: true }).optional(),
  /** 条例 第二十六条: 20 working days from formation or change; the last day allowed, YYYY-MM-DD. */
  statutoryDeadline: civilDateSchema.optional(),
});
export type ItemInput = z.infer<typeof itemInputSchema>;

/** Workflow input: the item plus how it is run (a parent such as handleApplication may skip publication). */
export const reviewItemInputSchema = z.object({
  item: itemInputSchema,
  /** false: the final approval completes the workflow and the parent publishes or sends it. */
  publish: z.boolean().default(true),
  /**
   * true (default): a published item's workflow stays open, waiting for a 撤稿 (retract) however late.
   * false: publication ends the workflow, returning 'published' (a parent that publishes through review).
   */
  retractable: z.boolean().default(true),
});
export type ReviewItemInput = z.input<typeof reviewItemInputSchema>;

/** Who acts, as the service layer resolved them from the register (users, group_members). */
export const actorSchema = z.object({
  id: userId,
  groups: z.array(z.string()).default([]),
  roles: z.array(z.string()).default([]),
});
export type Actor = z.infer<typeof actorSchema>;

/** 保密审查 checklist of an item published on the portal (statute §5; 条例 第十七条): every box must be ticked to pass. */
export const itemChecklistSchema = z.object({
  noStateSecrets: z.literal(true, confirm(secrecyChecklistLabels.noStateSecrets)),
  noPersonalData: z.literal(true, confirm(secrecyChecklistLabels.noPersonalData)),
  noTradeSecrets: z.literal(true, confirm(secrecyChecklistLabels.noTradeSecrets)),
  proactiveDisclosure: z.literal(true, confirm(secrecyChecklistLabels.proactiveDisclosure)),
});

/**
 * 保密审查 checklist of a reply letter (依申请公开答复, 条例 第三十六条): the letter goes to one applicant, so
 * "主动公开" is not its attribute. What is checked is that it discloses no more than was decided, states what is
 * withheld and why (第三十六条第（三）项, 第三十七条), and reveals no third party's rights (第十五条, 第三十二条).
 */
export const letterChecklistSchema = z.object({
  noStateSecrets: z.literal(true, confirm(letterChecklistLabels.noStateSecrets)),
  withinDecision: z.literal(true, confirm(letterChecklistLabels.withinDecision)),
  withheldStated: z.literal(true, confirm(letterChecklistLabels.withheldStated)),
  noThirdPartyData: z.literal(true, confirm(letterChecklistLabels.noThirdPartyData)),
});

/**
 * Either checklist: the workflow accepts both shapes (its histories hold item checklists on letters from before
 * letters had their own); the review service checks that the one sent is the category's (`checklistMismatch`).
 */
export const secrecyChecklistSchema = z.union([itemChecklistSchema, letterChecklistSchema]);
export type SecrecyChecklist = z.infer<typeof secrecyChecklistSchema>;
export type ChecklistKind = 'item' | 'letter';

/** The category of reply letters (domain/review/policy.ts). */
export const REPLY_LETTER_CATEGORY = '依申请公开答复';
// A notice goes to one addressee as a reply letter does, so it is checked with the same boxes.
export const checklistKind = (category: string): ChecklistKind => (category === REPLY_LETTER_CATEGORY || category === NOTICE_CATEGORY ? 'letter' : 'item');

/** The checklist of `category` with every box ticked (the CLI's `--checklist`). */
export function fullChecklist(category: string): SecrecyChecklist {
  return checklistKind(category) === 'letter'
    ? { noStateSecrets: true, withinDecision: true, withheldStated: true, noThirdPartyData: true }
    : { noStateSecrets: true, noPersonalData: true, noTradeSecrets: true, proactiveDisclosure: true };
}

/** Why `checklist` is not the one `category` is reviewed with (in Chinese, for the reviewer), or undefined. */
export function checklistMismatch(category: string, checklist: unknown): string | undefined {
  const kind = checklistKind(category);
  const ok = (kind === 'letter' ? letterChecklistSchema : itemChecklistSchema).safeParse(checklist).success;
  if (ok) return undefined;
  return kind === 'letter'
    ? '答复书的保密审查请逐项确认：不涉及国家秘密、未超出答复决定的范围、不予公开部分已写明理由和法律依据、未泄露第三方个人信息或商业秘密'
    : '保密审查请逐项确认：不涉及国家秘密、不含个人信息、不含商业秘密、公开属性为主动公开';
}

export const claimArgs = z.object({ actor: actorSchema });
export const approveArgs = z.object({
  actor: actorSchema,
  comment: z.string().max(2000).optional(),
  checklist: secrecyChecklistSchema.optional(),
  /** The hash the reviewer saw; refused if the item changed meanwhile. */
  hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export const rejectArgs = z.object({
  actor: actorSchema,
  reason: z.string().trim().min(1, 'a reason is required (退回修改)').max(2000),
  /** 'author' (default) or the key of an earlier stage. */
  to: z.string().default('author'),
});
export const reviseArgs = z.object({
  actor: actorSchema,
  title: z.string().trim().min(1).max(200).optional(),
  body: z.string().min(1).max(500_000),
  attachments: z.array(z.string().min(1)).max(50).optional(),
  comment: z.string().max(2000).optional(),
});
export const withdrawArgs = z.object({ actor: actorSchema, reason: z.string().max(2000).optional() });
export const reassignArgs = z.object({ actor: actorSchema, to: actorSchema, reason: z.string().max(2000).optional() });
export const retractArgs = z.object({ actor: actorSchema, reason: z.string().trim().min(1, 'a reason is required (撤稿)').max(2000) });

export type ClaimArgs = z.input<typeof claimArgs>;
export type ApproveArgs = z.input<typeof approveArgs>;
export type RejectArgs = z.input<typeof rejectArgs>;
export type ReviseArgs = z.input<typeof reviseArgs>;
export type WithdrawArgs = z.input<typeof withdrawArgs>;
export type ReassignArgs = z.input<typeof reassignArgs>;
export type RetractArgs = z.input<typeof retractArgs>;
