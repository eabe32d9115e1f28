import { DatePicker, Form, Input, InputNumber, Select, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { client, unwrap } from '../api';
import type { ApplicationState } from '../applications';
import { ActionForm, day, NoticeReceiptForm, path, type Done } from './actionForms';
import { DecisionForm } from './DecisionForm';

/**
 * The two periods a handler can open while handling a case, and what the case offers while one runs: the
 * information-processing fee (条例 第四十二条, 国办函〔2020〕109号) and the request for reasons (条例 第三十五条).
 */

/** 收费通知: by the piece (the applicant's rank in the month comes from the register) or by the page. */
export function feeTab(id: string, onDone: Done) {
  return {
    key: 'fee', label: '收费通知',
    children: (
      <ActionForm<{ method: 'perApplication' | 'perPage'; pages?: number }> id="fee-notice" submitText="发出收费通知书" done={() => onDone('已发出收费通知书，申请人缴费期间答复期限中止')}
        send={(v) => unwrap(client.POST('/api/applications/{id}/feeNotice', { ...path(id), body: v.method === 'perPage' ? { method: 'perPage', pages: v.pages! } : { method: 'perApplication' } }))}>
        <p>申请人同一自然月内申请数量或每件申请的信息量明显超过合理范围的，可收取信息处理费（国办函〔2020〕109号）。</p>
        <Form.Item label="计收方式" name="method" initialValue="perApplication" rules={[{ required: true, message: '请选择计收方式' }]}>
          <Select options={[{ value: 'perApplication', label: '按件计收（本月第几件由系统计算）' }, { value: 'perPage', label: '按量计收（按页数）' }]} />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.method !== b.method}>
          {({ getFieldValue }) => getFieldValue('method') === 'perPage' && (
            <Form.Item label="页数" name="pages" rules={[{ required: true, message: '请填写页数' }]}><InputNumber min={1} max={1_000_000} /></Form.Item>
          )}
        </Form.Item>
      </ActionForm>
    ),
  };
}

/** 要求说明理由: the reply period stops until the applicant's reasons come (条例 第三十五条). */
export function reasonsTab(id: string, onDone: Done) {
  return {
    key: 'reasons', label: '要求说明理由',
    children: (
      <ActionForm id="ask-reasons" submitText="发出说明理由告知书" done={() => onDone('已要求申请人说明理由')}
        send={() => unwrap(client.POST('/api/applications/{id}/askReasons', { ...path(id), body: {} }))}>
        <p>申请公开的数量、频次明显超过合理范围的，可要求申请人说明理由（条例第三十五条）。理由不合理的，不予处理；理由合理但无法按期答复的，可确定延迟答复的合理期限。</p>
      </ActionForm>
    ),
  };
}

/** While the fee notice runs: its delivery, the payment, or a waiver with its reason. */
export function FeeActions({ id, s, onDone }: { id: string; s: ApplicationState; onDone: Done }) {
  return (
    <Tabs items={[
      { key: 'notice', label: '登记送达日期', children: <NoticeReceiptForm id={id} s={s} onDone={onDone} /> },
      {
        key: 'paid', label: '登记已缴费',
        children: (
          <ActionForm<{ date?: Dayjs }> id="fee-paid" submitText="登记已缴费" done={() => onDone('已登记缴费，答复期限恢复计算')}
            send={(v) => unwrap(client.POST('/api/applications/{id}/feePaid', { ...path(id), body: { date: day(v.date) } }))}>
            <Form.Item label="缴费日期（不填为今天）" name="date"><DatePicker style={{ width: '100%', maxWidth: 240 }} /></Form.Item>
          </ActionForm>
        ),
      },
      {
        key: 'waive', label: '减免',
        children: (
          <ActionForm<{ reason: string }> id="waive-fee" submitText="减免信息处理费" done={() => onDone('已减免信息处理费，申请人将收到告知')}
            send={(v) => unwrap(client.POST('/api/applications/{id}/waiveFee', { ...path(id), body: { reason: v.reason.trim() } }))}>
            <Form.Item label="减免理由（条例第四十二条）" name="reason" rules={[{ required: true, whitespace: true, message: '请填写减免理由' }, { min: 2, message: '理由至少 2 个字' }]}>
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
          </ActionForm>
        ),
      },
    ]} />
  );
}

/** While the applicant is asked for reasons: the notice's delivery, a reasonable deadline, or the decision (不予处理). */
export function ReasonsActions({ id, s, onDone }: { id: string; s: ApplicationState; onDone: Done }) {
  return (
    <Tabs items={[
      { key: 'notice', label: '登记送达日期', children: <NoticeReceiptForm id={id} s={s} onDone={onDone} /> },
      {
        key: 'deadline', label: '确定答复期限',
        children: (
          <ActionForm<{ due: Dayjs; reason: string }> id="agency-deadline" submitText="确定答复期限并告知申请人" done={() => onDone('已确定答复期限')}
            send={(v) => unwrap(client.POST('/api/applications/{id}/agencyDeadline', { ...path(id), body: { due: day(v.due)!, reason: v.reason.trim() } }))}>
            <p>申请人说明的理由合理、但无法在规定期限内答复的，确定合理的答复期限并告知申请人（条例第三十五条）。</p>
            <Form.Item label="答复期限" name="due" rules={[{ required: true, message: '请选择答复期限' }]}><DatePicker style={{ width: '100%', maxWidth: 240 }} /></Form.Item>
            <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { min: 2, message: '理由至少 2 个字' }]}>
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
          </ActionForm>
        ),
      },
      { key: 'decide', label: '作出答复决定', children: <DecisionForm id={id} onDone={onDone} /> },
    ]} />
  );
}
