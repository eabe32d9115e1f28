import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, newPayloadKey, parsePayloadKeys, type PayloadKey } from '../lib/payloadCodec';
import type { Config } from './index';

/**
 * The keys that encrypt Temporal payloads: PAYLOAD_KEYS (production: every worker, web server and CLI gets the same
 * value), else the ring `npm start` keeps in DATA_DIR, so that the CLI beside it reads what its worker wrote.
 * Undefined: payloads are stored in clear.
 */
export function payloadKeyring(config: Pick<Config, 'PAYLOAD_KEYS' | 'DATA_DIR'>): PayloadKey[] | undefined {
  if (config.PAYLOAD_KEYS) return parsePayloadKeys(config.PAYLOAD_KEYS);
  const file = path.join(config.DATA_DIR, 'payload-keys');
  return fs.existsSync(file) ? parsePayloadKeys(fs.readFileSync(file, 'utf8')) : undefined;
}

/**
 * `npm start` without PAYLOAD_KEYS: a ring kept in DATA_DIR/payload-keys (created once, readable by its owner only),
 * so that even the embedded defaults never write applicants' personal data to histories in clear.
 */
export function embeddedPayloadKeys(dataDir: string): string {
  const file = path.join(dataDir, 'payload-keys');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${newPayloadKey('k1')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** What the Client and the Worker both take, so that each reads what the other wrote. */
export function dataConverter(keys: PayloadKey[] | undefined): DataConverter {
  return keys ? { payloadCodecs: [new EncryptionCodec(keys)] } : {};
}

export const PAYLOADS_IN_CLEAR =
  'warning: PAYLOAD_KEYS is unset: workflow histories hold applicants\' personal data in clear (docs/operations.md says how to set it)';
