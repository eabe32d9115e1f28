/**
 * The first draft of section 一、总体情况 (条例 第五十条: 主动公开, 依申请公开, 复议诉讼, and the 政府信息管理 the
 * 30号 guidance asks for): the figures a template sentence quotes, from the assembled tables and the register. The
 * wording is the agency's (templates/report/section1.txt); here only the numbers and the lists are made, so that
 * every figure of the draft is one C8 compares with the same source.
 */
import type { ReportData } from './schema';
import { section3Columns, section4Columns, section4ColumnLabels, type Section4Group } from './template';

/** The register's figures of the year that the tables do not hold. */
export interface Section1Figures {
  readonly publishedByColumn: Readonly<Record<string, number>>;
  /** Hosts the items were published on. */
  readonly channels: readonly string[];
  readonly onTime: number;
  readonly reviewed: number;
  readonly returned: number;
  readonly retracted: number;
  readonly feesYuan: number;
}

const totalAt = section3Columns.length - 1;

/** "（结果维持1件、结果纠正0件）" for the results of appeals or lawsuits with any case, else "". */
function results(data: ReportData, groups: readonly Section4Group[]): string {
  const sum = (c: number) => groups.reduce((n, g) => n + data.section4[g][c], 0);
  const total = sum(section4Columns.indexOf('total'));
  if (total === 0) return '';
  const parts = section4Columns.filter((c) => c !== 'total').map((c) => `${section4ColumnLabels[c]}${sum(section4Columns.indexOf(c))}件`);
  return `（${parts.join('、')}）`;
}

/** The variables of templates/report/section1.txt. */
export function section1DraftVars(data: ReportData, f: Section1Figures): Record<string, string> {
  const columns = Object.entries(f.publishedByColumn).filter(([, n]) => n > 0);
  const s3 = (key: 'received' | 'carriedOver' | 'total' | 'carriedForward') => String(data.section3[key][totalAt]);
  const group = (g: Section4Group) => data.section4[g][section4Columns.indexOf('total')];
  return {
    year: String(data.year),
    agency: data.agency,
    channels: f.channels.length ? `本机关门户网站（${f.channels.join('、')}）` : '本机关门户网站',
    publishedTotal: String(columns.reduce((n, [, c]) => n + c, 0)),
    byColumn: columns.length ? `，其中${columns.map(([c, n]) => `${c}${n}条`).join('、')}` : '',
    received: s3('received'),
    carriedOver: s3('carriedOver'),
    concluded: s3('total'),
    onTime: String(f.onTime),
    carriedForward: s3('carriedForward'),
    reconsideration: String(group('reconsideration')),
    reconsiderationResults: results(data, ['reconsideration']),
    litigation: String(group('litigationDirect') + group('litigationAfterReconsideration')),
    litigationResults: results(data, ['litigationDirect', 'litigationAfterReconsideration']),
    reviewed: String(f.reviewed),
    returned: String(f.returned),
    retracted: String(f.retracted),
    feesYuan: String(f.feesYuan),
  };
}
