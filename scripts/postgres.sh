#!/usr/bin/env bash
# Starts a local PostgreSQL for the tests (installing Debian's package where missing) and makes the role the tests
# use: `jiancha`, password `jiancha-test`, allowed to create databases, on 127.0.0.1 only. Each test creates its
# own database and drops it. Prints the connection string for JIANCHA_TEST_POSTGRES.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "安装 / installing postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | grep "^$version *main" | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
fi
for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jiancha') THEN
    CREATE ROLE jiancha LOGIN CREATEDB PASSWORD 'jiancha-test';
  END IF;
END \\\$\\\$\"" >&2
echo "host=127.0.0.1 user=jiancha password=jiancha-test dbname=postgres"
