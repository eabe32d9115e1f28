/**
 * 条例 第三十三条第二款: 延长答复期限的，应当经政府信息公开工作机构负责人同意. The consent is a second person's
 * check on the request, so the one who asked cannot give it, even when she is also an office head (issue 13,
 * finding 3: a handler who was office head approved her own extension).
 * Returns the refusal, naming the field and the rule, or undefined when `approver` may decide.
 */
export function extensionApproverRefusal(requestedBy: string, approver: string): string | undefined {
  if (requestedBy !== approver) return undefined;
  return `actor：${approver} 是本次延期的申请人，不能自己审批（条例第三十三条第二款：延长答复期限须经政府信息公开工作机构负责人同意，应由另一位负责人审批）`;
}
