#!/bin/sh
# A throwaway PostgreSQL cluster for the tests, from Debian's postgresql package: initdb in a
# folder of its own (as the postgres user when run as root), listening on a Unix socket in
# that folder only (listen_addresses=''), trust authentication for the one local user. Nothing
# outside the folder is touched.
#   pg_cluster.sh start DIR      make the cluster if DIR has none, start it, print its URL
#   pg_cluster.sh stop DIR       stop it (fast shutdown: sessions are ended)
#   pg_cluster.sh url DIR        print the URL
#   pg_cluster.sh with CMD...    a new cluster in a temporary folder for the time CMD runs, with
#                                DELTAG_TEST_PG_URL and DELTAG_TEST_PG_DIR set; stopped and
#                                removed afterwards (also on failure or Ctrl-C)
set -eu

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "pg_cluster.sh: Debian's postgresql package is not installed" >&2; exit 1; }

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgresql://deltag@/postgres?host=$1"; }

start() {
  dir=$1
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U deltag -A trust -E UTF8 --no-locale -N >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # fsync stays on: the tests check that what was acknowledged survives.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -c max_connections=200 -c shared_buffers=32MB" start >/dev/null ||
    { tail -n 20 "$dir/server.log" >&2; exit 1; }
  url "$dir"
}

stop() {
  [ -f "$1/data/postmaster.pid" ] || return 0
  as_owner "$bin/pg_ctl" -D "$1/data" -m fast -w -t 60 stop >/dev/null
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  url) url "$2" ;;
  with)
    shift
    dir=$(mktemp -d "${TMPDIR:-/tmp}/deltag-pg-XXXXXX")
    trap 'stop "$dir" || true; rm -rf "$dir"' EXIT
    trap 'exit 130' INT TERM
    DELTAG_TEST_PG_URL=$(start "$dir")
    DELTAG_TEST_PG_DIR=$dir
    export DELTAG_TEST_PG_URL DELTAG_TEST_PG_DIR
    rc=0
    "$@" || rc=$?
    exit $rc
    ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
