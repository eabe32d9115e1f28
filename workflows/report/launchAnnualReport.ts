import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { beijingYear } from '../../domain/calendar/civil-date';
import type { ReportFormat } from '../../domain/outcomes';
import { assembleAnnualReport } from './assembleAnnualReport';
import { reportDeadline } from '../../domain/report';
import { reportWorkflowId } from './definitions';

export interface LaunchAnnualReportInput {
  agencyCode: string;
  agency: string;
  format: ReportFormat;
  editor: string;
  kind: 'department' | 'government';
  /** An earlier local due date, MM-DD (docs/report-data.md, "When it is due"). */
  localDeadline?: string;
  review?: 'reviewItem' | 'signOff';
}

/**
 * What the yearly Schedule starts (worker/schedules.ts): a Schedule cannot compute arguments or choose the
 * workflow ID, so this starts assembleAnnualReport for last year under its business ID report-<agency>-<year>
 * and ends; the report outlives it (ABANDON). Already started by hand: nothing to do.
 */
export async function launchAnnualReport(input: LaunchAnnualReportInput): Promise<{ workflowId: string; started: boolean }> {
  // The year that just ended, in Beijing time.
  const year = beijingYear(workflowInfo().startTime) - 1;
  const workflowId = reportWorkflowId(input.agencyCode, year);
  try {
    await startChild(assembleAnnualReport, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{
        agencyCode: input.agencyCode, agency: input.agency, year, format: input.format, editor: input.editor,
        dueDate: reportDeadline(year, input.kind, input.localDeadline), review: input.review,
      }],
    });
    return { workflowId, started: true };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw e;
  }
}
