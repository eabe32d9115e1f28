import { outcomeName, outcomeKeys, type OutcomeKey } from './outcomes';
import type { ClockState } from './clock/clock';
import type { Role } from './org';
import type { ReviewStatus } from './review/state';

/**
 * Every code a user can meet, in Chinese: one place for the CLI, the console app and the letters. Typed as
 * `Record<Code, string>` where the code set is a type, so a new code fails the type check until it is named here;
 * the codes that are plain strings in the engine (history actions, register events) are checked by
 * tests/domain/dictionary.test.ts, which reads them from the workflows' source.
 */

export const roleLabels: Record<Role, string> = {
  author: '拟稿人', reviewer: '审核人', handler: '承办人', officeHead: '公开办负责人', supervisor: '督办人', admin: '系统管理员',
};

/** The demo organisation's groups; an agency's own groups carry their names in the register. */
export const groupLabels: Record<string, string> = {
  'section-heads': '科室负责人（初审）', office: '办公室（复审、保密审查）', leaders: '分管领导（终审）',
  'agency-head': '主要负责人（敏感类终审）', 'disclosure-office': '政务公开办公室',
};

export const itemStatusLabels: Record<ReviewStatus, string> = {
  review: '审核中', returned: '退回修改', approved: '已通过', published: '已发布', withdrawn: '已撤回', retracted: '已撤稿',
};

/** Stage keys of the default review policies (domain/review/policy.ts); a policy's own stage names win. */
export const reviewStageLabels: Record<string, string> = {
  first: '初审', second: '复审（保密审查）', final: '终审', head: '主要负责人审签', publish: '发布',
};

export type ApplicationStageCode = 'unassigned' | 'handling' | 'awaitingCorrection' | 'awaitingFee' | 'awaitingReasons' | 'letterReview' | 'awaitingDelivery' | 'closed';
export const applicationStageLabels: Record<ApplicationStageCode, string> = {
  unassigned: '待分派', handling: '办理中', awaitingCorrection: '待补正', awaitingFee: '待缴费', awaitingReasons: '待说明理由',
  letterReview: '答复书审核', awaitingDelivery: '待送达', closed: '已办结',
};

export const clockStateLabels: Record<ClockState, string> = {
  running: '办理中', paused: '暂停计算', 'due-soon': '即将到期', 'due-today': '今日到期', overdue: '已逾期',
  replied: '已答复', abandoned: '视为放弃申请', 'awaiting-correction': '等待补正',
};

export type DueTierCode = 'none' | 'normal' | 'soon' | 'today' | 'overdue';
export const dueTierLabels: Record<DueTierCode, string> = { none: '无期限', normal: '正常', soon: '即将到期', today: '今日到期', overdue: '已逾期' };

export const channelLabels: Record<string, string> = {
  'in-person': '当面', 'post-signed': '邮寄（挂号签收）', 'post-ordinary': '邮寄（平信）', online: '网上', fax: '传真',
};

/** What a review task offers and what an item's history records (domain/review/state.ts, workflows/review). */
export const reviewActionLabels: Record<string, string> = {
  submit: '提交审核', claim: '认领', unclaim: '放弃认领', approve: '审核通过', reject: '退回', revise: '修改后重新提交',
  withdraw: '撤回', reassign: '改派', delegate: '委派', retract: '撤稿', publish: '发布', 'recompute-due': '重新计算期限',
};

/** The steps an application's record shows (workflows/application). */
export const applicationStepLabels: Record<string, string> = {
  registered: '登记', assign: '分派', claim: '认领', requestCorrection: '发出补正通知', correctionReceived: '收到补正',
  noticeDelivered: '通知书送达', noticeRendered: '生成通知书', noticeReceiptMissing: '送达日期未登记', consult: '征求意见',
  noticeInReview: '告知书送审', noticeIssued: '告知书审核通过并发出', noticeReturned: '告知书未通过审核',
  consultationEnded: '征求意见结束', requestExtension: '申请延期', approveExtension: '批准延期', refuseExtension: '不批准延期',
  issueFeeNotice: '发出收费通知', feePaid: '已缴费', waiveFee: '减免信息处理费', askReasons: '要求说明理由（第三十五条）', setAgencyDeadline: '确定合理答复期限',
  decide: '作出答复决定', letterRendered: '生成答复书', letterReturned: '答复书退回修改', letterReviewed: '答复书审核完成',
  recomputeDeadlines: '重新计算期限', close: '办结',
};

/** The register's events of an application (application_events.type) and of its statutory clock. */
export const applicationEventLabels: Record<string, string> = {
  received: '收到申请', assigned: '分派', claimed: '认领', correctionRequested: '发出补正通知', correctionReceived: '收到补正',
  correctionNoticeReminder: '补正提醒', consultationStarted: '开始征求意见', consultationEnded: '征求意见结束',
  extensionRequested: '申请延期', extensionApproved: '批准延期', extensionRefused: '不批准延期', feeNoticeIssued: '发出收费通知',
  feePaid: '已缴费', feeWaived: '减免信息处理费', art35ReasonsAsked: '要求说明理由（第三十五条）', agencySetDeadline: '确定合理答复期限', decided: '作出答复决定',
  letterReady: '答复书已生成', letterReturned: '答复书退回修改', noticeDelivered: '通知书送达', noticeReceiptMissing: '送达日期未登记',
  noticeInReview: '告知书送审', noticeIssued: '告知书审核通过并发出', noticeReturned: '告知书未通过审核',
  deadlinesRecomputed: '期限重新计算', reminder: '到期提醒', escalation: '逾期督办', replied: '已答复', closed: '办结',
};

/** The 保密审查 checklist of a 复审 approval (domain/review/input.ts; 条例 第十七条). */
export const secrecyChecklistLabels = {
  noStateSecrets: '不涉及国家秘密（涉密不上网）', noPersonalData: '不含个人信息（身份证号码、住址、银行账号等）',
  noTradeSecrets: '不含商业秘密', proactiveDisclosure: '公开属性为主动公开',
} as const;

/** The 保密审查 checklist of a reply letter (依申请公开答复; domain/review/input.ts letterChecklistSchema). */
export const letterChecklistLabels = {
  noStateSecrets: '不涉及国家秘密',
  withinDecision: '答复书公开的内容未超出答复决定的范围',
  withheldStated: '不予公开的部分已逐项写明理由和法律依据（全部公开的，确认无遗漏）',
  noThirdPartyData: '未泄露第三方的个人信息、商业秘密',
} as const;

/** The 21 outcomes by the name a letter gives them (domain/outcomes.ts). */
export const outcomeLabels: Record<OutcomeKey, string> = Object.fromEntries(outcomeKeys.map((k) => [k, outcomeName(k)])) as Record<OutcomeKey, string>;

/** The error codes the HTTP API answers with (`{ error, message, field }`). */
export const errorCodeLabels: Record<string, string> = {
  bad_request: '输入有误', invalid: '输入有误', invalid_schedule: '日历文件有误', unauthenticated: '请先登录', forbidden: '无权操作',
  csrf: '页面已失效，请刷新后重试', not_found: '未找到', refused: '不符合规则', bulk_refused: '部分事项不能批量通过',
  recompute_failed: '期限重新计算失败', not_ready: '尚未就绪，请稍后再试', rule: '不符合规则',
  conflict: '状态已变化，请刷新', internal: '系统出错，请稍后再试', unavailable: '暂时无法读取，请稍后再试',
  unsupported_media_type: '请求格式不受支持', rate_limited: '操作过于频繁，请稍后再试',
};

/** The scopes an API key may hold (client/services/admin.ts). */
export const apiScopeLabels: Record<string, string> = { 'applications:intake': '登记申请（门户网站）', 'applications:read': '查询申请', 'temporal:decode': '解密工作流历史（流程引擎管理界面）' };

/** What the audit trail records (register/web.ts auditWeb and the services), as the audit page names it. */
export const auditActionLabels: Record<string, string> = {
  login: '登录', logout: '退出登录', 'password.change': '修改密码', 'substitute.add': '指定代理人', 'substitute.remove': '取消代理人',
  'user.add': '新建用户', 'user.edit': '修改用户', 'user.disable': '停用用户', 'user.reset-password': '重置密码', 'user.list': '查看用户',
  'apikey.create': '新建接口密钥', 'apikey.revoke': '吊销接口密钥', 'apikey.scopes': '设置密钥权限', 'apikey.list': '查看接口密钥',
  'policy.set': '设置审核策略', set: '设置审核策略', 'settings.read': '查看本机关设置', 'calendar.import': '导入日历', 'calendar.override': '调整日历',
  'item.read': '查看信息', 'item.submit': '提交信息', 'application.read': '查看申请', 'application.read.unmasked': '查看申请人个人信息',
  'application.register': '登记申请', 'application.list': '查询申请', 'application.documents': '下载文书', 'dashboard.read': '查看督办看板',
  'escalations.read': '查看逾期督办', 'audit.read': '查看审计日志', 'report.edit': '编辑年度报告',
  'temporal.payloads.decode': '解密工作流历史', 'temporal.payloads.encode': '加密工作流数据',
};
export const auditOutcomeLabels: Record<string, string> = { done: '完成', refused: '拒绝' };

/** Where the year's annual report stands (workflows/report; 条例 第四十九条、第五十条). */
export const reportStateLabels: Record<string, string> = { assembling: '汇总数据中', awaitingInput: '待填写', review: '审核中', publishing: '发布中', published: '已发布' };

/** The working-day calendar (domain/calendar): why a day is worked or not, an agency's override, what an import or override did. */
export const calendarReasonLabels: Record<string, string> = { weekday: '工作日', weekend: '周末', 'make-up workday': '调休上班', holiday: '放假', override: '本机关调整' };
export const calendarOverrideKindLabels: Record<string, string> = { off: '休息日', work: '工作日' };
export const calendarChangeStatusLabels: Record<string, string> = {
  imported: '已导入', replaced: '已替换原安排', unchanged: '没有变化', added: '已添加', changed: '已修改', removed: '已取消', absent: '本来没有这项调整',
};

/** Why `reason` of Calendar.isWorkday makes a day worked or not, in Chinese: 周末, 春节放假, 本机关调整（…）. */
export function calendarReason(reason: string): string {
  const [code, detail] = reason.split(/: (.*)/s);
  if (code === 'holiday' && detail) return `${detail}${calendarReasonLabels.holiday}`;
  if (code === 'override' && detail) return `${calendarReasonLabels.override}（${detail}）`;
  return calendarReasonLabels[code] ?? reason;
}

/** Every table of the dictionary, for the checks that no code reaches a user untranslated. */
export const dictionary = {
  roles: roleLabels, groups: groupLabels, itemStatus: itemStatusLabels, reviewStages: reviewStageLabels,
  applicationStages: applicationStageLabels, clockStates: clockStateLabels, dueTiers: dueTierLabels, channels: channelLabels,
  reviewActions: reviewActionLabels, applicationSteps: applicationStepLabels, applicationEvents: applicationEventLabels,
  outcomes: outcomeLabels, errors: errorCodeLabels, secrecyChecklist: secrecyChecklistLabels, letterChecklist: letterChecklistLabels, apiScopes: apiScopeLabels,
  auditActions: auditActionLabels, auditOutcomes: auditOutcomeLabels, reportStates: reportStateLabels,
  calendarReasons: calendarReasonLabels, calendarOverrideKinds: calendarOverrideKindLabels, calendarChanges: calendarChangeStatusLabels,
} as const;

/** The label of `code` in `table`, or the code itself when it has none (a policy's own stage, a new group). */
export function label(table: keyof typeof dictionary, code: string): string {
  return (dictionary[table] as Record<string, string>)[code] ?? code;
}
