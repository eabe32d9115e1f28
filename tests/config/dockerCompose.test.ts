import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../config';
import { repoRoot } from '../../testing/tools';

// No Docker engine runs here: these checks keep docker-compose.yml consistent with the code and the docs.
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  ports?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  depends_on?: string[] | Record<string, unknown>;
}
const compose = parse(fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const envFile = (name: string) =>
  Object.fromEntries(
    fs.readFileSync(path.join(repoRoot, name), 'utf8').split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

test('every service the README names is in docker-compose.yml', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const named = [...readme.matchAll(/compose\s+service\s+`([\w-]+)`/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThanOrEqual(6);
  for (const s of named) expect(Object.keys(compose.services)).toContain(s);
});

test('the containers’ environment is valid configuration and documented in .env.example', () => {
  const documented = envFile('.env.example');
  const env = envFile('.env.compose');
  for (const key of Object.keys(env)) expect(Object.keys(documented)).toContain(key);
  const config = loadConfig(env);
  expect(config.databaseUrl).toMatch(/^postgres:\/\/.+@postgresql:5432\//);
  expect(config.SMTP_URL).toBe('smtp://mailpit:1025');
  expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
  for (const s of ['worker', 'web']) {
    expect(compose.services[s].build).toBe('.');
    expect(compose.services[s].env_file).toEqual(['.env.compose']);
  }
});

test('ports agree with .env.example and the containers’ configuration', () => {
  const documented = envFile('.env.example');
  const env = envFile('.env.compose');
  expect(compose.services.web.ports).toContain(`${documented.WEB_PORT}:${env.WEB_PORT}`);
  expect(compose.services['temporal-ui'].ports?.[0]).toMatch(new RegExp(`^${documented.TEMPORAL_UI_PORT}:`));
  expect(compose.services.temporal.ports).toContain(`${documented.TEMPORAL_DEV_PORT}:7233`);
  const smtpPort = new URL(env.SMTP_URL).port;
  expect(compose.services.mailpit.ports).toContain(`${smtpPort}:${smtpPort}`);
});

test('the commands the containers run exist', () => {
  for (const s of ['worker', 'web']) {
    const file = compose.services[s].command?.at(-1) ?? '';
    expect(fs.existsSync(path.join(repoRoot, file))).toBe(true);
  }
  expect(fs.existsSync(path.join(repoRoot, 'Dockerfile'))).toBe(true);
});
