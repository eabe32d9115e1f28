import { parseReportData, type ReportData } from '../../domain/report';
import { renderDocx, renderHtml, renderMarkdown } from '../../activities/report';
import {
  docxCells,
  docxParagraphs,
  htmlCells,
  linglingNarrativeLines,
  linglingTableCells,
  loadLingling,
  squash,
  unzip,
} from './report-helpers';

function lingling(): ReportData {
  const r = parseReportData(loadLingling());
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.data;
}

// The published report's tables, cell by cell: every label and number, in order (from its text).
const published = linglingTableCells();
const sectionHeadings = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '六、其他需要报告的事项'];

describe('rendering the Lingling 2021 report', () => {
  it('the published text has the cells we rely on (guards the parser of the text)', () => {
    expect(published).toContain('453.0087万元');
    expect(published.slice(-15)).toEqual(['0', '1', '0', '0', '1', ...Array(10).fill('0')]);
    expect(published.filter((c) => /^[\d.]+(万元)?$/.test(c)).length).toBe(6 + 5 + 6 + 2 + 2 + 23 * 7 + 15); // 二 (五)'s 本年增/减 is "增"
  });

  it('DOCX: word/document.xml holds exactly the published tables, cell by cell, and the text', async () => {
    const docx = await renderDocx(lingling());
    const files = unzip(docx);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['word/document.xml', '[Content_Types].xml']));
    expect(docxCells(docx).map(squash).filter((c) => c !== '')).toEqual(published);

    const paragraphs = docxParagraphs(docx).map(squash);
    expect(paragraphs).toContain('永州市零陵区民政局2021年政府信息公开工作年度报告');
    for (const h of sectionHeadings) expect(paragraphs).toContain(h);
    const text = paragraphs.join('');
    for (const line of linglingNarrativeLines()) expect(text).toContain(line);
    expect(text).not.toContain('草稿');
  });

  it('DOCX: A4 page, 仿宋 body, 黑体 headings, merged cells', async () => {
    const xml = unzip(await renderDocx(lingling())).get('word/document.xml')!.toString('utf8');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('<w:gridSpan w:val="7"/>'); // 申请人情况
    expect(xml).toContain('<w:gridSpan w:val="10"/>'); // 行政诉讼
    expect(xml).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(xml).toMatch(/<w:vMerge w:val="continue"\/>/);
  });

  it('HTML: the same cells, with the template’s merged header cells', async () => {
    const html = await renderHtml(lingling());
    expect(htmlCells(html).map(squash).filter((c) => c !== '')).toEqual(published);
    expect(html).toContain('<th rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>');
    expect(html).toContain('<th colspan="7">申请人情况</th>');
    expect(html).toContain('<th colspan="5">法人或其他组织</th>');
    expect(html).toContain('<td rowspan="20" class="label">三、本年度办理结果</td>'); // 19 rows + （七）, 2019 format
    expect(html).toContain('<td rowspan="8" class="label">（三）不予公开</td>');
    expect(html).toContain('<td colspan="2" class="label">（六）其他处理</td>');
    expect(html).toContain('<th colspan="10">行政诉讼</th>');
    expect(html).toContain('size: A4');
    expect(html).toMatch(/font-family: "FangSong", "仿宋"/);
    const text = squash(html);
    for (const line of linglingNarrativeLines()) expect(text).toContain(line);
  });

  it('Markdown: every published label and number, row by row', async () => {
    const md = await renderMarkdown(lingling());
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    const cells = rows.flatMap((r) => r.slice(2, -2).split(' | '));
    // Section 二's 第二十条 titles are bold lines above their tables.
    cells.push(...md.split('\n').filter((l) => /^\*\*.*\*\*$/.test(l)).map((l) => l.slice(2, -2)));
    const labels = [...new Set(published.filter((c) => !/^[\d.]+(万元)?$/.test(c)))];
    expect(labels.filter((label) => !cells.some((c) => squash(c).includes(label)))).toEqual([]);
    expect(rows).toContain('| 政府集中采购 | 6 | 453.0087万元 |');
    expect(rows).toContain('| 行政许可 | 12 | 增 | 23 |');
    expect(rows).toContain('| 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
    expect(rows).toContain('| 三、本年度办理结果 （三）不予公开 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
    expect(md).toContain('# 永州市零陵区民政局2021年政府信息公开工作年度报告');
  });
});

describe('rendering options and safety', () => {
  it('the 2021 format prints its own labels: 行政规范性文件, （六）1–3, 本年收费金额, no （九）', async () => {
    const data = { ...lingling(), format: '2021' } as ReportData;
    data.section2 = { rules: { issued: 0, repealed: 0, inForce: 0 }, normativeDocs: { issued: 2, repealed: 1, inForce: 9 }, licensing: { decisions: 23 }, penalties: { decisions: 0 }, coercion: { decisions: 0 }, fees: { amountWan: 0 } };
    data.section3 = { ...data.section3, 'other.noCorrection': [0, 0, 0, 0, 0, 0, 0], 'other.feeUnpaid': [0, 0, 0, 0, 0, 0, 0] };
    const cells = htmlCells(await renderHtml(data));
    expect(cells).toEqual(expect.arrayContaining(['行政规范性文件', '本年制发件数', '本年收费金额（单位：万元）', '（六）其他处理', '3.其他',
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请']));
    expect(cells).not.toContain('政府集中采购');
    expect(cells).not.toContain('规范性文件');
  });

  it('draft adds a visible 草稿 mark in every format', async () => {
    const data = lingling();
    expect(await renderMarkdown(data, { draft: true })).toMatch(/^> \*\*草稿\*\*/);
    expect(await renderHtml(data, { draft: true })).toContain('<div class="draft-mark" aria-hidden="true">草稿</div>');
    const docx = await renderDocx(data, { draft: true });
    expect(docxParagraphs(docx)).toContain('草稿');
    const header = [...unzip(docx).entries()].filter(([n]) => /^word\/header\d*\.xml$/.test(n)).map(([, b]) => b.toString('utf8')).join('');
    expect(header).toContain('草稿：未通过校验或尚未审定，不得发布');
  });

  it('escapes user text in HTML and Markdown', async () => {
    const data = { ...lingling(), agency: '<script>alert("x")</script>&局', section6: 'a | b <b>c</b>' };
    const html = await renderHtml(data);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;局');
    expect(html).toContain('<p>a | b &lt;b&gt;c&lt;/b&gt;</p>');
    const md = await renderMarkdown(data);
    expect(md).toContain('a \\| b \\<b\\>c\\</b\\>');
    const docx = await renderDocx(data);
    expect(docxParagraphs(docx)).toContain('<script>alert("x")</script>&局');
  });
});
