import type { FastifyInstance } from 'fastify';
import { shanghaiDate } from '../../../domain/calendar';
import { listUsers } from '../../../register/org';
import { requireRole } from '../auth';
import type { Ctx } from '../ctx';
import { dueKind, dueText, type DueKind } from '../due';
import { html } from '../html';
import { sendPage } from '../page';

type Bucket = { overdue: number; today: number; soon: number; total: number };
const emptyBucket = (): Bucket => ({ overdue: 0, today: 0, soon: 0, total: 0 });
function add(map: Map<string, Bucket>, key: string, k: DueKind): void {
  const b = map.get(key) ?? emptyBucket();
  b.total++;
  if (k === 'overdue' || k === 'today' || k === 'soon') b[k]++;
  map.set(key, b);
}

/** The supervisor's figures, from the register: open work by due tier, by stage and by handler; this year's results. */
export async function dashboardData(ctx: Ctx) {
  const { db } = ctx.services;
  const now = ctx.now();
  const cal = await ctx.calendar();
  const year = Number(shanghaiDate(now).slice(0, 4));
  const [openApps, openTasks, closed] = await Promise.all([
    db.selectFrom('applications').select(['id', 'stage', 'handler', 'due_date', 'applicant_name']).where('status', '=', 'open').execute(),
    db.selectFrom('review_tasks').innerJoin('review_items', 'review_items.id', 'review_tasks.item_id')
      .select(['review_tasks.item_id', 'review_tasks.stage_name', 'review_tasks.holder', 'review_tasks.due', 'review_items.title']).where('review_tasks.status', '=', 'open').execute(),
    db.selectFrom('applications').select(['received_date', 'closed_date', 'due_date']).where('status', '=', 'closed').where('year', '=', year).execute(),
  ]);
  const byStage = new Map<string, Bucket>();
  const byHandler = new Map<string, Bucket>();
  const late: Array<{ kind: string; id: string; label: string; who: string; due: string | null; tier: DueKind }> = [];
  for (const a of openApps) {
    const k = dueKind(a.due_date, now, cal);
    add(byStage, `依申请公开 · ${a.stage}`, k);
    add(byHandler, a.handler ?? '（未分派）', k);
    if (k === 'overdue' || k === 'today') late.push({ kind: 'application', id: a.id, label: a.id, who: a.handler ?? '（未分派）', due: a.due_date, tier: k });
  }
  for (const t of openTasks) {
    const k = dueKind(t.due, now, cal);
    add(byStage, `信息发布 · ${t.stage_name}`, k);
    add(byHandler, t.holder ?? '（未认领）', k);
    if (k === 'overdue' || k === 'today') late.push({ kind: 'item', id: t.item_id, label: t.title, who: t.holder ?? '（未认领）', due: t.due, tier: k });
  }
  let onTime = 0;
  let days = 0;
  for (const c of closed) {
    if (c.closed_date && c.due_date && c.closed_date <= c.due_date) onTime++;
    if (c.closed_date) days += cal.workdaysBetween(c.received_date, c.closed_date).workdays;
  }
  return {
    year, byStage, byHandler, late: late.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '')),
    open: openApps.length, openTasks: openTasks.length, closed: closed.length,
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
${table('按环节', d.byStage, 'by-stage')}${table('按办理人', d.byHandler, 'by-handler')}`));
  });

  app.get('/report', async (req, reply) => {
    await requireRole(req, db, ctx.now, ['officeHead', 'supervisor', 'admin'], 'report.read');
    const reports = await db.selectFrom('reports').selectAll().orderBy('year', 'desc').execute();
    return sendPage(reply, ctx.page(req, '年度报告', html`<h1>政府信息公开工作年度报告</h1>
${reports.length === 0 ? html`<p class="muted">尚无年度报告。报告由年度报告流程生成后在此显示。</p>` : ''}
${reports.map((r) => {
  const failures = JSON.parse(r.failures) as Array<{ id?: string; message?: string } | string>;
  const files = JSON.parse(r.files) as Array<{ format: string; url?: string; path: string }>;
  return html`<div class="card"><h2>${r.year} 年度（${r.format} 格式）</h2><p><b>状态：</b>${r.state}&#12288;<b>发布期限：</b>${r.due_date}&#12288;<b>发布时间：</b>${r.published_at ?? '—'}</p>
<h3>校验结果</h3>${failures.length === 0 ? html`<p>全部校验通过。</p>` : html`<ul>${failures.map((f) => html`<li>${typeof f === 'string' ? f : `${f.id ?? ''} ${f.message ?? JSON.stringify(f)}`}</li>`)}</ul>`}
<h3>第一部分：主动公开（按类别）</h3><table>${Object.entries(JSON.parse(r.section1_counts) as Record<string, number>).map(([k, n]) => html`<tr><td>${k}</td><td>${n}</td></tr>`)}</table>
<h3>文件</h3><ul>${files.map((f) => html`<li>${f.format}: ${f.url ? html`<a href="${f.url}">${f.path}</a>` : f.path}</li>`)}</ul>
<details><summary>报告数据（JSON）</summary><pre class="body">${JSON.stringify(JSON.parse(r.data), null, 2)}</pre></details></div>`;
})}`));
  });

  app.get('/admin', async (req, reply) => {
    await requireRole(req, db, ctx.now, ['admin'], 'admin.read');
    const [users, groups, policies, cal] = await Promise.all([
      listUsers(db), db.selectFrom('groups').selectAll().orderBy('id').execute(), db.selectFrom('review_policies').selectAll().orderBy('category').execute(), ctx.calendar(),
    ]);
    const coverage = cal.coverage();
    return sendPage(reply, ctx.page(req, '系统管理', html`<h1>系统管理</h1>
<h2>用户</h2><table id="users"><tr><th>用户名</th><th>姓名</th><th>科室</th><th>角色</th><th>分组</th><th>状态</th></tr>
${users.map((u) => html`<tr><td>${u.id}</td><td>${u.name}</td><td>${u.section ?? ''}</td><td>${u.roles.join('、')}</td><td>${u.groups.join('、')}</td><td>${u.active ? '启用' : '停用'}</td></tr>`)}</table>
<h2>分组</h2><table><tr><th>编号</th><th>名称</th><th>成员</th></tr>${groups.map((g) => html`<tr><td>${g.id}</td><td>${g.name}</td><td>${users.filter((u) => u.groups.includes(g.id)).map((u) => u.name).join('、')}</td></tr>`)}</table>
<h2>审核策略</h2><table><tr><th>类别</th><th>环节</th><th>修改人</th></tr>${policies.map((p) => {
  const pol = JSON.parse(p.policy) as { stages: Array<{ name: string; group: string; slaWorkdays: number }> };
  return html`<tr><td>${p.category}</td><td>${pol.stages.map((s) => `${s.name}（${s.group}，${s.slaWorkdays} 个工作日）`).join(' → ')}</td><td>${p.updated_by}</td></tr>`;
})}</table>
<h2>工作日历覆盖（日历版本 ${cal.version}）</h2><p>已有国务院办公厅节假日安排通知的年份：${coverage.map((c) => c.year).join('、') || '—'}。其他年份按法定节假日暂定计算。</p>`));
  });
}
