import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, List, Select, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { itemStatusLabels, reportStateLabels } from '../../../../domain/dictionary';
import { section2Blocks, type ReportFormat } from '../../../../domain/report/template';
import { missingPartName } from '../../../../domain/report/checks';
import { ApiError, client, unwrap } from '../api';
import { showServerError } from '../forms';
import type { ReviewState } from '../review';
import { useMe } from '../session';
import { ReportReview, SignOffForm } from './ReportReview';

export interface View {
  state: string; year: number; dueDate: string; missing: string[]; failures: { check: string; text: string }[]; reviewItemId: string | null;
  notice: string | null; publishedAt: string | null; files: { format: string; url?: string }[];
  data?: { format: ReportFormat; section1: string; section2: Record<string, Record<string, number | string>>; section5: string; section6: string } | null;
}
/** The workflow's notice names the review's outcome by its code (`审核未通过（withdrawn：…）`): in words. */
const noticeText = (notice: string) => notice.replace(/（(\w+)(：|）)/, (m, code: string, sep: string) => (itemStatusLabels[code as keyof typeof itemStatusLabels] ? `（${itemStatusLabels[code as keyof typeof itemStatusLabels]}${sep}` : m));
type Fields = { section1: string; section5: string; section6: string; s2: Record<string, Record<string, number | null>> };

/**
 * 政府信息公开工作年度报告: start the year's report, fill the manual parts, see the checks, preview, submit; the
 * reviewers named by its review approve or return it here; download the published DOCX and HTML.
 */
export default function Report() {
  const me = useMe().data!;
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const [year, setYearState] = useState(() => (asked >= 2008 && asked <= 2100 ? asked : new Date().getFullYear() - 1));
  const setYear = (y: number) => {
    setYearState(y);
    setParams({ year: String(y) }, { replace: true });
  };
  const reviewStatus = useRef<string | null>(null);
  const reviewWaitSince = useRef<number | null>(null);
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
    // Watched while it moves by itself: assembling, publishing, and the moment after its review ended (the last
    // signature, or the review copy withdrawn) until the report's workflow has taken the result.
    // Just submitted, the review item is started a moment later (the report rendered for it first): watched closely
    // for a minute, then every 10 s (a busy worker can take longer; a report signed off in one step has none).
    refetchInterval: (q) => {
      const st = q.state.data?.state;
      const settling = st === 'review' && reviewStatus.current !== null && reviewStatus.current !== 'review' && reviewStatus.current !== 'returned';
      if (st === 'review' && !q.state.data?.reviewItemId) reviewWaitSince.current ??= Date.now();
      else reviewWaitSince.current = null;
      if (st === 'assembling' || st === 'publishing' || settling) return 1500;
      if (reviewWaitSince.current === null) return false;
      return Date.now() - reviewWaitSince.current < 60_000 ? 1500 : 10_000;
    },
  });
  // The review of the report (a reviewItem: 初审 … 主要负责人审签): its steps, and the actions of its reviewers.
  const reviewId = view.data?.reviewItemId ?? null;
  const review = useQuery({
    queryKey: ['report-review', reviewId], enabled: !!reviewId, retry: false,
    queryFn: async () => ((await unwrap(client.GET('/api/items/{id}', { params: { path: { id: reviewId! } } }))) as unknown as { state: ReviewState | null }).state,
    // After the last signature the report is published in the background: watch for it, then stop.
    refetchInterval: (q) => (q.state.data?.status === 'approved' ? 1500 : false),
  });
  reviewStatus.current = review.data?.status ?? null;
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
  const reviewed = async (text: string) => {
    void message.success(text);
    await Promise.all([reload(), queries.invalidateQueries({ queryKey: ['report-review', reviewId] })]);
  };
  const format = v?.data?.format ?? '2021';
  const editable = v?.state === 'awaitingInput' && me.roles.some((r) => r === 'handler' || r === 'officeHead' || r === 'admin');
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
            { key: 'files', label: v.state === 'published' ? '已发布的文件' : '文件（草稿）', children: v.state === 'published' ? (
              <Space wrap id="report-files">
                <a href={`/api/reports/${year}/files/docx`} download id="report-docx">下载 DOCX</a>
                <a href={`/api/reports/${year}/files/html`} download id="report-html">下载 HTML</a>
                <a href={`/api/reports/${year}/render/html`} target="_blank" rel="noreferrer" id="report-preview">按国家格式查看</a>
              </Space>
            ) : v.data ? (
              <Space wrap>
                <a href={`/api/reports/${year}/render/html`} target="_blank" rel="noreferrer" id="report-preview">按国家格式预览</a>
                <a href={`/api/reports/${year}/render/docx`} download>下载草稿 DOCX</a>
                <a href={`/api/reports/${year}/render/html`} download>下载草稿 HTML</a>
              </Space>
            ) : '—' },
          ]} />
          {v.notice && v.state === 'awaitingInput' && <Alert type="warning" showIcon title={`报告已退回：${noticeText(v.notice)}`} style={{ marginBottom: 12 }} id="report-notice" />}
          <ReportReview view={v} review={review.data ?? null} me={me} onDone={(t) => void reviewed(t)} />
          {v.state === 'review' && !v.reviewItemId && me.groups.includes('agency-head') && <SignOffForm year={year} onDone={(t) => void reviewed(t)} />}
          <Card title="校验结果" size="small" style={{ marginBottom: 12 }} id="report-checks">
            {v.failures.length === 0 ? <p>交叉校验全部通过。</p> : (
              <>
                <Alert type="error" showIcon title={`${v.failures.length} 项校验未通过，改正后才能送审`} />
                <List size="small" dataSource={v.failures} renderItem={(f) => <List.Item>{f.text}</List.Item>} />
              </>
            )}
            {v.missing.length > 0 && <Alert type="warning" showIcon title={`尚有 ${v.missing.length} 处待填写：${missingList(v.missing)}`} />}
          </Card>
          {v.data && !editable && (
            <Card title={v.state === 'published' ? '已发布的报告（按国家格式）' : v.state === 'review' ? '送审稿（按国家格式，与打印一致）' : '报告（按国家格式，与打印一致）'} size="small" style={{ marginBottom: 12 }}>
              <iframe id="report-print" title="年度报告（按国家格式）" src={`/api/reports/${year}/render/html`} key={`${year}-${v.state}`} style={{ width: '100%', height: 560, border: '1px solid #eee', background: '#fff' }} />
            </Card>
          )}
          {v.data && editable && (
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
        </>
      )}
    </>
  );
}

/** The parts still empty, as the template names them; a long list is cut after five. */
function missingList(parts: string[]): string {
  const names = parts.slice(0, 5).map(missingPartName).join('、');
  return parts.length > 5 ? `${names} 等` : names;
}
