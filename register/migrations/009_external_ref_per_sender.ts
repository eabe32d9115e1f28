import { Kysely, sql } from 'kysely';

// A portal's externalRef is unique per sender (issue 13, finding 6): the column now holds `<created_by>|<ref>`
// (register/applications.ts scopedExternalRef). References stored before were one namespace for every key; each
// is rewritten under the actor that registered it, so a retry of an old request still finds its application.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update applications set external_ref = created_by || '|' || external_ref where external_ref is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update applications set external_ref = substr(external_ref, length(created_by) + 2) where external_ref is not null`.execute(db);
}
