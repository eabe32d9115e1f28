import { z } from 'zod';
import { civilDateSchema } from '../calendar/types';

/** 条例 第三十一条: how the application arrived decides which day is 收到申请之日. */
export const channelSchema = z.enum(['in-person', 'post-signed', 'post-ordinary', 'online', 'fax']);
export type Channel = z.infer<typeof channelSchema>;

export const partySchema = z.enum(['third-party', 'other-agency']);
export type ConsultationParty = z.infer<typeof partySchema>;

const at = { date: civilDateSchema };

/** How a notice reached its addressee (送达): signed for in person (直接送达), signed-for post (邮寄), electronically. */
export const deliveryMethodSchema = z.enum(['direct', 'post', 'electronic']);
export type NoticeDeliveryMethod = z.infer<typeof deliveryMethodSchema>;

/**
 * clock-events rule 9: a period that runs from the addressee's receipt (补正 第三十条 "自收到补正通知", fees
 * 国办函〔2020〕109号第六条 "自收到收费通知的次日起", consultations 第三十二条/第三十四条 "自收到征求意见书") is
 * counted from `deliveredOn`, the day the addressee received the notice; `date` stays the day the agency sent it.
 */
const delivered = {
  // A notice the agency's policy sends to review first goes out when it is signed: `issuedOn`, later than the step's
  // `date`. What runs from its sending (the 7 working days for a 补正 notice, a period while no receipt is recorded)
  // runs from then.
  issuedOn: civilDateSchema.optional(),
  deliveredOn: civilDateSchema.optional(),
  deliveredBy: deliveryMethodSchema.optional(),
};

/** One fact recorded on an application, as `handleApplication` records it and `clock explain` reads it. */
export const clockEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('received'), ...at, channel: channelSchema }),
  z.object({ type: z.literal('correctionRequested'), ...at, periodWorkdays: z.number().int().min(1), ...delivered }),
  z.object({ type: z.literal('correctionReceived'), ...at }),
  z.object({ type: z.literal('consultationStarted'), ...at, party: partySchema, ...delivered }),
  // `party` picks which consultation ended when two run at once; optional when only one is open.
  z.object({ type: z.literal('consultationEnded'), ...at, party: partySchema.optional() }),
  // 条例 第三十三条第二款: 延长的期限最长不得超过20个工作日.
  z.object({ type: z.literal('extensionApproved'), ...at, workdays: z.number().int().min(1).max(20) }),
  z.object({ type: z.literal('feeNoticeIssued'), ...at, ...delivered }),
  z.object({ type: z.literal('feePaid'), ...at }),
  // 条例 第四十二条: charging is the agency's choice ("可以收取"), so it may waive a fee it has noticed.
  z.object({ type: z.literal('feeWaived'), ...at }),
  z.object({ type: z.literal('agencySetDeadline'), ...at, due: civilDateSchema }),
  z.object({ type: z.literal('replied'), ...at }),
]);
export type ClockEvent = z.infer<typeof clockEventSchema>;

/** statute §1.8: whether the fee payment period stops the reply clock is the agency's policy (default yes). */
export const clockPolicySchema = z.object({ feePausesClock: z.boolean().default(true) });
export type ClockPolicy = z.infer<typeof clockPolicySchema>;

/** The file `gongkai clock explain --events FILE` reads. Events are in date order. */
export const clockEventsFileSchema = z
  .object({
    policy: clockPolicySchema.default({ feePausesClock: true }),
    events: z.array(clockEventSchema).min(1, '至少应有“收到申请”一个事件'),
  })
  .superRefine((file, ctx) => {
    file.events.forEach((e, i) => {
      if (i > 0 && e.date < file.events[i - 1].date) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'date'], message: `事件应按日期先后排列：${e.date} 早于前一事件的 ${file.events[i - 1].date}` });
      }
      if ('issuedOn' in e && e.issuedOn !== undefined && e.issuedOn < e.date) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'issuedOn'], message: `文书发出之日不能早于相应办理事项之日：${e.issuedOn} 早于 ${e.date}` });
      }
      if ('deliveredOn' in e && e.deliveredOn !== undefined && e.deliveredOn < e.date) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'deliveredOn'], message: `文书送达之日不能早于发出之日：${e.deliveredOn} 早于 ${e.date}` });
      }
    });
  });
export type ClockEventsFile = z.infer<typeof clockEventsFileSchema>;
