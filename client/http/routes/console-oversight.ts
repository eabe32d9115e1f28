import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { shanghaiDate } from '../../../domain/calendar';
import { formatFailure, type CheckFailure } from '../../../domain/report';
import { policySchema } from '../../../domain/review/policy';
import { openWork } from '../../../register/applications';
import { listGroups, listUsers } from '../../../register/org';
import { publishedPerColumnByYear } from '../../../register/reportFacts';
import { reportFiles, reportRows } from '../../../register/report';
import { listReviewPolicies, setReviewPolicyAudited } from '../../../register/review';
import { auditWeb } from '../../../register/web';
import { HttpError, requireRole } from '../auth';
import type { Ctx } from '../ctx';
import { flashUrl } from '../flash';
import { dueKind, dueText, type DueKind } from '../due';
import { csrfField, html } from '../html';
import { formBody, sendPage } from '../page';
import { STAGE_LABEL } from './console-applications';

const REPORT_READERS = ['handler', 'officeHead', 'supervisor', 'admin'] as const;
/** Who may fill in the manual sections at the web layer; the workflow checks that it is the report's editor. */
const REPORT_EDITORS = ['handler', 'officeHead', 'admin'] as const;
const optionalText = z.string().max(50_000).optional().transform((v) => (v && v.trim() ? v : undefined));
const reportEditBody = z.object({
  section1: optionalText,
  section2: optionalText,
  section2Format: z.enum(['json', 'csv']).default('json'),
  section5: optionalText,
  section6: optionalText,
});
const jsonText = (field: string) => (v: string) => {
  try {
    return JSON.parse(v) as unknown;
  } catch (e) {
    throw new HttpError(400, 'bad_request', `${field}: not JSON: ${(e as Error).message}`, field);
  }
};

/** Runs `f`; a refusal (4xx) is written to the audit log with what was attempted before it leaves. */
async function audited<T>(ctx: Ctx, req: FastifyRequest, actor: string, subject: { kind: string; id: string }, action: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof HttpError && e.statusCode < 500) {
      await auditWeb(ctx.services.db, { at: ctx.now(), actor, subjectKind: subject.kind, subjectId: subject.id, action, outcome: 'refused', detail: e.message });
    }
    throw e;
  }
}

type Bucket = { overdue: number; today: number; soon: number; total: number };
const emptyBucket = (): Bucket => ({ overdue: 0, today: 0, soon: 0, total: 0 });
function add(map: Map<string, Bucket>, key: string, k: DueKind): void {
  const b = map.get(key) ?? emptyBucket();
  b.total++;
  if (k === 'overdue' || k === 'today' || k === 'soon') b[k]++;
  map.set(key, b);
}

/** What the supervisor narrows the dashboard to: a period (days YYYY-MM-DD), a handler (user id), a stage (its label). */
export interface DashboardFilters {
  from?: string;
  to?: string;
  handler?: string;
  stage?: string;
}

/** One open case or review task as the dashboard lists it (and exports it). */
export interface OpenCase { kind: 'application' | 'item'; id: string; label: string; stage: string; who: string; start: string; due: string | null; tier: DueKind }

/**
 * The supervisor's figures, from the register: open work by due tier, by stage and by handler; the results of the
 * year (or of the period). Filters: the period selects open work received (an item's task opened) on those days and
 * the cases closed on those days; the handler and the stage select open work, and the handler the closed cases.
 * `stages` and `handlers` are every value the filters can take, whatever is chosen.
 */
export async function dashboardData(ctx: Ctx, f: DashboardFilters = {}) {
  const { db } = ctx.services;
  const now = ctx.now();
  const cal = await ctx.calendar();
  const year = Number(shanghaiDate(now).slice(0, 4));
  const [{ openApps, openTasks, closed: closedAll }, publishing] = await Promise.all([
    openWork(db, year, { from: f.from, to: f.to }),
    // Last year's and this year's publication by column: what the annual report's section 一 will quote.
    publishedPerColumnByYear(db, year - 1, year),
  ]);
  const cases: OpenCase[] = [
    ...openApps.map((a) => ({ kind: 'application' as const, id: a.id, label: a.id, stage: `依申请公开 · ${STAGE_LABEL[a.stage] ?? a.stage}`, who: a.handler ?? '（未分派）', start: a.received_date, due: a.due_date, tier: dueKind(a.due_date, now, cal) })),
    ...openTasks.map((t) => ({ kind: 'item' as const, id: t.item_id, label: t.title, stage: `信息发布 · ${t.stage_name}`, who: t.holder ?? '（未认领）', start: shanghaiDate(new Date(t.opened_at)), due: t.due, tier: dueKind(t.due, now, cal) })),
  ];
  const stages = [...new Set(cases.map((c) => c.stage))].sort();
  const handlers = [...new Set([...cases.map((c) => c.who), ...closedAll.map((c) => c.handler).filter((h): h is string => !!h)])].sort();
  const shown = cases.filter((c) => (!f.from || c.start >= f.from) && (!f.to || c.start <= f.to) && (!f.handler || c.who === f.handler) && (!f.stage || c.stage === f.stage));
  const closed = closedAll.filter((c) => !f.handler || c.handler === f.handler);
  const byStage = new Map<string, Bucket>();
  const byHandler = new Map<string, Bucket>();
  for (const c of shown) {
    add(byStage, c.stage, c.tier);
    add(byHandler, c.who, c.tier);
  }
  const late = shown.filter((c) => c.tier === 'overdue' || c.tier === 'today').map(({ kind, id, label, who, due, tier }) => ({ kind, id, label, who, due, tier }));
  let onTime = 0;
  let days = 0;
  for (const c of closed) {
    if (c.closed_date && c.due_date && c.closed_date <= c.due_date) onTime++;
    if (c.closed_date) days += cal.workdaysBetween(c.received_date, c.closed_date).workdays;
  }
  const byDue = (a: { due: string | null }, b: { due: string | null }) => (a.due ?? '9999').localeCompare(b.due ?? '9999');
  return {
    year, byStage, byHandler, late: late.sort(byDue), publishing, cases: shown.sort(byDue), stages, handlers,
    open: shown.filter((c) => c.kind === 'application').length, openTasks: shown.filter((c) => c.kind === 'item').length, closed: closed.length,
    onTimeRate: closed.length ? onTime / closed.length : null, avgWorkdays: closed.length ? days / closed.length : null,
  };
}

export function oversightConsole(app: FastifyInstance, ctx: Ctx): void {
  const { db } = ctx.services;

  app.get('/dashboard', async (req, reply) => {
    await requireRole(req, db, ctx.now, ['supervisor', 'officeHead', 'admin'], 'dashboard.read');
    const d = await dashboardData(ctx);
    const table = (title: string, m: Map<string, Bucket>, id: string) => html`<h2>${title}</h2><table id="${id}"><tr><th></th><th>在办</th><th>已逾期</th><th>今日到期</th><th>即将到期</th></tr>
${[...m.entries()].sort((a, b) => b[1].overdue - a[1].overdue || a[0].localeCompare(b[0])).map(([k, b]) => html`<tr><td>${k}</td><td>${b.total}</td><td>${b.overdue ? html`<span class="badge b-overdue">${b.overdue}</span>` : '0'}</td><td>${b.today}</td><td>${b.soon}</td></tr>`)}</table>`;
    return sendPage(reply, ctx.page(req, '督办看板', html`<h1>督办看板</h1>
<div class="grid"><div class="stat">在办申请<b>${d.open}</b></div><div class="stat">待审信息<b>${d.openTasks}</b></div><div class="stat">${d.year} 年已办结<b>${d.closed}</b></div>
<div class="stat">按期答复率<b>${d.onTimeRate === null ? '—' : `${(d.onTimeRate * 100).toFixed(1)}%`}</b></div><div class="stat">平均答复用时（工作日）<b>${d.avgWorkdays === null ? '—' : d.avgWorkdays.toFixed(1)}</b></div></div>
<h2>已逾期和今日到期</h2>${d.late.length === 0 ? html`<p class="muted">没有逾期事项。</p>` : html`<table id="late"><tr><th>事项</th><th>办理人</th><th>期限</th><th>状态</th></tr>
${d.late.map((l) => html`<tr><td><a href="/${l.kind === 'item' ? 'items' : 'applications'}/${l.id}">${l.label}</a></td><td>${l.who}</td><td>${dueText(l.due)}</td><td><span class="badge b-${l.tier}">${l.tier === 'overdue' ? '已逾期' : '今日到期'}</span></td></tr>`)}</table>`}
${table('按环节', d.byStage, 'by-stage')}${table('按办理人', d.byHandler, 'by-handler')}
<h2>主动公开（按栏目）</h2>${d.publishing.length === 0 ? html`<p class="muted">${d.year - 1}—${d.year} 年尚无发布的信息。</p>` : html`<table id="publishing"><tr><th>年份</th><th>栏目</th><th>发布条数</th><th>报送至发布用时中位数（小时）</th></tr>
${d.publishing.map((p) => html`<tr><td>${p.year}</td><td>${p.column}</td><td>${p.published}</td><td>${p.medianHours === null ? '—' : p.medianHours.toFixed(1)}</td></tr>`)}</table>`}`));
  });

  app.get('/report', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, REPORT_READERS, 'report.read');
    const reports = await reportRows(db);
    const mayEdit = REPORT_EDITORS.some((r) => user.roles.includes(r));
    const views = await Promise.all(reports.map((r) => (r.state === 'awaitingInput' ? ctx.backend.reportView(r.year).catch(() => null) : Promise.resolve(null))));
    return sendPage(reply, ctx.page(req, '年度报告', html`<h1>政府信息公开工作年度报告</h1>
${reports.length === 0 ? html`<p class="muted">尚无年度报告。报告由年度报告流程生成后在此显示。</p>` : ''}
${reports.map((r, i) => {
  const failures = JSON.parse(r.failures) as Array<{ id?: string; message?: string; check?: string } | string>;
  const files = JSON.parse(r.files) as Array<{ format: string; url?: string; path: string }>;
  const view = views[i];
  return html`<div class="card" id="report-${r.year}"><h2>${r.year} 年度（${r.format} 格式）</h2><p><b>状态：</b>${r.state}&#12288;<b>发布期限：</b>${r.due_date}&#12288;<b>发布时间：</b>${r.published_at ?? '—'}</p>
<h3>校验结果</h3>${failures.length === 0 ? html`<p>全部校验通过。</p>` : html`<ul>${failures.map((f) => html`<li>${typeof f === 'string' ? f : f.check ? formatFailure(f as CheckFailure) : `${f.id ?? ''} ${f.message ?? JSON.stringify(f)}`}</li>`)}</ul>`}
<h3>第一部分：主动公开（按类别）</h3><table>${Object.entries(JSON.parse(r.section1_counts) as Record<string, number>).map(([k, n]) => html`<tr><td>${k}</td><td>${n}</td></tr>`)}</table>
<h3>文件</h3>${files.length === 0 ? html`<p class="muted">报告发布后在此下载 HTML 和 DOCX 文件。</p>` : html`<ul>${files.map((f) => html`<li><a href="/report/${r.year}/files/${f.format}" download>下载 ${f.format.toUpperCase()}</a>${f.url ? html` · <a href="${f.url}">网站上的版本</a>` : ''}</li>`)}</ul>`}
${mayEdit && view ? reportForm(r.year, view, req.session!.csrf) : ''}
<details><summary>报告数据（JSON）</summary><pre class="body">${JSON.stringify(JSON.parse(r.data), null, 2)}</pre></details></div>`;
})}`));
  });

  const reportForm = (year: number, v: NonNullable<Awaited<ReturnType<Ctx['backend']['reportView']>>>, csrf: string) => html`<form method="post" action="/report/${year}/edit" class="card" id="report-edit-${year}">${csrfField(csrf)}
<h3>人工填写部分</h3>${v.missing.length ? html`<p class="muted">尚未填写：${v.missing.join('、')}</p>` : ''}${v.notice ? html`<div class="flash err">${v.notice}</div>` : ''}
<label for="s1-${year}">一、总体情况</label><textarea id="s1-${year}" name="section1">${v.data?.section1 ?? ''}</textarea>
<label for="s2-${year}">二、主动公开政府信息情况（JSON，或每行 row,field,value 的 CSV）</label><textarea id="s2-${year}" name="section2"></textarea>
<label for="s2f-${year}">第二部分的格式</label><select id="s2f-${year}" name="section2Format"><option value="json">JSON</option><option value="csv">CSV</option></select>
<label for="s5-${year}">五、存在的主要问题及改进情况</label><textarea id="s5-${year}" name="section5">${v.data?.section5 ?? ''}</textarea>
<label for="s6-${year}">六、其他需要报告的事项</label><textarea id="s6-${year}" name="section6">${v.data?.section6 ?? ''}</textarea>
<p><button type="submit">保存</button></p></form>`;

  app.post<{ Params: { year: string } }>('/report/:year/edit', async (req, reply) => {
    const year = Number(req.params.year);
    const user = await requireRole(req, db, ctx.now, REPORT_EDITORS, 'report.edit', { kind: 'report', id: String(year) });
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new HttpError(404, 'not_found', 'no such report');
    const b = formBody(reportEditBody, req.body);
    await audited(ctx, req, user.id, { kind: 'report', id: String(year) }, 'report.edit', () =>
      ctx.backend.reportEdit(year, {
        actor: user.id, section1: b.section1, section5: b.section5, section6: b.section6,
        ...(b.section2 === undefined ? {} : b.section2Format === 'csv' ? { section2Csv: b.section2 } : { section2: jsonText('section2')(b.section2) as Record<string, Record<string, number | string>> }),
      }));
    return reply.redirect(flashUrl('/report', 'report.saved'), 303);
  });

  // Downloads of the rendered report: only files the report row names, and only under DATA_DIR.
  app.get<{ Params: { year: string; format: string } }>('/report/:year/files/:format', async (req, reply) => {
    await requireRole(req, db, ctx.now, REPORT_READERS, 'report.download');
    const file = (await reportFiles(db, Number(req.params.year) || 0)).find((f) => f.format === req.params.format);
    const root = path.resolve(ctx.services.config.DATA_DIR);
    const full = file ? path.resolve(root, file.path) : undefined;
    if (!full || !full.startsWith(root + path.sep) || !fs.existsSync(full)) throw new HttpError(404, 'not_found', 'no such report file');
    const type = { html: 'text/html; charset=utf-8', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }[req.params.format] ?? 'application/octet-stream';
    return reply.type(type).header('content-disposition', `attachment; filename="report-${Number(req.params.year)}.${req.params.format.replace(/[^a-z0-9]/g, '')}"`).send(fs.createReadStream(full));
  });

  // Admin: a year's holiday schedule (the State Council's notice as the schedule file), then the fan-out.
  app.post('/admin/calendar', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, ['admin'], 'calendar.import');
    const { schedule } = formBody(z.object({ schedule: z.string().trim().min(2, '请粘贴日历文件内容').max(200_000) }), req.body);
    const r = await audited(ctx, req, user.id, { kind: 'calendar', id: 'import' }, 'calendar.import', () => ctx.backend.calendarImport(jsonText('schedule')(schedule), user.id, ctx.now()));
    return reply.redirect(r.status === 'unchanged' ? flashUrl('/admin', 'calendar.unchanged') : flashUrl('/admin', 'calendar.imported', r.fanOut?.signalled ?? 0), 303);
  });

  // Admin: a category's review policy (audited with before and after); items already in review keep theirs.
  app.post('/admin/policies', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, ['admin'], 'policy.set');
    const { policy } = formBody(z.object({ policy: z.string().trim().min(2).max(50_000) }), req.body);
    const p = await audited(ctx, req, user.id, { kind: 'review-policy', id: 'set' }, 'policy.set', async () => {
      const r = policySchema.safeParse(jsonText('policy')(policy));
      if (!r.success) throw new HttpError(422, 'invalid', z.prettifyError(r.error), 'policy');
      return r.data;
    });
    await setReviewPolicyAudited(db, p, user.id, ctx.now().toISOString(), 'console');
    return reply.redirect(flashUrl('/admin', 'policy.saved'), 303);
  });

  app.get('/admin', async (req, reply) => {
    await requireRole(req, db, ctx.now, ['admin'], 'admin.read');
    const [users, groups, policies, cal] = await Promise.all([
      listUsers(db), listGroups(db), listReviewPolicies(db), ctx.calendar(),
    ]);
    const coverage = cal.coverage();
    return sendPage(reply, ctx.page(req, '系统管理', html`<h1>系统管理</h1>
<h2>用户</h2><table id="users"><tr><th>用户名</th><th>姓名</th><th>科室</th><th>角色</th><th>分组</th><th>状态</th></tr>
${users.map((u) => html`<tr><td>${u.id}</td><td>${u.name}</td><td>${u.section ?? ''}</td><td>${u.roles.join('、')}</td><td>${u.groups.join('、')}</td><td>${u.active ? '启用' : '停用'}</td></tr>`)}</table>
<h2>分组</h2><table><tr><th>编号</th><th>名称</th><th>成员</th></tr>${groups.map((g) => html`<tr><td>${g.id}</td><td>${g.name}</td><td>${users.filter((u) => u.groups.includes(g.id)).map((u) => u.name).join('、')}</td></tr>`)}</table>
<h2>审核策略</h2><table id="policies"><tr><th>类别</th><th>环节</th><th>修改人</th><th>修改</th></tr>${policies.map(({ policy: pol, updatedBy }) => html`<tr><td>${pol.category}</td><td>${pol.stages.map((s) => `${s.name}（${s.group}，${s.slaWorkdays} 个工作日）`).join(' → ')}</td><td>${updatedBy}</td>
<td><details><summary>编辑</summary><form method="post" action="/admin/policies">${csrfField(req.session!.csrf)}<textarea name="policy" aria-label="${pol.category} 审核策略（JSON）">${JSON.stringify(pol, null, 2)}</textarea><p><button type="submit">保存策略</button></p></form></details></td></tr>`)}</table>
<h2>工作日历覆盖（日历版本 ${cal.version}）</h2><p>已有国务院办公厅节假日安排通知的年份：${coverage.map((c) => c.year).join('、') || '—'}。其他年份按法定节假日暂定计算。</p>
<form method="post" action="/admin/calendar" class="card" id="calendar-import">${csrfField(req.session!.csrf)}<h3>导入年度节假日安排</h3>
<label for="schedule">日历文件内容（JSON，与 <code>gongkai calendar import</code> 的文件相同）</label><textarea id="schedule" name="schedule" required></textarea>
<p><button type="submit">导入并重算在办期限</button></p></form>
<h2>答复书的救济途径（条例第五十一条）</h2><p id="remedy-settings">行政复议机关：${ctx.services.config.REVIEW_AUTHORITY ?? '未设置'}；人民法院：${ctx.services.config.COURT ?? '未设置'}。
由配置项 REVIEW_AUTHORITY、COURT 设定（.env）。未设置时答复书不写明机关名称，申请人的复议期限可能延长至一年（行政复议法第二十条第三款）。</p>`));
  });
}
