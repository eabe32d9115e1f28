import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';

export const historiesDir = path.join(__dirname, '../replay/histories');

/**
 * Keeps a finished workflow's history as a replay fixture under tests/replay/histories/ when the run asks for it
 * (RECORD_HISTORIES=1 npx jest ...). The replay suite replays every fixture against the current code, so a change
 * that breaks running workflows fails CI instead of production. Fixtures are recorded once per version, not per run.
 */
export async function keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(historiesDir, { recursive: true });
  fs.writeFileSync(path.join(historiesDir, `${name}.json`), historyToJSON(history));
}
