import { lazy, Suspense } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Col, Row, Spin, Statistic, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { dueTierLabels, type DueTierCode } from '../../../../domain/dictionary';
import { client, unwrap } from '../api';
import { useDirectory } from '../session';

const MonthlyChart = lazy(() => import('./MonthlyChart'));

interface Bucket { overdue: number; today: number; soon: number; total: number }
export interface Late { kind: 'application' | 'item'; id: string; label: string; who: string; whoName: string | null; due: string | null; tier: DueTierCode }
const TIER_COLOR: Record<string, string> = { overdue: 'red', today: 'volcano', soon: 'orange' };

export const caseLink = (l: Pick<Late, 'kind' | 'id' | 'label'>) => <Link to={l.kind === 'application' ? `/applications/${l.id}` : `/items/${l.id}`}>{l.label}</Link>;
const count = (n: number, tier: string) => (n ? <Tag color={TIER_COLOR[tier]}>{n}</Tag> : 0);

/** 督办看板: open work by due tier, by stage and by person, the cases late today, this year's results by month. */
export default function Dashboard() {
  const name = useDirectory();
  const d = useQuery({ queryKey: ['dashboard'], queryFn: () => unwrap(client.GET('/api/dashboard')) });
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
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {([['在办申请', x.open, ''], ['待审信息', x.openTasks, ''], [`${x.year}年办结`, x.closed, ''], ['按期答复率', x.onTimeRate === null ? '—' : Math.round(x.onTimeRate * 100), x.onTimeRate === null ? '' : '%'], ['平均办理工作日', x.avgWorkdays === null ? '—' : x.avgWorkdays.toFixed(1), '']] as const).map(([t, v, suffix]) => (
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
