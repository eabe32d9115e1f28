import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../../api/client';
import { letterChecklistLabels, secrecyChecklistLabels } from '../../../../domain/dictionary';
import { addressedCategories } from '../../../../domain/review/categories';
import { client, unwrap } from '../api';
import { showServerError } from '../forms';
import { currentVersion, type ReviewState } from '../review';
import type { Me } from '../session';

type ActionBody = NonNullable<paths['/api/items/{id}/actions']['post']['requestBody']>['content']['application/json'];

/** The 保密审查 boxes of the item's category: a reply letter has its own (it is not 主动公开). */
// (domain/review/input.ts checklistKind, not imported: it would bring zod into the page.)
const checksOf = (category: string): Record<string, string> => ((addressedCategories as readonly string[]).includes(category) ? letterChecklistLabels : secrecyChecklistLabels);
const SUBJECT = { item: '本信息', report: '本报告', letter: '本答复书' } as const;

/**
 * What this user may do to the item now. The rules mirror domain/review/state.ts (the workflow still refuses
 * what it must): nobody is offered an action on their own item, nor a second approval of the same version.
 */
export function ItemActions({ state: s, me, onDone, subject = 'item' }: { state: ReviewState; me: Me; onDone: (text: string) => void; subject?: keyof typeof SUBJECT }) {
  const stage = s.policy.stages[s.stageIndex];
  const v = currentVersion(s);
  const isAuthor = me.id === s.item.author;
  const inStage = s.status === 'review' && me.roles.includes('reviewer') && (me.groups.includes(stage.group) || s.delegate === me.id);
  const approvedAlready = s.approvals.some((a) => a.hash === v.hash && a.by === me.id);
  const mayAct = inStage && !isAuthor && (!s.holder || s.holder === me.id);
  const canClaim = mayAct && !s.holder && !approvedAlready;
  const canApprove = mayAct && !approvedAlready;
  const canRevise = isAuthor && s.status === 'returned';
  if (!canClaim && !canApprove && !mayAct && !canRevise && !(s.holder === me.id && s.status === 'review')) {
    return isAuthor && s.status === 'review' ? <Alert style={{ marginBottom: 16 }} type="info" showIcon title={`${SUBJECT[subject]}由您拟稿，正在审核中；审核人不能是拟稿人本人。`} /> : null;
  }
  return (
    <Card title={`办理：${s.status === 'review' ? stage.name : '修改后重新提交'}`} size="small" style={{ marginBottom: 16 }} id="actions">
      {s.status === 'review' && (canClaim || s.holder === me.id) && <ClaimButtons s={s} me={me} canClaim={canClaim} onDone={onDone} />}
      {canApprove && <ApproveForm s={s} secrecy={stage.secrecyChecklist} onDone={onDone} />}
      {mayAct && <RejectForm s={s} onDone={onDone} />}
      {canRevise && <ReviseForm s={s} onDone={onDone} />}
    </Card>
  );
}

function useAct(id: string, onDone: (text: string) => void) {
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (body: ActionBody, done: string, form?: Parameters<typeof showServerError>[0]) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/items/{id}/actions', { params: { path: { id } }, body }));
      await queries.invalidateQueries({ queryKey: ['tasks'] });
      onDone(done);
    } catch (e) {
      setError(form ? showServerError(form, e) : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { act, busy, error };
}

function ClaimButtons({ s, me, canClaim, onDone }: { s: ReviewState; me: Me; canClaim: boolean; onDone: (t: string) => void }) {
  const { act, busy, error } = useAct(s.itemId, onDone);
  return (
    <div style={{ marginBottom: 12 }}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      {canClaim && <Button id="claim" loading={busy} onClick={() => void act({ action: 'claim' }, '已认领')}>认领此任务</Button>}
      {s.holder === me.id && <Space wrap><span>您已认领此任务。</span><Button id="unclaim" size="small" loading={busy} onClick={() => void act({ action: 'unclaim' }, '已放弃认领')}>放弃认领</Button></Space>}
    </div>
  );
}

function ApproveForm({ s, secrecy, onDone }: { s: ReviewState; secrecy: boolean; onDone: (t: string) => void }) {
  const [form] = Form.useForm<{ comment?: string; checks?: string[] }>();
  const { act, busy, error } = useAct(s.itemId, onDone);
  const checks = checksOf(s.item.category);
  const submit = (v: { comment?: string; checks?: string[] }) =>
    void act({
      action: 'approve',
      hash: currentVersion(s).hash,
      ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
      ...(secrecy ? { checklist: Object.fromEntries(Object.keys(checks).map((k) => [k, true])) as Extract<ActionBody, { action: 'approve' }>['checklist'] } : {}),
    }, '已审核通过', form);
  return (
    <Form form={form} layout="vertical" onFinish={submit} id="approve" style={{ marginBottom: 12 }}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      {secrecy && (
        <Form.Item label="保密审查（条例第十七条）：逐项确认" name="checks" rules={[{ validator: (_r, val?: string[]) => ((val ?? []).length === Object.keys(checks).length ? Promise.resolve() : Promise.reject(new Error('请逐项确认全部保密审查事项'))) }]}>
          <Checkbox.Group options={Object.entries(checks).map(([value, label]) => ({ value, label }))} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
        </Form.Item>
      )}
      <Form.Item label="审核意见（可选）" name="comment" rules={[{ max: 2000, message: '审核意见不超过 2000 字' }]}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>审核通过</Button>
    </Form>
  );
}

function RejectForm({ s, onDone }: { s: ReviewState; onDone: (t: string) => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { act, busy, error } = useAct(s.itemId, onDone);
  return (
    <Form form={form} layout="vertical" id="reject" onFinish={(v) => void act({ action: 'reject', reason: v.reason.trim() }, '已退回拟稿人修改', form)}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      <Form.Item label="退回理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }, { max: 2000, message: '退回理由不超过 2000 字' }]}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Button danger htmlType="submit" loading={busy}>退回修改</Button>
    </Form>
  );
}

function ReviseForm({ s, onDone }: { s: ReviewState; onDone: (t: string) => void }) {
  const v = currentVersion(s);
  const [form] = Form.useForm<{ title: string; body: string; comment?: string }>();
  const { act, busy, error } = useAct(s.itemId, onDone);
  const reason = [...s.history].reverse().find((h) => h.action === 'reject')?.detail?.replace(/^\S+ → \S+: /, '');
  return (
    <Form form={form} layout="vertical" id="revise" initialValues={{ title: v.title, body: v.body }} onFinish={(x) => void act({ action: 'revise', title: x.title.trim(), body: x.body, ...(x.comment?.trim() ? { comment: x.comment.trim() } : {}) }, '已修改并重新提交审核', form)}>
      {reason && <Alert type="warning" showIcon title={`退回理由：${reason}`} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200, message: '标题不超过 200 字' }]}>
        <Input />
      </Form.Item>
      <Form.Item label="正文" name="body" rules={[{ required: true, whitespace: true, message: '请填写正文' }, {
        validator: (_r, body?: string) => (body === v.body && form.getFieldValue('title') === v.title ? Promise.reject(new Error('修改后的内容与当前版本相同')) : Promise.resolve()),
      }]}>
        <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} />
      </Form.Item>
      <Form.Item label="修改说明（可选）" name="comment">
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>修改后重新提交</Button>
    </Form>
  );
}
