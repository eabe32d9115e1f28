import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/**
 * Encrypts every payload Temporal stores (workflow arguments, results, signals, activity inputs: applicants' names,
 * addresses, letter text) with AES-256-GCM, so that a history read without the key (the Web UI has no login)
 * shows ciphertext. Keys rotate: the first key of the ring encrypts; every key stays able to decrypt what it wrote.
 * Payloads without our encoding pass through, so histories recorded before encryption still replay.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The API key scope that may read decrypted payloads through the codec endpoint (client/http/routes/codec.ts). */
export const CODEC_SCOPE = 'temporal:decode';

export interface PayloadKey { id: string; key: Buffer }

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : '');

export class PayloadKeyError extends Error {}

/** `id:base64` pairs, comma-separated (the PAYLOAD_KEYS format); each key is 32 random bytes. */
export function parsePayloadKeys(value: string): PayloadKey[] {
  const ring = value.split(',').map((p) => p.trim()).filter(Boolean).map((pair) => {
    const m = /^([A-Za-z0-9._-]{1,40}):([A-Za-z0-9+/]+={0,2})$/.exec(pair);
    if (!m) throw new PayloadKeyError(`“${pair.slice(0, 12)}…” 应为 密钥编号:Base64密钥`);
    const key = Buffer.from(m[2], 'base64');
    if (key.length !== 32) throw new PayloadKeyError(`密钥 ${m[1]} 应为 32 字节（Base64 编码后 44 个字符），实为 ${key.length} 字节`);
    return { id: m[1], key };
  });
  if (ring.length === 0) throw new PayloadKeyError('至少需要一个密钥');
  if (new Set(ring.map((k) => k.id)).size !== ring.length) throw new PayloadKeyError('密钥编号不能重复');
  return ring;
}

export function newPayloadKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  constructor(private readonly ring: PayloadKey[]) {
    if (ring.length === 0) throw new PayloadKeyError('至少需要一个密钥');
    this.byId = new Map(ring.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.ring[0];
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(utf8(id)); // the key id cannot be swapped without the tag failing
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID]: utf8(id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (text(p.metadata?.encoding) !== ENCRYPTED_ENCODING) return p;
      const id = text(p.metadata?.[KEY_ID]);
      const key = this.byId.get(id);
      if (!key) throw new PayloadKeyError(`没有编号为 ${id || '（空）'} 的密钥，无法解密：轮换密钥时旧密钥须保留在 PAYLOAD_KEYS 中`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(utf8(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
