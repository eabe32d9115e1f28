/**
 * The documents of an application (`application_documents.kind`) as staff and applicants read them: the reply
 * letter (条例 第三十六条) and the notices issued while it is handled (issue 15 part 3; docs/letters.md).
 */
export const DOCUMENT_KIND_NAMES: Record<string, string> = {
  reply: '答复书',
  'notice-receipt': '登记回执',
  // 条例 第三十条
  'notice-correction': '补正申请告知书',
  // 条例 第三十三条第二款
  'notice-extension': '延期答复告知书',
  // 条例 第四十二条, 国办函〔2020〕109号
  'notice-fee': '信息处理费收费通知书',
  // 条例 第三十二条
  'notice-consultation-third-party': '第三方意见征询函',
  // 条例 第三十四条
  'notice-consultation-other-agency': '征求意见函',
  // 条例 第三十五条
  'notice-art35': '说明理由告知书',
};

/** The Chinese name of a document kind; an unknown kind is shown as it is stored. */
export function documentKindName(kind: string): string {
  return Object.hasOwn(DOCUMENT_KIND_NAMES, kind) ? DOCUMENT_KIND_NAMES[kind] : kind;
}
