/**
 * C8, the narrative check: a number in sections 一, 五 or 六 that sits next to a quantity the tables or the
 * register know (依申请公开/申请 … 件, 行政复议 … 件, 行政诉讼 … 件, 公开 … 条, 收费 … 元) must be that quantity.
 * No checker of the national format reads the narrative, and published reports contradict their own tables
 * (a 2024 report: 17 applications in the text, 95 in section 三). 条例 第五十条 asks for one report, so one set of
 * numbers. The reading is deliberately narrow (docs/report-data.md, "C8"): a number is checked only when its clause
 * names the quantity; anything it cannot attribute is left alone rather than guessed.
 */
import { chineseNumeralChars, halfWidthDigits, parseNarrativeNumber } from './numerals';
import type { ReportData } from './schema';
import { section3Columns, section3TopLabels, section4ColumnLabels, section4Columns, section4GroupLabels, type Section4Column } from './template';

/** What the register knows of the year beyond the tables; absent when the check runs on a data file alone. */
export interface NarrativeFacts {
  /** Items published in the year by column (栏目): register/reportFacts.ts publishedPerColumn. */
  readonly publishedByColumn?: Readonly<Record<string, number>>;
  /** 信息处理费 collected in the year, in 元 (条例 第四十二条). */
  readonly feesYuan?: number;
}

export type NarrativeSection = '一' | '五' | '六';

/** One number of the narrative that disagrees with its source. */
export interface NarrativeMismatch {
  readonly section: NarrativeSection;
  /** The quantity, e.g. 'applications.received', 'reconsideration.total', 'published.工作动态', 'fees'. */
  readonly quantity: string;
  /** The clause the number was read from. */
  readonly quote: string;
  readonly narrative: number;
  readonly expected: number;
  /** Where `expected` comes from, in words (a table cell, or the register). */
  readonly source: string;
}

type Unit = '件' | '条' | '元';
interface Source {
  readonly quantity: string;
  readonly value: number;
  readonly source: string;
}

const sections: ReadonlyArray<[NarrativeSection, 'section1' | 'section5' | 'section6']> = [['一', 'section1'], ['五', 'section5'], ['六', 'section6']];
const totalAt = section3Columns.length - 1;

// Keywords by unit: an application, appeal or lawsuit is counted in 件, a published item in 条, a fee in 元.
const countKeywords: ReadonlyArray<[RegExp, 'applications' | 'reconsideration' | 'litigation']> = [
  [/依申请公开|政府信息公开申请|公开申请|申请(?!行政复议|复议|行政诉讼|诉讼)/y, 'applications'],
  [/行政复议|复议/y, 'reconsideration'],
  [/行政诉讼|诉讼|起诉/y, 'litigation'],
];
const publishKeyword = /主动公开|公开|发布/y;
const feeKeyword = /信息处理费|收费|收取/y;
// A published-item number is a total only when the clause says so; "发布工作动态70条" is a column, not the total.
const totalizer = /共|合计|累计|总计/;
const negation = /未收到|没有收到|未发生|未收取|没有收取|未产生/;
// Between two numbers of one clause, these words keep the quantity named earlier ("行政复议2件（维持1件、纠正1件）").
const carryOver = /[、，,（）()\s]|其中|结果|分别为|分别|和|及|其他|维持|纠正|尚未审结|未审结|上年结转|结转下年度?|继续办理|办结|答复|新收|收到|受理/g;

const numberPattern = new RegExp(`(第?)((?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|[${chineseNumeralChars}]+)\\s*(万元|元|件|条)`, 'g');

interface Keyword {
  readonly at: number;
  readonly end: number;
  readonly unit: Unit;
  readonly kind: string;
}

/** Every keyword of the clause, left to right, longest first (a column named 政府信息公开指南 is not 公开). */
function keywordsOf(clause: string, columns: readonly string[]): Keyword[] {
  const found: Keyword[] = [];
  for (let i = 0; i < clause.length; ) {
    const hit = matchAt(clause, i, columns);
    if (hit) {
      found.push(hit);
      i = hit.end;
    } else {
      i += 1;
    }
  }
  return found;
}

function matchAt(clause: string, i: number, columns: readonly string[]): Keyword | null {
  const column = columns.find((c) => clause.startsWith(c, i));
  if (column) return { at: i, end: i + column.length, unit: '条', kind: `column:${column}` };
  const tries: Array<[RegExp, Unit, string]> = [
    ...countKeywords.map(([re, kind]) => [re, '件', kind] as [RegExp, Unit, string]),
    [publishKeyword, '条', 'published'],
    [feeKeyword, '元', 'fees'],
  ];
  for (const [re, unit, kind] of tries) {
    re.lastIndex = i;
    const m = re.exec(clause);
    if (m) return { at: i, end: i + m[0].length, unit, kind };
  }
  return null;
}

/** The table cell or register figure that `kind` refers to, qualified by `region`: the clause's words before the number. */
function sourceOf(kind: string, region: string, data: ReportData, facts: NarrativeFacts): Source | null {
  const s3 = (key: keyof typeof section3TopLabels, q: string) => ({
    quantity: `applications.${q}`, value: data.section3[key][totalAt], source: `第三部分「${section3TopLabels[key]}」总计`,
  });
  if (kind === 'applications') {
    if (/按时|按期|逾期|超期/.test(region)) return null; // no table holds it
    if (/上一?年度?结转/.test(region)) return s3('carriedOver', 'carriedOver');
    if (/结转下一?年|结转至下一?年|转入下一?年|继续办理|尚在办理/.test(region)) return s3('carriedForward', 'carriedForward');
    if (/办结|答复|办理完毕/.test(region)) return s3('total', 'concluded');
    return s3('received', 'received');
  }
  if (kind === 'reconsideration' || kind === 'litigation') {
    const column: Section4Column = /尚未审结|未审结/.test(region) ? 'pending' : /维持/.test(region) ? 'upheld' : /纠正/.test(region) ? 'corrected' : /其他结果/.test(region) ? 'otherResult' : 'total';
    const c = section4Columns.indexOf(column);
    const groups = kind === 'reconsideration' ? (['reconsideration'] as const) : (['litigationDirect', 'litigationAfterReconsideration'] as const);
    return {
      quantity: `${kind}.${column}`,
      value: groups.reduce((sum, g) => sum + data.section4[g][c], 0),
      source: `第四部分「${groups.map((g) => section4GroupLabels[g]).join('」+「')}」${section4ColumnLabels[column]}`,
    };
  }
  if (kind.startsWith('column:')) {
    const column = kind.slice('column:'.length);
    const value = facts.publishedByColumn?.[column];
    return value === undefined ? null : { quantity: `published.${column}`, value, source: `登记簿：${data.year}年「${column}」栏目发布信息条数` };
  }
  if (kind === 'published') {
    if (!facts.publishedByColumn || !totalizer.test(region)) return null;
    const value = Object.values(facts.publishedByColumn).reduce((a, b) => a + b, 0);
    return { quantity: 'published.total', value, source: `登记簿：${data.year}年发布信息条数合计` };
  }
  if (kind === 'fees') {
    // 行政事业性收费 is section 二's table (第二十条第（八）项), not the 信息处理费 of 第四十二条.
    if (facts.feesYuan === undefined || /行政事业性收费/.test(region)) return null;
    return { quantity: 'fees', value: facts.feesYuan, source: `登记簿：${data.year}年收取信息处理费（元）` };
  }
  return null;
}

/** C8 on one clause (text between 。；，： and line breaks). */
function checkClause(section: NarrativeSection, clause: string, data: ReportData, facts: NarrativeFacts, columns: readonly string[]): NarrativeMismatch[] {
  const keywords = keywordsOf(clause, columns);
  const out: NarrativeMismatch[] = [];
  const mismatch = (src: Source, narrative: number) => {
    if (narrative !== src.value) out.push({ section, quantity: src.quantity, quote: clause, narrative, expected: src.value, source: src.source });
  };
  const numbers = [...clause.matchAll(numberPattern)].filter((m) => m[1] === '' && parseNarrativeNumber(m[2]) !== null);
  if (numbers.length === 0) {
    // "全年未收到依申请公开事项": a count of zero, stated in words.
    const negatedAt = clause.search(negation);
    if (negatedAt < 0) return [];
    const seen = new Set<string>();
    for (const k of keywords.filter((k) => k.at > negatedAt && k.unit !== '条')) {
      const src = sourceOf(k.kind, clause.slice(negatedAt, k.end), data, facts);
      if (!src || seen.has(src.quantity)) continue;
      seen.add(src.quantity);
      mismatch(src, 0);
    }
    return out;
  }
  let previousEnd = 0;
  let inherited: Keyword | undefined;
  for (const m of numbers) {
    const at = m.index!;
    const unit: Unit = m[3] === '万元' ? '元' : (m[3] as Unit);
    const region = clause.slice(previousEnd, at);
    const own = keywords.filter((k) => k.unit === unit && k.at >= previousEnd && k.end <= at).at(-1);
    // A keyword before the previous number still names this one when only qualifiers stand between them.
    const keyword = own ?? (inherited?.unit === unit && region.replace(carryOver, '') === '' ? inherited : undefined);
    previousEnd = at + m[0].length;
    inherited = keyword;
    const src = keyword && sourceOf(keyword.kind, region, data, facts);
    if (src) mismatch(src, parseNarrativeNumber(m[2])! * (m[3] === '万元' ? 10_000 : 1));
  }
  return out;
}

/** C8 over sections 一, 五 and 六; `facts` (the register) adds the published items and the fees. */
export function checkNarrative(data: ReportData, facts: NarrativeFacts = {}): NarrativeMismatch[] {
  const columns = Object.keys(facts.publishedByColumn ?? {}).sort((a, b) => b.length - a.length);
  return sections.flatMap(([section, key]) =>
    halfWidthDigits(data[key])
      .split(/[。；;，！？!?：:\n]/)
      .map((c) => c.trim())
      .filter((c) => c !== '')
      .flatMap((clause) => checkClause(section, clause, data, facts, columns)),
  );
}
