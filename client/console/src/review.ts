import { reviewActionLabels, reviewStageLabels } from '../../../domain/dictionary';
import { addressedCategories } from '../../../domain/review/categories';

export interface Version { n: number; title: string; body: string; hash: string; at: string; by: string; comment?: string }
export interface Approval { stage: string; by: string; at: string; hash: string; comment?: string }
export interface HistoryEntry { at: string; actor: string; action: string; detail?: string }
export interface Stage { key: string; name: string; group: string; secrecyChecklist: boolean }
export interface ReviewState {
  itemId: string;
  item: { author: string; category: string; column: string; title: string };
  policy: { stages: Stage[] };
  status: 'review' | 'returned' | 'approved' | 'published' | 'withdrawn' | 'retracted';
  stageIndex: number;
  holder: string | null;
  delegate: string | null;
  versions: Version[];
  approvals: Approval[];
  due: string | null;
  history: HistoryEntry[];
  publication: { at: string; url: string; version: number } | null;
}

export const currentVersion = (s: ReviewState) => s.versions[s.versions.length - 1];
const stageName = (s: ReviewState, key: string) => s.policy.stages.find((st) => st.key === key)?.name ?? reviewStageLabels[key] ?? key;

/**
 * One line of an item's record in words: the workflow writes compact details (`first → author: 理由`, `v2`,
 * `second v1`) that are codes to a clerk.
 */
export function historyText(s: ReviewState, h: HistoryEntry, name: (id: string) => string): { action: string; detail: string } {
  const action = reviewActionLabels[h.action] ?? h.action;
  const d = h.detail ?? '';
  let detail = d;
  if (h.action === 'submit' || h.action === 'revise') detail = d.replace(/^v(\d+).*/, '第$1版');
  else if (h.action === 'claim' || h.action === 'unclaim') detail = stageName(s, d);
  else if (h.action === 'approve') detail = d.replace(/^(\S+) v(\d+)$/, (_m, k: string, n: string) => `${stageName(s, k)}，第${n}版`);
  else if (h.action === 'reject') {
    const m = /^(\S+) → (\S+): ([\s\S]*)$/.exec(d);
    if (m) detail = `${stageName(s, m[1])}退回${m[2] === 'author' ? '拟稿人' : stageName(s, m[2])}：${m[3]}`;
  } else if (h.action === 'reassign' || h.action === 'delegate') {
    const m = /^(\S+) → (\S+)$/.exec(d);
    if (m) detail = `${m[1] === '-' ? '（未认领）' : name(m[1])} → ${name(m[2])}`;
  } else if (h.action === 'publish') detail = d.replace(/^v(\d+) .*$/, '第$1版已发布到网站');
  return { action, detail };
}

/** Where the item stands, for the Steps: each stage's approval of the current version, the stage now, and 发布. */
export function reviewSteps(s: ReviewState) {
  const v = currentVersion(s);
  const valid = s.approvals.filter((a) => a.hash === v.hash);
  const lastReject = [...s.history].reverse().find((h) => h.action === 'reject');
  const steps = s.policy.stages.map((st, i) => {
    const approval = valid.find((a) => a.stage === st.key);
    const returnedHere = s.status === 'returned' && i === s.stageIndex;
    const status: 'finish' | 'process' | 'error' | 'wait' = approval ? 'finish' : returnedHere ? 'error' : s.status === 'review' && i === s.stageIndex ? 'process' : 'wait';
    return { key: st.key, title: st.name, status, approval, reject: returnedHere ? lastReject : undefined };
  });
  // A reply letter or a notice is sent to its addressee, never published: its review ends with the last signature.
  if ((addressedCategories as readonly string[]).includes(s.item.category)) return steps.map((st) => ({ ...st, publishedAt: undefined as string | undefined }));
  const published = s.publication;
  return [...steps, { key: 'publish', title: '发布', status: published ? ('finish' as const) : ('wait' as const), approval: undefined, reject: undefined, publishedAt: published?.at }];
}
