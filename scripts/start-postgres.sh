#!/usr/bin/env bash
# Starts Debian's PostgreSQL (installed by .ci/run) and creates the test role and database, idempotently.
# Prints the URL to use as TEST_DATABASE_URL.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  pg_createcluster "$ver" main >/dev/null 2>&1
fi
pg_ctlcluster "$ver" main start >/dev/null 2>&1 || true  # stdout carries only the URL
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
psql_su() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
if [ "$(psql_su "select 1 from pg_roles where rolname='gongkai'")" != "1" ]; then
  psql_su "create role gongkai login superuser password 'gongkai'"
fi
if [ "$(psql_su "select 1 from pg_database where datname='gongkai_test'")" != "1" ]; then
  psql_su "create database gongkai_test owner gongkai"
fi
echo "postgres://gongkai:gongkai@127.0.0.1:5432/gongkai_test"
