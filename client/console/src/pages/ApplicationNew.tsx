import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { channelLabels } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import { showServerError } from '../forms';

interface Fields {
  channel: string;
  submittedOn: Dayjs;
  confirmedOn?: Dayjs;
  signedOn?: Dayjs;
  name: string;
  idNumber: string;
  phone?: string;
  address?: string;
  email?: string;
  content: string;
  purpose?: string;
}

const day = (d?: Dayjs) => d?.format('YYYY-MM-DD');
const blank = (s?: string) => (s?.trim() ? s.trim() : undefined);

/** 政府信息公开申请 registered by the office (条例 第二十九条); the received date follows 第三十一条 by channel. */
export default function ApplicationNew() {
  const [form] = Form.useForm<Fields>();
  const channel = Form.useWatch('channel', form);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(client.POST('/api/applications', {
        body: {
          channel: v.channel as 'in-person', submittedOn: day(v.submittedOn)!, signedOn: day(v.signedOn), confirmedOn: day(v.confirmedOn),
          applicant: { type: 'naturalPerson', name: v.name.trim(), idDocument: { kind: '居民身份证', number: v.idNumber.trim() }, phone: blank(v.phone), address: blank(v.address), email: blank(v.email) },
          content: v.content.trim(), purpose: blank(v.purpose), form: 'paper', delivery: 'post',
        },
      }));
      void navigate(`/applications/${r.id}`, { state: { flash: `已登记，编号 ${r.id}` } });
    } catch (e) {
      setError(showServerError(form, e, { 'applicant.name': 'name', 'applicant.idDocument.number': 'idNumber', 'applicant.phone': 'phone', 'applicant.address': 'address', 'applicant.email': 'email' }));
    } finally {
      setBusy(false);
    }
  };
  const required = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <>
      <h1>登记政府信息公开申请</h1>
      <Card>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ channel: 'in-person', submittedOn: dayjs() }} style={{ maxWidth: 640 }}>
          <Form.Item label="提交方式" name="channel" rules={[{ required: true, message: '请选择提交方式' }]}>
            <Select options={Object.entries(channelLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="提交日期" name="submittedOn" rules={[{ required: true, message: '请选择提交日期' }]}>
            <DatePicker style={{ width: '100%', maxWidth: 240 }} />
          </Form.Item>
          {channel === 'post-signed' && (
            <Form.Item label="签收日期（条例第三十一条第（二）项）" name="signedOn" rules={[{ required: true, message: '挂号邮寄的申请须填写本机关签收之日' }]}>
              <DatePicker style={{ width: '100%', maxWidth: 240 }} />
            </Form.Item>
          )}
          {channel && channel !== 'in-person' && channel !== 'post-signed' && (
            <Form.Item label="与申请人确认之日（条例第三十一条）" name="confirmedOn" rules={[{ required: true, message: '平信、网上、传真提交的申请须填写双方确认之日' }]}>
              <DatePicker style={{ width: '100%', maxWidth: 240 }} />
            </Form.Item>
          )}
          <Form.Item label="申请人姓名" name="name" rules={required('请填写申请人姓名')}><Input maxLength={100} /></Form.Item>
          <Form.Item label="身份证件号码" name="idNumber" rules={required('请填写身份证件号码')}><Input maxLength={40} /></Form.Item>
          <Form.Item label="联系电话" name="phone"><Input maxLength={40} /></Form.Item>
          <Form.Item label="通信地址" name="address"><Input maxLength={300} /></Form.Item>
          <Form.Item label="电子邮箱" name="email" rules={[{ type: 'email', message: '电子邮箱格式不正确' }]}><Input maxLength={200} /></Form.Item>
          <Form.Item label="所需政府信息的名称、文号或特征性描述（条例第二十九条）" name="content" rules={required('请填写所需政府信息')}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={5000} />
          </Form.Item>
          <Form.Item label="用途（可选）" name="purpose"><Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>登记</Button>
        </Form>
      </Card>
    </>
  );
}
