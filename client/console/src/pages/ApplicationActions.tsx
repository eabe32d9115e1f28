import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, DatePicker, Form, Input, InputNumber, Select, Space, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { client, unwrap } from '../api';
import { deliveryLabels, partyLabels, type ApplicationState } from '../applications';
import type { Me } from '../session';
import { DecisionForm } from './DecisionForm';
import { ActionForm, day, NoticeReceiptForm, path, type Done } from './actionForms';
import { feeTab, FeeActions, reasonsTab, ReasonsActions } from './ApplicationPeriods';

/** What the case offers this user now, by its stage (workflows/application): the workflow still refuses what it must. */
export function ApplicationActions({ id, s, me, onDone }: { id: string; s: ApplicationState; me: Me; onDone: Done }) {
  const isHandler = me.roles.includes('handler') && (s.handler === me.id || s.handler === null);
  const mine = s.handler === me.id;
  const openConsultation = s.consultations.find((c) => c.ended === null);
  const pendingExtension = s.extension?.decision === 'pending' ? s.extension : null;
  const panels: ReactNode[] = [];

  if (s.stage === 'unassigned' && isHandler) {
    panels.push(<ActionForm key="claim" id="claim" submitText="认领此申请" send={() => unwrap(client.POST('/api/applications/{id}/claim', { ...path(id), body: {} }))} done={() => onDone('已认领')} />);
  }
  if (s.stage === 'handling' && mine) {
    const tabs = [
      {
        key: 'correction', label: '补正告知',
        children: (
          <ActionForm<{ items: string; periodWorkdays: number }> id="correction" submitText="发出补正告知书" done={() => onDone('已发出补正告知书')}
            send={(v) => unwrap(client.POST('/api/applications/{id}/correction', { ...path(id), body: { items: v.items.split('\n').map((x) => x.trim()).filter(Boolean), periodWorkdays: v.periodWorkdays } }))}>
            <Form.Item label="需要补正的事项（每行一项，一次性告知，条例第三十条）" name="items" rules={[{ required: true, whitespace: true, message: '请至少列明一项需要补正的事项' }]}>
              <Input.TextArea autoSize={{ minRows: 3 }} />
            </Form.Item>
            <Form.Item label="补正期限（工作日）" name="periodWorkdays" initialValue={15} rules={[{ required: true, message: '请填写补正期限' }]}>
              <InputNumber min={1} max={30} />
            </Form.Item>
          </ActionForm>
        ),
      },
      openConsultation
        ? {
          key: 'reply', label: '登记征求意见答复',
          children: (
            <ActionForm<{ reply: string }> id="consultation-reply" submitText="登记答复" done={() => onDone('已登记征求意见的答复')}
              send={(v) => unwrap(client.POST('/api/applications/{id}/consultationReply', { ...path(id), body: { party: openConsultation.party as 'third-party', reply: v.reply.trim() } }))}>
              <p>已向{partyLabels[openConsultation.party] ?? ''}“{openConsultation.addressee}”征求意见，答复期限 {openConsultation.due}。</p>
              <Form.Item label="对方的意见" name="reply" rules={[{ required: true, whitespace: true, message: '请填写对方的意见' }]}>
                <Input.TextArea autoSize={{ minRows: 2 }} />
              </Form.Item>
            </ActionForm>
          ),
        }
        : {
          key: 'consult', label: '征求意见',
          children: (
            <ActionForm<{ party: 'third-party' | 'other-agency'; addressee: string }> id="consult" submitText="发出征求意见函" done={() => onDone('已发出征求意见函')}
              send={(v) => unwrap(client.POST('/api/applications/{id}/consult', { ...path(id), body: { party: v.party, addressee: v.addressee.trim() } }))}>
              <Form.Item label="征求对象（条例第三十二条、第三十四条）" name="party" initialValue="third-party" rules={[{ required: true, message: '请选择征求对象' }]}>
                <Select options={Object.entries(partyLabels).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item label="名称" name="addressee" rules={[{ required: true, whitespace: true, message: '请填写征求对象的名称' }]}><Input /></Form.Item>
            </ActionForm>
          ),
        },
      ...(s.extension ? [] : [{
        key: 'extension', label: '申请延期',
        children: (
          <ActionForm<{ reason: string; workdays: number }> id="extension" submitText="提交延期申请" done={() => onDone('已提交延期申请，待公开办负责人审批')}
            send={(v) => unwrap(client.POST('/api/applications/{id}/extension', { ...path(id), body: { reason: v.reason.trim(), workdays: v.workdays } }))}>
            <Form.Item label="延期理由（条例第三十三条第二款）" name="reason" rules={[{ required: true, whitespace: true, message: '请填写延期理由' }, { min: 2, message: '延期理由至少 2 个字' }]}>
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
            <Form.Item label="延长工作日数（不超过 20 个）" name="workdays" initialValue={20} rules={[{ required: true, message: '请填写延长的工作日数' }]}>
              <InputNumber min={1} max={20} />
            </Form.Item>
          </ActionForm>
        ),
      }]),
      ...(s.fee ? [] : [feeTab(id, onDone)]),
      ...(s.art35 ? [] : [reasonsTab(id, onDone)]),
      { key: 'notice', label: '登记送达日期', children: <NoticeReceiptForm id={id} s={s} onDone={onDone} /> },
      { key: 'decide', label: '作出答复决定', children: <DecisionForm id={id} onDone={onDone} /> },
    ];
    panels.push(<Tabs key="handling" items={tabs} />);
  }
  if (pendingExtension) {
    if (me.roles.includes('officeHead') && pendingExtension.requestedBy !== me.id) {
      panels.push(
        <ActionForm<{ approve: 'yes' | 'no'; note?: string }> key="decideExtension" id="decide-extension" submitText="提交审批意见" done={() => onDone('已审批延期申请')}
          send={(v) => unwrap(client.POST('/api/applications/{id}/decideExtension', { ...path(id), body: { approve: v.approve === 'yes', note: v.note?.trim() || undefined } }))}>
          <p>承办人申请延长 {pendingExtension.workdays} 个工作日，理由：{pendingExtension.reason}</p>
          <Form.Item label="审批意见" name="approve" rules={[{ required: true, message: '请选择是否同意延期' }]}>
            <Select options={[{ value: 'yes', label: '同意延期' }, { value: 'no', label: '不同意延期' }]} />
          </Form.Item>
          <Form.Item label="备注（可选）" name="note"><Input.TextArea autoSize={{ minRows: 1 }} /></Form.Item>
        </ActionForm>,
      );
    } else {
      panels.push(<Alert key="ext" type="info" showIcon title="延期申请待公开办负责人审批（申请人本人不能审批）。" style={{ marginBottom: 12 }} />);
    }
  }
  if (s.stage === 'awaitingCorrection' && mine) {
    panels.push(<Tabs key="awaiting" items={[{ key: 'notice', label: '登记补正告知书送达', children: <NoticeReceiptForm id={id} s={s} onDone={onDone} /> }]} />);
    panels.push(
      <ActionForm<{ date?: Dayjs }> key="correctionReceived" id="correction-received" submitText="登记收到补正" done={() => onDone('已登记收到补正，答复期限重新计算')}
        send={(v) => unwrap(client.POST('/api/applications/{id}/correctionReceived', { ...path(id), body: { date: day(v.date) } }))}>
        <Form.Item label="收到补正之日（不填为今天）" name="date"><DatePicker style={{ width: '100%', maxWidth: 240 }} /></Form.Item>
      </ActionForm>,
    );
  }
  if (s.stage === 'awaitingFee' && mine) panels.push(<FeeActions key="fee" id={id} s={s} onDone={onDone} />);
  if (s.stage === 'awaitingReasons' && mine) panels.push(<ReasonsActions key="reasons" id={id} s={s} onDone={onDone} />);
  if (s.stage === 'letterReview' && s.letter?.review) {
    panels.push(<p key="letter">答复书正在审核：<Link to={`/items/${s.letter.review.workflowId}`}>查看答复书审核</Link></p>);
  }
  if (s.stage === 'awaitingDelivery' && (mine || me.roles.includes('officeHead'))) {
    panels.push(
      <ActionForm<{ method: 'signed' | 'posted' | 'email' | 'onSite'; date?: Dayjs }> key="delivery" id="delivery" submitText="登记送达" done={() => onDone('已登记送达')}
        send={(v) => unwrap(client.POST('/api/applications/{id}/delivery', { ...path(id), body: { method: v.method, date: day(v.date) } }))}>
        <Form.Item label="送达方式" name="method" rules={[{ required: true, message: '请选择送达方式' }]}>
          <Select options={Object.entries(deliveryLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="送达日期（签收日或交邮日；不填为今天）" name="date"><DatePicker style={{ width: '100%', maxWidth: 240 }} /></Form.Item>
      </ActionForm>,
    );
  }
  if (panels.length === 0) return null;
  return <Card title="办理" size="small" style={{ marginBottom: 16 }} id="actions"><Space orientation="vertical" style={{ width: '100%' }}>{panels}</Space></Card>;
}
