import { extensionApproverRefusal } from '../../domain/application';

test('条例 第三十三条第二款: the one who asked for the extension cannot approve it; anyone else is left to the role check', () => {
  expect(extensionApproverRefusal('sun.li', 'sun.li')).toMatch(/^actor：sun\.li .*不能自己审批.*条例第三十三条第二款/);
  expect(extensionApproverRefusal('liu.yang', 'sun.li')).toBeUndefined();
});
