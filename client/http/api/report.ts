import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reportRenderers } from '../../../activities/report';
import { checkReport, failureText } from '../../../domain/report';
import { listReports } from '../../../register/report';
import { editArgs } from '../../../workflows/report/definitions';
import { HttpError, requireRole } from '../auth';
import { framableDocument } from '../framable';
import type { Ctx } from '../ctx';
import { errors, wire } from './schemas';

/** Reviewers read it too: the report's review (初审 … 主要负责人审签) is done on the report's page. */
const READERS = ['handler', 'officeHead', 'supervisor', 'admin', 'reviewer'] as const;
/** Who may fill in the manual sections at the web layer; the workflow checks that it is the report's editor. */
const EDITORS = ['handler', 'officeHead', 'admin'] as const;
const yearParams = z.object({ year: z.coerce.number().int().min(2008).max(2100).describe('报告年度') });
const formatParams = yearParams.extend({ format: z.enum(['docx', 'html', 'md']) });
const fileParams = yearParams.extend({ format: z.enum(['docx', 'html']).describe('文件格式') });

const failureSchema = z.object({ check: z.string(), text: z.string() });
const viewSchema = z.looseObject({
  state: z.enum(['assembling', 'awaitingInput', 'review', 'publishing', 'published']), year: z.number(), dueDate: z.string(),
  section1Counts: z.record(z.string(), z.number()), missing: z.array(z.string()), notice: z.string().nullable(),
  reviewItemId: z.string().nullable(), publishedAt: z.string().nullable(), failures: z.array(failureSchema),
  files: z.array(z.looseObject({ format: z.string() })), data: z.unknown(),
}).meta({ id: 'ReportView' });
const rowSchema = z.object({ year: z.number(), format: z.string(), state: z.string(), dueDate: z.string(), publishedAt: z.string().nullable(), failures: z.number() });
const { section1, section2, section2Csv, section5, section6, date } = editArgs.shape;
/** The workflow's edit arguments without the actor (the session's user is the actor); the workflow checks them again. */
const sectionsBody = z.object({ section1, section2, section2Csv, section5, section6, date }).refine((a) => !(a.section2 && a.section2Csv), { message: '第二部分请只给 section2（JSON）或 section2Csv 之一', path: ['section2Csv'] });
const TYPES = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8' } as const;

/** The annual report (条例 第四十九条、第五十条): start, the manual sections, submission, sign-off, renderings. */
export const reportRoutes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { db } = ctx.services;
  const state = async (year: number) => {
    const v = await ctx.backend.reportView(year);
    if (!v) throw new HttpError(404, 'not_found', `${year} 年度报告尚未开始`);
    return v;
  };
  const view = async (year: number) => {
    const v = await state(year);
    return { ...v, failures: v.failures.map((f) => ({ check: f.check, text: failureText(f) })) };
  };

  app.get('/api/reports', {
    schema: { summary: '各年度报告及其状态', tags: ['年度报告'], response: { 200: z.object({ reports: z.array(rowSchema) }), ...errors } },
  }, async (req) => {
    await requireRole(req, db, ctx.now, READERS, 'report.read');
    return { reports: await listReports(db) };
  });

  app.get('/api/reports/:year', {
    schema: { summary: '一个年度的报告：状态、待填写部分、校验结果、文件', tags: ['年度报告'], params: yearParams, response: { 200: viewSchema, ...errors } },
  }, async (req) => {
    await requireRole(req, db, ctx.now, READERS, 'report.read', { kind: 'report', id: String(req.params.year) });
    return wire(viewSchema, await view(req.params.year));
  });

  app.post('/api/reports/:year/start', {
    schema: {
      summary: '开始编制年度报告（每年一份；已开始的返回 started: false）', tags: ['年度报告'], params: yearParams,
      body: z.object({ editor: z.string().min(1).max(64).optional().describe('填写人，缺省为 REPORT_EDITOR') }),
      response: { 200: z.object({ workflowId: z.string(), started: z.boolean() }), ...errors },
    },
  }, async (req) => {
    await requireRole(req, db, ctx.now, ['officeHead', 'admin'], 'report.start', { kind: 'report', id: String(req.params.year) });
    return ctx.backend.reportStart(req.params.year, req.body.editor);
  });

  app.post('/api/reports/:year/sections', {
    schema: {
      summary: '填写人工部分：一、总体情况，二（JSON 或 CSV），五、六', tags: ['年度报告'], params: yearParams,
      body: sectionsBody, response: { 200: viewSchema, ...errors },
    },
  }, async (req) => {
    const user = await requireRole(req, db, ctx.now, EDITORS, 'report.edit', { kind: 'report', id: String(req.params.year) });
    await ctx.backend.reportEdit(req.params.year, { ...req.body, actor: user.id });
    return wire(viewSchema, await view(req.params.year));
  });

  app.post('/api/reports/:year/submit', {
    schema: { summary: '送审（有未填写部分或校验不通过时 409）', tags: ['年度报告'], params: yearParams, body: z.object({}), response: { 200: viewSchema, ...errors } },
  }, async (req) => {
    const user = await requireRole(req, db, ctx.now, EDITORS, 'report.submit', { kind: 'report', id: String(req.params.year) });
    await ctx.backend.reportSubmit(req.params.year, user.id);
    return wire(viewSchema, await view(req.params.year));
  });

  app.post('/api/reports/:year/signoff', {
    schema: {
      summary: '机关负责人审定：同意发布，或退回并说明理由', tags: ['年度报告'], params: yearParams,
      body: z.object({ approve: z.boolean(), reason: z.string().max(2000).optional() }), response: { 200: viewSchema, ...errors },
    },
  }, async (req) => {
    // The agency head (主要负责人, group agency-head) is a reviewer: the workflow checks the group.
    const user = await requireRole(req, db, ctx.now, ['reviewer', 'officeHead', 'supervisor', 'admin'], 'report.signOff', { kind: 'report', id: String(req.params.year) });
    await ctx.backend.reportSignOff(req.params.year, { actor: { id: user.id, groups: user.groups }, ...req.body });
    return wire(viewSchema, await view(req.params.year));
  });

  app.get('/api/reports/:year/render/:format', {
    schema: {
      summary: '按国家格式生成报告（DOCX、HTML 预览或 Markdown）；校验未通过时为草稿', tags: ['年度报告'], params: formatParams,
      response: {
        200: { description: '报告文件', content: Object.fromEntries(Object.values(TYPES).map((t) => [t.split(';')[0], { schema: z.string() }])) },
        ...errors,
      },
    },
  }, async (req, reply) => {
    await requireRole(req, db, ctx.now, READERS, 'report.render', { kind: 'report', id: String(req.params.year) });
    const v = await state(req.params.year);
    if (!v.data) throw new HttpError(409, 'not_ready', `${req.params.year} 年度报告的数据尚未汇总`);
    const draft = checkReport(v.data).length > 0;
    const out = await reportRenderers[req.params.format](v.data, { draft });
    const name = `report-${req.params.year}${draft ? '-draft' : ''}.${req.params.format}`;
    void reply.type(TYPES[req.params.format]);
    // The HTML is the preview (shown inline); the others are downloads.
    if (req.params.format !== 'html') void reply.header('content-disposition', `attachment; filename="${name}"`);
    else framableDocument(reply); // the console shows it in a frame, as it will print
    return reply.send(out as never);
  });

  app.get('/api/reports/:year/files/:format', {
    schema: {
      summary: '下载审定后发布的报告文件（DOCX 或 HTML），即网站上公布的文本；发布前 404', tags: ['年度报告'], params: fileParams,
      response: {
        200: { description: '报告文件', content: { [TYPES.docx]: { schema: z.string() }, 'text/html': { schema: z.string() } } },
        ...errors,
      },
    },
  }, async (req, reply) => {
    await requireRole(req, db, ctx.now, READERS, 'report.download', { kind: 'report', id: String(req.params.year) });
    const v = await state(req.params.year);
    const file = v.files.find((f) => f.format === req.params.format);
    const root = path.resolve(ctx.services.config.DATA_DIR);
    const full = file ? path.resolve(root, file.path) : undefined;
    // Only a file the report names, and only under DATA_DIR.
    if (!full || !full.startsWith(root + path.sep) || !fs.existsSync(full)) throw new HttpError(404, 'not_found', `${req.params.year} 年度报告尚未审定发布，没有可下载的文件`);
    return reply.type(TYPES[req.params.format]).header('content-disposition', `attachment; filename="report-${req.params.year}.${req.params.format}"`).send(fs.createReadStream(full) as never);
  });
};
