import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { seedCalendar } from '../../domain/calendar';
import {
  applyApprove, applyReject, applyRevise, defaultPolicies, defaultPolicy, initialState, isValidIdNumber, itemInputSchema,
  nextEscalation, policySchema, refuseApprove, refuseClaim, refuseReject, refuseRevise, refuseWithdraw, secrecyHints, sha256Hex,
  stageTimes, statutoryWarning, validApprovals, type Actor,
} from '../../domain/review';

const cal = seedCalendar();
const iso = (ms: number) => new Date(ms).toISOString();

describe('sha256 (pure, for workflows)', () => {
  test('known vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  test('agrees with node:crypto on any text, CJK and astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
    const long = '关于印发《2026年政府信息公开工作要点》的通知\n'.repeat(100);
    expect(sha256Hex(long)).toBe(createHash('sha256').update(long, 'utf8').digest('hex'));
  });
});

describe('review policies', () => {
  test('every default policy is valid; sensitive ones add the agency head; reply letters have two stages', () => {
    for (const p of defaultPolicies) expect(policySchema.safeParse(p).success).toBe(true);
    expect(defaultPolicy('工作动态')!.stages.map((s) => s.name)).toEqual(['初审', '复审（保密审查）', '终审']);
    expect(defaultPolicy('人事信息')!.stages.map((s) => s.group)).toEqual(['section-heads', 'office', 'leaders', 'agency-head']);
    expect(defaultPolicy('依申请公开答复')!.stages.map((s) => s.group)).toEqual(['section-heads', 'leaders']);
    expect(policySchema.safeParse({ ...defaultPolicy('规划计划'), reentryStage: 'nope' }).success).toBe(false);
  });
});

describe('SLA times on the working-day calendar (hand-checked against the 2026 schedule)', () => {
  test('entered Wed 2026-09-30 10:00, SLA 3: 国庆 1-7 Oct off, Sat 10 Oct is a make-up working day', () => {
    const t = stageTimes(cal, Date.parse('2026-09-30T10:00:00+08:00'), 3);
    expect(iso(t.half!)).toBe('2026-10-08T10:00:00.000Z'); // working day 1 = Thu 8 Oct, 18:00 Beijing
    expect(iso(t.due)).toBe('2026-10-10T10:00:00.000Z'); // 8, 9, 10 Oct
    expect(iso(nextEscalation(cal, t.due))).toBe('2026-10-12T10:00:00.000Z'); // Sun 11 off, Mon 12
  });
  test('entered Thu 2026-09-24 15:00, SLA 2: 中秋 25-27 Sep off', () => {
    const t = stageTimes(cal, Date.parse('2026-09-24T15:00:00+08:00'), 2);
    expect(iso(t.half!)).toBe('2026-09-28T10:00:00.000Z');
    expect(iso(t.due)).toBe('2026-09-29T10:00:00.000Z');
  });
  test('SLA 1 has no half reminder when entered after 18:00', () => {
    const t = stageTimes(cal, Date.parse('2026-09-29T19:00:00+08:00'), 1);
    expect(t.half).toBeUndefined();
    expect(iso(t.due)).toBe('2026-09-30T10:00:00.000Z');
  });
  test('条例 第二十六条 warning three working days before the deadline Fri 2026-10-09: 30 Sep, 8 and 9 Oct', () => {
    expect(iso(statutoryWarning(cal, '2026-10-09'))).toBe('2026-09-30T01:00:00.000Z');
  });
});

const item = itemInputSchema.parse({
  title: '2026年第三季度低保资金发放情况', category: '工作动态', body: '本季度共发放低保资金……',
  author: 'zhang.wei', section: '社会救助股', column: '社会救助',
});
const author: Actor = { id: 'zhang.wei', groups: [], roles: ['author'] };
const liNa: Actor = { id: 'li.na', groups: ['section-heads'], roles: ['reviewer'] };
const wangFang: Actor = { id: 'wang.fang', groups: ['office'], roles: ['reviewer'] };
const both: Actor = { id: 'both.x', groups: ['section-heads', 'office'], roles: ['reviewer'] };
const zhaoLei: Actor = { id: 'zhao.lei', groups: ['leaders'], roles: ['reviewer'] };
const checklist = { noStateSecrets: true, noPersonalData: true, noTradeSecrets: true, proactiveDisclosure: true } as const;
const now = '2026-09-30T02:00:00.000Z';

describe('the review rules', () => {
  test('four eyes: the author cannot claim; an approver of an earlier stage cannot approve the next', () => {
    const s = initialState('item-1', item, defaultPolicy('工作动态')!, now);
    expect(refuseClaim(s, { ...author, groups: ['section-heads'] })).toMatch(/author/);
    expect(refuseApprove(s, wangFang, {})).toMatch(/not in group section-heads/);
    applyApprove(s, both, {}, now);
    expect(refuseApprove(s, both, { checklist })).toMatch(/four eyes: both.x already approved stage first/);
    expect(refuseApprove(s, wangFang, {})).toMatch(/保密审查 checklist/);
    expect(refuseApprove(s, wangFang, { checklist })).toBeUndefined();
  });

  test('an edit voids the approvals and re-enters at 初审; rejection to an earlier stage voids from there on', () => {
    const s = initialState('item-1', item, defaultPolicy('工作动态')!, now);
    applyApprove(s, liNa, {}, now);
    applyApprove(s, wangFang, { checklist }, now);
    expect(validApprovals(s).map((a) => a.stage)).toEqual(['first', 'second']);
    expect(refuseReject(s, zhaoLei, 'final')).toMatch(/earlier stage/);
    applyReject(s, zhaoLei, '数据需核实', 'second', now);
    expect(s.stageIndex).toBe(1);
    expect(validApprovals(s).map((a) => a.stage)).toEqual(['first']);
    const v2 = { title: item.title, body: '本季度共发放低保资金（已核实）……', attachments: [] };
    expect(refuseRevise(s, author, { ...v2, body: item.body })).toMatch(/identical/);
    expect(refuseRevise(s, liNa, v2)).toMatch(/only the author/);
    applyRevise(s, author, v2, now);
    expect(s.stageIndex).toBe(0);
    expect(validApprovals(s)).toEqual([]);
    expect(s.approvals).toHaveLength(2); // kept for the audit trail, bound to the old hash
    // li.na approved v1, not v2: she may approve again.
    expect(refuseApprove(s, liNa, {})).toBeUndefined();
    expect(refuseApprove(s, liNa, { hash: s.versions[0].hash })).toMatch(/hash mismatch/);
  });

  test('withdrawal only by the author, and only before the final decision', () => {
    const s = initialState('item-1', item, defaultPolicy('依申请公开答复')!, now);
    expect(refuseWithdraw(s, liNa)).toMatch(/only the author/);
    applyApprove(s, liNa, { checklist }, now);
    expect(applyApprove(s, zhaoLei, {}, now)).toBe('final');
    expect(refuseWithdraw(s, author)).toMatch(/approved: past the final decision/);
  });
});

describe('保密审查 hints', () => {
  test('finds a valid 18-digit ID number and a mobile number, not an invalid ID', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    const hints = secrecyHints('申请人身份证号11010519491231002X，电话13812345678，编号110105194912310021。');
    expect(hints.map((h) => h.kind)).toEqual(['id-number', 'mobile']);
  });
});
