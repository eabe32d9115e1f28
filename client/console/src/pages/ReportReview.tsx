import { useState } from 'react';
import { Alert, Button, Card, Form, Grid, Input, Space, Steps } from 'antd';
import { client, unwrap } from '../api';
import { beijingTime } from '../format';
import { showServerError } from '../forms';
import { reviewSteps, type ReviewState } from '../review';
import { useDirectory, type Me } from '../session';
import { ItemActions } from './ItemActions';
import type { View } from './Report';

type StepStatus = 'finish' | 'process' | 'error' | 'wait';

/**
 * Where the annual report stands, as steps with who acted and when: 编制 by its editor, each stage of its review
 * (初审 … 主要负责人审签, from the review item), 发布. The reviewer whose turn it is approves or returns it here,
 * with the report beside the form as it will print.
 */
export function ReportReview({ view: v, review: s, me, onDone }: { view: View; review: ReviewState | null; me: Me; onDone: (text: string) => void }) {
  const name = useDirectory();
  const wide = Grid.useBreakpoint().md ?? true;
  if (v.state === 'assembling') return null;
  const submit = s?.history.find((h) => h.action === 'submit');
  const lastSubmit = s ? [...s.history].reverse().find((h) => h.action === 'submit' || h.action === 'revise') : undefined;
  const inReview = v.state === 'review';
  const stages = s ? reviewSteps(s).filter((st) => st.key !== 'publish') : [];
  const items: { title: string; status: StepStatus; content: React.ReactNode }[] = [
    {
      title: '编制',
      status: v.state === 'awaitingInput' ? (v.notice ? 'error' : 'process') : 'finish',
      content: v.state === 'awaitingInput'
        ? (v.notice ? <div>已退回，待修改后重新送审</div> : <div>填写中</div>)
        : s && (submit ?? lastSubmit) ? <div>{name(s.item.author)} 送审<br />{beijingTime((lastSubmit ?? submit)!.at)}</div> : <div>已送审</div>,
    },
    ...(s
      ? stages.map((st) => ({
          title: st.title,
          // A review that came back to the editor shows where it was returned; the rest wait for the next round.
          status: (v.state === 'awaitingInput' && st.status === 'process' ? 'wait' : st.status) as StepStatus,
          content: st.approval ? (
            <div>{name(st.approval.by)} 审核通过<br />{beijingTime(st.approval.at)}{st.approval.comment && <><br />意见：{st.approval.comment}</>}</div>
          ) : st.reject ? (
            <div>{name(st.reject.actor)} 退回<br />{beijingTime(st.reject.at)}<br />理由：{st.reject.detail?.replace(/^\S+ → \S+: /, '')}</div>
          ) : st.status === 'process' && inReview ? (
            <div>{s.holder ? `办理人：${name(s.holder)}` : '待审核'}</div>
          ) : null,
        }))
      : [{
          // Not yet submitted, or its review item still loading: 审核; in review without one, the agency head's single sign-off.
          title: v.reviewItemId || v.state === 'awaitingInput' ? '审核' : '主要负责人审定',
          status: (inReview ? 'process' : v.state === 'awaitingInput' ? 'wait' : 'finish') as StepStatus,
          content: inReview ? <div>{v.reviewItemId ? '审核中' : '待审定'}</div> : null,
        }]),
    {
      title: '发布',
      status: v.state === 'published' ? 'finish' : v.state === 'publishing' ? 'process' : 'wait',
      content: v.state === 'published' ? <div>已发布<br />{beijingTime(v.publishedAt)}</div> : v.state === 'publishing' ? <div>发布中</div> : null,
    },
  ];
  const current = items.findIndex((i) => i.status === 'process' || i.status === 'error');
  return (
    <>
      <Card title="办理进度" size="small" style={{ marginBottom: 12 }}>
        <div id="report-steps"><Steps orientation={wide ? 'horizontal' : 'vertical'} current={current < 0 ? items.length : current} items={items} /></div>
      </Card>
      {inReview && s && s.status === 'returned' ? <Returned s={s} me={me} onDone={onDone} /> : inReview && s && <ItemActions state={s} me={me} onDone={onDone} subject="report" />}
    </>
  );
}

/**
 * A reviewer returned the report: the reason, and for its editor the way back to the form. The report's text is
 * its data, so it is not revised inside the review: the editor withdraws the review copy, edits, and submits again.
 */
function Returned({ s, me, onDone }: { s: ReviewState; me: Me; onDone: (text: string) => void }) {
  const name = useDirectory();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const last = [...s.history].reverse().find((h) => h.action === 'reject');
  const reason = last?.detail?.replace(/^\S+ → \S+: /, '') ?? '';
  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/items/{id}/actions', { params: { path: { id: s.itemId } }, body: { action: 'withdraw', reason: `按审核意见修改：${reason}`.slice(0, 2000) } }));
      onDone('已撤回送审稿，请修改后重新送审');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="审核退回" size="small" style={{ marginBottom: 12 }} id="report-returned">
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      <p>{last ? `${name(last.actor)}（${beijingTime(last.at)}）退回：${reason}` : '审核人已退回。'}</p>
      {me.id === s.item.author ? (
        <Button type="primary" loading={busy} onClick={() => void withdraw()}>撤回送审稿并修改</Button>
      ) : <p>等待填写人 {name(s.item.author)} 修改后重新送审。</p>}
    </Card>
  );
}

/** Deployments whose report is signed off in one step (review 'signOff'): the agency head approves or returns it. */
export function SignOffForm({ year, onDone }: { year: number; onDone: (text: string) => void }) {
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (approve: boolean) => {
    if (!approve) {
      try {
        await form.validateFields();
      } catch {
        return;
      }
    } else form.setFields([{ name: 'reason', errors: [] }]); // a reason is asked for a return only
    setBusy(true);
    setError(null);
    try {
      const reason = (form.getFieldValue('reason') as string | undefined)?.trim();
      await unwrap(client.POST('/api/reports/{year}/signoff', { params: { path: { year } }, body: { approve, ...(reason ? { reason } : {}) } }));
      onDone(approve ? '已同意发布' : '已退回填写人修改');
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="主要负责人审定" size="small" style={{ marginBottom: 12 }} id="signoff">
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical">
        <Form.Item label="退回理由（退回时必填）" name="reason" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }, { max: 2000, message: '退回理由不超过 2000 字' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" loading={busy} onClick={() => void send(true)}>同意发布</Button>
          <Button danger loading={busy} onClick={() => void send(false)}>退回修改</Button>
        </Space>
      </Form>
    </Card>
  );
}
