import { Link } from 'react-router-dom';
import { Alert, Card, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { applicationEventLabels, applicationStageLabels, dueTierLabels, type DueTierCode } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import { beijingTime } from '../format';
import { caseLink, type Late } from './Dashboard';

interface Escalation {
  id: string; applicationId: string; at: string; date: string; overdueWorkdays: number | null; due: string | null; recipients: string[];
  handlerName: string | null; stage: string; status: string; since: { type: string; date: string; actorName: string }[];
}

/** 逾期督办: what is late now, and every escalation the workflows sent to the supervisors with what was done since. */
export default function Escalations() {
  const late = useQuery({ queryKey: ['escalations'], queryFn: () => unwrap(client.GET('/api/escalations')) });
  const history = useQuery({ queryKey: ['escalation-history'], queryFn: () => unwrap(client.GET('/api/app/escalation-history')) });
  return (
    <>
      <h1>逾期督办</h1>
      {(late.isError || history.isError) && <Alert type="error" title={(late.error ?? history.error)!.message} showIcon />}
      <Card title="当前已逾期和今日到期" size="small" style={{ marginBottom: 16 }}>
        <Table<Late> id="late-now" rowKey={(r) => `${r.kind}:${r.id}`} size="small" loading={late.isPending} dataSource={(late.data?.late ?? []) as Late[]} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: '没有逾期或今日到期的事项' }} columns={[
            { title: '事项', dataIndex: 'label', render: (_t, r) => caseLink(r) },
            { title: '办理人', dataIndex: 'whoName', render: (n: string | null, r) => n ?? r.who },
            { title: '期限', dataIndex: 'due', render: (d: string | null) => d?.slice(0, 10) ?? '—' },
            { title: '状态', dataIndex: 'tier', render: (t: DueTierCode) => <Tag color={t === 'overdue' ? 'red' : 'volcano'}>{dueTierLabels[t]}</Tag> },
          ]} />
      </Card>
      <Card title="已发出的逾期督办" size="small">
        <p style={{ marginTop: 0, color: '#666' }}>申请逾期后，系统在每个工作日向督办人员发出一次督办邮件。</p>
        <Table<Escalation> id="escalation-history" rowKey="id" size="small" loading={history.isPending} dataSource={history.data?.escalations ?? []} scroll={{ x: 'max-content' }}
          locale={{ emptyText: '尚无逾期督办' }} columns={[
            { title: '督办时间', dataIndex: 'at', render: (at: string) => beijingTime(at) },
            {
              title: '督办事项', dataIndex: 'applicationId', render: (id: string, e) => (
                <span><Link to={`/applications/${id}`}>{id}</Link><br />{e.overdueWorkdays === null ? '已逾期' : `逾期 ${e.overdueWorkdays} 个工作日`}{e.due ? `（期限 ${e.due}）` : ''}</span>
              ),
            },
            { title: '发给', dataIndex: 'recipients', render: (r: string[]) => (r.length ? r.join('、') : '督办人员（无可用邮箱）') },
            { title: '承办人', dataIndex: 'handlerName', render: (n: string | null) => n ?? '（未分派）' },
            { title: '现在', dataIndex: 'stage', render: (st: string, e) => <Tag color={e.status === 'closed' ? 'success' : 'processing'}>{applicationStageLabels[st as keyof typeof applicationStageLabels] ?? st}</Tag> },
            { title: '此后的办理', dataIndex: 'since', render: (since: Escalation['since']) => (since.length ? since.map((x, i) => <div key={i}>{`${x.date} ${x.actorName} ${applicationEventLabels[x.type] ?? x.type}`}</div>) : '督办后尚无办理') },
          ]} />
      </Card>
    </>
  );
}
