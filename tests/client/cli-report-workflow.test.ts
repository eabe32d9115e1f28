/**
 * `gongkai report start|edit|submit|show` in-process (`main([...], io)`) against the time-skipping server, with the
 * services injected (useServices): the year's assembleAnnualReport started, filled in from files, refused while a
 * check fails, submitted to review; bad arguments exit 2 naming the argument.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { main } from '../../client/cli/main';
import type { CliIO } from '../../client/cli/io';
import { useServices } from '../../client/cli/reviewServices';
import { openServices, type Services } from '../../client/context';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { getReport } from '../../register/report';
import type { ReportView } from '../../workflows/report/definitions';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities, testConfig } from '../../testing/deps';
import { testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';
import { repoRoot } from '../../testing/tools';

let env: TestWorkflowEnvironment;
let db: Register;
let services: Services;
let worker: Worker;
let running: Promise<void>;
const smtp = new SmtpCapture();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-report-'));
const taskQueue = uniqueQueue('report-cli');
const agencyCode = `K${randomUUID().slice(0, 6).replace(/-/g, '')}`;
const YEAR = 2025;

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  const org = organisationFile.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo/organisation.json'), 'utf8')));
  await importOrganisation(db, org);
  const overrides = { DATA_DIR: dir, TEMPORAL_TASK_QUEUE: taskQueue, AGENCY_CODE: agencyCode, REPORT_EDITOR: 'liu.yang' };
  services = await openServices(testConfig({ ...overrides, SMTP_URL: smtp.url }), env.client, db);
  useServices(services);
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, overrides));
  running = worker.run();
});
afterAll(async () => {
  useServices(undefined);
  worker?.shutdown();
  await running;
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, out, err };
}
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}
async function showJson(): Promise<ReportView> {
  const r = await cli('report', 'show', '--year', String(YEAR), '--json');
  expect(r).toMatchObject({ code: 0, err: [] });
  return JSON.parse(r.out[0]) as ReportView;
}

const section2Csv = (fees: string) =>
  ['row,field,value', 'rules,issued,0', 'rules,repealed,0', 'rules,inForce,0', 'normativeDocs,issued,1', 'normativeDocs,repealed,0',
    'normativeDocs,inForce,3', 'licensing,decisions,23', 'penalties,decisions,0', 'coercion,decisions,0', `fees,amountWan,${fees}`].join('\n');

test('bad arguments exit 2 naming the argument, before Temporal is asked', async () => {
  const y = String(YEAR);
  const cases: [string[], RegExp][] = [
    [['report', 'start'], /--year/],
    [['report', 'start', '--year', '25'], /--year/],
    [['report', 'start', '--year', y, '--as', 'Not A User'], /--as/],
    [['report', 'submit', '--year', y], /--as/],
    [['report', 'show', '--year', y, '--as', 'liu.yang'], /--as/], // show takes no --as
    [['report', 'edit', '--year', y, '--as', 'liu.yang'], /^error: 缺少 --section2 FILE 或 --narrative 一\|五\|六=FILE；用法：/],
    [['report', 'edit', '--year', y, '--as', 'liu.yang', '--section2', file('s2.txt', 'x')], /--section2 .*：应为 \.json 或 \.csv 文件$/],
    [['report', 'edit', '--year', y, '--as', 'liu.yang', '--section2', path.join(dir, 'missing.csv')], /--section2 .*：无法读取（ENOENT）$/],
    [['report', 'edit', '--year', y, '--as', 'liu.yang', '--section2', file('bad.json', '{')], /--section2 .*：不是 JSON（/],
    [['report', 'edit', '--year', y, '--as', 'liu.yang', '--narrative', `七=${file('n.txt', 'x')}`], /--narrative 七=.*：应写作 一=FILE、五=FILE 或 六=FILE$/],
    [['report', 'edit', '--year', y, '--as', 'liu.yang', '--section2', file('s2.json', '{"fees":{"amountWan":[1]}}')], /^error: --section2：.*section2\.fees\.amountWan/],
    [['report', 'edit', '--year', y, '--as', 'liu.yang', '--narrative', `五=${file('long.txt', '长'.repeat(50_001))}`], /^error: --narrative 五：.*section5/],
  ];
  for (const [argv, named] of cases) {
    const r = await cli(...argv);
    expect({ argv, code: r.code, out: r.out }).toEqual({ argv, code: 2, out: [] });
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(named);
  }
  // Not started yet: the workflow is not there (exit 1, not a usage error).
  const none = await cli('report', 'show', '--year', y);
  expect(none.code).toBe(1);
  expect(none.err[0]).toBe('该年度的年度报告流程尚未开始：请先运行 gongkai report start --year YYYY');
});

test('start, edit from CSV, JSON and narrative files, refused while a check fails, submit, show', async () => {
  const y = String(YEAR);
  const id = `report-${agencyCode}-${YEAR}`;
  const started = await cli('report', 'start', '--year', y, '--as', 'liu.yang');
  expect(started).toEqual({ code: 0, out: [`${id}\t已开始`], err: [] });
  expect((await cli('report', 'start', '--year', y)).out).toEqual([`${id}\t此前已开始`]);

  let view = await showJson();
  for (let i = 0; view.state !== 'awaitingInput' && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    view = await showJson();
  }
  expect(view).toMatchObject({ state: 'awaitingInput', year: YEAR, dueDate: `${YEAR + 1}-01-31` });
  const shown = await cli('report', 'show', '--year', y);
  expect(shown.code).toBe(0);
  expect(shown.out[0]).toBe(`${id}\t待填写\t报送期限 ${YEAR + 1}-01-31`);
  // Section 一 starts as a draft from the register (docs/report-data.md): not missing, the rest is.
  expect(shown.out[1]).toMatch(/^待填写：第二部分 /);
  expect(shown.out[1]).not.toMatch(/一、总体情况/);
  expect(shown.out[1]).toMatch(/五、存在的主要问题及改进情况/);
  expect(view.data!.section1).toMatch(/主动公开政府信息共0条/);

  // Submitting with parts missing is refused by the workflow: exit 1, the rule named.
  const early = await cli('report', 'submit', '--year', y, '--as', 'liu.yang');
  expect(early.code).toBe(1);
  expect(early.err[0]).toMatch(/^refused: 尚有 \d+ 处未填写：第二部分 /);

  // Section 二 as CSV with a negative fee and the three narratives: the C6 failure is printed.
  const edited = await cli('report', 'edit', '--year', y, '--as', 'liu.yang', '--section2', file('s2.csv', section2Csv('-1')),
    '--narrative', `一=${file('n1.txt', '一、总体情况：本年无主动公开信息。')}`,
    '--narrative', `五=${file('n5.txt', '五、存在的主要问题及改进情况：无。')}`,
    '--narrative', `六=${file('n6.txt', '六、其他需要报告的事项：无。')}`);
  expect(edited.code).toBe(0);
  expect(edited.out[0]).toBe(`${id}\t待填写\t报送期限 ${YEAR + 1}-01-31`);
  expect(edited.out.slice(1)).toEqual([expect.stringMatching(/^C6 第二部分 行政事业性收费 · 本年收费金额（单位：万元）：应为非负数或“\/”等符号，实为 -1（/)]);
  const failing = await cli('report', 'submit', '--year', y, '--as', 'liu.yang');
  expect(failing.code).toBe(1);
  expect(failing.err.join('\n')).toMatch(/^refused: 1 项校验未通过：\nC6 第二部分 行政事业性收费 · 本年收费金额/);

  // Another user cannot edit: refused by the workflow's validator.
  const other = await cli('report', 'edit', '--year', y, '--as', 'zhang.wei', '--section2', file('fix.json', '{"fees":{"amountWan":0}}'));
  expect(other.code).toBe(1);
  expect(other.err[0]).toMatch(/^refused: 只有编写人 liu\.yang 可以填写年度报告/);

  // Corrected from a JSON file, then submitted to review.
  const fixed = await cli('report', 'edit', '--year', y, '--as', 'liu.yang', '--section2', path.join(dir, 'fix.json'));
  expect(fixed).toEqual({ code: 0, out: [`${id}\t待填写\t报送期限 ${YEAR + 1}-01-31`], err: [] });
  const submitted = await cli('report', 'submit', '--year', y, '--as', 'liu.yang');
  expect(submitted.code).toBe(0);
  expect(submitted.out[0]).toBe(`${id}\t审核中\t报送期限 ${YEAR + 1}-01-31`);
  view = await showJson();
  expect(view).toMatchObject({ state: 'review', failures: [], missing: [] });
  expect(view.data!.section2.fees).toEqual({ amountWan: 0 });
  expect(view.data!.section1).toBe('一、总体情况：本年无主动公开信息。');
  const row = await getReport(db, id);
  expect(row?.state).toBe('review');
  await env.client.workflow.getHandle(id).terminate('test done');
});
