#!/usr/bin/env bash
# Start a private PostgreSQL 15 for the DuckLake catalog: `bash scripts/postgres.sh start DIR PORT` / `stop DIR`.
# Installs Debian postgresql-15 when absent; the cluster lives in DIR (owned by the `postgres` user, which initdb
# requires), listens on 127.0.0.1:PORT only, trusts local connections, and has a database `binjai`.
set -euo pipefail
action="${1:?start|stop}"
dir="${2:?data folder}"
port="${3:-55432}"
bin=/usr/lib/postgresql/15/bin
if [ ! -x "$bin/postgres" ]; then
  apt-get update -q >/dev/null && apt-get install -y -q postgresql-15 >/dev/null
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir" && chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null
    fi
    if ! as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'binjai'" | grep -q 1; then
      as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres binjai
    fi
    ;;
  stop)
    as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
esac
