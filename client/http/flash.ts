/**
 * The console's messages after a redirect. The query names a message by code (and at most a count); the text
 * is looked up here, so a link written by someone else cannot put words in the agency's message box
 * (issue 13 finding 10). An unknown code shows nothing.
 */
const MESSAGES: Record<string, string> = {
  'item.submitted': '已提交审核',
  'item.claim': '已认领',
  'item.unclaim': '已放回',
  'item.approve': '已审核通过',
  'item.reject': '已退回修改',
  'item.revise': '已提交修改稿',
  'item.withdraw': '已撤回',
  'item.retract': '已撤稿',
  'item.reassign': '已转办',
  'item.delegate': '已委派',
  'bulk.approved': '已批量审核通过 {n} 项',
  'application.registered': '已登记',
  'application.claim': '已认领',
  'application.correction': '已发出补正告知',
  'application.correctionReceived': '已登记补正材料',
  'application.extension': '已申请延期',
  'application.decideExtension': '已审批延期',
  'application.decide': '已作出答复决定',
  'application.delivery': '已登记送达',
  'report.saved': '年度报告已保存',
  'calendar.imported': '日历已导入，已通知 {n} 个在办流程重算期限',
  'calendar.unchanged': '日历未变化（该年份的安排已导入）',
  'policy.saved': '审核策略已保存，新提交的信息适用',
};

export type FlashCode = keyof typeof MESSAGES;

/** `path?ok=code[&n=count]`: where a successful action sends the browser. */
export function flashUrl(path: string, code: FlashCode, n?: number): string {
  if (!(code in MESSAGES)) throw new Error(`unknown flash code ${code}`); // a programming error, caught by the tests
  return `${path}?ok=${encodeURIComponent(code)}${n === undefined ? '' : `&n=${n}`}`;
}

/** The text of a known code; a message with a count needs a count of digits only. */
function text(code: unknown, n: unknown): string | undefined {
  if (typeof code !== 'string' || !Object.hasOwn(MESSAGES, code)) return undefined;
  const message = MESSAGES[code];
  if (!message.includes('{n}')) return message;
  return typeof n === 'string' && /^\d{1,6}$/.test(n) ? message.replace('{n}', n) : undefined;
}

/** The message box of a page from its query string: only texts from this table. */
export function flashFromQuery(q: { ok?: unknown; err?: unknown; n?: unknown } | undefined): { ok?: string; err?: string } {
  return { ok: text(q?.ok, q?.n), err: text(q?.err, q?.n) };
}
