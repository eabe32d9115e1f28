#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, npm packages and Temporal binaries, then
# type check, lint, every jest suite on SQLite, and the register suites again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
# --forceExit: a test that fails mid-way must not leave the run waiting on a server it started.
npx jest --ci --forceExit --testPathIgnorePatterns '/tests/faults/'
echo "[fault injection: worker kill -9, Temporal restart, SMTP and register outages]"
npx jest --ci --forceExit --runInBand tests/faults
echo "[register on PostgreSQL]"
TEST_DATABASE_URL=$(bash scripts/start-postgres.sh) npx jest --ci --forceExit --testPathPatterns 'tests/register/|\.register\.test\.ts$'
