import { letterChecklistLabels, secrecyChecklistLabels } from '../../domain/dictionary';
import { checklistKind, checklistMismatch, fullChecklist, itemChecklistSchema, letterChecklistSchema, secrecyChecklistSchema } from '../../domain/review/input';
import { defaultPolicy } from '../../domain/review/policy';

/**
 * The 保密审查 checklist of a reply letter (依申请公开答复) is its own: a letter goes to one applicant and is not
 * 主动公开; it is checked for what it discloses beyond the decision, the withheld parts' reasons, third parties.
 */
const itemList = fullChecklist('工作动态');
const letterList = fullChecklist('依申请公开答复');

test('a reply letter is checked with its own list, which does not ask for 主动公开', () => {
  expect(checklistKind('依申请公开答复')).toBe('letter');
  expect(checklistKind('政府信息公开年度报告')).toBe('item');
  expect(Object.values(letterChecklistLabels).join('')).not.toContain('主动公开');
  expect(Object.values(letterChecklistLabels)).toEqual(expect.arrayContaining([
    expect.stringContaining('未超出答复决定的范围'), expect.stringContaining('理由和法律依据'), expect.stringContaining('第三方'),
  ]));
  // The letter's review has a stage with the checklist: that is where this list is shown.
  expect(defaultPolicy('依申请公开答复')!.stages.some((s) => s.secrecyChecklist)).toBe(true);
});

test('each list is the one its labels name, and every box must be ticked', () => {
  expect(Object.keys(letterList).sort()).toEqual(Object.keys(letterChecklistLabels).sort());
  expect(Object.keys(itemList).sort()).toEqual(Object.keys(secrecyChecklistLabels).sort());
  expect(letterChecklistSchema.safeParse(letterList).success).toBe(true);
  expect(letterChecklistSchema.safeParse({ ...letterList, withheldStated: false }).success).toBe(false);
  expect(itemChecklistSchema.safeParse(itemList).success).toBe(true);
});

test('the item list is refused on a letter, the letter list on an item, in Chinese', () => {
  expect(checklistMismatch('依申请公开答复', letterList)).toBeUndefined();
  expect(checklistMismatch('依申请公开答复', itemList)).toMatch(/^答复书的保密审查请逐项确认/);
  expect(checklistMismatch('依申请公开答复', { ...letterList, noThirdPartyData: undefined })).toMatch(/未泄露第三方/);
  expect(checklistMismatch('工作动态', itemList)).toBeUndefined();
  expect(checklistMismatch('工作动态', letterList)).toMatch(/公开属性为主动公开/);
});

test('the workflow accepts either list: letters approved with the item list before keep replaying', () => {
  expect(secrecyChecklistSchema.parse(itemList)).toEqual(itemList);
  expect(secrecyChecklistSchema.parse(letterList)).toEqual(letterList);
  expect(secrecyChecklistSchema.safeParse({ noStateSecrets: true }).success).toBe(false);
});
