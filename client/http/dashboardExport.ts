import ExcelJS from 'exceljs';
import { dueTierLabels } from '../../domain/dictionary';
import type { DashboardFilters, OpenCase } from '../services/dashboard';

/** The dashboard as the supervisor filtered it, with names for ids: what the page shows and the exports hold. */
export interface DashboardExport {
  generatedAt: string;
  filters: DashboardFilters & { handlerName?: string };
  figures: { open: number; openTasks: number; closed: number; onTimeRate: number | null; avgWorkdays: number | null };
  cases: (OpenCase & { whoName: string })[];
  byStage: [string, { overdue: number; today: number; soon: number; total: number }][];
  byHandler: [string, { overdue: number; today: number; soon: number; total: number }][];
}

const CASE_HEADINGS = ['类型', '事项', '编号', '环节', '办理人', '收到或送审日期', '期限', '期限状态'];
const BUCKET_HEADINGS = ['在办', '已逾期', '今日到期', '即将到期'];

const caseRow = (c: DashboardExport['cases'][number]) => [
  c.kind === 'application' ? '依申请公开' : '信息发布', c.label, c.id, c.stage, c.whoName, c.start, c.due?.slice(0, 10) ?? '', dueTierLabels[c.tier],
];
const bucketRow = ([k, b]: DashboardExport['byStage'][number]) => [k, b.total, b.overdue, b.today, b.soon];

/** A cell a spreadsheet would take as a formula (=, +, -, @ first) is kept as text (CSV and formula injection). */
const inert = (v: string | number) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** What the filters were, in words, for the file's first lines. */
export function filterText(f: DashboardExport['filters']): string {
  const parts = [
    f.from || f.to ? `期间：${f.from ?? '不限'} 至 ${f.to ?? '不限'}` : '期间：不限',
    `办理人：${f.handlerName ?? f.handler ?? '全部'}`,
    `环节：${f.stage ?? '全部'}`,
  ];
  return parts.join('；');
}

/**
 * The open cases as CSV (RFC 4180, CRLF), with a UTF-8 byte order mark so that Excel opens the Chinese as Chinese;
 * the filters and the time on the first line.
 */
export function dashboardCsv(d: DashboardExport): string {
  const cell = (v: string | number) => {
    const s = String(inert(v));
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    [`督办看板导出（${d.generatedAt}）`, filterText(d.filters)],
    CASE_HEADINGS,
    ...d.cases.map(caseRow),
  ];
  return '\ufeff' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The same as an XLSX workbook: 在办事项, 按环节, 按办理人, and 概况 (the filters and the figures). */
export async function dashboardXlsx(d: DashboardExport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政务公开工作台';
  wb.created = new Date(d.generatedAt);
  const sheet = (name: string, headings: string[], rows: (string | number)[][], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(headings).font = { bold: true };
    for (const r of rows) ws.addRow(r.map(inert));
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    return ws;
  };
  sheet('在办事项', CASE_HEADINGS, d.cases.map(caseRow), [12, 40, 24, 24, 12, 16, 12, 10]);
  sheet('按环节', ['环节', ...BUCKET_HEADINGS], d.byStage.map(bucketRow), [30, 8, 8, 10, 10]);
  sheet('按办理人', ['办理人', ...BUCKET_HEADINGS], d.byHandler.map(bucketRow), [16, 8, 8, 10, 10]);
  const f = d.figures;
  sheet('概况', ['项目', '内容'], [
    ['导出时间', d.generatedAt], ['筛选条件', filterText(d.filters)], ['在办申请', f.open], ['待审信息', f.openTasks], ['办结', f.closed],
    ['按期答复率', f.onTimeRate === null ? '—' : `${Math.round(f.onTimeRate * 1000) / 10}%`], ['平均办理工作日', f.avgWorkdays === null ? '—' : Number(f.avgWorkdays.toFixed(1))],
  ], [16, 60]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
