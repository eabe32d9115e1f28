import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../api';
import { showServerError } from '../forms';

interface Fields {
  user: string;
  password: string;
}

export function Login() {
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queries = useQueryClient();
  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/session', { body: v }));
      await queries.invalidateQueries({ queryKey: ['me'] });
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ maxWidth: 400, margin: '10vh auto', padding: 16 }}>
      <Card title="政务公开工作台 · 登录">
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item label="用户名" name="user" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
        </Form>
      </Card>
    </div>
  );
}
