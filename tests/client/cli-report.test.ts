import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../client/cli/main';
import type { CliIO } from '../../client/cli/io';
import { docxCells, linglingDataPath, linglingTableCells, loadLingling, repoRoot, squash } from '../activities/report-helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gongkai-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, out, err };
}

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let n = 0;
function write(data: Data | string): string {
  const file = path.join(dir, `data-${++n}.json`);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}
const lingling = () => loadLingling() as Data;

describe('gongkai report check', () => {
  it('exits 0 and prints nothing for the Lingling 2021 data', async () => {
    expect(await run('report', 'check', '--data', linglingDataPath)).toEqual({ code: 0, out: [], err: [] });
  });

  it.each([
    ['C1', (d: Data) => { d.section3.received = [1, 0, 0, 0, 0, 0, 1]; }, ['C1 第三部分 （七）总计 + 四、结转下年度继续办理 · 自然人：应为 1，实为 0', 'C1 第三部分 （七）总计 + 四、结转下年度继续办理 · 总计：应为 1，实为 0',
      // The seed's narrative says it received none: C8 holds it against the changed table.
      'C8 第一部分：叙述“全年未收到依申请公开事项”中为 0，第三部分「一、本年新收政府信息公开申请数量」总计为 1']],
    ['C2', (d: Data) => { d.section3.received = [0, 0, 0, 0, 0, 1, 1]; d.section3.total = [0, 0, 0, 0, 0, 1, 1]; }, ['C2 第三部分 （七）总计 · 其他（法人或其他组织）：应为 0，实为 1', 'C2 第三部分 （七）总计 · 总计：应为 0，实为 1', 'C8 第一部分：叙述“全年未收到依申请公开事项”中为 0，第三部分「一、本年新收政府信息公开申请数量」总计为 1']],
    ['C3', (d: Data) => { d.section3.carriedOver = [0, 0, 0, 0, 0, 0, 1]; d.section3.carriedForward = [0, 0, 0, 0, 0, 0, 1]; }, ['C3 第三部分 二、上年结转政府信息公开申请数量 · 总计：应为 0，实为 1', 'C3 第三部分 四、结转下年度继续办理 · 总计：应为 0，实为 1']],
    ['C5', (d: Data) => { d.section4.litigationAfterReconsideration = [1, 0, 0, 0, 0]; }, ['C5 第四部分 行政诉讼 复议后起诉 · 总计：应为 1，实为 0']],
    ['C6', (d: Data) => { d.section2.procurement.projects = -6; }, ['C6 第二部分 政府集中采购 · 采购项目数量：应为非负数或“/”等符号，实为 -6']],
  ])('exits 1 with one line per failure of %s', async (_check, change, lines) => {
    const data = lingling();
    change(data);
    const { code, out, err } = await run('report', 'check', '--data', write(data));
    expect({ code, err }).toEqual({ code: 1, err: [] });
    expect(out.map((l) => l.replace(/(：[^：]*?)（[^：]*）$/, '$1'))).toEqual(lines); // the rule, after the values, left out
  });

  it('C8: exits 1 when the narrative says 17 applications and section 三 says 95, naming the check and both numbers', async () => {
    const data = lingling();
    data.section3.received = [90, 5, 0, 0, 0, 0, 95];
    data.section3.carriedForward = [90, 5, 0, 0, 0, 0, 95];
    data.section1 = data.section1.replace('全年未收到依申请公开事项', '全年共收到政府信息公开申请17件');
    const { code, out, err } = await run('report', 'check', '--data', write(data));
    expect({ code, err }).toEqual({ code: 1, err: [] });
    expect(out).toEqual([
      'C8 第一部分：叙述“全年共收到政府信息公开申请17件”中为 17，第三部分「一、本年新收政府信息公开申请数量」总计为 95（叙述中的数字必须与表格和登记簿一致）',
    ]);
    data.section1 = data.section1.replace('申请17件', '申请95件');
    expect(await run('report', 'check', '--data', write(data))).toEqual({ code: 0, out: [], err: [] });
  });

  it('C4: exits 1 when 二 differs from last year’s 四 (--previous)', async () => {
    const previous = lingling();
    previous.year = 2020;
    previous.section3.received = [0, 0, 0, 0, 0, 0, 0];
    previous.section3.carriedOver = [0, 1, 0, 0, 0, 0, 1];
    previous.section3.carriedForward = [0, 1, 0, 0, 0, 0, 1];
    const prevFile = write(previous);
    expect((await run('report', 'check', '--data', prevFile)).code).toBe(0);
    const { code, out } = await run('report', 'check', '--data', linglingDataPath, '--previous', prevFile);
    expect(code).toBe(1);
    expect(out).toEqual([
      'C4 第三部分 二、上年结转政府信息公开申请数量 · 商业企业：应为 1，实为 0（第二项应等于2020年度报告的第四项）',
      'C4 第三部分 二、上年结转政府信息公开申请数量 · 总计：应为 1，实为 0（第二项应等于2020年度报告的第四项）',
    ]);
  });

  it.each([
    ['a missing row', (d: Data) => { delete d.section3['notProcessed.repeated']; }, 'section3.notProcessed.repeated：缺少此行'],
    ['a negative count', (d: Data) => { d.section4.reconsideration[0] = -1; }, 'section4.reconsideration[0]：应为非负整数'],
    ['a fractional count', (d: Data) => { d.section3.granted[2] = 0.5; }, 'section3.granted[2]：应为整数'],
    ['an unknown format', (d: Data) => { d.format = '2018'; }, 'format：格式应为 "2021" 或 "2019"'],
  ])('exits 2 naming the zod path for %s', async (_what, change, message) => {
    const data = lingling();
    change(data);
    const file = write(data);
    const { code, out, err } = await run('report', 'check', '--data', file);
    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(`error: --data ${file}：不是有效的报告数据：${message}`);
  });

  it('exits 2 for a file that is not JSON, a missing file and missing arguments', async () => {
    const notJson = write('{"format": "2019",');
    expect(await run('report', 'check', '--data', notJson)).toEqual(expect.objectContaining({ code: 2, out: [] }));
    expect((await run('report', 'check', '--data', notJson)).err[0]).toMatch(/^error: --data .*：不是 JSON（/);
    expect((await run('report', 'check', '--data', path.join(dir, 'nope.json'))).err[0]).toMatch(/nope\.json：无法读取（ENOENT）$/);
    expect((await run('report', 'check')).err[0]).toMatch(/^error: 缺少 --data FILE；用法：gongkai report check --data FILE/);
    expect((await run('report', 'check', '--data', linglingDataPath, '--bogus')).code).toBe(2);
    expect((await run('report', 'frobnicate')).code).toBe(2);
  });
});

describe('gongkai report render', () => {
  it('renders md, html and docx of valid data', async () => {
    for (const format of ['md', 'html', 'docx']) {
      const out = path.join(dir, `lingling.${format}`);
      const r = await run('report', 'render', '--data', linglingDataPath, '--format', format, '--out', out);
      expect(r).toEqual({ code: 0, out: [out], err: [] });
    }
    expect(readFileSync(path.join(dir, 'lingling.md'), 'utf8')).toContain('| 政府集中采购 | 6 | 453.0087万元 |');
    expect(readFileSync(path.join(dir, 'lingling.html'), 'utf8')).toContain('<td colspan="2">453.0087万元</td>');
    const cells = docxCells(readFileSync(path.join(dir, 'lingling.docx'))).map(squash).filter((c) => c !== '');
    expect(cells).toEqual(linglingTableCells());
  });

  it('refuses (exit 1) data that fails a check, unless --draft', async () => {
    const data = lingling();
    data.section4.reconsideration = [0, 1, 0, 0, 0];
    const file = write(data);
    const out = path.join(dir, 'failing.html');
    const refused = await run('report', 'render', '--data', file, '--format', 'html', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/^C5 第四部分 行政复议 · 总计：应为 1，实为 0（/);
    expect(refused.err[1]).toMatch(/^C8 第一部分：.*为 1，第四部分「行政复议」总计为 0/);
    expect(refused.err[2]).toBe('拒绝生成：2 项校验未通过；请修正数据，或加 --draft 生成草稿');
    expect(existsSync(out)).toBe(false);

    const draft = await run('report', 'render', '--data', file, '--format', 'html', '--out', out, '--draft');
    expect(draft.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('草稿');
  });

  it('exits 2 for an unknown format or a missing --out', async () => {
    expect((await run('report', 'render', '--data', linglingDataPath, '--format', 'pdf', '--out', 'x')).err).toEqual([
      'error: --format 应为 md|html|docx 之一',
    ]);
    expect((await run('report', 'render', '--data', linglingDataPath, '--format', 'md')).code).toBe(2);
  });
});

describe('bin/gongkai.js, spawned for real', () => {
  const bin = path.join(repoRoot, 'bin/gongkai.js');
  it('checks the fixture (exit 0), a failing file (exit 1) and a malformed one (exit 2)', () => {
    const ok = spawnSync(process.execPath, [bin, 'report', 'check', '--data', linglingDataPath], { encoding: 'utf8', cwd: repoRoot });
    expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });

    const data = lingling();
    data.section3.received[6] = 3;
    const failing = spawnSync(process.execPath, [bin, 'report', 'check', '--data', write(data)], { encoding: 'utf8', cwd: repoRoot });
    expect(failing.status).toBe(1);
    expect(failing.stdout.trim().split('\n').map((l) => l.slice(0, 2))).toEqual(['C1', 'C3', 'C8']);

    delete data.section4;
    const bad = spawnSync(process.execPath, [bin, 'report', 'check', '--data', write(data)], { encoding: 'utf8', cwd: repoRoot });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/section4：缺少此部分\n$/);
  });

  it('renders a DOCX file', () => {
    const out = path.join(dir, 'spawned.docx');
    const r = spawnSync(process.execPath, [bin, 'report', 'render', '--data', linglingDataPath, '--format', 'docx', '--out', out], { encoding: 'utf8', cwd: repoRoot });
    expect(r.status).toBe(0);
    expect(docxCells(readFileSync(out)).map(squash).filter((c) => c !== '')).toEqual(linglingTableCells());
  });
});
