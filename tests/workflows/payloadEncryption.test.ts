/**
 * Issue 13 finding 12: what Temporal stores of a workflow (its input, activity inputs and results, query answers)
 * is encrypted when the worker and the client share a key ring, so a history read without the key shows no
 * personal data; the workflow itself runs unchanged, its activities see the plain values, and the history
 * replays with the codec.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { dataConverter } from '../../config/payloadKeys';
import { ENCRYPTED_ENCODING, newPayloadKey, parsePayloadKeys } from '../../lib/payloadCodec';
import type { Register } from '../../register/db';
import { reviewItem } from '../../workflows/review/reviewItem';
import { stateQuery } from '../../workflows/review/definitions';
import { testActivities } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { demoItem, importDemoOrg } from '../../testing/review-helpers';
import { SmtpCapture } from '../../testing/smtp';
import { endWhenSettled, testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';
import { workflowBundlePath } from '../../testing/tools';

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-codec-'));
const converter = dataConverter(parsePayloadKeys(newPayloadKey('k1')));
const secret = '申请人王小明身份证430602199001011234';

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  await importDemoOrg(db);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

/**
 * Every payload of a history (inputs, results, signals, updates, local activity results), but what Temporal writes
 * in clear by design: search attributes (so none of ours holds personal data, workflows/searchAttributes.ts), a
 * patch marker (the patch's name) and a local activity marker's bookkeeping (its sequence number, type and times).
 */
function payloadsOf(history: temporal.api.history.v1.IHistory): temporal.api.common.v1.IPayload[] {
  const found: temporal.api.common.v1.IPayload[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
    const o = v as Record<string, unknown>;
    if ('indexedFields' in o || o.markerName === 'core_patch') return;
    if (o.markerName === 'core_local_activity') return walk((o.details as Record<string, unknown> | undefined)?.result);
    if (o.metadata && typeof o.metadata === 'object' && 'data' in o) found.push(o as temporal.api.common.v1.IPayload);
    else for (const x of Object.values(o)) walk(x);
  };
  walk(history);
  return found;
}

test('a review workflow with a shared key ring stores only ciphertext, works as before, and replays with the codec', async () => {
  const taskQueue = uniqueQueue('codec');
  const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: converter });
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }), { dataConverter: converter });
  await worker.runUntil(async () => {
    const handle = await client.workflow.start(reviewItem, {
      taskQueue, workflowId: `item-${taskQueue}`, args: [{ item: demoItem({ body: `正文提到${secret}` }) as never, publish: true, retractable: false }],
    });
    let state = await handle.query(stateQuery);
    for (let i = 0; i < 200 && !state; i++) state = await new Promise((r) => setTimeout(r, 25)).then(() => handle.query(stateQuery));
    // Through the codec the client reads the plain state; the activity wrote the plain title to the register.
    expect(state!.versions[0].body).toContain(secret);
    const row = await db.selectFrom('review_items').select('title').where('id', '=', state!.itemId).executeTakeFirstOrThrow();
    expect(row.title).toBe(demoItem().title);

    // Read as the Temporal Web UI or anyone with server access would, without the key.
    const history = await env.client.workflow.getHandle(handle.workflowId).fetchHistory();
    const payloads = payloadsOf(history);
    expect(payloads.length).toBeGreaterThan(2);
    for (const p of payloads) {
      expect(Buffer.from(p.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(p.data ?? []).includes(Buffer.from(secret))).toBe(false);
    }
    expect(JSON.stringify(history)).not.toContain(demoItem().title);

    await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath }, dataConverter: converter }, history, handle.workflowId);
    await endWhenSettled(handle, 'terminate');
  });
});
