import { Link } from 'react-router-dom';
import { Alert, Button, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { itemStatusLabels, reviewStageLabels } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import { beijingTime } from '../format';
import { useMe } from '../session';

interface Row {
  id: string;
  title: string;
  category: string;
  status: keyof typeof itemStatusLabels;
  stage: string | null;
  current_version: number;
  updated_at: string;
}

export default function Items() {
  const me = useMe().data;
  const q = useQuery({ queryKey: ['my-items'], queryFn: () => unwrap(client.GET('/api/items', { params: { query: { scope: 'mine', limit: 200 } } })) });
  return (
    <>
      <h1>信息发布</h1>
      {me?.roles.includes('author') && <p><Link to="/items/new"><Button type="primary">新建信息</Button></Link></p>}
      {q.isError && <Alert type="error" title={q.error.message} showIcon />}
      <h2 style={{ fontSize: 16 }}>我提交的信息</h2>
      <Table<Row>
        id="my-items"
        rowKey="id"
        loading={q.isPending}
        dataSource={(q.data?.items ?? []) as Row[]}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '还没有提交过信息' }}
        columns={[
          { title: '标题', dataIndex: 'title', render: (t: string, r) => <Link to={`/items/${r.id}`}>{t}</Link> },
          { title: '类别', dataIndex: 'category' },
          { title: '状态', dataIndex: 'status', render: (s: Row['status']) => <Tag>{itemStatusLabels[s] ?? s}</Tag> },
          { title: '环节', dataIndex: 'stage', render: (s: string | null) => (s ? (reviewStageLabels[s] ?? s) : '—') },
          { title: '版本', dataIndex: 'current_version', render: (n: number) => `第${n}版` },
          { title: '更新时间', dataIndex: 'updated_at', render: (t: string) => beijingTime(t) },
        ]}
      />
    </>
  );
}
