import {
  applicantColumn,
  applicationFee,
  contentSimilarity,
  intakeSchema,
  maskAddress,
  maskApplicant,
  maskIdNumber,
  perApplicationRate,
  perApplicationTotal,
  perPageFee,
  receiptDate,
  registrationNumber,
  validateDecision,
} from '../../domain/application';
import { outcomes, type OutcomeKey } from '../../domain/outcomes';

const person = { type: 'naturalPerson', name: '王小明', idDocument: { number: '430602199001011234' }, email: 'wxm@example.com' } as const;
const base = { submittedOn: '2025-09-27', applicant: person, content: '请公开2024年度城乡低保资金发放明细' };

describe('intake', () => {
  test('条例第三十一条: receipt date by channel', () => {
    expect(receiptDate(intakeSchema.parse({ ...base, channel: 'in-person' }))).toBe('2025-09-27');
    expect(receiptDate(intakeSchema.parse({ ...base, channel: 'post-signed', signedOn: '2025-09-28' }))).toBe('2025-09-28');
    expect(receiptDate(intakeSchema.parse({ ...base, channel: 'online', confirmedOn: '2025-09-29' }))).toBe('2025-09-29');
    expect(receiptDate(intakeSchema.parse({ ...base, channel: 'post-ordinary', confirmedOn: '2025-09-30' }))).toBe('2025-09-30');
  });

  test('an online application without its confirmation day is refused, naming the article', () => {
    const r = intakeSchema.safeParse({ ...base, channel: 'online' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['confirmedOn']);
    expect(r.error!.issues[0].message).toContain('条例第三十一条');
  });

  test('applicant type picks the report column', () => {
    expect(applicantColumn(intakeSchema.parse({ ...base, channel: 'in-person' }).applicant)).toBe('naturalPerson');
    expect(applicantColumn({ type: 'organisation', orgType: 'legalService', name: '某律师事务所', idDocument: { kind: 'x', number: '91430000X' } })).toBe('legalService');
  });

  test('registration number {AGENCY_CODE}-{year}-{sequence}', () => {
    expect(registrationNumber('LLMZ', 2025, 42)).toBe('LLMZ-2025-0042');
    expect(registrationNumber('LLMZ', 2025, 12345)).toBe('LLMZ-2025-12345');
    expect(() => registrationNumber('LLMZ', 2025, 0)).toThrow(RangeError);
  });

  test('similar requests score high, different ones low', () => {
    expect(contentSimilarity('请公开2024年度城乡低保资金发放明细', '请公开2024年度城乡低保资金的发放明细')).toBeGreaterThan(0.6);
    expect(contentSimilarity('请公开2024年度城乡低保资金发放明细', '申请公开某小区拆迁补偿方案')).toBeLessThan(0.2);
  });
});

describe('fees (国办函〔2020〕109号, statute §1.8)', () => {
  test('45 applications in a month = 5,500 元', () => {
    expect(perApplicationTotal(45)).toBe(5500);
    expect([10, 11, 30, 31, 40, 41, 51].map(perApplicationRate)).toEqual([0, 100, 100, 200, 200, 300, 400]);
  });
  test('250 pages = 4,700 元; 30 pages free', () => {
    expect(perPageFee(250)).toBe(4700);
    expect(perPageFee(30)).toBe(0);
    expect(perPageFee(31)).toBe(10);
    expect(perPageFee(100)).toBe(700);
    expect(perPageFee(101)).toBe(720);
    expect(applicationFee({ method: 'perPage', pages: 250 })).toBe(4700);
    expect(applicationFee({ method: 'perApplication', monthlyCount: 45 })).toBe(300);
  });
});

describe('decision per outcome', () => {
  const ctx = { correctionReceived: true, art35Asked: true, consultedThirdParty: true };
  const valid = (key: OutcomeKey) => ({
    outcome: key,
    legalBasis: '条例第三十六条',
    reasons: '经审查，理由如下。',
    ...(key === 'partiallyGranted' ? { withheld: [{ what: '个人身份信息', why: '个人隐私' }] } : {}),
    ...(key === 'granted' || key === 'partiallyGranted' ? { provision: '电子邮件提供' } : {}),
  });

  test.each(outcomes.map((o) => o.key))('%s with its fields is accepted, except the automatic ones', (key) => {
    const r = validateDecision(valid(key), ctx);
    if (key === 'other.noCorrection' || key === 'other.feeUnpaid') {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/^outcome：“.+”由系统在期限届满时自动记录/);
    } else {
      expect(r).toEqual({ ok: true, decision: expect.objectContaining({ outcome: key }) });
    }
  });

  test('an unknown outcome is refused', () => {
    const r = validateDecision({ ...valid('granted'), outcome: 'approved' }, ctx);
    expect(!r.ok && r.error).toMatch(/^outcome：没有这种答复结果，应为以下 21 种之一：granted（予以公开）、/);
  });
  test('a decision without its legal basis is refused', () => {
    const r = validateDecision({ ...valid('withheld.stateSecret'), legalBasis: '' }, ctx);
    expect(!r.ok && r.error).toContain('legalBasis：应写明答复决定所依据的条例条款（法律依据）');
  });
  test('partiallyGranted needs what was withheld (条例第三十七条)', () => {
    const r = validateDecision({ ...valid('partiallyGranted'), withheld: [] }, ctx);
    expect(!r.ok && r.error).toContain('条例第三十七条');
  });
  test('unclearAfterCorrection needs a correction; excessive needs Art. 35 reasons asked', () => {
    const none = { correctionReceived: false, art35Asked: false, consultedThirdParty: false };
    expect(validateDecision(valid('unavailable.unclearAfterCorrection'), none)).toEqual({ ok: false, error: expect.stringContaining('条例第三十条') });
    expect(validateDecision(valid('notProcessed.excessive'), none)).toEqual({ ok: false, error: expect.stringContaining('条例第三十五条') });
  });
  test('withheld reasons are required for a refusal', () => {
    const r = validateDecision({ ...valid('withheld.internalAffairs'), reasons: '' }, ctx);
    expect(!r.ok && r.error).toContain('reasons：答复结果为“属于三类内部事务信息”的，应写明理由（条例第三十六条：告知理由）');
  });
});

describe('privacy', () => {
  test('masks identity numbers, addresses and the rest', () => {
    expect(maskIdNumber('430602199001011234')).toBe('4306************34');
    expect(maskAddress('湖南省永州市零陵区南津中路12号3栋')).toBe('湖南省永州市****');
    expect(maskApplicant({ name: '王小明', idNumber: '430602199001011234', address: null, phone: '13812345678', email: 'wxm@example.com' })).toEqual({
      name: '王小明',
      idNumber: '4306************34',
      address: null,
      phone: '138****5678',
      email: 'w***@example.com',
    });
  });
});
