#!/usr/bin/env bash
# Gongkai on its embedded defaults, from a fresh clone: Node 24 (scripts/node.sh), the npm packages and the Temporal
# binaries when missing, then `npm start` (Temporal dev server, SQLite register, worker, web server).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
elif ! gk_native_ok; then
  echo "[node] node_modules were built for another Node: rebuilding the native modules for $(node -v)" >&2
  npm rebuild --loglevel=error
fi
exec npm start
