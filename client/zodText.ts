/**
 * One way to show a zod failure to a person: each issue on one line as `字段（path）：规则`, in Chinese.
 * The rules come from zod's own zh-CN locale (set once for the CLI process by `useChineseZod`); messages a
 * schema states itself (already Chinese in most domain schemas) are kept as written.
 */
import { z } from 'zod';
import { issuePath } from '../domain/issues';

/** Chinese names of the fields people meet in input files and forms; any other field is shown by its path. */
const LABELS: Record<string, string> = {
  title: '标题', category: '类别', column: '栏目', body: '正文', format: '格式', section: '科室', author: '拟稿人',
  attachments: '附件', disclosure: '公开方式', statutoryDeadline: '法定时限', id: '编号', name: '名称', email: '电子邮箱',
  roles: '角色', groups: '分组', password: '密码', active: '在职', users: '用户', applicant: '申请人', idNumber: '证件号码',
  phone: '电话', address: '地址', channel: '提交渠道', received: '收到日期', content: '申请内容', date: '日期',
  reason: '理由', workdays: '工作日数', year: '年度', events: '事件', type: '类型', stages: '审核环节', group: '分组',
  reentryStage: '退回后重新进入的环节', slaWorkdays: '办理时限（工作日）', scopes: '权限范围', scope: '权限范围',
};

/** `栏目（column）` for a known field, `users[0].email` style path otherwise; empty for the root. */
export function fieldName(path: readonly PropertyKey[], labels: Record<string, string> = {}): string {
  const shown = issuePath(path);
  const last = [...path].reverse().find((p) => typeof p === 'string');
  const label = typeof last === 'string' ? (labels[last] ?? LABELS[last]) : undefined;
  if (!shown) return '';
  return label ? `${label}（${shown}）` : shown;
}

/** Every issue, one line (`labels` names this input's fields where they differ from the common ones), `；`-separated: `栏目（column）：无效输入：期望 string，实际接收 undefined`. */
export function zodText(error: z.ZodError, labels: Record<string, string> = {}): string {
  return error.issues.map((i) => (i.path.length ? `${fieldName(i.path, labels)}：${i.message}` : i.message)).join('；');
}

let configured = false;
/** zod's messages in Chinese for this process (the CLI; the worker and server keep their own settings). */
export function useChineseZod(): void {
  if (configured) return;
  z.config(z.locales.zhCN());
  configured = true;
}
