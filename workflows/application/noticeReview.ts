import { ChildWorkflowFailure, executeChild, patched } from '@temporalio/workflow';
import { documentKindName } from '../../domain/application/documents';
import { noticeIssued, noticeReturned } from '../../domain/application/noticeReview';
import type { NoticeKind } from '../../domain/application/state';
import { NOTICE_CATEGORY } from '../../domain/review/policy';
import type { ReviewResult } from '../review/definitions';
import type { reviewItem } from '../review/reviewItem';
import { type ApplicationCase, renderNotice } from './case';

/** Starts the review of each notice waiting for one (a new notice, or one the handler sent again). */
export function startNoticeReviews(c: ApplicationCase): void {
  for (const n of c.state.notices) {
    if (n.review?.status !== 'inReview' || c.noticeReviewsRunning.has(n.key)) continue;
    c.noticeReviewsRunning.add(n.key);
    void runNoticeReview(c, n.key).finally(() => {
      c.noticeReviewsRunning.delete(n.key);
      c.wake = true;
    });
  }
}

/**
 * Issue 15 §3: the notice's child `reviewItem` (the handler drafts; the stages of the 依申请公开告知书 policy;
 * `publish: false`). Approved: the notice is rendered again with the day it is signed (or, if the handler revised it
 * in review, with the approved text) and issued, and the held email goes to the applicant. Not approved: nothing goes
 * out and the handler is told, who may send it again.
 */
async function runNoticeReview(c: ApplicationCase, key: string): Promise<void> {
  const n = c.state.notices.find((x) => x.key === key)!;
  const review = n.review!;
  const kind = n.kind as NoticeKind;
  let text = c.noticeTexts.get(key);
  if (text === undefined) text = (await renderNotice({ id: c.id, kind, key, date: c.today(), vars: review.vars })).text;
  let result: ReviewResult | undefined;
  let failure: string | undefined;
  try {
    result = await executeChild<typeof reviewItem>('reviewItem', {
      workflowId: review.workflowId,
      args: [
        {
          item: { title: `${c.id} ${documentKindName(`notice-${kind}`)}`, category: NOTICE_CATEGORY, body: text, author: c.state.handler ?? c.input.registeredBy, section: '政务公开办公室', column: '依申请公开' },
          publish: false,
        },
      ],
    });
  } catch (e) {
    // As the reply letter's: a failed child must not fail the case; the notice goes back to the handler.
    if (!(e instanceof ChildWorkflowFailure)) throw e;
    failure = `${e.cause?.message || e.cause?.name || e.message}`;
  }
  c.noticeTexts.delete(key);
  if (result?.outcome !== 'approved') {
    const why = failure ?? (result && 'reason' in result && result.reason ? result.reason : '拟稿人撤回');
    await c.run(noticeReturned(c.state, c.context(), key, why));
    return;
  }
  const approved = result;
  const revised = approved.body !== text;
  const doc = await renderNotice({ id: c.id, kind, key, date: c.today(), vars: review.vars, ...(revised ? { lines: approved.body.split('\n') } : {}) });
  const by = approved.approvals.filter((a) => a.hash === approved.hash).map((a) => a.by);
  // The clock counts from the signing day since 'notice-issued-on', asked only here: a case whose notices are not
  // reviewed records no marker. Earlier executions kept the step's day, and replay so.
  await c.run(noticeIssued(c.state, c.context(), key, by, { path: doc.path, sha256: doc.sha256 }, patched('notice-issued-on')));
}
