import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Alert, App, Card, Descriptions, List, Skeleton, Tag, Timeline } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { applicationEventLabels, applicationStageLabels, channelLabels, clockStateLabels, outcomeLabels } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import type { ApplicationState } from '../applications';
import { useDirectory, useMe } from '../session';
import { ApplicationActions } from './ApplicationActions';
import { ApplicationDocuments } from './ApplicationDocuments';
import { LetterPrint } from './LetterPrint';
import { ReadFailed, StaleNotice } from './StaleNotice';

const label = <T extends Record<string, string>>(t: T, k: string | null | undefined) => (k ? ((t as Record<string, string>)[k] ?? k) : '—');

/** What a register event says, in words (its detail is JSON written by the workflow). */
function eventText(type: string, detail: string | null): string {
  const base = label(applicationEventLabels, type);
  try {
    const d = detail ? (JSON.parse(detail) as Record<string, unknown>) : {};
    if ((type === 'decided' || type === 'closed') && typeof d.outcome === 'string') return `${base}：${label(outcomeLabels, d.outcome)}`;
  } catch {
    // A detail that is not JSON is not shown: it is for the record, not for the clerk.
  }
  return base;
}

export default function ApplicationDetail() {
  const { id = '' } = useParams();
  const me = useMe().data!;
  const name = useDirectory();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const [seen] = useState(flash);
  const { message } = App.useApp();
  const q = useQuery({
    queryKey: ['application', id],
    queryFn: () => unwrap(client.GET('/api/applications/{id}', { params: { path: { id } } })),
    // The worker writes the register a moment after an update returns (an event, a letter rendered, the case closed),
    // and others act on the same case: the page follows, faster while a step is under way.
    refetchInterval: (query) => {
      const st = query.state.data?.state as ApplicationState | null | undefined;
      return st && (st.stage === 'unassigned' || st.stage === 'letterReview' || (st.stage === 'closed' && query.state.data?.application.status !== 'closed')) ? 1500 : 4000;
    },
  });
  const letterId = (q.data?.state as ApplicationState | null | undefined)?.letter?.review?.workflowId;
  // The reply letter as its reviewers read it (its author, the handler, sees it here before and during review).
  const letter = useQuery({
    queryKey: ['item', letterId], enabled: !!letterId, retry: false,
    // The letter's review starts a moment after the case names it; until then the item is not there yet.
    refetchInterval: (query) => (query.state.data?.state ? false : 1500),
    queryFn: () => unwrap(client.GET('/api/items/{id}', { params: { path: { id: letterId! } } })),
  });
  const docs = useQuery({ queryKey: ['documents', id], queryFn: () => unwrap(client.GET('/api/applications/{id}/documents', { params: { path: { id } } })), refetchInterval: 3000 });
  if (q.isPending) return <Skeleton active />;
  if (!q.data) return <ReadFailed error={q.error!} />;
  const a = q.data.application;
  const s = q.data.state as ApplicationState | null;
  const stage = s?.stage ?? a.stage;
  return (
    <>
      <h1>申请 {a.id}</h1>
      <StaleNotice error={q.error} />
      {seen && <Alert type="success" title={seen} showIcon closable style={{ marginBottom: 12 }} />}
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginBottom: 16 }} items={[
        { key: 'stage', label: '环节', children: <Tag id="application-stage" color={stage === 'closed' ? 'success' : 'processing'}>{label(applicationStageLabels, stage)}</Tag> },
        { key: 'handler', label: '承办人', children: q.data.handlerName ?? '（未分派）' },
        { key: 'received', label: '收到申请之日', children: `${a.received_date}（${label(channelLabels, a.channel)}）` },
        { key: 'applicant', label: '申请人', children: a.applicant_name },
        { key: 'idnumber', label: '证件号码', children: a.applicant_id_number },
        { key: 'phone', label: '联系电话', children: a.applicant_phone ?? '—' },
        { key: 'content', label: '所需信息', children: a.content, span: 'filled' },
        ...(s?.decision ? [{ key: 'outcome', label: '答复结果', children: label(outcomeLabels, s.decision.outcome) }] : []),
      ]} />
      {s?.clock && (
        <Card title="答复期限" size="small" style={{ marginBottom: 16 }} id="clock">
          <p><b>{s.clock.due ?? '无（已终止）'}</b>{"\u3000"}{label(clockStateLabels, s.clock.state)}{typeof s.clock.workdaysLeft === 'number' && s.clock.state !== 'replied' ? (s.clock.workdaysLeft < 0 ? `，逾期 ${-s.clock.workdaysLeft} 个工作日` : `，剩余 ${s.clock.workdaysLeft} 个工作日`) : ''}</p>
          <List size="small" dataSource={s.clock.steps} renderItem={(st) => <List.Item>{st.date}{"\u3000"}{st.article}{"\u3000"}{st.warning ? '【注意】' : ''}{st.text}</List.Item>} />
        </Card>
      )}
      {s && <ApplicationActions id={id} s={s} me={me} onDone={(text) => { void message.success(text); void q.refetch(); void docs.refetch(); }} />}
      {letter.data?.state && (
        <Card title="答复书" size="small" style={{ marginBottom: 16 }} id="letter" extra={<Link to={`/items/${letterId}`}>审核进度</Link>}>
          <LetterPrint text={(letter.data.state as { versions: { body: string }[] }).versions.at(-1)?.body ?? ''} id="letter-print" />
        </Card>
      )}
      <ApplicationDocuments id={id} s={s} docs={docs.data?.documents ?? []} mayResubmit={!!s && s.handler === me.id}
        onDone={(text) => { void message.success(text); void q.refetch(); void docs.refetch(); }} />
      <Card title="办理记录" size="small">
        <div id="events"><Timeline items={q.data.events.map((e) => ({ key: e.id, content: `${e.date} ${name(e.actor)} ${eventText(e.type, e.detail)}` }))} /></div>
      </Card>
    </>
  );
}
