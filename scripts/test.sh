#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, npm packages and Temporal binaries, then
# type check, lint, every jest suite on SQLite, and the register and fault-injection suites again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
# --forceExit: a test that fails mid-way must not leave the run waiting on a server it started.
results=.tools/test-results
rm -rf "$results" && mkdir -p "$results"
npx jest --ci --forceExit --json --outputFile="$results/main.json" --testPathIgnorePatterns '/tests/faults/|/tests/workflows/application'
# The applications' long time-skipping timelines run alone: beside other suites on 2 cores, a skip has been seen to
# stall (an activity retry timer behind a locked clock). Bounded, and tried once more if it stalls.
echo "[applications on the time-skipping server]"
applications() { timeout 600 npx jest --ci --forceExit --runInBand --json --outputFile="$results/applications.json" tests/workflows/application; }
applications || { echo "[applications: second try]"; applications; }
echo "[fault injection: worker kill -9, Temporal restart, SMTP and register outages]"
npx jest --ci --forceExit --json --outputFile="$results/faults.json" --runInBand tests/faults
pg=$(bash scripts/start-postgres.sh)
echo "[register on PostgreSQL]"
TEST_DATABASE_URL=$pg npx jest --ci --forceExit --json --outputFile="$results/postgres.json" --testPathPatterns 'tests/register/|\.register\.test\.ts$'
# The fault files again with the register on PostgreSQL: its outage is another mechanism there (a read-only database
# with every session cut, testing/faults.ts), and the worker's connection handling is another code path.
echo "[fault injection with the register on PostgreSQL]"
TEST_DATABASE_URL=$pg npx jest --ci --forceExit --json --outputFile="$results/faults-postgres.json" --runInBand --testPathPatterns 'tests/faults/[^/]*-faults\.test\.ts$'
node -e '
  const fs = require("fs"), dir = process.argv[1];
  const runs = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(dir + "/" + f, "utf8")));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`jest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "$results"
