import { useState } from 'react';
import { Button, Form, Input, Select, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { apiScopeLabels, auditActionLabels, auditOutcomeLabels } from '../../../../../domain/dictionary';
import { client, unwrap } from '../../api';
import { beijingTime } from '../../format';

interface Filter { actor?: string; action?: string; subject?: string; outcome?: 'done' | 'refused' }
/** A detail in words: scope lists are named; details the services wrote in English for the logs are not shown. */
function detailText(d: string | null): string {
  if (!d) return '';
  const scopes = d.split(',');
  if (scopes.every((x) => apiScopeLabels[x])) return scopes.map((x) => apiScopeLabels[x]).join('、');
  return /[A-Za-z]{3,}/.test(d) ? '' : d;
}
const clean = (f: Filter) => Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()])) as Filter;

/** The audit trail, newest first, filtered by who, what and on what. */
export default function Audit() {
  const [filter, setFilter] = useState<Filter>({});
  const q = useQuery({ queryKey: ['audit', filter], queryFn: () => unwrap(client.GET('/api/audit', { params: { query: { ...filter, limit: 200 } } })) });
  return (
    <>
      <Form layout="inline" id="audit-filter" onFinish={(v: Filter) => setFilter(clean(v))} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="操作人" name="actor"><Input placeholder="用户名" style={{ width: 140 }} /></Form.Item>
        <Form.Item label="操作" name="action"><Input placeholder="如 user." style={{ width: 140 }} /></Form.Item>
        <Form.Item label="对象编号" name="subject"><Input style={{ width: 160 }} /></Form.Item>
        <Form.Item label="结果" name="outcome"><Select allowClear style={{ width: 100 }} options={[{ value: 'done', label: '完成' }, { value: 'refused', label: '拒绝' }]} /></Form.Item>
        <Button htmlType="submit">筛选</Button>
      </Form>
      <Table id="audit" rowKey="id" size="small" loading={q.isPending} dataSource={q.data?.entries ?? []} scroll={{ x: 'max-content' }} pagination={{ pageSize: 50, hideOnSinglePage: true }} columns={[
        { title: '时间', dataIndex: 'at', render: beijingTime },
        { title: '操作人', dataIndex: 'actorName', render: (n: string | null, r) => n ?? r.actor },
        { title: '操作', dataIndex: 'action', render: (a: string) => auditActionLabels[a] ?? a },
        { title: '对象', dataIndex: 'subject_id' },
        { title: '结果', dataIndex: 'outcome', render: (o: string) => <Tag color={o === 'refused' ? 'red' : 'green'}>{auditOutcomeLabels[o] ?? o}</Tag> },
        { title: '说明', dataIndex: 'detail', render: detailText },
      ]} />
    </>
  );
}
