import * as fs from 'node:fs';
import * as path from 'node:path';
import { outcomeKeys, remedyKind, remedyKinds } from '../../domain/outcomes';

const root = path.resolve(__dirname, '../..');
const page = fs.readFileSync(path.join(root, 'docs/letters.md'), 'utf8');
const images = [...page.matchAll(/\]\((letters\/[\w-]+\.png)\)/g)].map((m) => m[1]);

test('every image docs/letters.md shows is there, and is a PNG', () => {
  expect(images.length).toBeGreaterThanOrEqual(10);
  for (const img of images) expect(fs.readFileSync(path.join(root, 'docs', img)).subarray(1, 4).toString()).toBe('PNG');
});

test('each remedy kind has a rendered letter in its row', () => {
  for (const kind of remedyKinds) {
    const row = page.split('\n').find((l) => l.startsWith(`| \`${kind}\` | ![`));
    const keys = [...(row ?? '').matchAll(/\((\w+(?:\.\w+)?)\)\]/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(outcomeKeys).toContain(key);
      expect(remedyKind(key as never)).toBe(kind);
    }
  }
});
