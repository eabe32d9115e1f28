import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../api';
import { showServerError } from '../forms';

interface Fields {
  outcome?: string;
  legalBasis: string;
  reasons?: string;
  withheld?: { what: string; why: string }[];
  provision?: string;
  agencyName?: string;
  agencyContact?: string;
  publication?: string;
}

/** Recorded by the workflow when a period lapses (domain/application/decision.ts): not offered. */
const AUTOMATIC = new Set(['other.noCorrection', 'other.feeUnpaid']);

/**
 * The 答复决定 form: the outcome chosen from the 21 of section 三, then exactly what that outcome needs. The legal
 * basis follows the outcome until the handler edits it. The reply letter is previewed as it will print (the
 * server composes it from the same templates as the DOCX) before the decision is made and the letter sent to review.
 */
export function DecisionForm({ id, onDone }: { id: string; onDone: (text: string) => void }) {
  const [form] = Form.useForm<Fields>();
  const outcomes = useQuery({ queryKey: ['outcomes'], queryFn: () => unwrap(client.GET('/api/outcomes')), staleTime: Infinity });
  const key = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = outcomes.data?.outcomes ?? [];
  const chosen = list.find((o) => o.key === key);
  const needs = new Set(chosen?.needs ?? []);
  const groups = [...new Set(list.map((o) => o.groupLabel))];
  const options = groups.map((g) => ({
    label: g.replace(/（区分处理.*）$/, ''),
    options: list.filter((o) => o.groupLabel === g && !AUTOMATIC.has(o.key)).map((o) => ({ value: o.key, label: o.label ?? g.replace(/^（.）/, '').replace(/（.*）$/, '') })),
  })).filter((g) => g.options.length > 0);

  const onOutcome = (k: string) => {
    const o = list.find((x) => x.key === k);
    // The basis follows the outcome unless the handler wrote their own.
    if (!form.isFieldTouched('legalBasis')) form.setFieldValue('legalBasis', o ? o.basis.map((b) => `《中华人民共和国政府信息公开条例》${b.replace(/^条例/, '')}`).join('、') : '');
    if (k === 'partiallyGranted' && !(form.getFieldValue('withheld') as unknown[] | undefined)?.length) form.setFieldValue('withheld', [{ what: '', why: '' }]);
  };

  /** The decision as the server takes it: the same body for the preview and for the decision itself. */
  const bodyOf = (v: Fields) => {
    const reasons = [v.reasons?.trim(), v.publication?.trim() ? `所申请信息已公开出版，可通过${v.publication.trim()}获取。` : ''].filter(Boolean).join('\n');
    return {
      outcome: v.outcome!, legalBasis: v.legalBasis.trim(), reasons,
      withheld: v.outcome === 'partiallyGranted' ? (v.withheld ?? []).map((w) => ({ what: w.what.trim(), why: w.why.trim() })) : [],
      ...(needs.has('provision') ? { provision: v.provision?.trim() } : {}),
      ...(needs.has('competentAgency') && v.agencyName?.trim() ? { competentAgency: { name: v.agencyName.trim(), contact: v.agencyContact?.trim() || undefined } } : {}),
    };
  };
  const [preview, setPreview] = useState<{ html: string; stale: boolean } | null>(null);

  const showPreview = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(client.POST('/api/applications/{id}/letter-preview', { params: { path: { id } }, body: bodyOf(v) }));
      setPreview({ html: r.html, stale: false });
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };

  const decide = async () => {
    let v: Fields;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/applications/{id}/decide', { params: { path: { id } }, body: bodyOf(v) }));
      onDone('已作出答复决定，答复书已生成并送审');
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" id="decide" onFinish={(v) => void showPreview(v)} onValuesChange={() => setPreview((p) => (p ? { ...p, stale: true } : p))} style={{ maxWidth: 720 }}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 8 }} />}
      <Form.Item label="答复结果" name="outcome" rules={[{ required: true, message: '请选择答复结果' }]}>
        <Select options={options} onChange={onOutcome} showSearch={{ optionFilterProp: 'label' }} placeholder="从 21 种答复结果中选择" loading={outcomes.isPending} />
      </Form.Item>
      <Form.Item label="法律依据" name="legalBasis" extra="随答复结果自动填写，可修改。" rules={[{ required: true, whitespace: true, message: '请填写法律依据' }, { min: 4, message: '请写明所依据的条款' }]}>
        <Input.TextArea autoSize={{ minRows: 1 }} />
      </Form.Item>
      {key === 'partiallyGranted' && (
        <Form.List name="withheld" rules={[{ validator: async (_r, v?: unknown[]) => ((v ?? []).length > 0 ? undefined : Promise.reject(new Error('部分公开须列明不予公开的内容及理由'))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <div id="withheld" style={{ marginBottom: 16 }}>
              <div style={{ marginBottom: 8 }}>不予公开的内容及理由（条例第三十七条）</div>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'what']} label={`第${i + 1}项 不予公开的内容`} rules={[{ required: true, whitespace: true, message: '请填写不予公开的内容' }]} style={{ minWidth: 220, marginBottom: 0 }}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[f.name, 'why']} label="理由及依据" rules={[{ required: true, whitespace: true, message: '请填写理由' }]} style={{ minWidth: 220, marginBottom: 0 }}>
                    <Input />
                  </Form.Item>
                  <Button type="text" aria-label={`删除第${i + 1}项`} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ what: '', why: '' })}>增加一项</Button>
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>
      )}
      {needs.has('reasons') && (
        <Form.Item label="理由（条例第三十六条：告知理由）" name="reasons" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { min: 2, message: '理由至少 2 个字' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      )}
      {needs.has('provision') && (
        <Form.Item label="提供方式（条例第四十条）" name="provision" rules={[{ required: true, whitespace: true, message: '请写明以何种形式提供' }]}>
          <Input placeholder="如：以纸质形式邮寄提供" />
        </Form.Item>
      )}
      {needs.has('competentAgency') && (
        <>
          <Form.Item label="负责公开该信息的机关（能够确定的）" name="agencyName"><Input /></Form.Item>
          <Form.Item label="该机关的联系方式" name="agencyContact"><Input /></Form.Item>
        </>
      )}
      {key === 'notProcessed.publication' && (
        <Form.Item label="公开出版物的名称及获取途径" name="publication" rules={[{ required: true, whitespace: true, message: '请写明出版物及获取途径' }]}>
          <Input />
        </Form.Item>
      )}
      <Space wrap>
        <Button type={preview && !preview.stale ? 'default' : 'primary'} htmlType="submit" loading={busy}>{preview ? '重新预览答复书' : '预览答复书'}</Button>
        {preview && !preview.stale && <Button type="primary" loading={busy} onClick={() => void decide()}>作出答复决定并送审</Button>}
      </Space>
      {preview && (
        <Card title="答复书预览（与打印的 DOCX 同一模板、同一版式）" size="small" style={{ marginTop: 16 }} id="letter-preview">
          {preview.stale && <Alert type="warning" showIcon title="答复决定已修改：请重新预览答复书后再送审。" style={{ marginBottom: 8 }} />}
          {/* sandbox="": the letter is the server's own HTML with no script; nothing in it may run. */}
          <iframe title="答复书预览" sandbox="" srcDoc={preview.html} style={{ width: '100%', height: 640, border: '1px solid #eee', background: '#fff', opacity: preview.stale ? 0.5 : 1 }} />
        </Card>
      )}
    </Form>
  );
}
