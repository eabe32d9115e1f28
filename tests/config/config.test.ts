import { ConfigError, loadConfig } from '../../config';

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
])('%s=%s is refused with a message naming the variable', (name, value, message) => {
  expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(`invalid configuration: ${message}`));
});

test('a webhook without its secret is refused', () => {
  expect(() => loadConfig({ PORTAL_WEBHOOK_URL: 'https://portal.example.gov.cn/hook' })).toThrow(/PORTAL_WEBHOOK_SECRET/);
});
