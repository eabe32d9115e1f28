import { z } from 'zod';
import { civilDateSchema } from '../calendar/types';
import type { CivilDate } from '../calendar/civil-date';
import { channelSchema, type Channel } from '../clock/events';
import { channelLabels } from '../dictionary';
import type { ApplicantKind } from '../outcomes';

/** 申请人类型: 自然人, or 法人或其他组织 with the subtype that picks its report column (statute §2.2 rule 7). */
export const organisationTypes = ['commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'] as const;
export type OrganisationType = (typeof organisationTypes)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

export const applicantSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('naturalPerson'),
    name: text(100),
    idDocument: z.object({ kind: text(30).default('居民身份证'), number: text(40) }),
    phone: text(40).optional(),
    address: text(300).optional(),
    email: z.email().optional(),
  }),
  z.object({
    type: z.literal('organisation'),
    orgType: z.enum(organisationTypes),
    name: text(200),
    /** 统一社会信用代码 or another registration number. */
    idDocument: z.object({ kind: text(30).default('统一社会信用代码'), number: text(40) }),
    contactPerson: text(100).optional(),
    phone: text(40).optional(),
    address: text(300).optional(),
    email: z.email().optional(),
  }),
]);
export type Applicant = z.infer<typeof applicantSchema>;

/**
 * One application as staff or the portal register it. `submittedOn` is the day it arrived;
 * `signedOn` (signed-for post) and `confirmedOn` (ordinary letter, online, fax) are the days that
 * 条例 第三十一条 makes the receipt date.
 */
export const intakeSchema = z
  .object({
    channel: channelSchema,
    submittedOn: civilDateSchema,
    signedOn: civilDateSchema.optional(),
    confirmedOn: civilDateSchema.optional(),
    applicant: applicantSchema,
    /** 所需政府信息的名称、文号或者便于查询的其他特征性描述 (条例 第二十九条). */
    content: text(5000),
    purpose: z.string().max(2000).optional(),
    /** 获取信息的方式: 纸质, 电子邮件, 光盘 ... */
    form: z.enum(['paper', 'email', 'disk', 'inspection']).default('paper'),
    delivery: z.enum(['collect', 'post', 'email', 'fax']).default('post'),
    /** The portal's own reference, making a repeated POST harmless. */
    externalRef: z.string().max(100).optional(),
  })
  .superRefine((a, ctx) => {
    // 条例 第三十一条: signed-for post is received when signed; ordinary post, online and fax when confirmed.
    if (a.channel === 'post-signed' && !a.signedOn) {
      ctx.addIssue({ code: 'custom', path: ['signedOn'], message: `${channelLabels['post-signed']}提交的申请，应填写本机关签收之日（条例第三十一条第（二）项）` });
    }
    if ((a.channel === 'post-ordinary' || a.channel === 'online' || a.channel === 'fax') && !a.confirmedOn) {
      ctx.addIssue({ code: 'custom', path: ['confirmedOn'], message: `${channelLabels[a.channel]}提交的申请，应填写与申请人确认收到申请之日（条例第三十一条）` });
    }
    for (const f of ['signedOn', 'confirmedOn'] as const) {
      const d = a[f];
      if (d && d < a.submittedOn) ctx.addIssue({ code: 'custom', path: [f], message: `${f === 'signedOn' ? '签收之日' : '确认之日'}不能早于提交之日：${d} 早于 ${a.submittedOn}` });
    }
    if (a.delivery === 'email' && !a.applicant.email) {
      ctx.addIssue({ code: 'custom', path: ['applicant', 'email'], message: '以电子邮件送达的，应填写申请人的电子邮箱' });
    }
  });
export type Intake = z.infer<typeof intakeSchema>;
export type IntakeInput = z.input<typeof intakeSchema>;

/** 条例 第三十一条: 收到申请之日 by channel. */
export function receiptDate(a: Pick<Intake, 'channel' | 'submittedOn' | 'signedOn' | 'confirmedOn'>): CivilDate {
  const byChannel: Record<Channel, CivilDate | undefined> = {
    'in-person': a.submittedOn, // (一) 当面提交: 提交之日
    'post-signed': a.signedOn, // (二) 邮寄: 行政机关签收之日
    'post-ordinary': a.confirmedOn, // (二) 平常信函: 与申请人确认之日
    online: a.confirmedOn, // (三) 互联网渠道: 双方确认之日
    fax: a.confirmedOn, // (三) 传真: 双方确认之日
  };
  const d = byChannel[a.channel];
  if (!d) throw new RangeError(`${channelLabels[a.channel] ?? a.channel}提交的申请未填写${a.channel === 'post-signed' ? '签收之日（signedOn）' : '确认之日（confirmedOn）'}，无法确定收到申请之日（条例第三十一条）`);
  return d;
}

/** The report column of section 三 the applicant is counted in. */
export function applicantColumn(a: Applicant): ApplicantKind {
  return a.type === 'naturalPerson' ? 'naturalPerson' : a.orgType;
}

/** `{AGENCY_CODE}-{year}-{sequence}`, sequence zero-padded to 4 (wider when needed). */
export function registrationNumber(agencyCode: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence：序号应为不小于 1 的整数（现为 ${sequence}）`);
  return `${agencyCode}-${year}-${String(sequence).padStart(4, '0')}`;
}

export function parseRegistrationNumber(id: string): { agencyCode: string; year: number; sequence: number } | undefined {
  const m = /^([A-Za-z0-9]{2,16})-(\d{4})-(\d{4,})$/.exec(id);
  return m ? { agencyCode: m[1], year: Number(m[2]), sequence: Number(m[3]) } : undefined;
}

/** Character bigrams: a language-neutral similarity for Chinese text without a segmenter. */
function bigrams(s: string): Set<string> {
  const clean = s.replace(/[\s\p{P}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i < clean.length - 1; i++) out.add(clean.slice(i, i + 2));
  return out;
}

/** Jaccard similarity of the requests' bigrams, 0..1. */
export function contentSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return a.trim() === b.trim() ? 1 : 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / (x.size + y.size - common);
}

/** A possible duplicate (条例 第三十六条第（六）项 重复申请) is flagged to the handler, never decided automatically. */
export const DUPLICATE_SIMILARITY = 0.6;
export const DUPLICATE_WINDOW_DAYS = 180;
