/**
 * A year of register for the annual report's section 一: published items in two columns (three of them reviewed,
 * submitted 10, 20 and 40 hours before publication, one returned once and one retracted), applications (one carried
 * over, one still open, one answered late), a fee notice paid, and a reconsideration upheld. `expected` is what the
 * register holds, written down from the rows below, not computed by the code under test.
 */
import type { Register } from '../../register/db';
import { insertCases, insertPublications } from '../../bench/reportSeed';

export async function seedReportYear(db: Register, year: number, prefix: string) {
  await insertPublications(db, year, { 工作动态: 3, 通知公告: 2 }, prefix);
  const published = await db.selectFrom('publications').select(['item_id', 'published_at']).where('item_id', 'like', `${prefix}-工作动态-%`).orderBy('item_id').execute();
  const hoursBefore = [10, 20, 40];
  for (const [i, p] of published.entries()) {
    const created = new Date(Date.parse(p.published_at) - hoursBefore[i] * 3_600_000).toISOString();
    await db.insertInto('review_items').values({
      id: p.item_id, title: `t${i}`, category: '工作动态', author: 'zhang.wei', section: '办公室', column_name: '工作动态', status: 'published',
      stage: null, holder: null, current_version: 1, current_hash: '0'.repeat(64), due: null, created_at: created, updated_at: p.published_at,
    }).execute();
  }
  // One return to the author during review (a 复审 reject), in the middle of the year, Beijing time.
  await db.insertInto('audit_log').values({
    id: `${prefix}-reject`, at: `${year}-06-01T02:00:00.000Z`, actor: 'li.na', subject_kind: 'item', subject_id: published[1].item_id,
    action: 'reject', outcome: 'done', detail: 'second → author: 请修改', before: null, after: null,
  }).execute();
  await db.updateTable('publications').set({ retracted_at: `${year}-09-01T02:00:00.000Z`, retract_reason: '信息有误' }).where('item_id', '=', published[2].item_id).execute();

  const ids = await insertCases(db, [
    { applicantColumn: 'naturalPerson', receivedDate: `${year - 1}-12-20`, closedDate: `${year}-01-10`, outcome: 'granted' },
    { applicantColumn: 'naturalPerson', receivedDate: `${year}-03-02`, closedDate: `${year}-03-20`, outcome: 'granted' },
    { applicantColumn: 'commercial', receivedDate: `${year}-06-10`, closedDate: `${year}-08-01`, outcome: 'unavailable.notHeld' },
    { applicantColumn: 'naturalPerson', receivedDate: `${year}-12-20`, closedDate: null, outcome: null },
  ], prefix.toUpperCase());
  // Due dates: the first two answered in time, the third late.
  await db.updateTable('applications').set({ due_date: `${year}-01-20` }).where('id', '=', ids[0]).execute();
  await db.updateTable('applications').set({ due_date: `${year}-03-30` }).where('id', '=', ids[1]).execute();
  await db.updateTable('applications').set({ due_date: `${year}-07-08` }).where('id', '=', ids[2]).execute();
  // 100 元 noticed and paid; a second notice of 200 元 never paid is not income.
  const event = (id: string, applicationId: string, date: string, type: string, detail: unknown) =>
    db.insertInto('application_events').values({ id, application_id: applicationId, at: `${date}T02:00:00.000Z`, date, type, actor: 'liu.yang', detail: detail === null ? null : JSON.stringify(detail) }).execute();
  await event(`${prefix}-fee-1`, ids[1], `${year}-03-05`, 'feeNoticeIssued', { amount: 100, basis: '按件计收' });
  await event(`${prefix}-fee-2`, ids[1], `${year}-03-09`, 'feePaid', null);
  await event(`${prefix}-fee-3`, ids[2], `${year}-06-15`, 'feeNoticeIssued', { amount: 200, basis: '按件计收' });
  await db.insertInto('appeals').values({ id: `${prefix}-appeal`, application_id: ids[2], kind: 'reconsideration', filed_date: `${year}-08-20`, concluded_date: `${year}-10-01`, result: 'upheld', note: null }).execute();

  return {
    ids,
    expected: {
      publishedByColumn: { 工作动态: 3, 通知公告: 2 }, publishedTotal: 5, medianHours: { 工作动态: 20, 通知公告: null },
      received: 3, carriedOver: 1, concluded: 3, onTime: 2, carriedForward: 1,
      reconsideration: 1, upheld: 1, litigation: 0, reviewed: 3, returned: 1, retracted: 1, feesYuan: 100, channels: ['portal.test'],
    },
  };
}
