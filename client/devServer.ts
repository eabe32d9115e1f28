import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { allSearchAttributes } from '../workflows/searchAttributes';

const root = path.resolve(__dirname, '..');

export function temporalCliPath(): string {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const file = path.join(root, '.tools/paths.json');
  if (!fs.existsSync(file)) throw new Error('the Temporal CLI is not installed: run `npm run tools`');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { cli: string }).cli;
}

const typeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DOUBLE]: 'Double',
};

/** Starts `temporal server start-dev` with a persistent SQLite file; resolves once it accepts connections. */
export async function startDevServer(opts: { dataDir: string; port: number; uiPort: number; namespace: string }): Promise<ChildProcess> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const args = [
    'server', 'start-dev',
    '--db-filename', path.join(opts.dataDir, 'temporal.db'),
    '--ip', '127.0.0.1', '--port', String(opts.port), '--ui-port', String(opts.uiPort),
    '--namespace', opts.namespace, '--log-level', 'warn',
    ...allSearchAttributes.flatMap((a) => ['--search-attribute', `${a.name}=${typeNames[a.type]}`]),
  ];
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited (${child.exitCode}): ${stderr.trim()}`);
    try {
      const conn = await Connection.connect({ address: `127.0.0.1:${opts.port}`, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      return child;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`the Temporal dev server did not start on port ${opts.port}: ${stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/**
 * `--search-attribute` applies only when the dev server creates its namespace: on a reused database file,
 * attributes added since are registered here.
 */
export async function ensureSearchAttributes(conn: Connection, namespace: string): Promise<void> {
  const existing = await conn.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = allSearchAttributes.filter((a) => !known.has(a.name));
  if (missing.length === 0) return;
  const indexed: Record<string, temporal.api.enums.v1.IndexedValueType> = {
    [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    [SearchAttributeType.TEXT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
    [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
    [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
    [SearchAttributeType.DOUBLE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  };
  await conn.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((a) => [a.name, indexed[a.type]])),
  });
}
