import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { groupLabels, roleLabels } from '../../../../../domain/dictionary';
import { client, unwrap } from '../../api';
import { showServerError } from '../../forms';
import type { Role } from '../../session';

interface User { id: string; name: string; email: string; section: string | null; roles: Role[]; groups: string[]; active: boolean }
interface Fields { id: string; name: string; email: string; section?: string; roles: Role[]; groups?: string[] }

const ROLE_OPTIONS = Object.entries(roleLabels).map(([value, label]) => ({ value, label }));

/** A password the server made, shown once: the administrator hands it over and it is never shown again. */
function PasswordOnce({ shown, onClose }: { shown: { id: string; password: string } | null; onClose: () => void }) {
  return (
    <Modal open={!!shown} title="请将密码告知本人" onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText="已记下">
      {shown && <p>用户 {shown.id} 的密码（只显示这一次）：<Typography.Text code copyable id="password-once">{shown.password}</Typography.Text></p>}
    </Modal>
  );
}

function UserForm({ user, groups, onDone }: { user?: User; groups: { value: string; label: string }[]; onDone: (r?: { id: string; password: string }) => void }) {
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const section = v.section?.trim() || undefined;
      if (user) {
        await unwrap(client.POST('/api/admin/users/{id}', { params: { path: { id: user.id } }, body: { name: v.name.trim(), email: v.email.trim(), section: section ?? null, roles: v.roles, groups: v.groups ?? [] } }));
        onDone();
      } else {
        onDone(await unwrap(client.POST('/api/admin/users', { body: { id: v.id.trim(), name: v.name.trim(), email: v.email.trim(), section, roles: v.roles, groups: v.groups ?? [] } })));
      }
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" id="user-form" onFinish={(v) => void submit(v)} initialValues={user ? { ...user, section: user.section ?? '' } : { roles: ['author'], groups: [] }}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      <Form.Item label="用户名（登录名）" name="id" rules={[{ required: true, message: '请填写用户名' }, { pattern: /^[a-z][a-z0-9._-]{1,40}$/, message: '小写字母开头，只含小写字母、数字和 . _ -，2–41 位' }]}>
        <Input disabled={!!user} autoComplete="off" />
      </Form.Item>
      <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}><Input /></Form.Item>
      <Form.Item label="电子邮箱" name="email" rules={[{ required: true, message: '请填写电子邮箱' }, { type: 'email', message: '电子邮箱格式不正确' }]}><Input /></Form.Item>
      <Form.Item label="科室" name="section"><Input /></Form.Item>
      <Form.Item label="角色" name="roles" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个角色' }]}><Select mode="multiple" options={ROLE_OPTIONS} /></Form.Item>
      <Form.Item label="分组（审核环节）" name="groups"><Select mode="multiple" options={groups} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>{user ? '保存' : '新建用户'}</Button>
    </Form>
  );
}

export default function Users() {
  const queries = useQueryClient();
  const { message } = App.useApp();
  const users = useQuery({ queryKey: ['admin-users'], queryFn: () => unwrap(client.GET('/api/admin/users')) });
  const groupsQ = useQuery({ queryKey: ['admin-groups'], queryFn: () => unwrap(client.GET('/api/admin/groups')) });
  const groups = (groupsQ.data?.groups ?? []).map((g) => ({ value: g.id, label: g.name }));
  const groupName = (id: string) => groups.find((g) => g.value === id)?.label ?? groupLabels[id] ?? id;
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [shown, setShown] = useState<{ id: string; password: string } | null>(null);
  const reload = () => queries.invalidateQueries({ queryKey: ['admin-users'] });
  const act = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      void message.success(done);
      await reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <p><Button type="primary" onClick={() => setEditing('new')}>新建用户</Button></p>
      {users.isError && <Alert type="error" title={users.error.message} showIcon />}
      <Table<User> id="users" rowKey="id" size="small" loading={users.isPending} dataSource={(users.data?.users ?? []) as User[]} scroll={{ x: 'max-content' }} pagination={{ pageSize: 50, hideOnSinglePage: true }} columns={[
        { title: '用户名', dataIndex: 'id' },
        { title: '姓名', dataIndex: 'name' },
        { title: '电子邮箱', dataIndex: 'email' },
        { title: '科室', dataIndex: 'section', render: (s: string | null) => s ?? '—' },
        { title: '角色', dataIndex: 'roles', render: (r: Role[]) => r.map((x) => roleLabels[x]).join('、') },
        { title: '分组', dataIndex: 'groups', render: (g: string[]) => g.map(groupName).join('、') || '—' },
        { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>) },
        {
          title: '操作', key: 'ops', render: (_v, u) => (
            <Space wrap size="small">
              <Button size="small" onClick={() => setEditing(u)}>编辑</Button>
              <Popconfirm title={`重置 ${u.name} 的密码？其会话将全部结束。`} okText="重置" cancelText="取消" onConfirm={() => act(async () => setShown(await unwrap(client.POST('/api/admin/users/{id}/reset-password', { params: { path: { id: u.id } }, body: {} }))), '密码已重置')}>
                <Button size="small">重置密码</Button>
              </Popconfirm>
              {u.active && (
                <Popconfirm title={`停用 ${u.name}？其会话将全部结束。`} okText="停用" cancelText="取消" onConfirm={() => act(() => unwrap(client.POST('/api/admin/users/{id}/disable', { params: { path: { id: u.id } }, body: {} })), '已停用')}>
                  <Button size="small" danger>停用</Button>
                </Popconfirm>
              )}
            </Space>
          ),
        },
      ]} />
      <Modal open={editing !== null} title={editing === 'new' ? '新建用户' : '编辑用户'} footer={null} onCancel={() => setEditing(null)} destroyOnHidden>
        {editing !== null && (
          <UserForm user={editing === 'new' ? undefined : editing} groups={groups} onDone={(r) => {
            setEditing(null);
            void message.success(r ? '已新建用户' : '已保存');
            if (r) setShown(r);
            void reload();
          }} />
        )}
      </Modal>
      <PasswordOnce shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
