import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Alert, App, Card, Descriptions, Result, Skeleton, Steps, Tag, Timeline, Grid } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { itemStatusLabels } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import { beijingTime } from '../format';
import { currentVersion, historyText, reviewSteps, type ReviewState } from '../review';
import { useDirectory, useMe } from '../session';
import { ItemActions } from './ItemActions';
import { LetterPrint } from './LetterPrint';
import { ReadFailed, StaleNotice } from './StaleNotice';
import { VersionDiff } from './VersionDiff';

interface ItemAnswer {
  item: { id: string; title: string; status: string } | null;
  state: ReviewState | null;
}

const STATUS_COLOR: Record<string, string> = { review: 'processing', returned: 'warning', approved: 'success', published: 'success', withdrawn: 'default', retracted: 'error' };

export default function ItemDetail() {
  const { id = '' } = useParams();
  const me = useMe().data!;
  const name = useDirectory();
  const wide = Grid.useBreakpoint().md ?? true;
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const [seen] = useState(flash);
  const { message } = App.useApp();
  const q = useQuery({
    queryKey: ['item', id],
    queryFn: async () => (await unwrap(client.GET('/api/items/{id}', { params: { path: { id } } }))) as unknown as ItemAnswer,
    // Publication follows the final approval in the background: watch for it, then stop.
    refetchInterval: (query) => (query.state.data?.state?.status === 'approved' ? 1000 : false),
  });
  if (q.isPending) return <Skeleton active />;
  if (!q.data) return <ReadFailed error={q.error!} />;
  const s = q.data.state;
  if (!s) return <Result status="info" title={q.data.item?.title ?? id} subTitle="审核流程记录已归档。" />;
  const v = currentVersion(s);
  const letterOf = /^application-(.+)-letter-\d+$/.exec(id)?.[1];
  const reportOf = /^report-[A-Za-z0-9]+-(\d{4})-review-\d+$/.exec(id)?.[1];
  const steps = reviewSteps(s);
  const current = steps.findIndex((st) => st.status === 'process' || st.status === 'error');
  return (
    <>
      <h1>{v.title}</h1>
      <StaleNotice error={q.error} />
      {seen && <Alert type="success" title={seen} showIcon closable style={{ marginBottom: 12 }} />}
      {letterOf && me.roles.some((r) => r === 'handler' || r === 'officeHead' || r === 'supervisor' || r === 'admin') && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={<>这是申请 <Link to={`/applications/${letterOf}`}>{letterOf}</Link> 的答复书；排版后的 DOCX 在申请页面的“文书”中下载。</>} />
      )}
      {reportOf && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} id="report-link" title={<>这是 {reportOf} 年政府信息公开工作年度报告的送审稿；请在 <Link to={`/report?year=${reportOf}`}>年度报告</Link> 页面按国家格式查看并审核。</>} />
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginBottom: 16 }} items={[
        { key: 'status', label: '状态', children: <Tag id="item-status" color={STATUS_COLOR[s.status]}>{itemStatusLabels[s.status]}</Tag> },
        { key: 'category', label: '类别', children: s.item.category },
        { key: 'column', label: '栏目', children: s.item.column },
        { key: 'author', label: '拟稿人', children: name(s.item.author) },
        { key: 'version', label: '当前版本', children: `第${v.n}版（${beijingTime(v.at)}）` },
        { key: 'due', label: '本环节期限', children: beijingTime(s.due) },
      ]} />
      <Card title="审核进度" size="small" style={{ marginBottom: 16 }}>
        <div id="review-steps"><Steps
          orientation={wide ? 'horizontal' : 'vertical'}
          current={current < 0 ? steps.length : current}
          items={steps.map((st) => ({
            title: st.title,
            status: st.status,
            content: st.approval ? (
              <div>{name(st.approval.by)} 审核通过<br />{beijingTime(st.approval.at)}{st.approval.comment && <><br />意见：{st.approval.comment}</>}</div>
            ) : st.reject ? (
              <div>{name(st.reject.actor)} 退回<br />{beijingTime(st.reject.at)}<br />理由：{st.reject.detail?.replace(/^\S+ → \S+: /, '')}</div>
            ) : st.status === 'process' ? (
              <div>{s.holder ? `办理人：${name(s.holder)}` : '待认领'}</div>
            ) : 'publishedAt' in st && st.publishedAt ? (
              <div>已发布<br />{beijingTime(st.publishedAt)}</div>
            ) : null,
          }))}
        /></div>
      </Card>
      <ItemActions state={s} me={me} onDone={(text) => { void message.success(text); void q.refetch(); }} />
      {letterOf ? (
        <Card title={`答复书（第${v.n}版，打印版式）`} size="small" style={{ marginBottom: 16 }}>
          <LetterPrint text={v.body} id="letter-print" />
        </Card>
      ) : (
        <Card title={`正文（第${v.n}版）`} size="small" style={{ marginBottom: 16 }}>
          <div className="gk-body" id="item-body">{v.body}</div>
        </Card>
      )}
      {s.versions.length > 1 && <VersionDiff versions={s.versions} />}
      <Card title="办理记录" size="small">
        <div id="history"><Timeline items={s.history.map((h, i) => {
          const t = historyText(s, h, name);
          return { key: i, content: <span>{beijingTime(h.at)} {name(h.actor)} <b>{t.action}</b>{t.detail && `：${t.detail}`}</span> };
        })} /></div>
      </Card>
    </>
  );
}
