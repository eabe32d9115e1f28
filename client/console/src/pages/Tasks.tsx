import { Link } from 'react-router-dom';
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { dueTierLabels, type DueTierCode } from '../../../../domain/dictionary';
import { api } from '../api';
import { beijingTime } from '../format';
import { useDirectory } from '../session';

interface Task {
  taskId: string;
  itemId: string;
  title: string;
  category: string;
  stageName: string;
  holder: string | null;
  due: string | null;
  dueTier: DueTierCode;
}

const TIER_COLOR: Record<DueTierCode, string> = { none: 'default', normal: 'blue', soon: 'orange', today: 'volcano', overdue: 'red' };

export default function Tasks() {
  const q = useQuery({ queryKey: ['tasks'], queryFn: () => api<{ tasks: Task[] }>('GET', '/api/tasks') });
  const name = useDirectory();
  const tasks = q.data?.tasks ?? [];
  const count = (t: DueTierCode) => tasks.filter((x) => x.dueTier === t).length;
  return (
    <>
      <h1>我的待办</h1>
      {q.isError && <Alert type="error" title={q.error.message} showIcon />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {([['待办', tasks.length], ['已逾期', count('overdue')], ['今日到期', count('today')], ['即将到期', count('soon')]] as const).map(([t, n]) => (
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
          { title: '办理人', dataIndex: 'holder', render: (h: string | null) => (h ? name(h) : '（未认领）') },
          { title: '期限', dataIndex: 'due', render: (d: string | null) => beijingTime(d) },
          { title: '状态', dataIndex: 'dueTier', render: (t: DueTierCode) => <Tag color={TIER_COLOR[t]}>{dueTierLabels[t]}</Tag> },
        ]}
      />
    </>
  );
}
