import { defaultPayloadConverter } from '@temporalio/common';
import { loadConfig } from '../../config';
import { EncryptionCodec, ENCRYPTED_ENCODING, newPayloadKey, parsePayloadKeys, PayloadKeyError } from '../../lib/payloadCodec';

const applicant = { name: '王小明', idNumber: '430602199001011234', address: '湖南省岳阳市岳阳楼区某街道 1 号' };
const plain = () => defaultPayloadConverter.toPayload(applicant);
const bytes = (u: Uint8Array | null | undefined) => Buffer.from(u ?? new Uint8Array());

test('an encoded payload holds none of the plain bytes, names its key, and decodes back exactly', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(newPayloadKey('k1')));
  const [enc] = await codec.encode([plain()]);
  expect(bytes(enc.metadata!.encoding).toString()).toBe(ENCRYPTED_ENCODING);
  expect(bytes(enc.metadata!['encryption-key-id']).toString()).toBe('k1');
  for (const s of Object.values(applicant)) expect(bytes(enc.data).includes(Buffer.from(s))).toBe(false);
  const [dec] = await codec.decode([enc]);
  expect(defaultPayloadConverter.fromPayload(dec)).toEqual(applicant);
  // A fresh IV each time: the same value never gives the same ciphertext.
  const [again] = await codec.encode([plain()]);
  expect(bytes(again.data).equals(bytes(enc.data))).toBe(false);
});

test('after a rotation the new key encrypts and the old one still reads what it wrote', async () => {
  const k1 = newPayloadKey('k1');
  const [old] = await new EncryptionCodec(parsePayloadKeys(k1)).encode([plain()]);
  const rotated = new EncryptionCodec(parsePayloadKeys(`${newPayloadKey('k2')},${k1}`));
  expect(defaultPayloadConverter.fromPayload((await rotated.decode([old]))[0])).toEqual(applicant);
  const [fresh] = await rotated.encode([plain()]);
  expect(bytes(fresh.metadata!['encryption-key-id']).toString()).toBe('k2');
  // Dropping the old key makes its payloads unreadable, with a message that says why.
  await expect(new EncryptionCodec(parsePayloadKeys(newPayloadKey('k2'))).decode([old])).rejects.toThrow(/没有编号为 k1 的密钥/);
});

test('a payload changed in storage, or relabelled with another key id, is refused', async () => {
  const ring = parsePayloadKeys(`${newPayloadKey('a')},${newPayloadKey('b')}`);
  const codec = new EncryptionCodec(ring);
  const [enc] = await codec.encode([plain()]);
  const flipped = bytes(enc.data);
  flipped[20] ^= 1;
  await expect(codec.decode([{ ...enc, data: flipped }])).rejects.toThrow();
  await expect(codec.decode([{ ...enc, metadata: { ...enc.metadata, 'encryption-key-id': Buffer.from('b') } }])).rejects.toThrow();
});

test('payloads written before encryption (recorded histories) pass through unchanged', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(newPayloadKey('k1')));
  const p = plain();
  expect(await codec.decode([p])).toEqual([p]);
});

test.each([
  ['no key after the id', 'k1', /应为 密钥编号:Base64密钥/],
  ['a short key', 'k1:c2hvcnQ=', /密钥 k1 应为 32 字节/],
  ['one id twice', `${newPayloadKey('k1')},${newPayloadKey('k1')}`, /密钥编号不能重复/],
  ['no key at all', ' , ', /至少需要一个密钥/],
])('PAYLOAD_KEYS with %s is refused, naming the variable and the rule', (_what, value, rule) => {
  expect(() => parsePayloadKeys(value)).toThrow(PayloadKeyError);
  expect(() => loadConfig({ PAYLOAD_KEYS: value })).toThrow(/^invalid configuration: PAYLOAD_KEYS: /);
  expect(() => parsePayloadKeys(value)).toThrow(rule);
});
