#!/usr/bin/env bash
# The time-skipping suites with the host clock set to other days (Debian's faketime, preloaded into jest, its
# workers and the test server it starts): nothing they assert may depend on the day the suite runs.
#   scripts/test-dates.sh                  the four days the test command is checked at
#   scripts/test-dates.sh 2027-02-05 ...   any others
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh
if ! command -v faketime >/dev/null 2>&1; then
  [ "$(id -u)" = "0" ] || { echo "faketime is missing (run as root: apt-get install -y faketime)" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends faketime >/dev/null
fi
days=("$@")
[ ${#days[@]} -gt 0 ] || days=(2026-12-01 2026-12-31 2027-01-01 2027-06-30)
mapfile -t files < <(grep -rl --include='*.test.ts' 'timeSkippingEnv()' tests | sort)
for day in "${days[@]}"; do
  echo "[time-skipping suites with the host clock at $day 10:00 (Asia/Shanghai)]"
  # Starts there and runs on: timeouts and polling still see real seconds pass.
  faketime "$day 02:00:00 UTC" npx jest --ci --runInBand "${files[@]}"
done
