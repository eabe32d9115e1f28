import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { applicationStageLabels, outcomeLabels } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import { useMe } from '../session';

type Row = { id: string; received_date: string; applicant_name: string; content: string; stage: string; handlerName: string | null; due_date: string | null; outcome: string | null };

export default function Applications() {
  const me = useMe().data;
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  // The dashboard links a person's figures here.
  const handler = useSearchParams()[0].get('handler') ?? undefined;
  const q = useQuery({ queryKey: ['applications', status, handler], queryFn: () => unwrap(client.GET('/api/applications', { params: { query: { status, handler } } })) });
  return (
    <>
      <h1>依申请公开</h1>
      <p style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        {me?.roles.some((r) => r === 'handler' || r === 'officeHead') && <Link to="/applications/new"><Button type="primary">登记申请</Button></Link>}
        <Segmented value={status} onChange={(v) => setStatus(v as 'open' | 'closed')} options={[{ value: 'open', label: '办理中' }, { value: 'closed', label: '已办结' }]} />
      </p>
      {q.isError && <Alert type="error" title={q.error.message} showIcon />}
      <Table<Row>
        id="applications"
        rowKey="id"
        loading={q.isPending}
        dataSource={(q.data?.rows ?? []) as Row[]}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: '没有申请' }}
        columns={[
          { title: '编号', dataIndex: 'id', render: (id: string) => <Link to={`/applications/${id}`}>{id}</Link> },
          { title: '申请人', dataIndex: 'applicant_name' },
          { title: '所需信息', dataIndex: 'content', ellipsis: true, width: 260 },
          { title: '收到日期', dataIndex: 'received_date' },
          { title: '环节', dataIndex: 'stage', render: (s: string) => <Tag>{applicationStageLabels[s as keyof typeof applicationStageLabels] ?? s}</Tag> },
          { title: '承办人', dataIndex: 'handlerName', render: (n: string | null) => n ?? '（未分派）' },
          { title: '答复期限', dataIndex: 'due_date', render: (d: string | null) => d ?? '—' },
          ...(status === 'closed' ? [{ title: '答复结果', dataIndex: 'outcome', render: (o: string | null) => (o ? (outcomeLabels[o as keyof typeof outcomeLabels] ?? o) : '—') }] : []),
        ]}
      />
    </>
  );
}
