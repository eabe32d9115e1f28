import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/**
 * Email (attempts unlimited within the day): SMTP outages are retried for up to a day (backing off to 10 minutes); a malformed message is not.
 * The activity is idempotent by Message-ID, so retries never send twice.
 */
export const mailOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['InvalidEmail', 'NoWorkflow'],
  },
  scheduleToCloseTimeout: '1 day',
};

/** Register writes and reads: the database may be briefly away; retry quickly, without end. */
export const registerOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['NotFound', 'Invalid'],
  },
};

/**
 * Register reads and writes as local activities (issue 16): quick and idempotent, so the worker runs them beside
 * the workflow task instead of through the server: one marker event instead of three, and no extra workflow task.
 * Retried as `registerOptions`; a longer outage backs off on a timer.
 */
export const localRegisterOptions: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: registerOptions.retry,
};
