#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, npm packages and Temporal binaries, then
# type check, lint, every jest suite on SQLite, and the register and fault-injection suites again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
# Node 24: the machine's when new enough, else the official binary brought into .tools/node (scripts/node.sh).
source scripts/node.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
results=.tools/test-results
rm -rf "$results" && mkdir -p "$results"
npx jest --ci --json --outputFile="$results/main.json" --testPathIgnorePatterns '/tests/faults/'
# The fault files mostly wait (for a killed worker's activity to time out, for a server to come back): three at once.
echo "[fault injection: worker kill -9, Temporal restart, SMTP and register outages]"
npx jest --ci --json --outputFile="$results/faults.json" --maxWorkers=3 tests/faults
pg=$(bash scripts/start-postgres.sh)
echo "[register on PostgreSQL]"
TEST_DATABASE_URL=$pg npx jest --ci --json --outputFile="$results/postgres.json" --testPathPatterns 'tests/register/|\.register\.test\.ts$'
# The fault tests that involve the register again on PostgreSQL: its outage is another mechanism there (a read-only
# database with every session cut, testing/faults.ts), and a killed worker's connections are another code path.
# A Temporal restart or an SMTP outage does not touch the register: those ran above.
echo "[fault injection with the register on PostgreSQL]"
TEST_DATABASE_URL=$pg npx jest --ci --json --outputFile="$results/faults-postgres.json" --maxWorkers=3 \
  --testPathPatterns 'tests/faults/[^/]*-faults\.test\.ts$' --testNamePattern '^(?!.*(Temporal server stops|SMTP refuses))'
node -e '
  const fs = require("fs"), dir = process.argv[1];
  const runs = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(dir + "/" + f, "utf8")));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`jest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "$results"
