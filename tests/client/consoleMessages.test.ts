import { chineseMessage } from '../../client/console/src/messages';
import { errorCodeLabels } from '../../domain/dictionary';

// What a clerk reads of a refusal: the rule in Chinese, without the field paths the CLI and developers read.
test.each([
  ['legalBasis：应写明答复决定所依据的条例条款（法律依据）', '应写明答复决定所依据的条例条款（法律依据）'],
  ['不符合法定期限规则：events[5].date：延长答复期限应在答复期限内批准：答复期限至 2026-12-29，2026-12-30 已超过期限', '不符合法定期限规则：延长答复期限应在答复期限内批准：答复期限至 2026-12-29，2026-12-30 已超过期限'],
  ['日期（holidays[0].off[0]）：日期应写作 YYYY-MM-DD，且是真实存在的日期', '日期：日期应写作 YYYY-MM-DD，且是真实存在的日期'],
])('%s', (message, shown) => {
  expect(chineseMessage('rule', message)).toBe(shown);
});

test('a message still in English is replaced by what its code means', () => {
  expect(chineseMessage('rule', 'legal basis required')).toBe(errorCodeLabels.rule);
  expect(chineseMessage('bad_request', 'outcome：应为 granted 等之一')).toBe(errorCodeLabels.bad_request);
  expect(chineseMessage('unknown_code', undefined)).toBe(errorCodeLabels.bad_request);
});
