import { Link } from 'react-router-dom';
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { applicationStageLabels, dueTierLabels, type DueTierCode } from '../../../../domain/dictionary';
import { useMe } from '../session';
import { client, unwrap } from '../api';
import { beijingTime } from '../format';

interface Task {
  taskId: string;
  itemId: string;
  title: string;
  category: string;
  stageName: string;
  holder: string | null;
  holderName: string | null;
  due: string | null;
  dueTier: DueTierCode;
}

const TIER_COLOR: Record<DueTierCode, string> = { none: 'default', normal: 'blue', soon: 'orange', today: 'volcano', overdue: 'red' };

export default function Tasks() {
  const q = useQuery({ queryKey: ['tasks'], queryFn: () => unwrap(client.GET('/api/tasks', { params: { query: { limit: 200 } } })) });
  const tasks = (q.data?.tasks ?? []) as Task[];
  const count = (t: 'overdue' | 'today' | 'soon') => q.data?.[t] ?? 0;
  const me = useMe().data;
  const handles = !!me?.roles.includes('handler');
  // A handler's cases are work too: the open ones they hold, soonest due first.
  const cases = useQuery({ queryKey: ['my-cases', me?.id], enabled: handles, queryFn: () => unwrap(client.GET('/api/applications', { params: { query: { status: 'open', handler: me!.id } } })) });
  return (
    <>
      <h1>我的待办</h1>
      {q.isError && <Alert type="error" title={q.error.message} showIcon />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {([['待办', q.data?.total ?? 0], ['已逾期', count('overdue')], ['今日到期', count('today')], ['即将到期', count('soon')]] as const).map(([t, n]) => (
          <Col key={t} xs={12} md={6}><Card size="small"><Statistic title={t} value={n} /></Card></Col>
        ))}
      </Row>
      {handles && (
        <>
          <h2 style={{ fontSize: 16 }}>我承办的申请</h2>
          <Table id="my-cases" rowKey="id" size="small" loading={cases.isPending} dataSource={cases.data?.rows ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} style={{ marginBottom: 16 }}
            locale={{ emptyText: '没有承办中的申请' }} columns={[
              { title: '编号', dataIndex: 'id', render: (id: string) => <Link to={`/applications/${id}`}>{id}</Link> },
              { title: '所需信息', dataIndex: 'content', ellipsis: true, width: 260 },
              { title: '环节', dataIndex: 'stage', render: (st: string) => applicationStageLabels[st as keyof typeof applicationStageLabels] ?? st },
              { title: '答复期限', dataIndex: 'due_date', render: (d: string | null) => d ?? '—' },
            ]} />
          <h2 style={{ fontSize: 16 }}>待审信息</h2>
        </>
      )}
      <Table<Task>
        id="tasks"
        rowKey="taskId"
        loading={q.isPending}
        dataSource={tasks}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '没有待办事项' }}
        columns={[
          { title: '事项', dataIndex: 'title', render: (t: string, r) => <Link to={`/items/${r.itemId}`}>{t}</Link> },
          { title: '类别', dataIndex: 'category' },
          { title: '环节', dataIndex: 'stageName' },
          { title: '办理人', dataIndex: 'holder', render: (h: string | null, r) => (h ? (r.holderName ?? h) : '（未认领）') },
          { title: '期限', dataIndex: 'due', render: (d: string | null) => beijingTime(d) },
          { title: '状态', dataIndex: 'dueTier', render: (t: DueTierCode) => <Tag color={TIER_COLOR[t]}>{dueTierLabels[t]}</Tag> },
        ]}
      />
    </>
  );
}
