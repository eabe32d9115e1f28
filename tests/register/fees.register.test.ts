/**
 * 信息处理费 per case from the register (issue 15 part 5): the 按件 rank of an application in its applicant's month
 * (109号 第四条) counted, not typed in; what each case was charged, waived and paid.
 */
import { intakeSchema } from '../../domain/application';
import { applicantMonthRank, caseFees } from '../../register/fees';
import { insertApplication, recordApplicationEvent } from '../../register/applications';
import type { Register } from '../../register/db';
import { freshRegister } from '../../testing/register';

let db: Register;
beforeAll(async () => {
  db = await freshRegister();
});
afterAll(async () => db?.destroy());

let n = 0;
async function apply(idNumber: string, submittedOn: string, name = '王小明') {
  n++;
  const intake = intakeSchema.parse({
    channel: 'in-person', submittedOn,
    applicant: { type: 'naturalPerson', name, idDocument: { number: idNumber }, phone: '13812345678' },
    content: `申请公开第${n}号文件`,
  });
  return (await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'sun.li', now: `${submittedOn}T0${n % 10}:00:00.000Z` })).row;
}

test('the rank counts the same applicant in the calendar month of receipt, in registration order; others and other months do not count', async () => {
  const me = '430602199001011234';
  const march = [];
  for (const day of ['2026-03-02', '2026-03-02', '2026-03-10', '2026-03-31']) march.push(await apply(me, day));
  await apply('430602199202022222', '2026-03-05', '李四'); // another applicant
  const april = await apply(me, '2026-04-01');
  expect(await Promise.all(march.map((a) => applicantMonthRank(db, a.id)))).toEqual([1, 2, 3, 4]);
  expect(await applicantMonthRank(db, april.id)).toBe(1);
  await expect(applicantMonthRank(db, 'TEST-2026-99999')).rejects.toThrow(RangeError);
});

test('a case charged and paid, one charged and waived, one never charged', async () => {
  const [paid, waived, free] = [await apply('1', '2026-05-06'), await apply('2', '2026-05-06'), await apply('3', '2026-05-06')];
  const ev = (id: string, type: string, date: string, detail?: unknown) =>
    recordApplicationEvent(db, { id: `${id}/${type}`, applicationId: id, at: `${date}T02:00:00.000Z`, date, type, actor: 'liu.yang', detail });
  await ev(paid.id, 'feeNoticeIssued', '2026-05-07', { amount: 4700, basis: '按量计收，250 页' });
  await ev(paid.id, 'feePaid', '2026-05-20');
  await ev(waived.id, 'feeNoticeIssued', '2026-05-07', { amount: 300, basis: '按量计收，60 页' });
  await ev(waived.id, 'feeWaived', '2026-05-08', { amount: 300, reason: '经济困难' });
  expect(await caseFees(db, paid.id)).toEqual({ charged: 4700, basis: '按量计收，250 页', noticed: '2026-05-07', waived: 0, waivedReason: null, collected: 4700, paidOn: '2026-05-20' });
  expect(await caseFees(db, waived.id)).toEqual({ charged: 300, basis: '按量计收，60 页', noticed: '2026-05-07', waived: 300, waivedReason: '经济困难', collected: 0, paidOn: null });
  expect(await caseFees(db, free.id)).toEqual({ charged: 0, basis: null, noticed: null, waived: 0, waivedReason: null, collected: 0, paidOn: null });
});
