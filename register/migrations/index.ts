import type { Migration } from 'kysely';
import * as m001 from './001_foundation';
import * as m002 from './002_org';
import * as m003 from './003_review';
import * as m004 from './004_applications';
import * as m005 from './005_report';
import * as m006 from './006_web';
import * as m007 from './007_calendar';
import * as m008 from './008_console_indexes';
import * as m009 from './009_external_ref_per_sender';
import * as m010 from './010_calendar_reach';
import * as m011 from './011_review_queue_order';

/**
 * Every migration, by name, in order. Names are permanent: a deployed migration is never edited,
 * a change is a new migration. Each concern adds its own file here.
 */
export const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_org': m002,
  '003_review': m003,
  '004_applications': m004,
  '005_report': m005,
  '006_web': m006,
  '007_calendar': m007,
  '008_console_indexes': m008,
  '009_external_ref_per_sender': m009,
  '010_calendar_reach': m010,
  '011_review_queue_order': m011,
};
