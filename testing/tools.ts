import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..');

/** The Temporal binaries that `scripts/install-temporal.js` provisioned (npm install runs it). */
export function temporalBinaries(): { cli: string; testServer: string } {
  const file = path.join(repoRoot, '.tools/paths.json');
  const fromFile = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { cli: string; testServer: string }) : undefined;
  const cli = process.env.TEMPORAL_CLI_PATH ?? fromFile?.cli;
  const testServer = process.env.TEMPORAL_TEST_SERVER_PATH ?? fromFile?.testServer;
  if (!cli || !testServer) throw new Error('Temporal binaries missing: run `npm run tools` (scripts/install-temporal.js)');
  return { cli, testServer };
}

export const workflowBundlePath = path.join(repoRoot, '.tools/cache/workflow-bundle.js');
