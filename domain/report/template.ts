/**
 * The national template of the 政府信息公开工作年度报告 as data: keys of docs/report-data.md mapped to
 * the exact label text of the national templates, for formats "2021" (国办公开办函〔2021〕30号)
 * and "2019" (国办公开办函〔2019〕60号, 试行). Schema, checks and renderers all read from here.
 */
import {
  applicantColumns,
  outcomeRows,
  type ApplicantColumn,
  type OutcomeKey,
  type ReportFormat,
} from '../outcomes';

export type { ReportFormat };
export const reportFormats = ['2021', '2019'] as const satisfies readonly ReportFormat[];

// ---- Section 二: 主动公开政府信息情况 (第二十条 items; both formats) ----

export interface Section2Row {
  readonly key: string;
  readonly label: string;
  readonly fields: readonly string[];
}
export interface Section2Block {
  /** 第二十条第（X）项 */
  readonly title: string;
  /** Column headings after 信息内容, one per field. */
  readonly headings: readonly string[];
  readonly rows: readonly Section2Row[];
}

export const infoContentLabel = '信息内容';

export const section2Blocks: Record<ReportFormat, readonly Section2Block[]> = {
  '2021': [
    {
      title: '第二十条第（一）项',
      headings: ['本年制发件数', '本年废止件数', '现行有效件数'],
      rows: [
        { key: 'rules', label: '规章', fields: ['issued', 'repealed', 'inForce'] },
        { key: 'normativeDocs', label: '行政规范性文件', fields: ['issued', 'repealed', 'inForce'] },
      ],
    },
    {
      title: '第二十条第（五）项',
      headings: ['本年处理决定数量'],
      rows: [{ key: 'licensing', label: '行政许可', fields: ['decisions'] }],
    },
    {
      title: '第二十条第（六）项',
      headings: ['本年处理决定数量'],
      rows: [
        { key: 'penalties', label: '行政处罚', fields: ['decisions'] },
        { key: 'coercion', label: '行政强制', fields: ['decisions'] },
      ],
    },
    {
      title: '第二十条第（八）项',
      headings: ['本年收费金额（单位：万元）'],
      rows: [{ key: 'fees', label: '行政事业性收费', fields: ['amountWan'] }],
    },
  ],
  '2019': [
    {
      title: '第二十条第（一）项',
      headings: ['本年新制作数量', '本年新公开数量', '对外公开总数量'],
      rows: [
        { key: 'rules', label: '规章', fields: ['made', 'published', 'total'] },
        { key: 'normativeDocs', label: '规范性文件', fields: ['made', 'published', 'total'] },
      ],
    },
    {
      title: '第二十条第（五）项',
      headings: ['上一年项目数量', '本年增/减', '处理决定数量'],
      rows: [
        { key: 'licensing', label: '行政许可', fields: ['previous', 'change', 'decisions'] },
        { key: 'otherServices', label: '其他对外管理服务事项', fields: ['previous', 'change', 'decisions'] },
      ],
    },
    {
      title: '第二十条第（六）项',
      headings: ['上一年项目数量', '本年增/减', '处理决定数量'],
      rows: [
        { key: 'penalties', label: '行政处罚', fields: ['previous', 'change', 'decisions'] },
        { key: 'coercion', label: '行政强制', fields: ['previous', 'change', 'decisions'] },
      ],
    },
    {
      title: '第二十条第（八）项',
      headings: ['上一年项目数量', '本年增/减'],
      rows: [{ key: 'fees', label: '行政事业性收费', fields: ['previous', 'change'] }],
    },
    {
      // Removed from the 2021 layout (30号).
      title: '第二十条第（九）项',
      headings: ['采购项目数量', '采购总金额'],
      rows: [{ key: 'procurement', label: '政府集中采购', fields: ['projects', 'amountWan'] }],
    },
  ],
};

/** 本年增/减 is a signed change ("增", "减2", -2); every other section 二 number is a count or amount. */
export const signedSection2Fields: readonly string[] = ['change'];

// ---- Section 三: 收到和处理政府信息公开申请情况 (the 30号 layout) ----

export const section3Note = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const applicantsHeading = '申请人情况';
export const resultsHeading = '三、本年度办理结果';

export type Section3RowKey = 'received' | 'carriedOver' | OutcomeKey | 'total' | 'carriedForward';

export const section3TopLabels = {
  received: '一、本年新收政府信息公开申请数量',
  carriedOver: '二、上年结转政府信息公开申请数量',
  total: '（七）总计',
  carriedForward: '四、结转下年度继续办理',
} as const;

/** The section 三 rows of a format, in template order. A missing row in the data is an error. */
export function section3RowKeys(format: ReportFormat): readonly Section3RowKey[] {
  return ['received', 'carriedOver', ...outcomeRows(format).map((o) => o.key), 'total', 'carriedForward'];
}

export const section3Columns = applicantColumns;
export type Section3Column = ApplicantColumn;

// ---- Section 四: 行政复议、行政诉讼 (same in both formats) ----

export const section4Groups = ['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'] as const;
export type Section4Group = (typeof section4Groups)[number];
export const section4Columns = ['upheld', 'corrected', 'otherResult', 'pending', 'total'] as const;
export type Section4Column = (typeof section4Columns)[number];

export const section4GroupLabels: Record<Section4Group, string> = {
  reconsideration: '行政复议',
  litigationDirect: '未经复议直接起诉',
  litigationAfterReconsideration: '复议后起诉',
};
export const litigationHeading = '行政诉讼';
export const section4ColumnLabels: Record<Section4Column, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  otherResult: '其他结果',
  pending: '尚未审结',
  total: '总计',
};

// ---- Headings ----

export function reportTitle(agency: string, year: number): string {
  return `${agency}${year}年政府信息公开工作年度报告`;
}

export const sectionHeadings: Record<ReportFormat, readonly [string, string, string, string, string, string]> = {
  '2021': [
    '一、总体情况',
    '二、主动公开政府信息情况',
    '三、收到和处理政府信息公开申请情况',
    '四、政府信息公开行政复议、行政诉讼情况',
    '五、存在的主要问题及改进情况',
    '六、其他需要报告的事项',
  ],
  '2019': [
    '一、总体情况',
    '二、主动公开政府信息情况',
    '三、收到和处理政府信息公开申请情况',
    '四、政府信息公开行政复议、行政诉讼情况',
    // 60号 wording; some 2019-format reports, Lingling's among them, print the 2021 one.
    '五、政府信息公开工作存在的主要问题及改进情况',
    '六、其他需要报告的事项',
  ],
};

export const draftMark = '草稿';
