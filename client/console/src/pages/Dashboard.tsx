import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, DatePicker, Row, Select, Space, Spin, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { dueTierLabels, type DueTierCode } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import { useDirectory } from '../session';

const MonthlyChart = lazy(() => import('./MonthlyChart'));

interface Bucket { overdue: number; today: number; soon: number; total: number }
interface Case { kind: 'application' | 'item'; id: string; label: string; stage: string; who: string; whoName: string | null; start: string; due: string | null; tier: DueTierCode }
export interface Late { kind: 'application' | 'item'; id: string; label: string; who: string; whoName: string | null; due: string | null; tier: DueTierCode }
const TIER_COLOR: Record<string, string> = { overdue: 'red', today: 'volcano', soon: 'orange' };

export const caseLink = (l: Pick<Late, 'kind' | 'id' | 'label'>) => <Link to={l.kind === 'application' ? `/applications/${l.id}` : `/items/${l.id}`}>{l.label}</Link>;
const count = (n: number, tier: string) => (n ? <Tag color={TIER_COLOR[tier]}>{n}</Tag> : 0);

type Filters = { from?: string; to?: string; handler?: string; stage?: string };
const FILTER_KEYS = ['from', 'to', 'handler', 'stage'] as const;

/**
 * 督办看板: open work by due tier, by stage and by person, the cases late today, every open case, this year's
 * results by month. Filtered by period, handler and stage (kept in the address, so a filtered view can be sent on);
 * the exports are the server's, of the same data with the same filters.
 */
export default function Dashboard() {
  const name = useDirectory();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  const setFilters = (next: Filters) => setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>, { replace: true });
  const query = new URLSearchParams(filters as Record<string, string>).toString();
  const d = useQuery({ queryKey: ['dashboard', filters], queryFn: () => unwrap(client.GET('/api/dashboard', { params: { query: filters } })), placeholderData: (prev) => prev });
  const year = d.data?.year;
  const monthly = useQuery({ queryKey: ['monthly', year], enabled: !!year, queryFn: () => unwrap(client.GET('/api/app/monthly', { params: { query: { year: Number(year) } } })) });
  if (d.isError) return <Alert type="error" title={d.error.message} showIcon />;
  if (!d.data) return <Spin />;
  const x = d.data;
  const rows = (m: Record<string, Bucket>, label: (k: string) => string) => Object.entries(m).map(([k, b]) => ({ key: k, label: label(k), ...b })).sort((a, b) => b.overdue - a.overdue || b.today - a.today || a.label.localeCompare(b.label));
  const columns = (first: string, link?: (key: string) => string) => [
    { title: first, dataIndex: 'label', render: (t: string, r: { key: string }) => (link ? <Link to={link(r.key)}>{t}</Link> : t) },
    { title: '在办', dataIndex: 'total' },
    { title: '已逾期', dataIndex: 'overdue', render: (n: number) => count(n, 'overdue') },
    { title: '今日到期', dataIndex: 'today', render: (n: number) => count(n, 'today') },
    { title: '即将到期', dataIndex: 'soon', render: (n: number) => count(n, 'soon') },
  ];
  return (
    <>
      <h1>督办看板</h1>
      <Card size="small" style={{ marginBottom: 16 }} id="filters">
        <Space wrap>
          <span>期间</span>
          <DatePicker.RangePicker aria-label="期间" id="period" allowEmpty={[true, true]} style={{ maxWidth: '100%' }}
            value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
            onChange={(r) => setFilters({ ...filters, from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })} />
          <Select aria-label="办理人" id="filter-handler" allowClear placeholder="全部办理人" style={{ width: 150 }} value={filters.handler}
            onChange={(v?: string) => setFilters({ ...filters, handler: v })} options={x.handlers.map((h) => ({ value: h.id, label: h.name }))} />
          <Select aria-label="环节" id="filter-stage" allowClear placeholder="全部环节" style={{ width: 220, maxWidth: '100%' }} value={filters.stage}
            onChange={(v?: string) => setFilters({ ...filters, stage: v })} options={x.stages.map((st) => ({ value: st, label: st }))} />
          {query && <Button onClick={() => setFilters({})}>清除筛选</Button>}
          <a href={`/api/dashboard/export/csv${query ? `?${query}` : ''}`} download id="export-csv">导出 CSV</a>
          <a href={`/api/dashboard/export/xlsx${query ? `?${query}` : ''}`} download id="export-xlsx">导出 Excel（XLSX）</a>
        </Space>
        <div style={{ marginTop: 8, color: '#666' }}>期间按申请的收到日期、信息进入本环节的日期和办结日期计；导出的是当前筛选下的数据。</div>
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {([['在办申请', x.open, ''], ['待审信息', x.openTasks, ''], [filters.from || filters.to ? '期间内办结' : `${x.year}年办结`, x.closed, ''], ['按期答复率', x.onTimeRate === null ? '—' : Math.round(x.onTimeRate * 100), x.onTimeRate === null ? '' : '%'], ['平均办理工作日', x.avgWorkdays === null ? '—' : x.avgWorkdays.toFixed(1), '']] as const).map(([t, v, suffix]) => (
          <Col key={t} xs={12} md={8} lg={4}><Card size="small"><Statistic title={t} value={v} suffix={suffix} /></Card></Col>
        ))}
      </Row>
      <Card title="已逾期和今日到期" size="small" style={{ marginBottom: 16 }} extra={<Link to="/escalations">逾期督办记录</Link>}>
        <Table<Late> id="late" rowKey={(r) => `${r.kind}:${r.id}`} size="small" dataSource={x.late as Late[]} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: '没有逾期或今日到期的事项' }} columns={[
          { title: '事项', dataIndex: 'label', render: (_t, r) => caseLink(r) },
          { title: '类型', dataIndex: 'kind', render: (k: string) => (k === 'application' ? '依申请公开' : '信息发布') },
          { title: '办理人', dataIndex: 'whoName', render: (n: string | null, r) => n ?? r.who },
          { title: '期限', dataIndex: 'due', render: (due: string | null) => due?.slice(0, 10) ?? '—' },
          { title: '状态', dataIndex: 'tier', render: (t: DueTierCode) => <Tag color={TIER_COLOR[t]}>{dueTierLabels[t]}</Tag> },
        ]} />
      </Card>
      <Card title={`在办事项（${x.cases.length}）`} size="small" style={{ marginBottom: 16 }}>
        <Table<Case> id="open-cases" rowKey={(r) => `${r.kind}:${r.id}`} size="small" dataSource={x.cases as Case[]} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} locale={{ emptyText: '没有符合条件的在办事项' }} columns={[
          { title: '事项', dataIndex: 'label', render: (_t, r) => caseLink(r) },
          { title: '环节', dataIndex: 'stage' },
          { title: '办理人', dataIndex: 'whoName', render: (n: string | null, r) => n ?? r.who },
          { title: '收到或送审', dataIndex: 'start' },
          { title: '期限', dataIndex: 'due', render: (due: string | null) => due?.slice(0, 10) ?? '—' },
          { title: '状态', dataIndex: 'tier', render: (t: DueTierCode) => <Tag color={TIER_COLOR[t]}>{dueTierLabels[t]}</Tag> },
        ]} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="按环节" size="small"><Table id="by-stage" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={rows(x.byStage, (k) => k)} columns={columns('环节')} /></Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="按办理人" size="small"><Table id="by-handler" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={rows(x.byHandler, (k) => (k.startsWith('（') ? k : name(k)))}
            columns={columns('办理人', (k) => (k.startsWith('（') ? '/applications' : `/applications?handler=${encodeURIComponent(k)}`))} /></Card>
        </Col>
      </Row>
      <Card title={`${x.year}年按月办结情况`} size="small" style={{ marginTop: 16 }}>
        {monthly.data ? <Suspense fallback={<Spin />}><MonthlyChart months={monthly.data.months} /></Suspense> : <Spin />}
      </Card>
    </>
  );
}
