import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { addressedCategories, categories } from '../../../../domain/review/policy';
import { client, unwrap } from '../api';
import { showServerError } from '../forms';
import { useMe } from '../session';

interface Fields {
  title: string;
  category: string;
  column: string;
  section: string;
  body: string;
  statutoryDeadline?: Dayjs;
}

/** The 信息发布审核表: what an author submits for 三审. */
export default function ItemNew() {
  const me = useMe().data;
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const { statutoryDeadline, ...rest } = v;
      const r = await unwrap(client.POST('/api/items', { body: { ...rest, format: 'markdown', ...(statutoryDeadline ? { statutoryDeadline: statutoryDeadline.format('YYYY-MM-DD') } : {}) } }));
      await queries.invalidateQueries({ queryKey: ['my-items'] });
      void navigate(`/items/${r.id}`, { state: { flash: '已提交审核' } });
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>新建信息（信息发布审核表）</h1>
      <Card>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ category: '工作动态', column: '工作动态', section: me?.section ?? '' }}>
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200, message: '标题不超过 200 字' }]}>
            <Input maxLength={200} showCount />
          </Form.Item>
          <Form.Item label="类别" name="category" rules={[{ required: true, message: '请选择类别' }]}>
            <Select options={categories.filter((c) => !(addressedCategories as readonly string[]).includes(c)).map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item label="栏目" name="column" rules={[{ required: true, whitespace: true, message: '请填写发布栏目' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="拟稿科室" name="section" rules={[{ required: true, whitespace: true, message: '请填写拟稿科室' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="正文" name="body" extra="空一行分段；可用 Markdown 标记标题和列表。" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
            <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} />
          </Form.Item>
          <Form.Item label="法定公开期限（条例第二十六条，可选）" name="statutoryDeadline">
            <DatePicker style={{ width: '100%', maxWidth: 240 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>提交审核</Button>
        </Form>
      </Card>
    </>
  );
}
