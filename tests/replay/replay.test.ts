import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { historiesDir } from '../helpers/histories';
import { workflowBundlePath } from '../../testing/tools';

// Every recorded history of every workflow and main path, replayed against the current code.
const fixtures = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();

function load(file: string) {
  return { workflowId: path.basename(file, '.json'), history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'))) };
}

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already
  }
});

test('there is a recorded history for each workflow type', () => {
  const types = new Set(fixtures.map((f) => f.split('.')[0]));
  expect([...types].sort()).toEqual(expect.arrayContaining(['scheduledNotice']));
});

test.each(fixtures)('%s replays without non-determinism', async (file) => {
  const { workflowId, history } = load(file);
  await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath }, replayName: file }, history, workflowId);
});

test('a deliberately non-deterministic change is caught', async () => {
  const file = fixtures.find((f) => f.startsWith('scheduledNotice.sent'));
  expect(file).toBeDefined();
  const { workflowId, history } = load(file!);
  // The variant sends the email before it waits: the recorded history has the timer first.
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'variants/scheduledNoticeReordered.ts'),
    logger: new DefaultLogger('ERROR'),
  });
  await expect(Worker.runReplayHistory({ workflowBundle: { code }, replayName: 'variant' }, history, workflowId)).rejects.toMatchObject({
    name: 'DeterminismViolationError',
  });
});
