#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (and for developers): initdb under DIR, trust auth, a unix socket in
# DIR and a free TCP port on 127.0.0.1. Nothing outside DIR is touched; `stop` removes DIR.
#
#   DIR=$(mktemp -d); eval "$(.ci/postgres.sh start "$DIR")"   # prints: export INCIDENT_BRIEF_TEST_POSTGRES_URL=...
#   .ci/postgres.sh stop "$DIR"
#
# As root the server runs as an unprivileged user (PG refuses root): $PG_USER, default `nobody`.
# The binaries: $PG_BINDIR, else initdb on PATH, else the newest /usr/lib/postgresql/*/bin (Debian's `postgresql`).
set -euo pipefail

bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$found" ]; then echo "postgres.sh: no PostgreSQL binaries (install Debian's postgresql package)" >&2; exit 3; fi
  echo "$found"
}

as_owner() {  # run a command as the cluster's owner: ourselves, or $PG_USER when we are root
  if [ "$(id -u)" -eq 0 ]; then runuser -u "${PG_USER:-nobody}" -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local dir=$1 bin port
  bin=$(bindir)
  port=$(free_port)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown "${PG_USER:-nobody}" "$dir"; fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 4; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 5; }
  echo "$port" >"$dir/port"
  echo "export INCIDENT_BRIEF_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?usage: postgres.sh start DIR}" ;;
  stop) stop "${2:?usage: postgres.sh stop DIR}" ;;
  *) echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
