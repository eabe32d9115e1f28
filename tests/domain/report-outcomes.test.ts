import {
  applicantColumnLabels,
  applicantColumns,
  isOutcomeKey,
  outcome,
  outcomeKeys,
  outcomeName,
  outcomeRow,
  outcomeRows,
  outcomes,
} from '../../domain/outcomes';

// The leaf rows of section 三 as printed in the 2021 template (国办公开办函〔2021〕30号), copied by hand.
const templateLeafLabels2021 = [
  '（一）予以公开',
  '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  '1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
  '1.本机关不掌握相关政府信息',
  '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确',
  '1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
];

describe('outcome taxonomy', () => {
  it('has the 21 leaf rows of the 2021 template, in order, with their exact labels', () => {
    expect(outcomeKeys).toHaveLength(21);
    expect(outcomes.map((o) => o.label ?? (o.key === 'granted' ? '（一）予以公开' : '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'))).toEqual(
      templateLeafLabels2021,
    );
  });

  it('keys are the docs/report-data.md row keys and name their group', () => {
    for (const o of outcomes) {
      if (o.key.includes('.')) expect(o.key.split('.')[0]).toBe(o.group);
      else expect(o.key).toBe(o.group);
    }
    expect(isOutcomeKey('withheld.thirdPartyRights')).toBe(true);
    expect(isOutcomeKey('withheld')).toBe(false);
  });

  it('rests each row on its article of the 条例', () => {
    expect(outcome('withheld.thirdPartyRights').basis).toEqual(['条例第十五条', '条例第三十二条']);
    expect(outcome('notProcessed.excessive').basis).toEqual(['条例第三十五条']);
    expect(outcome('unavailable.needsCreation').basis).toEqual(['条例第三十八条']);
    expect(outcome('other.noCorrection').basis).toEqual(['条例第三十条']);
  });

  it('folds the two 2021-only （六） rows into other.other in the 2019 format', () => {
    expect(outcomeRows('2019')).toHaveLength(19);
    expect(outcomeRows('2019').map((o) => o.key)).not.toContain('other.feeUnpaid');
    expect(outcomeRow('other.noCorrection', '2019')).toBe('other.other');
    expect(outcomeRow('other.feeUnpaid', '2019')).toBe('other.other');
    expect(outcomeRow('other.feeUnpaid', '2021')).toBe('other.feeUnpaid');
    expect(outcomeRow('withheld.stateSecret', '2019')).toBe('withheld.stateSecret');
  });

  it('has the seven applicant columns of the template, without a legal-person subtotal', () => {
    expect(applicantColumns.map((c) => applicantColumnLabels[c])).toEqual([
      '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计',
    ]);
  });
});

test('outcomeName: the words a letter or email uses, without the report numbering or its counting note', () => {
  expect(outcomeName('granted')).toBe('予以公开');
  expect(outcomeName('partiallyGranted')).toBe('部分公开');
  expect(outcomeName('withheld.stateSecret')).toBe('属于国家秘密');
  expect(outcomeName('other.other')).toBe('其他');
  for (const key of outcomeKeys) expect(outcomeName(key)).toMatch(/^[^\d（(a-z][^a-z]*$/);
});
