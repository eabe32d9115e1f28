import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { groupLabels } from '../../../../../domain/dictionary';
import { optionalReviewCategories } from '../../../../../domain/review/categories';
import { client, unwrap } from '../../api';
import { beijingTime } from '../../format';
import { showServerError } from '../../forms';
import { useDirectory } from '../../session';

interface Stage { key: string; name: string; group: string; slaWorkdays: number; secrecyChecklist: boolean }
interface Policy { category: string; stages: Stage[]; reentryStage: string; sensitive: boolean; enabled: boolean }

/** A stage key the policy does not use yet: new stages get one, since staff never type codes. */
function freshKey(stages: (Stage | undefined)[]): string {
  const used = new Set(stages.map((s) => s?.key));
  let n = stages.length + 1;
  while (used.has(`stage-${n}`)) n++;
  return `stage-${n}`;
}

function PolicyForm({ policy, groups, onSaved, onDirty }: { policy: Policy; groups: { value: string; label: string }[]; onSaved: () => Promise<unknown>; onDirty: (dirty: boolean) => void }) {
  const [form] = Form.useForm<Policy>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stages = (Form.useWatch('stages', form) ?? policy.stages) as (Stage | undefined)[];
  const optional = (optionalReviewCategories as readonly string[]).includes(policy.category);
  const stageOptions = stages.filter((s): s is Stage => !!s?.key).map((s) => ({ value: s.key, label: s.name || '（未命名环节）' }));
  const submit = async (v: Policy) => {
    setBusy(true);
    setError(null);
    try {
      // Only the notices' review may be switched off; every other category is always reviewed.
      const body = { ...v, category: policy.category, enabled: optional ? !!v.enabled : true, stages: v.stages.map((s) => ({ ...s, name: s.name.trim(), secrecyChecklist: !!s.secrecyChecklist })) };
      await unwrap(client.POST('/api/admin/policies', { body }));
      onDirty(false);
      void message.success(`已保存“${policy.category}”的审核策略，此后提交的信息适用`);
      await onSaved();
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" id="policy-form" initialValues={policy} onFinish={(v) => void submit(v)} onValuesChange={() => onDirty(true)} scrollToFirstError>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      {optional && (
        <Form.Item name="enabled" valuePropName="checked" extra="勾选后，补正、延期、收费、征求意见、说明理由等告知书须经下列环节审核通过后才发出，申请人在发出时才收到通知；不勾选则生成后即发出。登记回执始终即时发出。">
          <Checkbox id="policy-enabled">告知书发出前须经审核</Checkbox>
        </Form.Item>
      )}
      <Form.List name="stages" rules={[{ validator: async (_r, list?: unknown[]) => { if (!list?.length) throw new Error('至少要有一个审核环节'); } }]}>
        {(fields, { add, remove, move }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <Card key={field.key} size="small" style={{ marginBottom: 12 }} className="gk-stage" title={`第 ${i + 1} 环节`} extra={
                <Space size={4} wrap>
                  <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`第 ${i + 1} 环节上移`} />
                  <Button size="small" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} aria-label={`第 ${i + 1} 环节下移`} />
                  <Button size="small" danger icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)} aria-label={`删除第 ${i + 1} 环节`}>删除</Button>
                </Space>
              }>
                <Form.Item name={[field.name, 'key']} hidden><Input /></Form.Item>
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item label="环节名称" name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写环节名称' }, { max: 40, message: '环节名称不超过 40 字' }]}>
                      <Input maxLength={40} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item label="审核分组" name={[field.name, 'group']} rules={[{ required: true, message: '请选择审核分组' }]}>
                      <Select options={groups} showSearch optionFilterProp="label" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item label="办理时限（工作日）" name={[field.name, 'slaWorkdays']} rules={[{ required: true, message: '请填写办理时限' }, { type: 'integer', min: 1, max: 60, message: '办理时限为 1–60 个工作日的整数' }]}>
                      <InputNumber min={1} max={60} precision={0} style={{ width: '100%', maxWidth: 160 }} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name={[field.name, 'secrecyChecklist']} valuePropName="checked" style={{ marginBottom: 0 }}>
                  <Checkbox>本环节进行保密审查（通过时须逐项确认保密审查清单）</Checkbox>
                </Form.Item>
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            <Button icon={<PlusOutlined />} onClick={() => add({ key: freshKey(form.getFieldValue('stages') ?? []), name: '', group: undefined, slaWorkdays: 2, secrecyChecklist: false })} style={{ marginBottom: 16 }}>添加环节</Button>
          </>
        )}
      </Form.List>
      <Form.Item label="退回修改后从哪个环节重新审核" name="reentryStage" rules={[
        { required: true, message: '请选择重新审核的环节' },
        { validator: async (_r, v?: string) => { if (v && !stageOptions.some((o) => o.value === v)) throw new Error('所选环节已删除，请重新选择'); } },
      ]}>
        <Select options={stageOptions} style={{ maxWidth: 320 }} />
      </Form.Item>
      <Form.Item name="sensitive" valuePropName="checked">
        <Checkbox>敏感类别（只作标记；主要负责人审签须作为一个环节列在上面）</Checkbox>
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy}>保存审核策略</Button>
        <Button disabled={busy} onClick={() => { form.resetFields(); setError(null); onDirty(false); }}>撤销修改</Button>
      </Space>
    </Form>
  );
}

/** 审核策略: for each category, the stages of its review, the group of each, their time limits — as a form. */
export default function Policies() {
  const queries = useQueryClient();
  const name = useDirectory();
  const policies = useQuery({ queryKey: ['admin-policies'], queryFn: () => unwrap(client.GET('/api/admin/policies')) });
  const groupsQ = useQuery({ queryKey: ['admin-groups'], queryFn: () => unwrap(client.GET('/api/admin/groups')) });
  const groups = (groupsQ.data?.groups ?? []).map((g) => ({ value: g.id, label: g.name || groupLabels[g.id] || g.id }));
  const list = policies.data?.policies ?? [];
  const [category, setCategory] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const { modal } = App.useApp();
  // Another category's form replaces this one: unsaved changes are given up only when the administrator says so.
  const choose = (next: string) => {
    if (!dirty) return setCategory(next);
    modal.confirm({
      title: `“${chosen?.policy.category}”有未保存的修改`, content: '切换类别将放弃这些修改。', okText: '放弃修改并切换', cancelText: '留在本类别',
      onOk: () => { setDirty(false); setCategory(next); },
    });
  };
  const chosen = list.find((p) => p.policy.category === category) ?? list[0];
  return (
    <>
      <p>每个信息类别的审核环节、审核分组和办理时限。修改只适用于此后提交的信息，正在审核的按提交时的策略办理。</p>
      {policies.isError && <Alert type="error" title={policies.error.message} showIcon />}
      <Form layout="vertical" style={{ maxWidth: 320 }}>
        <Form.Item label="信息类别" htmlFor="policy-category">
          <Select id="policy-category" value={chosen?.policy.category} loading={policies.isPending} onChange={choose}
            options={list.map((p) => ({ value: p.policy.category, label: p.policy.category }))} />
        </Form.Item>
      </Form>
      {chosen && (
        <>
          <p style={{ color: '#666' }}>{chosen.updatedBy === 'seed' ? '默认策略，尚未修改' : `最近修改：${name(chosen.updatedBy)}，${beijingTime(chosen.updatedAt)}`}</p>
          {/* A new form for each category and each saved version: what was typed for one is never shown for another. */}
          <PolicyForm key={`${chosen.policy.category}@${chosen.updatedAt}`} policy={chosen.policy as Policy} groups={groups}
            onSaved={() => queries.invalidateQueries({ queryKey: ['admin-policies'] })} onDirty={setDirty} />
        </>
      )}
    </>
  );
}
