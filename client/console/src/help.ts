/** The help topics (pages/Help.tsx holds their text): the address, the title, and the app pages each explains. */
export const helpTopics = [
  { key: 'review', title: '三审', pages: ['/tasks', '/items'] },
  { key: 'deadlines', title: '依申请公开的期限', pages: ['/applications', '/dashboard', '/escalations'] },
  { key: 'outcomes', title: '答复类型', pages: [] },
  { key: 'report', title: '年度报告', pages: ['/report'] },
  { key: 'admin', title: '系统管理', pages: ['/admin'] },
  { key: 'account', title: '个人设置', pages: ['/account'] },
] as const;
export type HelpTopic = (typeof helpTopics)[number]['key'];

/** The help topic of an app path: the topic whose page the path is, or is under. */
export function helpTopicFor(pathname: string): (typeof helpTopics)[number] | undefined {
  return helpTopics.find((t) => (t.pages as readonly string[]).some((p) => pathname === p || pathname.startsWith(`${p}/`)));
}
