#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, npm packages and Temporal binaries, then
# type check, lint, every jest suite on SQLite, and the register suites again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
npx jest --ci
echo "[register on PostgreSQL]"
TEST_DATABASE_URL=$(bash scripts/start-postgres.sh) npx jest --ci --testPathPatterns 'tests/register/|\.register\.test\.ts$'
