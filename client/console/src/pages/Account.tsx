import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Popconfirm, Select, Table } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { client, unwrap } from '../api';
import { showServerError } from '../forms';
import { useMe } from '../session';

interface PasswordFields { current: string; password: string; confirm: string }
interface SubstituteFields { substitute: string; from: Dayjs; to: Dayjs }
interface Substitute { id: string; userId: string; userName: string | null; substitute: string; substituteName: string | null; from: string; to: string }

function PasswordForm() {
  const [form] = Form.useForm<PasswordFields>();
  const me = useMe().data;
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: PasswordFields) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/account/password', { body: v }));
      form.resetFields();
      void message.success('密码已修改；您在其他地方的登录已退出');
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="修改密码" style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" id="password-form" onFinish={(v) => void submit(v)} style={{ maxWidth: 400 }}>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
        {/* The browser's password manager knows whose password this is. */}
        <input type="text" name="username" autoComplete="username" value={me?.id ?? ''} readOnly hidden />
        <Form.Item label="当前密码" name="current" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码（至少 10 位）" name="password" rules={[{ required: true, message: '请输入新密码' }, { min: 10, message: '新密码至少 10 位' }, { max: 256, message: '新密码不能超过 256 位' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="再次输入新密码" name="confirm" dependencies={['password']} rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({ validator: async (_r, value: string) => { if (value && value !== getFieldValue('password')) throw new Error('两次输入的新密码不一致'); } }),
        ]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>修改密码</Button>
      </Form>
    </Card>
  );
}

function Substitutes() {
  const me = useMe().data;
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<SubstituteFields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const subs = useQuery({ queryKey: ['substitutes'], queryFn: () => unwrap(client.GET('/api/account/substitutes')) });
  const directory = useQuery({ queryKey: ['directory'], queryFn: () => unwrap(client.GET('/api/directory')), staleTime: 300_000 });
  const people = (directory.data?.users ?? []).filter((u) => u.active && u.id !== me?.id).map((u) => ({ value: u.id, label: u.name }));
  const reload = () => queries.invalidateQueries({ queryKey: ['substitutes'] });
  const add = async (v: SubstituteFields) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/account/substitutes', { body: { substitute: v.substitute, from: v.from.format('YYYY-MM-DD'), to: v.to.format('YYYY-MM-DD') } }));
      form.resetFields();
      void message.success('已指定代理人');
      await reload();
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    try {
      await unwrap(client.DELETE('/api/account/substitutes/{id}', { params: { path: { id } } }));
      void message.success('已取消代理');
      await reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title="外出代理人">
      <p>指定期间内，您的审核任务也会出现在代理人的待办中。</p>
      {subs.isError && <Alert type="error" title={subs.error.message} showIcon />}
      <Table<Substitute> id="substitutes" rowKey="id" size="small" loading={subs.isPending} dataSource={subs.data?.substitutes ?? []} scroll={{ x: 'max-content' }} pagination={false}
        locale={{ emptyText: '暂无代理安排' }} style={{ marginBottom: 16 }} columns={[
          { title: '本人', dataIndex: 'userId', render: (_v, s) => s.userName ?? s.userId },
          { title: '代理人', dataIndex: 'substitute', render: (_v, s) => s.substituteName ?? s.substitute },
          { title: '开始', dataIndex: 'from' },
          { title: '结束', dataIndex: 'to' },
          {
            title: '操作', key: 'ops', render: (_v, s) => s.userId === me?.id && (
              <Popconfirm title="取消这项代理？" okText="取消代理" cancelText="不取消" onConfirm={() => remove(s.id)}>
                <Button size="small">取消代理</Button>
              </Popconfirm>
            ),
          },
        ]} />
      <Form form={form} layout="vertical" id="substitute-form" onFinish={(v) => void add(v)} style={{ maxWidth: 400 }}>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
        <Form.Item label="代理人" name="substitute" rules={[{ required: true, message: '请选择代理人' }]}>
          <Select showSearch optionFilterProp="label" options={people} loading={directory.isPending} placeholder="输入姓名查找" />
        </Form.Item>
        <Form.Item label="开始日期" name="from" rules={[{ required: true, message: '请选择开始日期' }]}>
          <DatePicker style={{ width: '100%', maxWidth: 240 }} />
        </Form.Item>
        <Form.Item label="结束日期" name="to" dependencies={['from']} rules={[
          { required: true, message: '请选择结束日期' },
          ({ getFieldValue }) => ({ validator: async (_r, value?: Dayjs) => { const from = getFieldValue('from') as Dayjs | undefined; if (value && from && value.isBefore(from, 'day')) throw new Error('结束日期不能早于开始日期'); } }),
        ]}>
          <DatePicker style={{ width: '100%', maxWidth: 240 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>指定代理人</Button>
      </Form>
    </Card>
  );
}

/** 个人设置: one's own password and 外出代理人. */
export default function Account() {
  return (
    <>
      <h1>个人设置</h1>
      <PasswordForm />
      <Substitutes />
    </>
  );
}
