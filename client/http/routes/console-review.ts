import { itemStatusLabels, letterChecklistLabels, secrecyChecklistLabels } from '../../../domain/dictionary';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lineDiffOps } from '../../diff';
import type { Role } from '../../../domain/org';
import { categories } from '../../../domain/review/policy';
import { checklistKind, fullChecklist, itemInputSchema } from '../../../domain/review/input';
import {
  current, currentStage, refuseApprove, refuseClaim, refuseReject, refuseRetract, refuseRevise, refuseUnclaim, refuseWithdraw,
  type ReviewState,
} from '../../../domain/review/state';
import { shanghaiDate } from '../../../domain/calendar';
import { listApplications, unassignedApplications } from '../../../register/applications';
import { getUser } from '../../../register/org';
import { getReviewItem, itemAudit, listReviewItems, reviewPoliciesFor, reviewQueuePage } from '../../../register/review';
import { substitutingFor } from '../../../register/web';
import { requireRole, requireUser } from '../auth';
import type { ReviewAction } from '../backend';
import type { Action as ReviewActionInput } from '../../services/review';
import { actorOf, type Ctx } from '../ctx';
import { flashUrl } from '../flash';
import { BULK_MAX, bulkApprove } from '../bulk';
import { checkDelegation, readItem } from '../itemAccess';
import { dueBadge, dueKind, dueText, tierBounds } from '../due';
import { actionButton, csrfField, html, type Html } from '../html';
import { formBody, sendPage } from '../page';

const REVIEW_ACTIONS: Record<ReviewAction, { roles: Role[] }> = {
  claim: { roles: ['reviewer'] },
  unclaim: { roles: ['reviewer'] },
  approve: { roles: ['reviewer'] },
  reject: { roles: ['reviewer'] },
  revise: { roles: ['author'] },
  withdraw: { roles: ['author'] },
  retract: { roles: ['supervisor', 'admin'] },
  reassign: { roles: ['supervisor', 'admin'] },
  delegate: { roles: ['supervisor', 'admin'] },
};

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const actionBodies = {
  claim: z.object({}),
  unclaim: z.object({}),
  approve: z.object({
    comment: z.string().max(2000).optional().transform((s) => s || undefined),
    hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    checklist: z.enum(['yes', 'no']).default('no'),
    noStateSecrets: checkbox.optional(), noPersonalData: checkbox.optional(), noTradeSecrets: checkbox.optional(), proactiveDisclosure: checkbox.optional(),
    withinDecision: checkbox.optional(), withheldStated: checkbox.optional(), noThirdPartyData: checkbox.optional(),
  }),
  reject: z.object({ reason: z.string().trim().min(1, '请填写退回理由').max(2000), to: z.string().default('author') }),
  revise: z.object({ title: z.string().trim().min(1).max(200), body: z.string().min(1).max(500_000), comment: z.string().max(2000).optional() }),
  withdraw: z.object({ reason: z.string().max(2000).optional() }),
  retract: z.object({ reason: z.string().trim().min(1, '请填写撤稿理由').max(2000) }),
  reassign: z.object({ to: z.string().trim().min(1, '请填写接办人').max(64), reason: z.string().max(2000).optional().transform((v) => v || undefined) }),
  delegate: z.object({ to: z.string().trim().min(1, '请填写受委派人').max(64), reason: z.string().max(2000).optional().transform((v) => v || undefined) }),
};

const bulkBody = z.object({ item: z.union([z.string(), z.array(z.string())]).transform((v) => [...new Set(Array.isArray(v) ? v : [v])]).pipe(z.array(z.string().regex(/^item-[\w-]{1,80}$/)).min(1, '请选择事项').max(BULK_MAX)) });

/** The task list shows the soonest-due rows; the counts above it cover all of them. */
export const TASKS_SHOWN = 200;

const STATUS_LABEL: Record<string, string> = itemStatusLabels;

/** A line diff of two texts, as <del>/<ins> lines. */
export function lineDiff(a: string, b: string): Html {
  const ops = lineDiffOps(a, b);
  if (!ops) return html`<p class="muted">内容过长，不显示逐行对比。</p>`;
  const out = ops.map((l) => (l.op === 'same' ? html`  ${l.text}\n` : l.op === 'ins' ? html`<ins>+ ${l.text}</ins>\n` : html`<del>- ${l.text}</del>\n`));
  return html`<pre class="body diff">${out}</pre>`;
}

export function reviewConsole(app: FastifyInstance, ctx: Ctx): void {
  const { db } = ctx.services;

  app.get('/', async (req, reply) => reply.redirect(req.user ? '/tasks' : '/login'));

  // 我的待办: review tasks (mine, my groups', and those of colleagues I stand in for) and my applications.
  app.get('/tasks', async (req, reply) => {
    const user = requireUser(req);
    const now = ctx.now();
    const cal = await ctx.calendar();
    const principals = [user, ...(await Promise.all((await substitutingFor(db, user.id, shanghaiDate(now))).map((id) => getUser(db, id)))).filter((u) => u !== undefined)];
    const queue = await reviewQueuePage(db, principals, TASKS_SHOWN, tierBounds(now, cal));
    // Whose queue a row is in: mine first, otherwise the colleague I stand in for.
    const inQueueOf = (t: { holder: string | null; group: string | null }) =>
      principals.find((p) => (t.holder ? t.holder === p.id : t.group !== null && p.groups.includes(t.group)))?.id ?? user.id;
    const reviewRows = queue.rows.map((t) => ({ ...t, for: inQueueOf(t) }));
    const isHandler = user.roles.includes('handler') || user.roles.includes('officeHead');
    const apps = isHandler
      ? [...(await listApplications(db, { status: 'open', handler: user.id, limit: 500 })), ...(await unassignedApplications(db, 200))]
      : [];
    // Bulk approve is offered where one click is enough: my own queue, a stage without the 保密审查 checklist.
    const categoriesShown = [...new Set(reviewRows.map((t) => t.category))];
    const policies = await reviewPoliciesFor(db, categoriesShown);
    const noChecklist = new Set(policies.flatMap((p) => p.stages.filter((st) => !st.secrecyChecklist).map((st) => `${p.category}|${st.key}`)));
    const bulkable = (t: (typeof reviewRows)[number]) => user.roles.includes('reviewer') && t.for === user.id && (!t.holder || t.holder === user.id) && noChecklist.has(`${t.category}|${t.stage}`);
    type Row = { due: string | null; cells: () => Html };
    const rows: Row[] = [
      ...reviewRows.map((t) => ({
        due: t.due,
        cells: () => html`<td>${bulkable(t) ? html`<input type="checkbox" name="item" value="${t.itemId}" form="bulk" aria-label="选择 ${t.title}">` : ''}</td><td>信息发布审核</td><td><a href="/items/${t.itemId}">${t.title}</a><div class="muted">${t.category}</div></td><td>${t.stageName}</td>
<td>${t.holder ?? html`<span class="muted">未认领</span>`}${t.for !== user.id ? html`<div class="muted">代 ${t.for}</div>` : ''}</td><td>${dueText(t.due)}</td><td>${dueBadge(t.due, now, cal)}</td>
<td>${t.holder === user.id ? actionButton(`/items/${t.itemId}/unclaim`, '放回', req.session!.csrf, true) : !t.holder ? actionButton(`/items/${t.itemId}/claim`, '认领', req.session!.csrf) : ''}</td>`,
      })),
      ...apps.map((a) => ({
        due: a.due_date,
        cells: () => html`<td></td><td>依申请公开</td><td><a href="/applications/${a.id}">${a.id}</a><div class="muted">${a.content.slice(0, 40)}</div></td><td>${a.stage}</td>
<td>${a.handler ?? html`<span class="muted">未分派</span>`}</td><td>${dueText(a.due_date)}</td><td>${dueBadge(a.due_date, now, cal)}</td>
<td>${!a.handler && user.roles.includes('handler') ? actionButton(`/applications/${a.id}/claim`, '认领', req.session!.csrf) : ''}</td>`,
      })),
    ].sort((a, b) => {
      const x = a.due ?? '9999';
      const y = b.due ?? '9999';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const counts = { overdue: queue.overdue, today: queue.today, soon: queue.soon };
    const total = queue.total + apps.length;
    for (const a of apps) {
      const k = dueKind(a.due_date, now, cal);
      if (k === 'overdue' || k === 'today' || k === 'soon') counts[k]++;
    }
    return sendPage(reply, ctx.page(req, '我的待办', html`<h1>我的待办</h1>
<div class="grid"><div class="stat">待办<b>${total}</b></div><div class="stat">已逾期<b>${counts.overdue}</b></div><div class="stat">今日到期<b>${counts.today}</b></div><div class="stat">即将到期<b>${counts.soon}</b></div></div>
<h2>待办事项（按期限排序）</h2>
${rows.length === 0 ? html`<p class="muted">没有待办事项。</p>` : html`<table id="tasks"><tr><th>选择</th><th>类型</th><th>事项</th><th>环节</th><th>办理人</th><th>期限</th><th>状态</th><th>操作</th></tr>${rows.slice(0, TASKS_SHOWN).map((r) => html`<tr>${r.cells()}</tr>`)}</table>`}
${reviewRows.some(bulkable) ? html`<form method="post" action="/tasks/approve" id="bulk" class="card">${csrfField(req.session!.csrf)}<p class="muted">所选事项须处于同一审核环节，且该环节无需保密审查。</p><button type="submit">批量审核通过</button></form>` : ''}
${total > Math.min(rows.length, TASKS_SHOWN) ? html`<p class="muted">仅显示期限最近的 ${Math.min(rows.length, TASKS_SHOWN)} 项，另有 ${total - Math.min(rows.length, TASKS_SHOWN)} 项。</p>` : ''}`));
  });

  app.get('/items', async (req, reply) => {
    const user = requireUser(req);
    const { rows: mine } = await listReviewItems(db, { author: user.id, limit: 200, offset: 0 });
    return sendPage(reply, ctx.page(req, '信息发布', html`<h1>信息发布</h1>
${user.roles.includes('author') ? html`<p><a class="btn" href="/items/new">新建信息</a></p>` : ''}
<h2>我提交的信息</h2>
<table><tr><th>标题</th><th>类别</th><th>状态</th><th>环节</th><th>版本</th><th>更新时间</th></tr>
${mine.map((i) => html`<tr><td><a href="/items/${i.id}">${i.title}</a></td><td>${i.category}</td><td>${STATUS_LABEL[i.status] ?? i.status}</td><td>${i.stage ?? '—'}</td><td>v${i.current_version}</td><td>${dueText(i.updated_at)}</td></tr>`)}
</table>`));
  });

  app.get('/items/new', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, ['author'], 'item.submit');
    return sendPage(reply, ctx.page(req, '新建信息', html`<h1>新建信息（信息发布审核表）</h1>
<form method="post" action="/items" class="card">${csrfField(req.session!.csrf)}
<label for="title">标题</label><input type="text" id="title" name="title" required maxlength="200">
<label for="category">类别</label><select id="category" name="category">${categories.filter((c) => c !== '依申请公开答复').map((c) => html`<option>${c}</option>`)}</select>
<label for="column">栏目</label><input type="text" id="column" name="column" value="工作动态" required>
<label for="section">拟稿科室</label><input type="text" id="section" name="section" value="${user.section ?? ''}" required>
<label for="body">正文（Markdown）</label><textarea id="body" name="body" required></textarea>
<label for="statutoryDeadline">法定公开期限（条例第二十六条，可选）</label><input type="date" id="statutoryDeadline" name="statutoryDeadline">
<p><button type="submit">提交审核</button></p></form>`));
  });

  app.post('/items', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, ['author'], 'item.submit');
    const b = req.body as Record<string, unknown>;
    const item = formBody(itemInputSchema, {
      title: b.title, category: b.category, column: b.column, section: b.section, body: b.body, format: 'markdown', attachments: [],
      author: user.id, statutoryDeadline: b.statutoryDeadline || undefined,
    });
    const id = await ctx.backend.submitItem(item, user.id);
    return reply.redirect(flashUrl(`/items/${id}`, 'item.submitted'), 303);
  });

  app.get<{ Params: { id: string } }>('/items/:id', async (req, reply) => {
    const id = req.params.id;
    const { user, row, state } = await readItem(req, db, ctx.now, id, (i) => ctx.backend.itemState(i));
    const now = ctx.now();
    const cal = await ctx.calendar();
    const audit = await itemAudit(db, id);
    return sendPage(reply, ctx.page(req, state?.item.title ?? row!.title, itemPage(state, row, audit, actorOf(user), req.session!.csrf, now, cal)));
  });

  function itemPage(
    s: ReviewState | null,
    row: Awaited<ReturnType<typeof getReviewItem>>,
    audit: Awaited<ReturnType<typeof itemAudit>>,
    a: ReturnType<typeof actorOf>,
    csrf: string,
    now: Date,
    cal: Awaited<ReturnType<Ctx['calendar']>>,
  ): Html {
    const id = s?.itemId ?? row!.id;
    const title = s ? current(s).title : row!.title;
    const status = s?.status ?? row!.status;
    const head = html`<h1>${title}</h1>
<div class="card"><b>状态：</b>${STATUS_LABEL[status] ?? status}&#12288;<b>环节：</b>${s && s.status === 'review' ? currentStage(s).name : row?.stage ?? '—'}
&#12288;<b>办理人：</b>${s?.holder ?? row?.holder ?? '—'}&#12288;<b>期限：</b>${dueText(s?.due ?? row?.due ?? null)} ${dueBadge(s?.due ?? row?.due ?? null, now, cal)}
&#12288;<b>拟稿人：</b>${s?.item.author ?? row?.author}&#12288;<b>类别：</b>${s?.item.category ?? row?.category}
${s?.publication ? html`<div>已发布：<a href="${s.publication.url}">${s.publication.url}</a></div>` : ''}</div>`;
    if (!s) return html`${head}<p class="muted">流程状态暂不可读，以下为登记簿记录。</p>${historyTable(audit)}`;
    const v = current(s);
    const actions: Html[] = [];
    if (!refuseClaim(s, a)) actions.push(actionButton(`/items/${id}/claim`, '认领', csrf));
    if (!refuseUnclaim(s, a)) actions.push(actionButton(`/items/${id}/unclaim`, '放回', csrf, true));
    if (!refuseApprove(s, a, { checklist: fullChecklist(s.item.category) })) {
      const needsChecklist = currentStage(s).secrecyChecklist;
      // A reply letter has its own 保密审查 checklist (domain/review/input.ts letterChecklistSchema).
      const labels: Record<string, string> = checklistKind(s.item.category) === 'letter' ? letterChecklistLabels : secrecyChecklistLabels;
      actions.push(html`<form method="post" action="/items/${id}/approve" class="card" id="approve">${csrfField(csrf)}<input type="hidden" name="hash" value="${v.hash}">
<h2>审核通过（${currentStage(s).name}）</h2>
${needsChecklist ? html`<input type="hidden" name="checklist" value="yes"><fieldset class="check"><legend>保密审查</legend>
${Object.entries(labels).map(([k, label]) => html`<label><input type="checkbox" name="${k}" required> ${label}</label>`)}</fieldset>` : ''}
<label for="comment">审核意见</label><input type="text" id="comment" name="comment"><p><button type="submit">审核通过</button></p></form>`);
    }
    if (!refuseReject(s, a, 'author')) {
      const earlier = s.policy.stages.slice(0, s.stageIndex);
      actions.push(html`<form method="post" action="/items/${id}/reject" class="card">${csrfField(csrf)}<h2>退回修改</h2>
<label for="reason">退回理由</label><input type="text" id="reason" name="reason" required>
<label for="to">退回至</label><select id="to" name="to"><option value="author">拟稿人</option>${earlier.map((st) => html`<option value="${st.key}">${st.name}</option>`)}</select>
<p><button type="submit" class="secondary">退回</button></p></form>`);
    }
    if (s.status === 'review' || s.status === 'returned') {
      if (!refuseRevise(s, a, { title: v.title, body: `${v.body}\u0000`, attachments: v.attachments })) {
        actions.push(html`<form method="post" action="/items/${id}/revise" class="card">${csrfField(csrf)}<h2>修改后重新提交</h2>
<label for="rtitle">标题</label><input type="text" id="rtitle" name="title" value="${v.title}"><label for="rbody">正文</label><textarea id="rbody" name="body">${v.body}</textarea>
<p><button type="submit">提交修改稿</button></p></form>`);
      }
      if (!refuseWithdraw(s, a)) actions.push(actionButton(`/items/${id}/withdraw`, '撤回', csrf, true));
    }
    if (!refuseRetract(s, a)) {
      actions.push(html`<form method="post" action="/items/${id}/retract" class="card">${csrfField(csrf)}<h2>撤稿</h2><label for="rr">撤稿理由</label><input type="text" id="rr" name="reason" required><p><button type="submit" class="secondary">撤稿</button></p></form>`);
    }
    if ((a.roles.includes('supervisor') || a.roles.includes('admin')) && s.status === 'review') {
      for (const [kind, label, hint] of [['reassign', '转办', `改由环节分组 ${currentStage(s).group} 中的另一人办理`], ['delegate', '委派', `委派给环节分组 ${currentStage(s).group} 中的成员代为办理`]] as const) {
        actions.push(html`<form method="post" action="/items/${id}/${kind}" class="card" id="${kind}">${csrfField(csrf)}<h2>${label}（督办）</h2><p class="muted">${hint}</p>
<label for="${kind}-to">${label}给（用户名）</label><input type="text" id="${kind}-to" name="to" required maxlength="64">
<label for="${kind}-reason">理由</label><input type="text" id="${kind}-reason" name="reason" maxlength="2000"><p><button type="submit" class="secondary">${label}</button></p></form>`);
      }
    }
    const prev = s.versions.length > 1 ? s.versions[s.versions.length - 2] : undefined;
    return html`${head}
<h2>正文（v${v.n}）</h2><pre class="body" id="item-body">${v.body}</pre>
${prev ? html`<h2>与 v${prev.n} 的差异</h2>${lineDiff(`${prev.title}\n\n${prev.body}`, `${v.title}\n\n${v.body}`)}` : ''}
<h2>可执行的操作</h2>${actions.length ? actions : html`<p class="muted">当前没有您可执行的操作。</p>`}
<h2>审核意见</h2><table><tr><th>环节</th><th>审核人</th><th>时间</th><th>意见</th><th>保密审查</th><th>对应版本</th></tr>
${s.approvals.map((p) => html`<tr><td>${s.policy.stages.find((st) => st.key === p.stage)?.name ?? p.stage}</td><td>${p.by}</td><td>${dueText(p.at)}</td><td>${p.comment ?? ''}</td><td>${p.checklist ? '已完成' : '—'}</td><td>${p.hash === v.hash ? '当前' : '已失效'}</td></tr>`)}</table>
<h2>办理记录</h2><table><tr><th>时间</th><th>操作人</th><th>操作</th><th>说明</th></tr>
${s.history.map((h) => html`<tr><td>${dueText(h.at)}</td><td>${h.actor}</td><td>${h.action}</td><td>${h.detail ?? ''}</td></tr>`)}</table>
${historyTable(audit)}`;
  }

  const historyTable = (audit: Awaited<ReturnType<typeof itemAudit>>) => html`<h2>审计记录</h2><table><tr><th>时间</th><th>操作人</th><th>操作</th><th>结果</th><th>说明</th></tr>
${audit.map((r) => html`<tr><td>${dueText(r.at)}</td><td>${r.actor}</td><td>${r.action}</td><td>${r.outcome === 'refused' ? '拒绝' : '完成'}</td><td>${r.detail ?? ''}</td></tr>`)}</table>`;

  // 批量审核通过: every selected item must be at the same stage, one the user may approve now, without the
  // 保密审查 checklist; otherwise nothing is approved and each refusal is logged on its item.
  app.post('/tasks/approve', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, ['reviewer'], 'item.bulkApprove');
    const { item: ids } = formBody(bulkBody, req.body);
    await bulkApprove(ctx, user, ids);
    return reply.redirect(flashUrl('/tasks', 'bulk.approved', ids.length), 303);
  });

  for (const action of Object.keys(REVIEW_ACTIONS) as (keyof typeof REVIEW_ACTIONS)[]) {
    app.post<{ Params: { id: string } }>(`/items/:id/${action}`, async (req, reply) => {
      const id = req.params.id;
      const user = await requireRole(req, db, ctx.now, REVIEW_ACTIONS[action].roles, `item.${action}`, { kind: 'item', id });
      const b = formBody(actionBodies[action], req.body) as Record<string, unknown>;
      if (action === 'delegate') await checkDelegation(db, ctx.now, user, id, String(b.to), await ctx.backend.itemState(id));
      let args: Record<string, unknown> = { ...b };
      if (action === 'approve') {
        const { checklist, ...rest } = b;
        const keys = new Set([...Object.keys(secrecyChecklistLabels), ...Object.keys(letterChecklistLabels)]);
        // Only the boxes ticked; the review service checks they are the item's own list.
        const ticked = Object.fromEntries([...keys].filter((k) => rest[k] === true).map((k) => [k, true]));
        for (const k of keys) delete rest[k];
        args = { ...rest, checklist: checklist === 'yes' ? ticked : undefined };
      }
      // The service logs the workflow's refusals (409/422) in the item's audit trail.
      await ctx.backend.reviewAct(id, user.id, { action, ...args } as ReviewActionInput);
      return reply.redirect(flashUrl(`/items/${id}`, `item.${action}`), 303);
    });
  }
}
