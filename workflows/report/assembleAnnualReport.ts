import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, executeChild, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import { parseInChinese } from '../../domain/issues';
import { endOfBeijingDay, shanghaiDate } from '../../domain/calendar/civil-date';
import {
  alarmPlan, applyEdit, checkReport, formatFailure, missingPartName, missingParts, reportTitle, type Alarm, type NarrativeFacts, type ReportData,
} from '../../domain/report';
import { sha256Hex } from '../../domain/review/sha256';
import { dueAttr, kindAttr, statusAttr } from '../searchAttributes';
import { mailOptions, registerOptions } from '../activityOptions';
import type { ReviewResult } from '../review/definitions';
import {
  editArgs, editReportUpdate, INVALID, REFUSED, REPORT_CATEGORY, reportInputSchema,
  reportStateQuery, signOffArgs, signOffUpdate, submitArgs, submitReportUpdate,
  type AssembleAnnualReportInput, type PublishedFile, type ReportState, type ReportView,
} from './definitions';

const { assembleReportData, saveReportRecord, reportContacts, renderReportForReview, previousReportData } = proxyActivities<Activities>(registerOptions);
const { sendEmail } = proxyActivities<Activities>(mailOptions);
// Rendering the DOCX and the portal may take a while and the portal may be down: retry without end. The activity
// heartbeats between its steps (the portal call has its own 20 s limit), so a crashed worker costs 30 s, not 5 min.
const { publishAnnualReport } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['Invalid'] },
});

const stateNames: Record<ReportState, string> = {
  assembling: '汇总数据',
  awaitingInput: '待填写人工部分',
  review: '审核中',
  publishing: '发布中',
  published: '已发布',
};
const OVERDUE_REPEAT_MS = 7 * 86_400_000;
const OVERDUE_REPEATS = 8;

/**
 * The report continues as new once its history has this many events (or the server suggests it), well before the
 * 2,000 that issue 16 allows. Only the editor's edits grow it without bound; each adds a handful of events.
 */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 1500;

function invalid(message: string): never {
  throw ApplicationFailure.create({ type: INVALID, message, nonRetryable: true });
}
function refuse(message: string): never {
  throw ApplicationFailure.create({ type: REFUSED, message, nonRetryable: true });
}
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = parseInChinese(schema, value);
  if (!r.ok) invalid(r.error);
  return r.data;
}

/** Whether this run's history is long enough to continue as new (the threshold from the input only in tests). */
function historyFull(threshold: number | undefined): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= (threshold ?? CONTINUE_AS_NEW_AFTER_EVENTS);
}

export interface AnnualReportResult {
  publishedAt: string;
  dueDate: string;
  late: boolean;
  files: PublishedFile[];
  url: string;
}

/**
 * The annual report of one agency and year (条例 第四十九条、第五十条), workflow ID report-<agency code>-<year>:
 * sections 一 (counts), 三 and 四 assembled from the register; the editor fills in the manual parts by update
 * (`edit`, `submit`, reminded from the due date back); a report failing a check (C1–C6, C4 against last year's
 * report when the register holds it; C8 the narrative against the tables and the register) cannot go to review; section 一
 * starts as a draft written from the register (the assembly activity), which the editor edits and submits; review by a child reviewItem (the agency head signs off)
 * or, with review 'signOff', by one update; then publication as HTML and DOCX. Supervisors are alerted before the
 * due date and after it passes. Search attributes GongkaiKind 'report', GongkaiStatus (the state), GongkaiDue (the
 * publication deadline). Runs from early January until published.
 */
export async function assembleAnnualReport(raw: AssembleAnnualReportInput): Promise<AnnualReportResult> {
  const input = parse(reportInputSchema, raw);
  const id = workflowInfo().workflowId;
  const title = reportTitle(input.agency, input.year);
  // Versioned changes, decided once before the first await: histories recorded before them replay without them.
  // Search attributes GongkaiKind/Status/Due, set at start and on each state change.
  let tracked = patched('report-search-attributes');
  // C4 against last year's report when the register holds it.
  let crossYear = patched('report-c4-previous-year');
  // C8, the narrative against the tables and the register's figures, in the view and before submission.
  let narrativeChecked = patched('report-narrative-check');
  // An edit accepted while the assembled report was still being saved (state awaitingInput, before the main loop)
  // was taken as already saved: never written to the register, and its caller waited for that write forever.
  let earlyEditsSaved = patched('report-early-edit-saved');
  // Issue 16: continue as new before the history grows long; executions started earlier never do.
  const mayContinue = patched('report-continue-as-new');
  const resumed = input.continued;
  if (resumed) {
    // The versioned behaviours of the first run, not this run's answers (a continuation is always a new run).
    ({ tracked, crossYear, narrativeChecked, earlyEditsSaved } = resumed.flags);
  }
  let state: ReportState = resumed?.state ?? 'assembling';
  let data: ReportData | null = resumed?.data ?? null;
  /** Last year's report data from the register (C4), or null: not there, or a history from before the C4 change. */
  let previous: ReportData | null = resumed?.previous ?? null;
  let section1Counts: Record<string, number> = resumed?.section1Counts ?? {};
  /** The register's figures for C8 (published items by column, fees); from the assembly activity. */
  let facts: NarrativeFacts = resumed?.facts ?? {};
  let notice: string | null = resumed?.notice ?? null;
  let reviewItemId: string | null = resumed?.reviewItemId ?? null;
  let files: PublishedFile[] = [];
  let publishedAt: string | null = null;
  let submitted = false;
  let signOff: z.output<typeof signOffArgs> | null = null;
  let changes = resumed?.changes ?? 0;

  // No personal data here (workflows/searchAttributes.ts): the kind, the state and the publication deadline, the end
  // of the due day in Beijing time.
  const dueInstant = endOfBeijingDay(input.dueDate);
  function setState(next: ReportState): void {
    state = next;
    if (tracked) upsertSearchAttributes([{ key: statusAttr, value: next }]);
  }
  if (tracked) upsertSearchAttributes([{ key: kindAttr, value: 'report' }, { key: statusAttr, value: state }, { key: dueAttr, value: dueInstant }]);
  const failuresOf = (d: ReportData) => checkReport(d, previous ?? undefined, narrativeChecked ? facts : false);

  const view = (): ReportView => ({
    state,
    year: input.year,
    dueDate: input.dueDate,
    data,
    section1Counts,
    missing: data ? missingParts(data) : [],
    failures: data ? failuresOf(data) : [],
    notice,
    reviewItemId,
    files,
    publishedAt,
  });

  // An edit or submit returns once the register shows it, so the console never reads a stale report. The main
  // loop does the writing (one writer, in order); the handler waits for it. Older runs replied at once.
  // (Unpatched, the reply stays synchronous: even an empty await would reorder the commands of old histories.)
  let recorded = resumed?.changes ?? 0;
  function afterRegister(change: number): ReportView | Promise<ReportView> {
    if (!patched('report-update-after-register')) return view();
    return condition(() => recorded >= change).then(view);
  }

  // Handlers before the first await (an update arriving early must find them): validators are synchronous and refuse before anything changes.
  setHandler(reportStateQuery, view);
  setHandler(
    editReportUpdate,
    (rawArgs) => {
      data = applyEdit(data!, editArgs.parse(rawArgs));
      notice = null;
      changes += 1;
      return afterRegister(changes);
    },
    {
      validator: (rawArgs) => {
        const args = parse(editArgs, rawArgs);
        if (state !== 'awaitingInput' || !data) refuse(`年度报告现为“${stateNames[state]}”，不能修改`);
        if (args.actor !== input.editor) refuse(`只有编写人 ${input.editor} 可以填写年度报告`);
        try {
          applyEdit(data, args);
        } catch (e) {
          invalid((e as Error).message);
        }
      },
    },
  );
  setHandler(
    submitReportUpdate,
    () => {
      submitted = true;
      setState('review');
      notice = null;
      changes += 1;
      return afterRegister(changes);
    },
    {
      validator: (rawArgs) => {
        const args = parse(submitArgs, rawArgs);
        if (state !== 'awaitingInput' || !data) refuse(`年度报告现为“${stateNames[state]}”，不能送审`);
        if (args.actor !== input.editor) refuse(`只有编写人 ${input.editor} 可以将年度报告送审`);
        const missing = missingParts(data);
        if (missing.length) refuse(`尚有 ${missing.length} 处未填写：${missing.map(missingPartName).join('、')}`);
        // 条例 第五十条 (docs/report-data.md, Checks): a report whose tables do not add up, or whose narrative
        // contradicts them (C8), is not reviewed, let alone published.
        const failures = failuresOf(data);
        if (failures.length) refuse(`${failures.length} 项校验未通过：\n${failures.map((f) => formatFailure(f)).join('\n')}`);
      },
    },
  );
  setHandler(
    signOffUpdate,
    (rawArgs) => {
      signOff = signOffArgs.parse(rawArgs);
      return view();
    },
    {
      validator: (rawArgs) => {
        const args = parse(signOffArgs, rawArgs);
        if (input.review !== 'signOff') refuse('该年度报告按三审流程审核，不由机关负责人直接签发');
        if (state !== 'review' || signOff !== null) refuse(`年度报告现为“${stateNames[state]}”，没有待签发的内容`);
        // 条例 第四十九条: the agency head (主要负责人) signs the annual report.
        if (!args.actor.groups.includes('agency-head')) refuse('只有机关负责人（agency-head 分组）可以签发年度报告');
        if (!args.approve && !args.reason?.trim()) refuse('reason：退回年度报告应写明理由');
      },
    },
  );

  const record = () =>
    saveReportRecord({
      id, agencyCode: input.agencyCode, year: input.year, format: input.format, state, data, section1Counts,
      manual: { missing: data ? missingParts(data) : [] }, failures: data ? failuresOf(data) : [], files,
      dueDate: input.dueDate, publishedAt,
    });

  // 1. Assembly from the register (done by the first run when this one continues it).
  if (!resumed) {
    const assembled = await assembleReportData({ agency: input.agency, year: input.year, format: input.format });
    data = assembled.data;
    section1Counts = assembled.section1Counts;
    facts = assembled.facts ?? {};
    if (crossYear) previous = await previousReportData({ agencyCode: input.agencyCode, year: input.year - 1 });
    setState('awaitingInput');
    await record();
  }

  const contacts = resumed?.contacts ?? (await reportContacts({ editor: input.editor }));
  const link = `${contacts.consoleUrl.replace(/\/$/, '')}/reports/${id}`;
  const mailVars = (extra: Record<string, string | number>) => {
    const v = view();
    return {
      agency: input.agency, year: input.year, dueDate: input.dueDate, editor: input.editor, stateName: stateNames[state], link,
      missing: v.missing.length ? v.missing.join('、') : '无', failures: v.failures.length ? String(v.failures.length) : '无', ...extra,
    };
  };

  // Reminders and escalation run beside the main path until the report is published.
  const startedAt = resumed?.startedAt ?? Date.now();
  /** Alarms sent so far in the plan's order (each overdue repeat counts), when the last was, whether one is under way. */
  let alarmsSent = resumed?.alarmsSent ?? 0;
  let lastAlarmAt = resumed?.lastAlarmAt ?? 0;
  let alarmSending = false;
  async function send(a: Alarm, repeat = 0): Promise<void> {
    alarmSending = true;
    await alarm(a, repeat);
    alarmSending = false;
    alarmsSent += 1;
    lastAlarmAt = Date.now();
  }
  async function alarm(a: Alarm, repeat = 0): Promise<void> {
    if (a.kind === 'reminder') {
      if (contacts.editor.length) await sendEmail({ to: contacts.editor, template: 'report-reminder', vars: mailVars({ daysLeft: a.daysLeft }) });
      return;
    }
    const to = contacts.supervisors.length ? contacts.supervisors : contacts.editor;
    const when = a.kind === 'overdue' ? `已超过发布期限${repeat ? `（第${repeat + 1}次督办）` : ''}` : `将于${a.daysLeft}天后到期`;
    if (to.length) await sendEmail({ to, cc: contacts.editor.filter((e) => !to.includes(e)), template: 'report-escalation', vars: mailVars({ when }) });
  }
  /** `skip`: the alarms a previous run sent (none in a first run, which then waits and sends exactly as before). */
  async function alarms(skip: number): Promise<void> {
    let n = 0;
    for (const a of alarmPlan(input)) {
      // Started late: past reminders are moot, but a passed due date is still escalated.
      if (a.at < startedAt && a.kind !== 'overdue') continue;
      if (n++ >= skip) {
        if (await condition(() => state === 'published', Math.max(0, a.at - Date.now()))) return;
        await send(a);
      }
      if (a.kind === 'overdue') {
        for (let i = 1; i <= OVERDUE_REPEATS; i++) {
          if (n++ < skip) continue;
          // The first repeat after a continuation counts its week from the previous run's last alarm.
          const wait = skip > 0 && n - 1 === skip ? Math.max(0, lastAlarmAt + OVERDUE_REPEAT_MS - Date.now()) : OVERDUE_REPEAT_MS;
          if (await condition(() => state === 'published', wait)) return;
          await send(a, i);
        }
      }
    }
  }
  void alarms(alarmsSent);

  // 2. Manual parts, checks, review; back to the editor when review does not approve.
  let saved = resumed ? resumed.changes : earlyEditsSaved ? 0 : changes;
  let round = resumed?.round ?? 0;
  let approved: { version: number; hash: string } | null = null;
  while (!approved) {
    // Only here, while the editor works: no child review is running (its result belongs to the run that started it,
    // and a parent close would terminate it), nothing is unsaved, and every update has returned.
    if (mayContinue && historyFull(input.continueAsNewAfterEvents)) {
      const idle = () => allHandlersFinished() && !alarmSending;
      await condition(() => idle() || submitted || changes !== saved);
      if (idle() && !submitted && changes === saved) {
        await continueAsNew<typeof assembleAnnualReport>({
          ...raw,
          continued: {
            state, data, previous, section1Counts, facts, notice, reviewItemId, changes, round, contacts, startedAt, alarmsSent, lastAlarmAt,
            flags: { tracked, crossYear, narrativeChecked, earlyEditsSaved }, runs: (resumed?.runs ?? 0) + 1,
          },
        });
      }
    }
    await condition(() => submitted || changes !== saved);
    if (!submitted) {
      saved = changes;
      await record();
      recorded = saved;
      continue;
    }
    saved = changes;
    await record();
    recorded = saved;
    round += 1;
    const outcome = input.review === 'reviewItem' ? await reviewByChild(round) : await reviewBySignOff();
    if ('approved' in outcome) {
      approved = outcome.approved;
    } else {
      setState('awaitingInput');
      submitted = false;
      notice = outcome.returned;
      changes += 1;
      if (contacts.editor.length) await sendEmail({ to: contacts.editor, template: 'report-returned', vars: mailVars({ reason: outcome.returned }) });
    }
  }

  async function reviewByChild(n: number): Promise<{ approved: { version: number; hash: string } } | { returned: string }> {
    const body = await renderReportForReview({ data: data! });
    reviewItemId = `${id}-review-${n}`;
    const result = await executeChild<(x: unknown) => Promise<ReviewResult>>('reviewItem', {
      workflowId: reviewItemId,
      args: [{ item: { title, category: REPORT_CATEGORY, format: 'markdown', body, author: input.editor, section: input.section, column: REPORT_CATEGORY }, publish: false }],
    });
    if (result.outcome !== 'approved' && result.outcome !== 'published') return { returned: `审核未通过（${result.outcome}${'reason' in result && result.reason ? `：${result.reason}` : ''}）` };
    // What is published is the data the checks passed; a text revised inside review is not that data.
    if (result.body !== body) return { returned: '审核中修改了报告文本：请在年度报告中修改数据后重新提交' };
    return { approved: { version: result.version, hash: result.hash } };
  }

  async function reviewBySignOff(): Promise<{ approved: { version: number; hash: string } } | { returned: string }> {
    reviewItemId = null;
    await condition(() => signOff !== null);
    const s = signOff!;
    signOff = null;
    if (!s.approve) return { returned: `主要负责人退回：${s.reason ?? ''}` };
    return { approved: { version: round, hash: sha256Hex(JSON.stringify(data)) } };
  }

  // 3. Publication.
  setState('publishing');
  await record();
  publishedAt = new Date().toISOString();
  const published = await publishAnnualReport({
    id, data: data!, title, column: REPORT_CATEGORY, section: input.section, publishedAt, version: approved.version, hash: approved.hash,
  });
  files = published.files;
  setState('published');
  await record();
  // Published "by" the due date: on or before that day, Beijing time (docs/report-data.md, "When it is due").
  const late = shanghaiDate(publishedAt) > input.dueDate;
  const told = [...new Set([...contacts.editor, ...contacts.supervisors])];
  if (told.length) {
    await sendEmail({ to: told, template: 'report-published', vars: mailVars({ publishedAt: publishedAt.slice(0, 10), url: published.url, files: files.map((f) => f.url).join(' ') }) });
  }
  return { publishedAt, dueDate: input.dueDate, late, files, url: published.url };
}
