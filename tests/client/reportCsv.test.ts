import { section2FromCsv } from '../../client/services/reportCsv';

test('section 二 from a CSV as Excel writes it: a BOM, a header, quoted cells, CRLF, blank lines', () => {
  const csv = '\uFEFFrow,field,value\r\nrules,issued,3\r\n\r\n"rules","repealed","/"\r\nnormativeDocs,issued," 12 "\r\n';
  expect(section2FromCsv(csv, '2021')).toEqual({ rules: { issued: 3, repealed: '/' }, normativeDocs: { issued: 12 } });
});

test('a quoted value may hold a comma, and stays text', () => {
  expect(section2FromCsv('rules,issued,"1,000"', '2021')).toEqual({ rules: { issued: '1,000' } });
});

test.each([
  ['an unknown row', 'row,field,value\nnosuch,issued,1', /第 2 行：第二部分没有“nosuch”这一项/],
  ['a field the row does not have', 'rules,nosuch,1', /第 1 行：“rules”（规章）没有“nosuch”这一栏/],
  ['a line without its value', 'rules,issued', /第 1 行：应为 3 栏（row,field,value，即项目、栏目、数值），现为 2 栏/],
  ['an unclosed quote', 'rules,issued,"3', /^section2Csv：第 1 行：引号没有成对/],
])('%s is refused, naming the line', (_what, csv, message) => {
  expect(() => section2FromCsv(csv, '2021')).toThrow(RangeError);
  expect(() => section2FromCsv(csv, '2021')).toThrow(message);
});
