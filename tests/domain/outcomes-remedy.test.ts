import { letterNotice, outcomeKeys, remedyKind, type OutcomeKey } from '../../domain/outcomes';

/**
 * 行政复议法 (2023) 第二十三条第一款第（四）项: since 2024-01-01 a refusal to disclose (不予公开) must go to 行政复议
 * before any suit. The table is written out by hand from the statute, not derived from the taxonomy's groups.
 */
const refusals: OutcomeKey[] = [
  'withheld.stateSecret',
  'withheld.prohibitedByLaw',
  'withheld.securityStability',
  'withheld.thirdPartyRights',
  'withheld.internalAffairs',
  'withheld.processInformation',
  'withheld.enforcementFile',
  'withheld.queryMatter',
];

test.each(outcomeKeys)('%s: the remedy kind', (key) => {
  const expected = refusals.includes(key) ? 'reconsiderationFirst' : key === 'partiallyGranted' ? 'split' : 'either';
  expect(remedyKind(key)).toBe(expected);
});

test('the letter notices of 第三十九条 and 第三十六条第（五）项, and none for the other outcomes', () => {
  const none = { legalBasis: '条例第三十六条' };
  expect(letterNotice('notProcessed.petition', none)).toBe('petition');
  expect(letterNotice('notProcessed.publication', none)).toBe('publication');
  expect(letterNotice('unavailable.notHeld', { legalBasis: '条例第三十六条第（五）项' })).toBe('notResponsible');
  expect(letterNotice('unavailable.notHeld', { legalBasis: '条例第三十六条第(五)项' })).toBe('notResponsible');
  expect(letterNotice('unavailable.notHeld', { legalBasis: '条例第三十六条第（四）项', competentAgency: { name: '某局' } })).toBe('notResponsible');
  expect(letterNotice('unavailable.notHeld', { legalBasis: '条例第三十六条第（四）项' })).toBeNull();
  const others = outcomeKeys.filter((k) => !['notProcessed.petition', 'notProcessed.publication', 'unavailable.notHeld'].includes(k));
  for (const k of others) expect([k, letterNotice(k, { legalBasis: '条例第三十六条第（五）项' })]).toEqual([k, null]);
});
