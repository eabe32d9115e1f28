/**
 * Activities of assembleAnnualReport: assemble the data from the register, keep the reports row, resolve
 * who is reminded, render the review copy, and publish the report as HTML and DOCX.
 */
import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { section1DraftVars, type ReportData } from '../../domain/report';
import type { ReportFormat } from '../../domain/outcomes';
import { getUser, usersInGroup, usersWithRole } from '../../register/org';
import { assembleFromRegister, reportDataOfYear, saveReport, type AssembledReport, type ReportRecord } from '../../register/report';
import { answeredOnTime, narrativeFacts, publicationHosts, reviewFigures } from '../../register/reportFacts';
import { fillLetter } from '../application/letter';
import { writeAtomic } from '../../lib/files';
import { sha256 } from '../../lib/hash';
import type { ActivityDeps } from '..';
import { createPublishActivities } from '../publish';
import { siteDir } from '../publish/site';
import { renderDocx, renderHtml, renderMarkdown } from '../report';

/** The agency's wording of the section 一 draft (templates/report/section1.txt). */
export const reportTemplateDir = path.resolve(__dirname, '../../templates/report');

/** The editor's office, reminded when the named editor is not in the register (or inactive). */
export const REPORT_FALLBACK_GROUP = 'disclosure-office';


export function createAnnualReportActivities(deps: ActivityDeps) {
  const publish = createPublishActivities(deps);
  return {
    /**
     * Sections 一 (counts), 三 and 四 of `year` from the register, with a first draft of section 一's narrative from
     * the register's figures (the editor edits it like any other section) and the figures C8 checks the narrative
     * with; section 二, 五 and 六 empty. Read-only.
     */
    async assembleReportData(input: { agency: string; year: number; format: ReportFormat }): Promise<AssembledReport> {
      const assembled = await assembleFromRegister(deps.db, input);
      const [facts, onTime, review, channels] = await Promise.all([
        narrativeFacts(deps.db, input.year), answeredOnTime(deps.db, input.year), reviewFigures(deps.db, input.year), publicationHosts(deps.db, input.year),
      ]);
      const vars = section1DraftVars(assembled.data, { ...facts, ...review, onTime, channels });
      try {
        assembled.data.section1 = fillLetter('section1', vars, reportTemplateDir).join('\n\n');
      } catch (e) {
        // A template the agency broke must not hold up the report: the editor writes section 一 by hand.
        Context.current().log.warn('section 一 draft not written', { error: (e as Error).message });
      }
      return { ...assembled, facts };
    },

    /** Last year's report data of the agency from the reports table (published, or as last saved), null if none. Read-only: C4. */
    async previousReportData(input: { agencyCode: string; year: number }): Promise<ReportData | null> {
      return reportDataOfYear(deps.db, input.agencyCode, input.year);
    },

    /** Mirrors the workflow's report into the reports table (upsert by id: a retry writes the same row). */
    async saveReportRecord(record: ReportRecord): Promise<void> {
      await saveReport(deps.db, record, new Date().toISOString());
    },

    /** The emails of the editor (or, failing that, the disclosure office) and of the supervisors; the console's URL. */
    async reportContacts(input: { editor: string }): Promise<{ editor: string[]; supervisors: string[]; consoleUrl: string }> {
      const user = await getUser(deps.db, input.editor);
      const editor = user?.active ? [user.email] : (await usersInGroup(deps.db, REPORT_FALLBACK_GROUP)).map((u) => u.email);
      const supervisors = (await usersWithRole(deps.db, 'supervisor')).map((u) => u.email);
      return { editor, supervisors, consoleUrl: deps.config.publicUrl };
    },

    /** The copy the reviewers read: the report as Markdown (tables included). */
    async renderReportForReview(input: { data: ReportData }): Promise<string> {
      return renderMarkdown(input.data);
    },

    /**
     * Publishes the report: HTML and DOCX written under <DATA_DIR>/site/reports/ (whole-file, atomic, so a retry
     * writes the same bytes), then the HTML page through the publication adapter as an item of category
     * 政府信息公开年度报告 with the DOCX as attachment: next year's section 一 counts it.
     */
    async publishAnnualReport(input: { id: string; data: ReportData; title: string; column: string; section: string; publishedAt: string; version: number; hash: string }) {
      const { data } = input;
      if (data.year < 2008) throw ApplicationFailure.nonRetryable(`year ${data.year}`, 'Invalid');
      const dir = path.join(siteDir(deps.config.DATA_DIR), 'reports');
      // Heartbeats between the slow steps: a worker that dies here is noticed after the heartbeat timeout, not the
      // whole start-to-close timeout (the workflow sets both).
      const beat = () => (Context.current().info.heartbeatTimeoutMs ? Context.current().heartbeat() : undefined);
      const html = await renderHtml(data);
      beat();
      const docx = await renderDocx(data);
      beat();
      const base = deps.config.publicUrl.replace(/\/$/, '');
      const files = [
        { format: 'html' as const, path: path.join(dir, `${input.id}.html`), content: html },
        { format: 'docx' as const, path: path.join(dir, `${input.id}.docx`), content: docx },
      ].map((f) => {
        writeAtomic(f.path, f.content);
        return { format: f.format, path: f.path, url: `${base}/site/reports/${path.basename(f.path)}`, sha256: sha256(f.content) };
      });
      beat();
      const page = await publish.publishItem({
        itemId: input.id,
        version: input.version,
        hash: input.hash,
        title: input.title,
        body: html,
        format: 'html',
        attachments: files.map((f) => f.url),
        category: '政府信息公开年度报告',
        column: input.column,
        section: input.section,
        publishedAt: input.publishedAt,
      });
      return { files, url: page.url };
    },
  };
}
