// The worker bundles this file: every workflow type is exported here under its durable name.
export { scheduledNotice } from './notify/scheduledNotice';
export { reviewItem } from './review/reviewItem';
export { handleApplication } from './application/handleApplication';
export { assembleAnnualReport } from './report/assembleAnnualReport';
export { launchAnnualReport } from './report/launchAnnualReport';
export { retractPublished } from './review/retractPublished';
