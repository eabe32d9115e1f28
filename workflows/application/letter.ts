import { ChildWorkflowFailure, executeChild, patched } from '@temporalio/workflow';
import { letterApproved, letterInReview, letterReady, letterRendered, letterReturned } from '../../domain/application/system';
import type { reviewItem } from '../review/reviewItem';
import type { ReviewResult } from '../review/definitions';
import { ApplicationCase, renderReplyLetter } from './case';

/** The review policy category of reply letters (`domain/review/policy.ts`): 科室负责人审核 → 分管领导签发. */
const LETTER_CATEGORY = '依申请公开答复';

/**
 * Renders the reply letter and, by default, has it reviewed by the child `reviewItem` (the handler as 承办人
 * drafts, then 科室负责人审核 → 分管领导签发; `publish: false`, so the final approval ends the child). A
 * review that does not approve (withdrawn, or the child failed) sends the letter back to the handler, who
 * decides again: a new version of the letter, a new review.
 */
export async function runLetter(c: ApplicationCase): Promise<void> {
  const version = (c.state.letter?.version ?? 0) + 1;
  const letter = await renderReplyLetter({ id: c.id, decision: c.state.decision!, date: c.today(), version });
  c.state = letterRendered(c.state, c.context(), { path: letter.path, sha256: letter.sha256, version });
  // Reviewed by default since 'letter-review-by-default'; earlier executions reviewed only when asked.
  const review = c.input.reviewLetter ?? (c.current || patched('letter-review-by-default'));
  if (review) {
    // From the business ID (equal to `${workflowId}-letter-n`, as the workflow ID is `application-{id}`): replays
    // of a recorded history under another workflow ID start the same child.
    const workflowId = `application-${c.id}-letter-${version}`;
    c.state = letterInReview(c.state, workflowId);
    let result: ReviewResult | undefined;
    let failure: string | undefined;
    try {
      result = await executeChild<typeof reviewItem>('reviewItem', {
        workflowId,
        args: [
          {
            item: { title: `${c.id} 政府信息公开申请答复书`, category: LETTER_CATEGORY, body: letter.text, author: c.state.handler!, section: '政务公开办公室', column: '依申请公开' },
            publish: false,
          },
        ],
      });
    } catch (e) {
      // A failed child (bad input, no policy, terminated) must not fail this workflow's task: back to the handler.
      if (!(e instanceof ChildWorkflowFailure)) throw e;
      failure = `reviewItem ${workflowId}: ${e.cause?.message || e.cause?.name || e.message}`;
    }
    if (result?.outcome !== 'approved') {
      const why = failure ?? `review ${result?.outcome ?? 'ended'}${result && 'reason' in result && result.reason ? `: ${result.reason}` : ''}`;
      await c.run(letterReturned(c.state, c.context(), why));
      return;
    }
    const approved = result;
    c.state = letterApproved(c.state, c.context(), approved.approvals.filter((a) => a.hash === approved.hash).map((a) => a.by));
  }
  await c.run(letterReady(c.state, c.context(), review));
}
