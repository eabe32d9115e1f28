/**
 * The outcome taxonomy of 依申请公开: the leaf rows of section 三 of the annual report
 * (国办公开办函〔2021〕30号 format), with the template text, the group each belongs to and the
 * legal basis (the 条例 articles and the template's notes, in each row's `basis`). One list for the whole project: the application workflow
 * classifies a closed case by `OutcomeKey`, the report counts by it.
 */

/** 申请人情况: the columns of section 三, in template order (国办公开办函〔2021〕30号). */
export const applicantColumns = [
  'naturalPerson',
  'commercial',
  'research',
  'publicInterest',
  'legalService',
  'otherOrg',
  'total',
] as const;
export type ApplicantColumn = (typeof applicantColumns)[number];
/** The column an application is counted in; `total` is derived. */
export type ApplicantKind = Exclude<ApplicantColumn, 'total'>;
export const applicantKinds: readonly ApplicantKind[] = applicantColumns.filter(
  (c): c is ApplicantKind => c !== 'total',
);

export const applicantColumnLabels: Record<ApplicantColumn, string> = {
  naturalPerson: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  publicInterest: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他',
  total: '总计',
};
/** The header over the five organisation columns; the template has no subtotal column under it. */
export const legalPersonGroupLabel = '法人或其他组织';

export const outcomeGroups = ['granted', 'partiallyGranted', 'withheld', 'unavailable', 'notProcessed', 'other'] as const;
export type OutcomeGroup = (typeof outcomeGroups)[number];

/** The group rows (一)–(六) of 三、本年度办理结果. In 2019 (六) is itself the leaf row. */
export const outcomeGroupLabels: Record<OutcomeGroup, string> = {
  granted: '（一）予以公开',
  partiallyGranted: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  withheld: '（三）不予公开',
  unavailable: '（四）无法提供',
  notProcessed: '（五）不予处理',
  other: '（六）其他处理',
};

interface OutcomeEntry {
  readonly key: string;
  readonly group: OutcomeGroup;
  /** The numbered sub-row text ("1.属于国家秘密"); null where the group row itself holds the number. */
  readonly label: string | null;
  /** The legal basis of the row; where it is itself uncertain, the entry says so. */
  readonly basis: readonly string[];
  /** The 2019 (60号) format has only （六）其他处理: both new 2021 rows fold into `other.other`. */
  readonly only2021?: true;
}

export const outcomes = [
  { key: 'granted', group: 'granted', label: null, basis: ['条例第三十六条第（二）项', '条例第三十六条第（一）项（实践）'] },
  { key: 'partiallyGranted', group: 'partiallyGranted', label: null, basis: ['条例第三十七条'] },
  { key: 'withheld.stateSecret', group: 'withheld', label: '1.属于国家秘密', basis: ['条例第十四条'] },
  { key: 'withheld.prohibitedByLaw', group: 'withheld', label: '2.其他法律行政法规禁止公开', basis: ['条例第十四条'] },
  { key: 'withheld.securityStability', group: 'withheld', label: '3.危及“三安全一稳定”', basis: ['条例第十四条'] },
  { key: 'withheld.thirdPartyRights', group: 'withheld', label: '4.保护第三方合法权益', basis: ['条例第十五条', '条例第三十二条'] },
  { key: 'withheld.internalAffairs', group: 'withheld', label: '5.属于三类内部事务信息', basis: ['条例第十六条第一款'] },
  { key: 'withheld.processInformation', group: 'withheld', label: '6.属于四类过程性信息', basis: ['条例第十六条第二款'] },
  { key: 'withheld.enforcementFile', group: 'withheld', label: '7.属于行政执法案卷', basis: ['条例第十六条第二款'] },
  { key: 'withheld.queryMatter', group: 'withheld', label: '8.属于行政查询事项', basis: ['条例第三十六条第（七）项'] },
  { key: 'unavailable.notHeld', group: 'unavailable', label: '1.本机关不掌握相关政府信息', basis: ['条例第三十六条第（四）项', '条例第三十六条第（五）项'] },
  { key: 'unavailable.needsCreation', group: 'unavailable', label: '2.没有现成信息需要另行制作', basis: ['条例第三十八条'] },
  { key: 'unavailable.unclearAfterCorrection', group: 'unavailable', label: '3.补正后申请内容仍不明确', basis: ['条例第三十条'] },
  { key: 'notProcessed.petition', group: 'notProcessed', label: '1.信访举报投诉类申请', basis: ['条例第三十九条第一款'] },
  { key: 'notProcessed.repeated', group: 'notProcessed', label: '2.重复申请', basis: ['条例第三十六条第（六）项'] },
  { key: 'notProcessed.publication', group: 'notProcessed', label: '3.要求提供公开出版物', basis: ['条例第三十九条第二款'] },
  { key: 'notProcessed.excessive', group: 'notProcessed', label: '4.无正当理由大量反复申请', basis: ['条例第三十五条'] },
  // No 条例 article: practice for requests to confirm or re-issue what the applicant already holds (statute §2.2 [M]).
  { key: 'notProcessed.confirmOrReissue', group: 'notProcessed', label: '5.要求行政机关确认或重新出具已获取信息', basis: [] },
  {
    key: 'other.noCorrection',
    group: 'other',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    basis: ['条例第三十条'],
    only2021: true,
  },
  {
    key: 'other.feeUnpaid',
    group: 'other',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    basis: ['条例第四十二条', '国办函〔2020〕109号第六条'],
    only2021: true,
  },
  // Withdrawal, Art. 41 更正 requests and the like (statute §2.2 [M]/[D]).
  { key: 'other.other', group: 'other', label: '3.其他', basis: [] },
] as const satisfies readonly OutcomeEntry[];

export type OutcomeKey = (typeof outcomes)[number]['key'];
export type Outcome = OutcomeEntry & { readonly key: OutcomeKey };

export const outcomeKeys: readonly OutcomeKey[] = outcomes.map((o) => o.key);

export function isOutcomeKey(value: unknown): value is OutcomeKey {
  return typeof value === 'string' && (outcomeKeys as readonly string[]).includes(value);
}

export function outcome(key: OutcomeKey): Outcome {
  return outcomes.find((o) => o.key === key)!;
}

/**
 * The outcome as a sentence names it to the applicant: the row text without its number ("属于国家秘密") or, for
 * the group-level rows, the group's own name without the report's counting note ("予以公开", "部分公开").
 */
export function outcomeName(key: OutcomeKey): string {
  const o = outcome(key);
  return o.label ? o.label.replace(/^\d+\./, '') : outcomeGroupLabels[o.group].replace(/^（.）/, '').replace(/（.*）$/, '');
}

export type ReportFormat = '2021' | '2019';

/** The section 三 row a closed case is counted in for a report format. 60号 has only （六）其他处理. */
export function outcomeRow(key: OutcomeKey, format: ReportFormat): OutcomeKey {
  return format === '2019' && outcome(key).group === 'other' ? 'other.other' : key;
}

/** The leaf rows present in a format, in template order. */
export function outcomeRows(format: ReportFormat): readonly Outcome[] {
  return format === '2019' ? outcomes.filter((o) => !('only2021' in o)) : outcomes;
}

/**
 * The remedies (救济途径) a reply letter offers (条例 第五十一条), by the outcome's group:
 * - `reconsiderationFirst`: a refusal to disclose. Since 2024-01-01, 行政复议法 (2023) 第二十三条第一款第（四）项
 *   makes 行政复议 compulsory before litigation (复议前置): 复议 within 60 days (第二十条第一款), and only
 *   against the 复议决定 a suit (行政诉讼法 第四十五条).
 * - `split`: 部分公开 (条例 第三十七条): the withheld part is a refusal (复议前置), the rest is not.
 * - `either`: 复议 within 60 days or a suit within 6 months (行政诉讼法 第四十六条第一款), at the applicant's choice.
 */
export const remedyKinds = ['either', 'reconsiderationFirst', 'split'] as const;
export type RemedyKind = (typeof remedyKinds)[number];

const remedyByGroup: Record<OutcomeGroup, RemedyKind> = {
  granted: 'either',
  partiallyGranted: 'split',
  withheld: 'reconsiderationFirst',
  unavailable: 'either',
  notProcessed: 'either',
  other: 'either',
};

/** The remedy kind of an outcome: chosen by the taxonomy, never by a letter template. */
export function remedyKind(key: OutcomeKey): RemedyKind {
  return remedyByGroup[outcome(key).group];
}

/** A paragraph some outcomes add to the letter, for what their article requires it to tell the applicant. */
export type LetterNotice = 'petition' | 'publication' | 'notResponsible';

/**
 * - `petition`: 条例 第三十九条第一款: a 信访/投诉/举报 in the form of an application "不作为政府信息公开申请处理",
 *   and the applicant is told the channel that does handle it.
 * - `publication`: 条例 第三十九条第二款: the applicant is told how to obtain the 公开出版物.
 * - `notResponsible`: 条例 第三十六条第（五）项: "不属于本机关负责公开", naming the competent agency and its contact
 *   where it can be determined. The row 本机关不掌握 also holds 第（四）项 (不存在), so only a decision citing
 *   第（五）项 or naming a competent agency adds it.
 */
export function letterNotice(key: OutcomeKey, d: { legalBasis: string; competentAgency?: unknown }): LetterNotice | null {
  if (key === 'notProcessed.petition') return 'petition';
  if (key === 'notProcessed.publication') return 'publication';
  if (key === 'unavailable.notHeld' && (d.competentAgency || /第三十六条第[（(]?五[）)]?项/.test(d.legalBasis))) return 'notResponsible';
  return null;
}
