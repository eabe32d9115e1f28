import { useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiScopeLabels } from '../../../../../domain/dictionary';
import { client, unwrap } from '../../api';
import { beijingTime } from '../../format';
import { showServerError } from '../../forms';

interface Key { name: string; createdAt: string; revokedAt: string | null; scopes: string[] }
type Scope = 'applications:intake' | 'applications:read';

/** Keys for the portal: only their hash is stored, so a new key is shown once. */
export default function ApiKeys() {
  const queries = useQueryClient();
  const { message } = App.useApp();
  const keys = useQuery({ queryKey: ['admin-keys'], queryFn: () => unwrap(client.GET('/api/admin/apikeys')) });
  const [form] = Form.useForm<{ name: string; scopes: Scope[] }>();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const reload = () => queries.invalidateQueries({ queryKey: ['admin-keys'] });
  const create = async (v: { name: string; scopes: Scope[] }) => {
    setError(null);
    try {
      const r = await unwrap(client.POST('/api/admin/apikeys', { body: { name: v.name.trim(), scopes: v.scopes } }));
      setCreated(r);
      form.resetFields();
      await reload();
    } catch (e) {
      setError(showServerError(form, e));
    }
  };
  const revoke = async (name: string) => {
    try {
      await unwrap(client.POST('/api/admin/apikeys/{name}/revoke', { params: { path: { name } }, body: {} }));
      void message.success(`已吊销密钥 ${name}`);
      await reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <Form form={form} layout="vertical" id="apikey-form" onFinish={(v) => void create(v)} initialValues={{ scopes: ['applications:intake'] }} style={{ maxWidth: 480, marginBottom: 16 }}>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
        <Form.Item label="密钥名称" name="name" rules={[{ required: true, message: '请填写密钥名称' }, { pattern: /^[a-z0-9][a-z0-9._-]{0,63}$/, message: '小写字母、数字、. _ -，1–64 位，以字母或数字开头' }]}>
          <Input placeholder="如：portal" autoComplete="off" />
        </Form.Item>
        <Form.Item label="权限范围" name="scopes" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一项权限' }]}>
          <Checkbox.Group options={Object.entries(apiScopeLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">新建密钥</Button>
      </Form>
      <Table<Key> id="apikeys" rowKey={(k) => `${k.name}:${k.createdAt}`} size="small" loading={keys.isPending} dataSource={keys.data?.keys ?? []} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: '没有接口密钥' }} columns={[
        { title: '名称', dataIndex: 'name' },
        { title: '权限范围', dataIndex: 'scopes', render: (s: string[]) => s.map((x) => apiScopeLabels[x] ?? x).join('、') },
        { title: '创建时间', dataIndex: 'createdAt', render: beijingTime },
        { title: '状态', dataIndex: 'revokedAt', render: (r: string | null) => (r ? <Tag>已吊销（{beijingTime(r)}）</Tag> : <Tag color="green">有效</Tag>) },
        { title: '操作', key: 'ops', render: (_v, k) => (k.revokedAt ? null : (
          <Popconfirm title={`吊销密钥 ${k.name}？使用它的门户将无法再提交申请。`} okText="吊销" cancelText="取消" onConfirm={() => revoke(k.name)}>
            <Button size="small" danger>吊销</Button>
          </Popconfirm>
        )) },
      ]} />
      <Modal open={!!created} title="请保存新密钥" onOk={() => setCreated(null)} onCancel={() => setCreated(null)} cancelButtonProps={{ style: { display: 'none' } }} okText="已保存">
        {created && <p>密钥 {created.name}（只显示这一次，系统只保存其摘要）：<Typography.Text code copyable id="key-once">{created.key}</Typography.Text></p>}
      </Modal>
    </>
  );
}
