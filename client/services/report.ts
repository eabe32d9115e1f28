/**
 * The annual report seen from outside Temporal: the data assembled from the register (CLI `report data`),
 * and starting and driving assembleAnnualReport (CLI, HTTP API, console).
 */
import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { reportEditor, type Config } from '../../config';
import type { ReportFormat } from '../../domain/outcomes';
import { reportDeadline } from '../../domain/report';
import type { Register } from '../../register/db';
import { assembleFromRegister, type AssembledReport } from '../../register/report';
import type { assembleAnnualReport } from '../../workflows/report/assembleAnnualReport';
import {
  editReportUpdate, reportStateQuery, reportWorkflowId, signOffUpdate, submitReportUpdate,
  type AssembleAnnualReportInput, type EditArgs, type ReportView, type SignOffArgs,
} from '../../workflows/report/definitions';
import type { Services } from '../context';
import { section2FromCsv } from './reportCsv';

/** The report data of `year` from the register, manual sections as empty strings (docs/report-data.md). */
export async function reportDataFromRegister(db: Register, config: Config, year: number, format?: ReportFormat): Promise<AssembledReport> {
  return assembleFromRegister(db, { agency: config.AGENCY_NAME, year, format: format ?? config.REPORT_FORMAT });
}

/** The workflow input for `year` from the configuration (deadline by agency kind and local date; the editor given or REPORT_EDITOR). */
export function reportInput(config: Config, year: number, editor?: string): AssembleAnnualReportInput {
  return {
    agencyCode: config.AGENCY_CODE,
    agency: config.AGENCY_NAME,
    year,
    format: config.REPORT_FORMAT,
    editor: editor ?? reportEditor(config),
    dueDate: reportDeadline(year, config.REPORT_AGENCY_KIND, config.REPORT_DEADLINE),
  };
}

export function reportHandle(s: Services, year: number): WorkflowHandle<typeof assembleAnnualReport> {
  return s.temporal.workflow.getHandle<typeof assembleAnnualReport>(reportWorkflowId(s.config.AGENCY_CODE, year));
}

/** Starts the report of `year` by hand; one per agency and year, so a second start returns the running one. */
export async function startAnnualReport(s: Services, year: number, editor?: string): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = reportWorkflowId(s.config.AGENCY_CODE, year);
  try {
    await s.temporal.workflow.start<typeof assembleAnnualReport>('assembleAnnualReport', { taskQueue: s.config.TEMPORAL_TASK_QUEUE, workflowId, args: [reportInput(s.config, year, editor)] });
    return { workflowId, started: true };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw e;
  }
}

export const reportState = (s: Services, year: number): Promise<ReportView> => reportHandle(s, year).query(reportStateQuery);
/** Section 二 given as CSV is read here, at the edge, and reaches the workflow as JSON. */
export async function editReport(s: Services, year: number, args: EditArgs): Promise<ReportView> {
  const handle = reportHandle(s, year);
  if (args.section2Csv === undefined) return handle.executeUpdate(editReportUpdate, { args: [args] });
  const { section2Csv, ...rest } = args;
  if (args.section2) throw new RangeError('section2 与 section2Csv 只能提交其中一项');
  const format = (await handle.query(reportStateQuery)).data?.format ?? s.config.REPORT_FORMAT;
  return handle.executeUpdate(editReportUpdate, { args: [{ ...rest, section2: section2FromCsv(section2Csv, format) }] });
}
export const submitReport = (s: Services, year: number, actor: string): Promise<ReportView> => reportHandle(s, year).executeUpdate(submitReportUpdate, { args: [{ actor }] });
export const signOffReport = (s: Services, year: number, args: SignOffArgs): Promise<ReportView> => reportHandle(s, year).executeUpdate(signOffUpdate, { args: [args] });
