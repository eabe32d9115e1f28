import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Popconfirm, Radio, Space, Table, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { calendarChangeStatusLabels, calendarOverrideKindLabels, calendarReason } from '../../../../../domain/dictionary';
import { yearScheduleFileSchema } from '../../../../../domain/calendar/schedule-file';
import { safeParseInChinese } from '../../../../../domain/issues';
import type { YearSchedule } from '../../../../../domain/calendar/types';
import { client, unwrap } from '../../api';
import { showServerError } from '../../forms';


interface Preview {
  year: number;
  notice: string;
  changedDates: { date: string; workdayBefore: boolean; workdayAfter: boolean; before: string; after: string }[];
  movedDeadlines: { id: string; from: string | null; to: string | null }[];
  unread: number;
}
interface FanOut { version: string; listed: number; signalled: number; closed: number; failed: { workflowId: string; error: string }[] }
interface Override { date: string; kind: 'off' | 'work'; reason: string }
interface OverrideFields { date: Dayjs; kind: 'off' | 'work'; reason: string }

const dayText = (workday: boolean, reason: string) => (
  <><Tag color={workday ? 'blue' : 'green'}>{workday ? '上班' : '休息'}</Tag>{calendarReason(reason)}</>
);

/** What a fan-out reached, in one sentence. */
function fanOutText(f: FanOut | undefined): string {
  if (!f) return '没有需要重新计算期限的在办事项。';
  const failed = f.failed.length ? `，${f.failed.length} 件通知失败（请联系技术人员重新发送）` : '';
  return `已通知 ${f.signalled} 件在办事项重新计算期限${f.closed ? `（${f.closed} 件已办结）` : ''}${failed}。`;
}

/** A schedule file's problems in Chinese, one line each; the rules are the CLI's and the server's (domain/calendar). */
function problems(json: unknown): string[] {
  const r = safeParseInChinese(yearScheduleFileSchema, json);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const where = i.path.length ? `（${i.path.map((p) => (typeof p === 'number' ? `第 ${p + 1} 项` : p === 'holidays' ? '节日' : p === 'notices' ? '通知' : p === 'off' ? '放假日' : p === 'work' ? '上班日' : p === 'name' ? '名称' : p === 'year' ? '年份' : '')).filter(Boolean).join(' ')}）` : '';
    return `${i.message}${where}`;
  });
}

/** Upload the State Council's notice, see what it changes, then import it. */
function ImportSchedule({ onDone }: { onDone: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<{ name: string; schedule: YearSchedule } | null>(null);
  const [fileError, setFileError] = useState<string[] | null>(null);
  const [preview, setPreview] = useState<{ preview: Preview; truncated: number } | null>(null);
  const [result, setResult] = useState<{ year: number; status: string; notice: string; fanOut?: FanOut } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const read = async (f: File) => {
    setPreview(null);
    setResult(null);
    setError(null);
    setFile(null);
    let json: unknown;
    try {
      json = JSON.parse(await f.text());
    } catch {
      setFileError([`${f.name} 不是有效的 JSON 文件`]);
      return;
    }
    const found = problems(json);
    if (found.length) {
      setFileError(found);
      return;
    }
    setFileError(null);
    const schedule = json as YearSchedule;
    setFile({ name: f.name, schedule });
    setBusy(true);
    try {
      const r = await unwrap(client.POST('/api/admin/calendar/import', { body: { schedule, dryRun: true } }));
      if (r.dryRun) setPreview({ preview: r.preview, truncated: r.truncated });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(client.POST('/api/admin/calendar/import', { body: { schedule: file.schedule, dryRun: false } }));
      if (!r.dryRun) {
        setResult(r);
        setPreview(null);
        setFile(null);
        void message.success(`${r.year} 年节假日安排${calendarChangeStatusLabels[r.status]}`);
        await onDone();
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const p = preview?.preview;
  return (
    <Card title="导入年度节假日安排" style={{ marginBottom: 16 }} id="calendar-import">
      <p>上传按国务院办公厅节假日安排通知整理的安排文件（.json，格式与命令行导入的相同）。系统先列出变化的日期和将移动的答复期限，确认后才导入。</p>
      <Form layout="vertical">
        <Form.Item label="安排文件（.json）" htmlFor="schedule-file" validateStatus={fileError ? 'error' : undefined}
          help={fileError && <ul style={{ margin: 0, paddingLeft: 18 }}>{fileError.map((t) => <li key={t}>{t}</li>)}</ul>}>
          <Upload accept=".json,application/json" maxCount={1} showUploadList={false} id="schedule-file"
            beforeUpload={(f) => { void read(f); return false; }}>
            <Button icon={<UploadOutlined />} loading={busy && !preview}>{file ? `重新选择（当前：${file.name}）` : '选择文件'}</Button>
          </Upload>
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      {p && (
        <div id="calendar-preview">
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`预览：${p.year} 年（${p.notice}）`}
            description={`${p.changedDates.length} 个日期的上班或休息状态将改变；${p.movedDeadlines.length} 件在办申请的答复期限将移动。尚未导入。`} />
          <h3>变化的日期</h3>
          <Table size="small" rowKey="date" id="changed-dates" dataSource={p.changedDates} scroll={{ x: 'max-content' }} pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '没有日期改变' }} columns={[
              { title: '日期', dataIndex: 'date' },
              { title: '导入前', key: 'before', render: (_v, d) => dayText(d.workdayBefore, d.before) },
              { title: '导入后', key: 'after', render: (_v, d) => dayText(d.workdayAfter, d.after) },
            ]} />
          <h3>答复期限将移动的在办申请</h3>
          <Table size="small" rowKey="id" id="moved-deadlines" dataSource={p.movedDeadlines} scroll={{ x: 'max-content' }} pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '没有在办申请的期限移动' }} columns={[
              { title: '申请编号', dataIndex: 'id', render: (id: string) => <Link to={`/applications/${id}`}>{id}</Link> },
              { title: '原答复期限', dataIndex: 'from', render: (d: string | null) => d ?? '—' },
              { title: '新答复期限', dataIndex: 'to', render: (d: string | null) => d ?? '—' },
            ]} />
          {(p.unread > 0 || preview.truncated > 0) && (
            <Alert type="warning" showIcon style={{ marginTop: 8 }} title={[p.unread > 0 && `${p.unread} 件申请的状态暂时读不到，未列入`, preview.truncated > 0 && `在办申请太多，另有 ${preview.truncated} 件未预览`].filter(Boolean).join('；')} />
          )}
          <Space wrap style={{ marginTop: 12 }}>
            <Button type="primary" loading={busy} onClick={() => void confirm()}>确认导入</Button>
            <Button disabled={busy} onClick={() => { setPreview(null); setFile(null); }}>取消</Button>
          </Space>
        </div>
      )}
      {result && (
        <Alert type="success" showIcon id="calendar-imported" title={`${result.year} 年节假日安排${calendarChangeStatusLabels[result.status]}（${result.notice}）`} description={fanOutText(result.fanOut)} />
      )}
    </Card>
  );
}

function Overrides({ overrides, loading, onDone }: { overrides: Override[]; loading: boolean; onDone: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OverrideFields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = async (v: OverrideFields) => {
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(client.POST('/api/admin/calendar/overrides', { body: { date: v.date.format('YYYY-MM-DD'), kind: v.kind, reason: v.reason.trim() } }));
      form.resetFields();
      void message.success(`${r.date} ${calendarChangeStatusLabels[r.status] ?? ''}。${fanOutText(r.fanOut)}`);
      await onDone();
    } catch (e) {
      setError(showServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (date: string) => {
    try {
      const r = await unwrap(client.POST('/api/admin/calendar/overrides/{date}/delete', { params: { path: { date } }, body: {} }));
      void message.success(`${date} 的调整${calendarChangeStatusLabels[r.status] ?? ''}。${fanOutText(r.fanOut)}`);
      await onDone();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title="本机关调整的日期">
      <p>本机关另行放假（如民族节日、临时闭馆）或安排上班的日期。添加或取消后，在办事项的期限随即重新计算。</p>
      <Table<Override> size="small" rowKey="date" id="overrides" loading={loading} dataSource={overrides} scroll={{ x: 'max-content' }} pagination={false}
        locale={{ emptyText: '没有调整的日期' }} style={{ marginBottom: 16 }} columns={[
          { title: '日期', dataIndex: 'date' },
          { title: '调整为', dataIndex: 'kind', render: (k: string) => calendarOverrideKindLabels[k] },
          { title: '理由', dataIndex: 'reason' },
          {
            title: '操作', key: 'ops', render: (_v, o) => (
              <Popconfirm title={`取消 ${o.date} 的调整？`} okText="取消调整" cancelText="不取消" onConfirm={() => remove(o.date)}>
                <Button size="small">取消调整</Button>
              </Popconfirm>
            ),
          },
        ]} />
      <Form form={form} layout="vertical" id="override-form" onFinish={(v) => void add(v)} initialValues={{ kind: 'off' }} style={{ maxWidth: 480 }}>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
        <Form.Item label="日期" name="date" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%', maxWidth: 240 }} />
        </Form.Item>
        <Form.Item label="调整为" name="kind" rules={[{ required: true, message: '请选择调整为休息日还是工作日' }]}>
          <Radio.Group options={Object.entries(calendarOverrideKindLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }, { max: 200, message: '理由不超过 200 字' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>添加调整</Button>
      </Form>
    </Card>
  );
}

/** 工作日历: the years whose official schedule is imported, a new year's import with its preview, the agency's own days. */
export default function Calendar() {
  const queries = useQueryClient();
  const cal = useQuery({ queryKey: ['calendar'], queryFn: () => unwrap(client.GET('/api/calendar')) });
  const reload = () => queries.invalidateQueries({ queryKey: ['calendar'] });
  const imported = (cal.data?.imported ?? []).map((y) => y.year).sort((a, b) => b - a);
  const covered = (cal.data?.coverage ?? []).map((c) => c.year);
  const nextYear = new Date().getFullYear() + 1;
  return (
    <>
      {cal.isError && <Alert type="error" title={cal.error.message} showIcon style={{ marginBottom: 12 }} />}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={1} items={[
          { key: 'covered', label: '已有正式安排的年份', children: covered.length ? `${Math.min(...covered)}–${Math.max(...covered)} 年` : '—' },
          { key: 'imported', label: '在本系统导入的年份', children: <span id="imported-years">{imported.length ? imported.map((y) => <Tag key={y}>{y} 年</Tag>) : '尚未导入'}</span> },
        ]} />
        {cal.data && !covered.includes(nextYear) && (
          <Alert type="warning" showIcon style={{ marginTop: 8 }} title={`${nextYear} 年的节假日安排尚未导入：跨入该年的期限暂按法定节假日推算，国务院办公厅通知发布后请及时导入。`} />
        )}
      </Card>
      <ImportSchedule onDone={reload} />
      <Overrides overrides={(cal.data?.overrides ?? []) as Override[]} loading={cal.isPending} onDone={reload} />
    </>
  );
}
