/**
 * The Temporal Schedule that starts the annual report each January (条例 第四十九条): on REPORT_SCHEDULE_DAY
 * at 09:00 Beijing time it runs launchAnnualReport, which starts assembleAnnualReport for the year just ended.
 * Created at worker start-up, or updated when the configuration changed; idempotent.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { ConfigError, reportEditor, type Config } from '../config';
import type { LaunchAnnualReportInput } from '../workflows/report/launchAnnualReport';

export const annualReportScheduleId = (agencyCode: string) => `annual-report-${agencyCode}`;

export function annualReportSchedule(config: Config): ScheduleOptions {
  const input: LaunchAnnualReportInput = {
    agencyCode: config.AGENCY_CODE,
    agency: config.AGENCY_NAME,
    format: config.REPORT_FORMAT,
    editor: reportEditor(config),
    kind: config.REPORT_AGENCY_KIND,
    localDeadline: config.REPORT_DEADLINE,
  };
  return {
    scheduleId: annualReportScheduleId(config.AGENCY_CODE),
    spec: { calendars: [{ month: 'JANUARY', dayOfMonth: config.REPORT_SCHEDULE_DAY, hour: 9 }], timezone: 'Asia/Shanghai' },
    action: {
      type: 'startWorkflow',
      workflowType: 'launchAnnualReport',
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowId: `launch-${annualReportScheduleId(config.AGENCY_CODE)}`,
    },
    // A worker down on the day: still start within a week; never two launches at once.
    policies: { catchupWindow: '7 days', overlap: ScheduleOverlapPolicy.SKIP },
  };
}

/**
 * At start-up: the schedule created or updated, or, while REPORT_EDITOR is unset, not run at all (a report with
 * nobody to fill it in would only send reminders into the void). Returns the line start-up prints.
 */
export async function reportScheduleAtStartUp(client: Client, config: Config): Promise<string> {
  try {
    return `Temporal Schedule ${annualReportScheduleId(config.AGENCY_CODE)} ${await ensureAnnualReportSchedule(client, config)} (January ${config.REPORT_SCHEDULE_DAY}, 09:00 Beijing time)`;
  } catch (e) {
    if (e instanceof ConfigError) return `not scheduled: ${e.message}`;
    throw e;
  }
}

/** Creates the schedule, or brings an existing one in line with the configuration (a ConfigError without an editor). */
export async function ensureAnnualReportSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  const options = annualReportSchedule(config);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    await client.schedule.getHandle(options.scheduleId).update((prev) => ({ ...prev, spec: options.spec, action: options.action, policies: options.policies }));
    return 'updated';
  }
}
