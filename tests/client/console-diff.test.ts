import { lineDiff } from '../../client/console/src/diff';

test('a changed line shows its old text before its new text', () => {
  expect(lineDiff('各股室：\n请于3月底前完成检查。\n特此通知。', '各股室：\n请于4月10日前完成检查。\n特此通知。')).toEqual([
    { kind: 'same', text: '各股室：' },
    { kind: 'del', text: '请于3月底前完成检查。' },
    { kind: 'ins', text: '请于4月10日前完成检查。' },
    { kind: 'same', text: '特此通知。' },
  ]);
});

test('a run of changes lists every deletion, then every insertion', () => {
  const d = lineDiff('a\nb\nc\nz', 'a\nB\nC\nD\nz')!;
  expect(d.map((l) => `${l.kind}:${l.text}`)).toEqual(['same:a', 'del:b', 'del:c', 'ins:B', 'ins:C', 'ins:D', 'same:z']);
});

test('identical texts have no changes; added and removed tails are marked', () => {
  expect(lineDiff('x\ny', 'x\ny')!.every((l) => l.kind === 'same')).toBe(true);
  expect(lineDiff('x', 'x\ny')).toEqual([{ kind: 'same', text: 'x' }, { kind: 'ins', text: 'y' }]);
  expect(lineDiff('x\ny', 'y')).toEqual([{ kind: 'del', text: 'x' }, { kind: 'same', text: 'y' }]);
});
