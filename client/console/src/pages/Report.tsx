import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, List, Select, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { reportStateLabels } from '../../../../domain/dictionary';
import { section2Blocks, type ReportFormat } from '../../../../domain/report/template';
import { ApiError, client, unwrap } from '../api';
import { showServerError } from '../forms';
import { useMe } from '../session';

interface View {
  state: string; year: number; dueDate: string; missing: string[]; failures: { check: string; text: string }[]; reviewItemId: string | null;
  data?: { format: ReportFormat; section1: string; section2: Record<string, Record<string, number | string>>; section5: string; section6: string } | null;
}
type Fields = { section1: string; section5: string; section6: string; s2: Record<string, Record<string, number | null>> };

/** 政府信息公开工作年度报告: start the year's report, fill the manual parts, see the checks, preview, submit, download. */
export default function Report() {
  const me = useMe().data!;
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [year, setYear] = useState(() => new Date().getFullYear() - 1);
  const view = useQuery({
    queryKey: ['report', year], retry: false,
    queryFn: async () => {
      try {
        return (await unwrap(client.GET('/api/reports/{year}', { params: { path: { year } } }))) as unknown as View;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null; // not started yet
        throw e;
      }
    },
    refetchInterval: (q) => (q.state.data?.state === 'assembling' || q.state.data?.state === 'publishing' ? 1500 : false),
  });
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editor, setEditor] = useState<string>(me.id);
  const handlers = useQuery({ queryKey: ['directory-list'], queryFn: () => unwrap(client.GET('/api/directory')) });
  const reload = () => queries.invalidateQueries({ queryKey: ['report', year] });
  const run = async (f: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      void message.success(done);
      await reload();
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const v = view.data;
  const format = v?.data?.format ?? '2021';
  const editable = v?.state === 'awaitingInput';
  const save = (f: Fields) => {
    const csv = ['row,field,value', ...Object.entries(f.s2 ?? {}).flatMap(([row, fields]) => Object.entries(fields).filter(([, x]) => x !== null && x !== undefined).map(([field, x]) => `${row},${field},${x}`))].join('\n');
    return run(() => unwrap(client.POST('/api/reports/{year}/sections', { params: { path: { year } }, body: { section1: f.section1, section5: f.section5, section6: f.section6, section2Csv: csv } })), '已保存');
  };
  return (
    <>
      <h1>政府信息公开工作年度报告</h1>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>年度</span>
        <Select aria-label="年度" value={year} onChange={setYear} style={{ width: 110 }} options={Array.from({ length: 6 }, (_, i) => new Date().getFullYear() - i).map((y) => ({ value: y, label: `${y}年` }))} />
      </Space>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      {view.isError && <Alert type="error" title={view.error.message} showIcon />}
      {view.data === null && (
        <Card size="small" id="report-start">
          <p>{year} 年度报告尚未开始编制。按条例第四十九条，应于次年 1 月 31 日前向社会公布。</p>
          {me.roles.some((r) => r === 'officeHead' || r === 'admin') ? (
            <Space wrap>
              <span>填写人</span>
              <Select aria-label="填写人" value={editor} onChange={setEditor} style={{ width: 160 }} options={(handlers.data?.users ?? []).map((u) => ({ value: u.id, label: u.name }))} />
              <Button type="primary" loading={busy} onClick={() => void run(() => unwrap(client.POST('/api/reports/{year}/start', { params: { path: { year } }, body: { editor } })), '已开始编制')}>开始编制</Button>
            </Space>
          ) : <p>请公开办负责人开始编制。</p>}
        </Card>
      )}
      {v && (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 12 }} items={[
            { key: 'state', label: '状态', children: <Tag id="report-state" color={v.state === 'published' ? 'success' : 'processing'}>{reportStateLabels[v.state] ?? v.state}</Tag> },
            { key: 'due', label: '公布期限', children: v.dueDate },
            { key: 'files', label: '文件', children: v.data ? (
              <Space wrap>
                <a href={`/api/reports/${year}/render/html`} target="_blank" rel="noreferrer" id="report-preview">按国家格式预览</a>
                <a href={`/api/reports/${year}/render/docx`} download>下载 DOCX</a>
                <a href={`/api/reports/${year}/render/html`} download>下载 HTML</a>
              </Space>
            ) : '—' },
          ]} />
          <Card title="校验结果" size="small" style={{ marginBottom: 12 }} id="report-checks">
            {v.failures.length === 0 ? <p>交叉校验全部通过。</p> : <List size="small" dataSource={v.failures} renderItem={(f) => <List.Item>{f.text}</List.Item>} />}
            {v.missing.length > 0 && <Alert type="warning" showIcon title={`尚有 ${v.missing.length} 处待填写`} />}
          </Card>
          {v.data && (
            <Form form={form} layout="vertical" id="report-form" disabled={!editable} onFinish={(f) => void save(f)} initialValues={{ section1: v.data.section1, section5: v.data.section5, section6: v.data.section6, s2: v.data.section2 }} key={`${year}-${v.state}`}>
              <Card title="一、总体情况" size="small" style={{ marginBottom: 12 }}>
                <Form.Item name="section1" rules={[{ required: true, whitespace: true, message: '请填写总体情况' }]}><Input.TextArea aria-label="一、总体情况" autoSize={{ minRows: 6 }} /></Form.Item>
              </Card>
              <Card title="二、主动公开政府信息情况" size="small" style={{ marginBottom: 12 }}>
                {section2Blocks[format].map((b) => (
                  <Table key={b.title} size="small" pagination={false} scroll={{ x: 'max-content' }} style={{ marginBottom: 8 }} rowKey="key" dataSource={[...b.rows]} title={() => b.title}
                    columns={[{ title: '信息内容', dataIndex: 'label' }, ...b.headings.map((h, i) => ({
                      title: h, key: h, render: (_x: unknown, r: { key: string; fields: readonly string[] }) => (
                        <Form.Item name={['s2', r.key, r.fields[i]]} style={{ margin: 0 }} rules={[{ required: true, message: '请填写' }]}>
                          <InputNumber aria-label={`${r.key}-${r.fields[i]}`} min={0} style={{ width: 120 }} />
                        </Form.Item>
                      ),
                    }))]} />
                ))}
              </Card>
              <Card title="五、存在的主要问题及改进情况" size="small" style={{ marginBottom: 12 }}>
                <Form.Item name="section5" rules={[{ required: true, whitespace: true, message: '请填写第五部分' }]}><Input.TextArea aria-label="五、存在的主要问题及改进情况" autoSize={{ minRows: 3 }} /></Form.Item>
              </Card>
              <Card title="六、其他需要报告的事项" size="small" style={{ marginBottom: 12 }}>
                <Form.Item name="section6" rules={[{ required: true, whitespace: true, message: '请填写第六部分' }]}><Input.TextArea aria-label="六、其他需要报告的事项" autoSize={{ minRows: 3 }} /></Form.Item>
              </Card>
              {editable && (
                <Space wrap>
                  <Button htmlType="submit" loading={busy}>保存</Button>
                  <Button type="primary" loading={busy} disabled={v.missing.length > 0 || v.failures.length > 0} onClick={() => void run(() => unwrap(client.POST('/api/reports/{year}/submit', { params: { path: { year } }, body: {} })), '已送审')}>送审</Button>
                </Space>
              )}
            </Form>
          )}
          {v.reviewItemId && <p>审核：<a href={`/items/${v.reviewItemId}`}>查看送审稿</a></p>}
        </>
      )}
    </>
  );
}
