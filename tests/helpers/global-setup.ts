import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflows } from '../../worker/bundle';
import { workflowBundlePath } from '../../testing/tools';
import { ensureConsoleBuilt } from '../../client/consoleBuild';

/** Bundles the workflows once for the whole run: each test's Worker then loads it instead of re-bundling. */
export default async function globalSetup(): Promise<void> {
  const code = await bundleWorkflows();
  fs.mkdirSync(path.dirname(workflowBundlePath), { recursive: true });
  // Written aside and renamed: another jest run on this checkout may be loading the bundle right now.
  const tmp = `${workflowBundlePath}.${process.pid}`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, workflowBundlePath);
  // The browser tests open the console app as built; a fresh build is kept.
  await ensureConsoleBuilt(() => undefined);
}
