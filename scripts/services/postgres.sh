#!/usr/bin/env bash
# PostgreSQL 15 for packages/store-sql's PostgreSQL integration tests, `--store postgres://…` CLI tests and
# bench/postgres-write-path.mjs.
# Usage: scripts/services/postgres.sh start|stop|status   (127.0.0.1, port POSTGRES_PORT, default 5432)
# Installs Debian `postgresql` when the server binaries are missing, creates a cluster once (initdb, trust
# auth on loopback only, superuser `postgres`) and database `twingraph_test`, and runs the server in the
# background as the `postgres` user (PostgreSQL refuses to run as root). Tests connect with
# TWINGRAPH_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/twingraph_test).
# Data: $TWINGRAPH_POSTGRES_DATA, else ~/.cache/twingraph/postgres when the `postgres` user can reach it,
# else /var/lib/twingraph/postgres (root's home is usually closed to other users). Log: <data>.log.
set -euo pipefail
PORT="${POSTGRES_PORT:-5432}"
DATABASE=twingraph_test
BIN="${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
RUN_AS=postgres

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi
}

install() {
  [ -x "$BIN/postgres" ] && command -v psql >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
  # The Debian package starts its own cluster on 5432: stop it, this script runs its own.
  $SUDO service postgresql stop >/dev/null 2>&1 || true
}

data_dir() {
  if [ -n "${TWINGRAPH_POSTGRES_DATA:-}" ]; then echo "$TWINGRAPH_POSTGRES_DATA"; return; fi
  local home_dir="$HOME/.cache/twingraph/postgres"
  if [ "$(id -u)" -ne 0 ]; then echo "$home_dir"; return; fi
  mkdir -p "$(dirname "$home_dir")"
  if runuser -u "$RUN_AS" -- test -x "$(dirname "$home_dir")"; then echo "$home_dir"; else echo /var/lib/twingraph/postgres; fi
}

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U postgres 2>/dev/null; }

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

init_cluster() {
  local data="$1"
  [ -f "$data/PG_VERSION" ] && return 0
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then chown "$RUN_AS": "$data"; fi
  chmod 700 "$data"
  echo "postgres: creating a cluster in $data"
  as_owner "$BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Loopback only; tests open a pool per test, several suites at once.
  cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
EOF
}

case "${1:-}" in
  start)
    install
    if ready; then echo "postgres already running on 127.0.0.1:$PORT"; else
      if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "port $PORT is taken by something that is not answering as PostgreSQL" >&2; exit 1; fi
      DATA="$(data_dir)"
      init_cluster "$DATA"
      LOG="$DATA.log"
      touch "$LOG" && { [ "$(id -u)" -ne 0 ] || chown "$RUN_AS": "$LOG"; }
      as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -o "-p $PORT" -w -t 60 start >/dev/null || { echo "postgres did not start; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
      for _ in $(seq 1 100); do ready && break; sleep 0.1; done
      ready || { echo "postgres did not answer on 127.0.0.1:$PORT within 10 s; see $LOG" >&2; exit 1; }
    fi
    if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
      psql_admin -d postgres -c "CREATE DATABASE $DATABASE"
    fi
    echo "postgres ready on 127.0.0.1:$PORT (postgres://postgres@127.0.0.1:$PORT/$DATABASE)"
    ;;
  stop)
    DATA="$(data_dir)"
    if [ -f "$DATA/postmaster.pid" ]; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null && echo "postgres stopped"
    else echo "postgres not running (or not started by this script)"; fi
    ;;
  status)
    if ready; then echo "postgres running on 127.0.0.1:$PORT"; else echo "postgres not running on 127.0.0.1:$PORT"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
