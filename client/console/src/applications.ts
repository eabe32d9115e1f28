/** The parts of an application's workflow state the pages read (workflows/application/definitions.ts). */
export interface ClockStep { date: string; article: string; text: string; warning?: boolean }
export interface ApplicationState {
  id: string;
  stage: string;
  handler: string | null;
  clock: { due: string | null; state: string; workdaysLeft?: number | null; steps: ClockStep[] } | null;
  correction: { items: string[]; periodWorkdays: number; received: boolean } | null;
  consultations: { party: string; addressee: string; started: string; due: string; ended: string | null; reply: string | null }[];
  extension: { requestedBy: string; reason: string; workdays: number; requestedOn: string; decision: 'pending' | 'approved' | 'refused'; decidedBy?: string } | null;
  decision: { outcome: string; legalBasis: string; reasons: string; withheld: { what: string; why: string }[] } | null;
  letter: { version: number; reviewed: boolean; review?: { workflowId: string; approvedBy: string[]; returned?: string } } | null;
  delivery: { method: string; date: string } | null;
  fee: { amount: number; basis: string; issued: string; payBy: string; paid: string | null } | null;
  art35: { asked: string; resolution: 'pending' | 'excessive' | 'deadlineSet' } | null;
  closedDate: string | null;
  steps: { date: string; actor: string; action: string; detail?: string }[];
  /** The notices issued as documents; `review` where the agency has notices reviewed before they go out. */
  notices?: {
    kind: string; key: string; date: string; delivered?: { on: string; by: string };
    review?: { status: 'inReview' | 'issued' | 'returned'; round: number; workflowId: string; approvedBy?: string[]; returned?: string };
  }[];
}

export const partyLabels: Record<string, string> = { 'third-party': '第三方', 'other-agency': '其他机关' };
export const deliveryLabels: Record<string, string> = { signed: '当面签收', posted: '邮寄（交邮）', email: '电子邮件', onSite: '现场领取' };
export const noticeLabels: Record<string, string> = {
  correction: '补正告知书', consultation: '征求意见函', extension: '延期答复告知书', fee: '收费通知书', receipt: '登记回执', art35: '说明理由通知书',
};
export const noticeDeliveryLabels: Record<string, string> = { direct: '直接送达', post: '邮寄', electronic: '电子送达' };
