import { useState, type ReactNode } from 'react';
import { Alert, Button, DatePicker, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { client, unwrap } from '../api';
import { showServerError } from '../forms';
import { noticeDeliveryLabels, noticeLabels, type ApplicationState } from '../applications';

export type Done = (text: string) => void;
export const day = (d?: Dayjs) => d?.format('YYYY-MM-DD');

/** One action form: sends on submit, keeps what was typed when refused, shows the refusal at the field it names. */
export function ActionForm<T extends object>({ id, submitText, send, done, children, danger }: {
  id: string; submitText: string; send: (v: T) => Promise<unknown>; done: () => void; children?: ReactNode; danger?: boolean;
}) {
  const [form] = Form.useForm<T>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: T) => {
    setBusy(true);
    setError(null);
    try {
      await send(v);
      done();
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} id={id} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 640 }}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      {children}
      <Button type="primary" danger={danger} htmlType="submit" loading={busy}>{submitText}</Button>
    </Form>
  );
}

export const path = (id: string) => ({ params: { path: { id } } });

type Notice = 'correction' | 'fee' | 'consultation' | 'receipt' | 'extension' | 'art35';
/** The notice a waiting stage waits on: the one whose delivery is most likely recorded next. */
const NOTICE_OF_STAGE: Record<string, Notice | undefined> = { awaitingCorrection: 'correction', awaitingFee: 'fee', awaitingReasons: 'art35' };
/** The day a notice reached its addressee: the periods of 补正, fee and consultation run from it (条例 第三十条、第三十二条). */
export function NoticeReceiptForm({ id, s, onDone }: { id: string; s: ApplicationState; onDone: Done }) {
  const party = s.consultations.find((c) => c.ended === null)?.party as 'third-party' | 'other-agency' | undefined;
  return (
    <ActionForm<{ notice: Notice; deliveredOn: Dayjs; deliveredBy: 'direct' | 'post' | 'electronic' }> id="notice-receipt" submitText="登记送达日期" done={() => onDone('已登记告知书的送达日期')}
      send={(v) => unwrap(client.POST('/api/applications/{id}/noticeReceipt', { ...path(id), body: { notice: v.notice, deliveredOn: day(v.deliveredOn)!, deliveredBy: v.deliveredBy, ...(v.notice === 'consultation' && party ? { party } : {}) } }))}>
      <Form.Item label="告知书" name="notice" initialValue={NOTICE_OF_STAGE[s.stage]} rules={[{ required: true, message: '请选择告知书' }]}>
        <Select options={Object.entries(noticeLabels).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item label="对方收到之日" name="deliveredOn" initialValue={dayjs()} rules={[{ required: true, message: '请选择对方收到之日' }]}>
        <DatePicker style={{ width: '100%', maxWidth: 240 }} />
      </Form.Item>
      <Form.Item label="送达方式" name="deliveredBy" initialValue="direct" rules={[{ required: true, message: '请选择送达方式' }]}>
        <Select options={Object.entries(noticeDeliveryLabels).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
    </ActionForm>
  );
}

