import { ConfigError, configWarnings, loadConfig, REPORT_EDITOR_UNSET, reportEditor } from '../../config';
import { reportInput } from '../../client/services/report';
import { annualReportSchedule } from '../../worker/schedules';

test('defaults give the embedded set-up: SQLite under data/, no SMTP (outbox files), Asia/Shanghai', () => {
  const c = loadConfig({});
  expect(c.databaseUrl).toBe('sqlite:data/register.db');
  expect(c.SMTP_URL).toBeUndefined();
  expect(c.TZ_AGENCY).toBe('Asia/Shanghai');
  expect(c.publicUrl).toBe('http://127.0.0.1:3000');
});

test.each([
  ['DATABASE_URL', 'mysql://x', 'DATABASE_URL: must be postgres://... or sqlite:FILE'],
  ['SMTP_URL', 'http://mail', 'SMTP_URL: must be smtp://host:port or smtps://...'],
  ['TEMPORAL_ADDRESS', 'localhost', 'TEMPORAL_ADDRESS: must be host:port'],
  ['WEB_PORT', '70000', 'WEB_PORT: Too big: expected number to be <=65535'],
  ['TZ_AGENCY', 'UTC', 'TZ_AGENCY: only Asia/Shanghai is supported'],
  ['AGENCY_CODE', 'a b', 'AGENCY_CODE: must be 2-16 letters or digits'],
  ['REVIEW_AUTHORITY', '示例市 人民政府', 'REVIEW_AUTHORITY: must be the name of the 复议机关 (2-60 characters, no spaces), e.g. 示例市人民政府'],
  ['REVIEW_AUTHORITY', 'CityGovernment', 'REVIEW_AUTHORITY: must be the Chinese name of the 复议机关, e.g. 示例市人民政府'],
  ['COURT', '示例市示例区人民政府', 'COURT: must be the name of a court ending in 法院, e.g. 示例市示例区人民法院'],
])('%s=%s is refused with a message naming the variable', (name, value, message) => {
  expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(`invalid configuration: ${message}`));
});

test('a webhook without its secret is refused', () => {
  expect(() => loadConfig({ PORTAL_WEBHOOK_URL: 'https://portal.example.gov.cn/hook' })).toThrow(/PORTAL_WEBHOOK_SECRET/);
});

test('the 复议机关 and the court (条例 第五十一条) are read as given; start-up warns while either is unset', () => {
  const c = loadConfig({ REVIEW_AUTHORITY: ' 示例市人民政府 ', COURT: '示例市铁路运输法院' });
  expect([c.REVIEW_AUTHORITY, c.COURT]).toEqual(['示例市人民政府', '示例市铁路运输法院']);
  expect(configWarnings(c)).toEqual([]);
  const unset = configWarnings(loadConfig({}));
  expect(unset).toHaveLength(2);
  expect(unset[0]).toMatch(/REVIEW_AUTHORITY is unset.*行政复议法 第二十条第三款/);
  expect(unset[1]).toMatch(/COURT is unset/);
  expect(configWarnings(loadConfig({ REVIEW_AUTHORITY: '示例市人民政府' }))).toEqual([expect.stringMatching(/^warning: COURT/)]);
});

describe('TRUST_PROXY (issue 13, finding 4)', () => {
  test('off unless set: no X-Forwarded-For is believed, whatever PUBLIC_URL says', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://gongkai.example.gov.cn' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
  });

  test('the proxies\' addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toBe('10.0.0.5,10.1.0.0/16,::1');
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  test.each(['true', '*', '0.0.0.0/0', 'proxy.example', '1', '10.0.0.1/40'])('TRUST_PROXY=%s is refused, naming the variable', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^invalid configuration: TRUST_PROXY: /);
  });
});

test('no default report editor: the schedule and a report start without one are refused in one line', () => {
  const unset = loadConfig({});
  expect(unset.REPORT_EDITOR).toBeUndefined();
  expect(() => reportEditor(unset)).toThrow(new ConfigError(REPORT_EDITOR_UNSET));
  expect(REPORT_EDITOR_UNSET).not.toMatch(/\n/);
  expect(() => annualReportSchedule(unset)).toThrow(ConfigError);
  expect(() => reportInput(unset, 2025)).toThrow(ConfigError);
  expect(reportInput(unset, 2025, 'wang.fang').editor).toBe('wang.fang');

  const set = loadConfig({ REPORT_EDITOR: 'wang.fang' });
  expect(reportEditor(set)).toBe('wang.fang');
  const action = annualReportSchedule(set).action;
  expect(action.type === 'startWorkflow' && action.args).toEqual([expect.objectContaining({ editor: 'wang.fang' })]);
});
