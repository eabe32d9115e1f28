import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256Hex } from '../../domain/review/sha256';
import { writeAtomic } from '../../lib/files';
import { sha256 } from '../../lib/hash';

test('sha256 is the standard digest, and the workflow-side hand-written one gives the same for any text', () => {
  expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  expect(sha256(Buffer.from('abc'))).toBe(sha256('abc'));
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => sha256Hex(s) === sha256(s)));
});

test('writeAtomic creates the folder, replaces the file whole and leaves no temporary file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-atomic-'));
  const file = path.join(dir, 'a', 'b', 'page.html');
  writeAtomic(file, 'first');
  writeAtomic(file, Buffer.from('second'));
  expect(readFileSync(file, 'utf8')).toBe('second');
  expect(readdirSync(path.dirname(file))).toEqual(['page.html']);
});
