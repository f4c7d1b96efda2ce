#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage tests, on 127.0.0.1 only.
#
# Installs Debian's postgresql if missing, creates (once) a cluster in $PG_TEST_DIR, starts it on
# 127.0.0.1:$PG_TEST_PORT, creates the role and database, and prints ONE line on stdout:
#   export TEST_DATABASE_URL=postgresql://m_e_test:m_e_test@127.0.0.1:54329/m_e_test
# (also written to $PG_TEST_DIR/env). Usage from .ci/run:   eval "$(.ci/postgres.sh)"
# Safe to call again: a running server is reused. Stop it with:  .ci/postgres.sh stop
# Everything else goes to stderr so that `eval` sees only the export line.
set -euo pipefail

PG_TEST_DIR="${PG_TEST_DIR:-/tmp/m_e_pgtest}"
PG_TEST_PORT="${PG_TEST_PORT:-54329}"
PG_TEST_USER="${PG_TEST_USER:-m_e_test}"
PG_TEST_DB="${PG_TEST_DB:-m_e_test}"
# A test-only password on a loopback-only server that lives in /tmp: not a secret.
PG_TEST_PASSWORD="${PG_TEST_PASSWORD:-m_e_test}"
DATA="$PG_TEST_DIR/data"
LOG="$PG_TEST_DIR/server.log"

log() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

bindir() {
  # Newest installed major version (Debian keeps binaries out of PATH).
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

BIN="$(bindir || true)"
if [ -z "$BIN" ]; then
  log "installing Debian's postgresql"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN="$(bindir)"
fi

# The server refuses to run as root: run it as the 'postgres' system user when we are root.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  run_pg() { runuser -u postgres -- "$@"; }
  mkdir -p "$PG_TEST_DIR"
  chown postgres: "$PG_TEST_DIR"
else
  run_pg() { "$@"; }
  mkdir -p "$PG_TEST_DIR"
fi

if [ "${1:-}" = stop ]; then
  run_pg "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  exit 0
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "initdb in $DATA"
  pwfile="$PG_TEST_DIR/pw"
  echo "$PG_TEST_PASSWORD" >"$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
  # Local socket: trust (only this machine's postgres user); TCP: passwords (scram).
  run_pg "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2
  rm -f "$pwfile"
fi

if ! run_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PG_TEST_PORT (log: $LOG)"
  run_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_TEST_PORT -k $PG_TEST_DIR" start >&2
fi

psql_admin() { run_pg "$BIN/psql" -h "$PG_TEST_DIR" -p "$PG_TEST_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_TEST_USER'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $PG_TEST_USER LOGIN PASSWORD '$PG_TEST_PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_TEST_DB'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $PG_TEST_DB OWNER $PG_TEST_USER" >&2
fi

url="postgresql://$PG_TEST_USER:$PG_TEST_PASSWORD@127.0.0.1:$PG_TEST_PORT/$PG_TEST_DB"
echo "export TEST_DATABASE_URL=$url" | tee "$PG_TEST_DIR/env"
