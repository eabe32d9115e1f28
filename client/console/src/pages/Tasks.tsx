import { Link } from 'react-router-dom';
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { dueTierLabels, type DueTierCode } from '../../../../domain/dictionary';
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
  return (
    <>
      <h1>我的待办</h1>
      {q.isError && <Alert type="error" title={q.error.message} showIcon />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {([['待办', q.data?.total ?? 0], ['已逾期', count('overdue')], ['今日到期', count('today')], ['即将到期', count('soon')]] as const).map(([t, n]) => (
          <Col key={t} xs={12} md={6}><Card size="small"><Statistic title={t} value={n} /></Card></Col>
        ))}
      </Row>
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
