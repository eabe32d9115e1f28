import type { Calendar } from '../domain/calendar';
import { applicationWorkflowId } from './applications';
import type { Register } from './db';
import { userNames } from './org';

/**
 * Closed applications of `year` by the month they were answered: how many, how many on time (answered on or
 * before the due date, 条例 第三十三条), and the average working days from receipt to answer.
 */
export async function monthlyResults(db: Register, cal: Calendar, year: number) {
  const rows = await db.selectFrom('applications').select(['received_date', 'closed_date', 'due_date'])
    .where('status', '=', 'closed').where('closed_date', '>=', `${year}-01-01`).where('closed_date', '<=', `${year}-12-31`).execute();
  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, closed: 0, onTime: 0, workdays: 0 }));
  for (const r of rows) {
    const m = months[Number(r.closed_date!.slice(5, 7)) - 1];
    m.closed++;
    if (r.due_date && r.closed_date! <= r.due_date) m.onTime++;
    m.workdays += cal.workdaysBetween(r.received_date, r.closed_date!).workdays;
  }
  return months.map((m) => ({ month: m.month, closed: m.closed, onTimeRate: m.closed ? m.onTime / m.closed : null, avgWorkdays: m.closed ? m.workdays / m.closed : null }));
}

/**
 * The escalations the workflows sent to the supervisors (one per working day a case is overdue), newest first,
 * with whom the email went to (by name where the address is a user's), who holds the case now and what was
 * recorded on it since.
 */
export async function escalationHistory(db: Register, limit = 200) {
  const rows = await db.selectFrom('application_events').innerJoin('applications', 'applications.id', 'application_events.application_id')
    .select(['application_events.id', 'application_events.application_id as applicationId', 'application_events.at', 'application_events.date', 'application_events.detail', 'applications.handler', 'applications.stage', 'applications.status'])
    .where('application_events.type', '=', 'escalation').orderBy('application_events.at', 'desc').limit(limit).execute();
  const since = await Promise.all(rows.map((r) => db.selectFrom('application_events').select(['type', 'date', 'actor'])
    .where('application_id', '=', r.applicationId).where('at', '>', r.at).where('type', 'not in', ['escalation', 'reminder']).orderBy('at').execute()));
  // To whom: the escalation email the workflow sent just before it recorded the escalation (sent_emails).
  const mails = rows.length
    ? await db.selectFrom('sent_emails').select(['workflow_id', 'recipients', 'sent_at'])
      .where('template', '=', 'application-escalation').where('workflow_id', 'in', [...new Set(rows.map((r) => applicationWorkflowId(r.applicationId)))]).execute()
    : [];
  const byEmail = new Map((await db.selectFrom('users').select(['name', 'email']).execute()).map((u) => [u.email, u.name]));
  const recipientsOf = (r: (typeof rows)[number]) => {
    const limit = new Date(Date.parse(r.at) + 60_000).toISOString();
    const sent = mails.filter((m) => m.workflow_id === applicationWorkflowId(r.applicationId) && m.sent_at <= limit).sort((a, b) => b.sent_at.localeCompare(a.sent_at))[0];
    return sent ? sent.recipients.split(',').map((e) => e.trim()).filter(Boolean).map((e) => byEmail.get(e) ?? e) : [];
  };
  const names = await userNames(db, [...rows.map((r) => r.handler), ...since.flat().map((e) => e.actor)]);
  return rows.map((r, i) => {
    const d = r.detail ? (JSON.parse(r.detail) as { overdueWorkdays?: number; due?: string }) : {};
    return {
      id: r.id, applicationId: r.applicationId, at: r.at, date: r.date, overdueWorkdays: d.overdueWorkdays ?? null, due: d.due ?? null, recipients: recipientsOf(r),
      handler: r.handler, handlerName: r.handler ? (names.get(r.handler) ?? null) : null, stage: r.stage, status: r.status,
      since: since[i].map((e) => ({ type: e.type, date: e.date, actorName: names.get(e.actor) ?? (e.actor === 'system' ? '系统' : e.actor) })),
    };
  });
}
