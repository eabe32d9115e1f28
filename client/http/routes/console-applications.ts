import { applicationStageLabels, channelLabels } from '../../../domain/dictionary';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { intakeSchema } from '../../../domain/application';
import { shanghaiDate } from '../../../domain/calendar';
import type { Role } from '../../../domain/org';
import { applicantColumnLabels, applicantKinds, outcome, outcomeGroupLabels, outcomes, isOutcomeKey } from '../../../domain/outcomes';
import { documentKindName } from '../../../domain/application/documents';
import { applicationDocuments, applicationEvents, getApplication, pageApplications } from '../../../register/applications';
import { usersWithRole } from '../../../register/org';
import { auditWeb } from '../../../register/web';
import { HttpError, requireRole } from '../auth';
import { applicationMessages as m } from '../backend';
import type { Ctx } from '../ctx';
import { flashUrl } from '../flash';
import { dueBadge, dueText } from '../due';
import { actionButton, csrfField, html } from '../html';
import { formBody, sendPage } from '../page';
import { applicantForViewer } from '../../services/applications';

export const APPLICATION_READERS: Role[] = ['handler', 'officeHead', 'supervisor', 'admin'];
export const STAGE_LABEL: Record<string, string> = applicationStageLabels;
const CHANNEL_LABEL = channelLabels;

export const applicationFilter = z.object({
  status: z.enum(['open', 'closed', '']).optional(),
  handler: z.string().max(64).optional(),
  dueBefore: z.union([z.iso.date(), z.literal('')]).optional(),
  applicant: z.string().max(40).optional(),
  outcome: z.string().max(60).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type ApplicationFilter = z.infer<typeof applicationFilter>;
export const PAGE_SIZE = 50;

/** The applications list with filters and paging, soonest due first. */
export const queryApplications = (ctx: Ctx, f: ApplicationFilter) => pageApplications(ctx.services.db, f, PAGE_SIZE);

const intakeForm = z.object({
  channel: z.string(), submittedOn: z.string(), confirmedOn: z.string().optional(), signedOn: z.string().optional(),
  applicantType: z.enum(['naturalPerson', 'organisation']), orgType: z.string().optional(), name: z.string(), idNumber: z.string(),
  phone: z.string().optional(), address: z.string().optional(), email: z.string().optional(), content: z.string(), purpose: z.string().optional(),
  delivery: z.string().optional(),
});
const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

const actionBodies = {
  claim: z.object({}),
  correction: z.object({ items: z.string().trim().min(1, '请列明需要补正的事项'), periodWorkdays: z.coerce.number().int().min(1).max(30).default(15) }),
  correctionReceived: z.object({ date: z.union([z.iso.date(), z.literal('')]).optional() }),
  extension: z.object({ reason: z.string().trim().min(2, '请说明延期理由'), workdays: z.coerce.number().int().min(1).max(20).default(20) }),
  decideExtension: z.object({ approve: z.enum(['yes', 'no']), note: z.string().max(2000).optional() }),
  decide: z.object({ outcome: z.string().refine(isOutcomeKey, '请选择答复类型'), legalBasis: z.string(), reasons: z.string().default(''), provision: z.string().optional() }),
  delivery: z.object({ method: z.enum(['signed', 'posted', 'email', 'onSite']), date: z.union([z.iso.date(), z.literal('')]).optional() }),
};
const ACTION_ROLES: Record<keyof typeof actionBodies, Role[]> = {
  claim: ['handler'], correction: ['handler'], correctionReceived: ['handler'], extension: ['handler'], decideExtension: ['officeHead'],
  decide: ['handler'], delivery: ['handler', 'officeHead'],
};
export function applicationsConsole(app: FastifyInstance, ctx: Ctx): void {
  const { db } = ctx.services;

  app.get('/applications', async (req, reply) => {
    await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.list');
    const f = formBody(applicationFilter, req.query);
    const [{ rows, total }, handlers, cal] = await Promise.all([queryApplications(ctx, f), usersWithRole(db, 'handler'), ctx.calendar()]);
    const now = ctx.now();
    const qs = (page: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])), page: String(page) })}`;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return sendPage(reply, ctx.page(req, '依申请公开', html`<h1>依申请公开</h1>
${req.user!.roles.some((r) => r === 'handler' || r === 'officeHead') ? html`<p><a class="btn" href="/applications/new">登记申请</a></p>` : ''}
<form method="get" action="/applications" class="filters card">
<div><label for="status">状态</label><select id="status" name="status"><option value="">全部</option>${(['open', 'closed'] as const).map((s) => html`<option value="${s}" ${f.status === s ? 'selected' : ''}>${s === 'open' ? '办理中' : '已办结'}</option>`)}</select></div>
<div><label for="handler">承办人</label><select id="handler" name="handler"><option value="">全部</option>${handlers.map((u) => html`<option value="${u.id}" ${f.handler === u.id ? 'selected' : ''}>${u.name}</option>`)}</select></div>
<div><label for="dueBefore">期限不晚于</label><input type="date" id="dueBefore" name="dueBefore" value="${f.dueBefore ?? ''}"></div>
<div><label for="applicant">申请人类型</label><select id="applicant" name="applicant"><option value="">全部</option>${applicantKinds.map((k) => html`<option value="${k}" ${f.applicant === k ? 'selected' : ''}>${applicantColumnLabels[k]}</option>`)}</select></div>
<div><label for="outcome">答复结果</label><select id="outcome" name="outcome"><option value="">全部</option>${outcomes.map((o) => html`<option value="${o.key}" ${f.outcome === o.key ? 'selected' : ''}>${outcomeGroupLabels[o.group]}${o.label ? ` ${o.label}` : ''}</option>`)}</select></div>
<div><button type="submit">筛选</button></div></form>
<p class="muted">共 ${total} 件，第 ${f.page}/${pages} 页</p>
<table id="applications"><tr><th>登记号</th><th>收到日期</th><th>申请人</th><th>申请内容</th><th>环节</th><th>承办人</th><th>答复期限</th><th>状态</th></tr>
${rows.map((a) => html`<tr><td><a href="/applications/${a.id}">${a.id}</a></td><td>${a.received_date}</td><td>${a.applicant_name}<div class="muted">${applicantColumnLabels[a.applicant_column as keyof typeof applicantColumnLabels] ?? a.applicant_column}</div></td>
<td>${a.content.slice(0, 60)}</td><td>${STAGE_LABEL[a.stage] ?? a.stage}</td><td>${a.handler ?? '—'}</td><td>${dueText(a.due_date)}</td><td>${a.status === 'open' ? dueBadge(a.due_date, now, cal) : html`<span class="badge b-none">已办结</span>`}</td></tr>`)}</table>
<p>${f.page > 1 ? html`<a href="/applications${qs(f.page - 1)}">上一页</a>` : ''} ${f.page < pages ? html`<a href="/applications${qs(f.page + 1)}">下一页</a>` : ''}</p>`));
  });

  app.get('/applications/new', async (req, reply) => {
    await requireRole(req, db, ctx.now, ['handler', 'officeHead'], 'application.register');
    const today = shanghaiDate(ctx.now());
    return sendPage(reply, ctx.page(req, '登记申请', html`<h1>登记政府信息公开申请</h1>
<form method="post" action="/applications" class="card">${csrfField(req.session!.csrf)}
<label for="channel">申请方式</label><select id="channel" name="channel">${Object.entries(CHANNEL_LABEL).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select>
<label for="submittedOn">提交日期</label><input type="date" id="submittedOn" name="submittedOn" value="${today}" required>
<label for="confirmedOn">确认收到日期（平信、网上、传真）</label><input type="date" id="confirmedOn" name="confirmedOn">
<label for="signedOn">签收日期（挂号）</label><input type="date" id="signedOn" name="signedOn">
<label for="applicantType">申请人类型</label><select id="applicantType" name="applicantType"><option value="naturalPerson">自然人</option><option value="organisation">法人或其他组织</option></select>
<label for="orgType">组织类别（法人）</label><select id="orgType" name="orgType"><option value="commercial">商业企业</option><option value="research">科研机构</option><option value="publicInterest">社会公益组织</option><option value="legalService">法律服务机构</option><option value="otherOrg">其他</option></select>
<label for="name">申请人姓名/名称</label><input type="text" id="name" name="name" required>
<label for="idNumber">证件号码</label><input type="text" id="idNumber" name="idNumber" required>
<label for="phone">联系电话</label><input type="text" id="phone" name="phone"><label for="address">通信地址</label><input type="text" id="address" name="address">
<label for="email">电子邮箱</label><input type="text" id="email" name="email">
<label for="content">所需信息的描述</label><textarea id="content" name="content" required></textarea>
<label for="purpose">用途（可选）</label><input type="text" id="purpose" name="purpose">
<label for="delivery">获取方式</label><select id="delivery" name="delivery"><option value="post">邮寄</option><option value="collect">自行领取</option><option value="email">电子邮件</option></select>
<p><button type="submit">登记</button></p></form>`));
  });

  app.post('/applications', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, ['handler', 'officeHead'], 'application.register');
    const f = formBody(intakeForm, req.body);
    const applicant = f.applicantType === 'naturalPerson'
      ? { type: 'naturalPerson', name: f.name, idDocument: { number: f.idNumber }, phone: blank(f.phone), address: blank(f.address), email: blank(f.email) }
      : { type: 'organisation', orgType: f.orgType, name: f.name, idDocument: { number: f.idNumber }, phone: blank(f.phone), address: blank(f.address), email: blank(f.email) };
    const intake = formBody(intakeSchema, {
      channel: f.channel, submittedOn: f.submittedOn, confirmedOn: blank(f.confirmedOn), signedOn: blank(f.signedOn), applicant, content: f.content,
      purpose: blank(f.purpose), delivery: blank(f.delivery),
    });
    const { id } = await ctx.backend.registerApplication(intake, user.id);
    return reply.redirect(flashUrl(`/applications/${id}`, 'application.registered'), 303);
  });

  app.get<{ Params: { id: string } }>('/applications/:id', async (req, reply) => {
    const user = await requireRole(req, db, ctx.now, APPLICATION_READERS, 'application.read', { kind: 'application', id: req.params.id });
    const a = await getApplication(db, req.params.id);
    if (!a) throw new HttpError(404, 'not_found', '没有这件申请');
    const [s, events, docs, cal] = await Promise.all([ctx.backend.applicationState(a.id), applicationEvents(db, a.id), applicationDocuments(db, a.id), ctx.calendar()]);
    const now = ctx.now();
    const csrf = req.session!.csrf;
    const isHandler = s?.handler === user.id;
    const open = a.status === 'open' && s?.stage !== 'closed';
    const actions = [];
    if (open && s && !s.handler && user.roles.includes('handler')) actions.push(actionButton(`/applications/${a.id}/claim`, '认领', csrf));
    if (open && s && isHandler && s.stage === 'handling' && !s.correction) {
      actions.push(html`<form method="post" action="/applications/${a.id}/correction" class="card" id="correction">${csrfField(csrf)}<h2>补正告知（条例第三十条）</h2>
<label for="items">需补正的事项（一次性告知，每行一项）</label><textarea id="items" name="items" required></textarea>
<label for="periodWorkdays">补正期限（工作日）</label><input type="number" id="periodWorkdays" name="periodWorkdays" value="15" min="1" max="30"><p><button type="submit">发出补正告知</button></p></form>`);
    }
    if (open && s && isHandler && s.stage === 'awaitingCorrection') {
      actions.push(html`<form method="post" action="/applications/${a.id}/correctionReceived" class="card">${csrfField(csrf)}<h2>收到补正材料</h2><label for="cdate">收到日期</label><input type="date" id="cdate" name="date"><p><button type="submit">登记补正</button></p></form>`);
    }
    if (open && s && isHandler && s.stage === 'handling' && !s.extension) {
      actions.push(html`<form method="post" action="/applications/${a.id}/extension" class="card">${csrfField(csrf)}<h2>申请延期（条例第三十三条第二款）</h2><label for="ereason">延期理由</label><input type="text" id="ereason" name="reason" required><label for="ework">延长工作日</label><input type="number" id="ework" name="workdays" value="20" min="1" max="20"><p><button type="submit" class="secondary">申请延期</button></p></form>`);
    }
    if (open && s?.extension?.decision === 'pending' && user.roles.includes('officeHead')) {
      actions.push(html`<form method="post" action="/applications/${a.id}/decideExtension" class="card">${csrfField(csrf)}<h2>审批延期</h2><p>${s.extension.reason}（${s.extension.workdays} 个工作日）</p>
<select name="approve"><option value="yes">同意</option><option value="no">不同意</option></select><input type="text" name="note" placeholder="意见"><p><button type="submit">提交</button></p></form>`);
    }
    if (open && s && isHandler && s.stage === 'handling') {
      actions.push(html`<form method="post" action="/applications/${a.id}/decide" class="card" id="decide">${csrfField(csrf)}<h2>作出答复决定</h2>
<label for="outcome">答复类型</label><select id="outcome" name="outcome">${outcomes.map((o) => html`<option value="${o.key}">${outcomeGroupLabels[o.group]}${o.label ? ` ${o.label}` : ''}</option>`)}</select>
<label for="legalBasis">法律依据</label><input type="text" id="legalBasis" name="legalBasis" value="条例第三十六条第（二）项">
<label for="reasons">理由</label><textarea id="reasons" name="reasons"></textarea>
<label for="provision">提供方式（予以公开时）</label><input type="text" id="provision" name="provision">
<p><button type="submit">提交决定</button></p></form>`);
    }
    if (open && s && (isHandler || user.roles.includes('officeHead')) && s.stage === 'awaitingDelivery') {
      actions.push(html`<form method="post" action="/applications/${a.id}/delivery" class="card">${csrfField(csrf)}<h2>登记送达</h2><select name="method"><option value="signed">签收</option><option value="posted">邮寄</option><option value="email">电子邮件</option><option value="onSite">当场</option></select><input type="date" name="date"><p><button type="submit">登记送达</button></p></form>`);
    }
    const clock = s?.clock;
    const { applicant: who, unmasked } = await applicantForViewer(db, a, user, now);
    return sendPage(reply, ctx.page(req, a.id, html`<h1>申请 ${a.id}</h1>
<div class="card"><b>申请人：</b>${a.applicant_name}（${applicantColumnLabels[a.applicant_column as keyof typeof applicantColumnLabels] ?? a.applicant_column}）
&#12288;<b>方式：</b>${CHANNEL_LABEL[a.channel] ?? a.channel}&#12288;<b>收到日期：</b>${a.received_date}
&#12288;<b>环节：</b>${STAGE_LABEL[s?.stage ?? a.stage] ?? a.stage}&#12288;<b>承办人：</b>${s?.handler ?? a.handler ?? '未分派'}
&#12288;<b>答复期限：</b>${clock?.due ?? a.due_date ?? '—'} ${a.status === 'open' ? dueBadge(clock?.due ?? a.due_date, now, cal) : ''}
${a.outcome && isOutcomeKey(a.outcome) ? html`<div><b>答复结果：</b>${outcomeGroupLabels[outcome(a.outcome).group]} ${outcome(a.outcome).label ?? ''}</div>` : ''}
${JSON.parse(a.possible_duplicates).length ? html`<div class="flash err">可能重复的申请：${(JSON.parse(a.possible_duplicates) as string[]).join('、')}</div>` : ''}</div>
<div class="card" id="applicant"><b>证件号码：</b>${who.idNumber}&#12288;<b>电话：</b>${who.phone ?? '—'}&#12288;<b>地址：</b>${who.address ?? '—'}&#12288;<b>电子邮箱：</b>${who.email ?? '—'}
${unmasked ? html`<p class="muted">本次查看已记入审计日志。</p>` : html`<p class="muted">个人信息已遮蔽：仅政务公开办公室可查看完整信息。</p>`}</div>
<h2>申请内容</h2><pre class="body">${a.content}</pre>
<h2>可执行的操作</h2>${actions.length ? actions : html`<p class="muted">当前没有您可执行的操作。</p>`}
<h2>期限计算说明</h2>${clock ? html`<p>状态：${clock.state}，剩余工作日：${clock.workdaysLeft ?? '—'}${clock.provisional ? '（含未公布的节假日安排，暂定）' : ''}</p>
<table id="clock"><tr><th>日期</th><th>依据</th><th>说明</th></tr>${clock.steps.map((st) => html`<tr><td>${st.date}</td><td>${st.article}</td><td>${st.warning ? '⚠ ' : ''}${st.text}</td></tr>`)}</table>` : html`<p class="muted">流程状态暂不可读。</p>`}
${s?.deadlineChanges.length ? html`<h2>期限变更</h2><table><tr><th>日期</th><th>原因</th><th>原期限</th><th>新期限</th><th>日历版本</th></tr>${s.deadlineChanges.map((c) => html`<tr><td>${c.date}</td><td>${c.reason}</td><td>${c.from ?? '—'}</td><td>${c.to ?? '—'}</td><td>${c.calendarVersion}</td></tr>`)}</table>` : ''}
<h2>办理步骤</h2><table><tr><th>日期</th><th>操作人</th><th>操作</th><th>说明</th></tr>${(s?.steps ?? []).map((st) => html`<tr><td>${st.date}</td><td>${st.actor}</td><td>${st.action}</td><td>${st.detail ?? ''}</td></tr>`)}</table>
<h2>文书</h2><table><tr><th>类型</th><th>文件</th><th>SHA-256</th><th>时间</th></tr>${docs.map((d) => html`<tr><td>${documentKindName(d.kind)}</td><td>${d.path}</td><td><code>${d.sha256.slice(0, 16)}…</code></td><td>${dueText(d.created_at)}</td></tr>`)}</table>
<h2>登记簿事件</h2><table><tr><th>日期</th><th>事件</th><th>操作人</th></tr>${events.map((e) => html`<tr><td>${e.date}</td><td>${e.type}</td><td>${e.actor}</td></tr>`)}</table>`));
  });

  for (const action of Object.keys(actionBodies) as (keyof typeof actionBodies)[]) {
    app.post<{ Params: { id: string } }>(`/applications/:id/${action}`, async (req, reply) => {
      const id = req.params.id;
      const user = await requireRole(req, db, ctx.now, ACTION_ROLES[action], `application.${action}`, { kind: 'application', id });
      if (!(await getApplication(db, id))) throw new HttpError(404, 'not_found', '没有这件申请');
      await applicationAction(ctx, id, user.id, action, req.body);
      return reply.redirect(flashUrl(`/applications/${id}`, `application.${action}`), 303);
    });
  }
}

export type ApplicationAction = keyof typeof actionBodies;
export const applicationActionBodies = actionBodies;
export const applicationActionRoles = ACTION_ROLES;

/** Validates the body of an application action and sends the matching update; refusals come back as 403/409/422. */
export async function applicationAction(ctx: Ctx, id: string, actor: string, action: ApplicationAction, body: unknown): Promise<void> {
  try {
    await send(ctx, id, actor, action, body);
  } catch (e) {
    if (e instanceof HttpError && [403, 409, 422].includes(e.statusCode)) {
      await auditWeb(ctx.services.db, { at: ctx.now(), actor, subjectKind: 'application', subjectId: id, action: `application.${action}`, outcome: 'refused', detail: e.message });
    }
    throw e;
  }
}

async function send(ctx: Ctx, id: string, actor: string, action: ApplicationAction, body: unknown): Promise<void> {
  const b = ctx.backend;
  const date = (d: string | undefined) => (d ? d : undefined);
  switch (action) {
    case 'claim':
      formBody(actionBodies.claim, body);
      await b.applicationAct(id, m.claimUpdate, { actor });
      return;
    case 'correction': {
      const f = formBody(actionBodies.correction, body);
      await b.applicationAct(id, m.requestCorrectionUpdate, { actor, items: f.items.split('\n').map((s) => s.trim()).filter(Boolean), periodWorkdays: f.periodWorkdays });
      return;
    }
    case 'correctionReceived': {
      const f = formBody(actionBodies.correctionReceived, body);
      await b.applicationAct(id, m.correctionReceivedUpdate, { actor, date: date(f.date) });
      return;
    }
    case 'extension': {
      const f = formBody(actionBodies.extension, body);
      await b.applicationAct(id, m.requestExtensionUpdate, { actor, reason: f.reason, workdays: f.workdays });
      return;
    }
    case 'decideExtension': {
      const f = formBody(actionBodies.decideExtension, body);
      await b.applicationAct(id, m.decideExtensionUpdate, { actor, approve: f.approve === 'yes', note: f.note });
      return;
    }
    case 'decide': {
      const f = formBody(actionBodies.decide, body);
      await b.applicationAct(id, m.decideUpdate, { actor, decision: { outcome: f.outcome, legalBasis: f.legalBasis, reasons: f.reasons, provision: f.provision || undefined } });
      return;
    }
    case 'delivery': {
      const f = formBody(actionBodies.delivery, body);
      await b.applicationAct(id, m.recordDeliveryUpdate, { actor, method: f.method, date: date(f.date) });
      return;
    }
  }
}
