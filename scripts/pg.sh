#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests.
#
#   scripts/pg.sh start [DIR]   create a server in DIR (default: a new mktemp dir under /tmp),
#                               wait until it accepts connections, print a libpq conninfo
#                               ("host=DIR port=5432 user=postgres dbname=postgres") on stdout
#   scripts/pg.sh stop DIR      stop it (fast shutdown) and remove DIR; fine if already gone
#
# The server listens only on a unix socket inside DIR (no TCP), trusts local connections and
# runs with fsync=off: it is for tests, its data is disposable (PG_DURABLE=1 keeps PostgreSQL's
# durable defaults instead: fsync, synchronous_commit and full_page_writes on, for benchmarks
# that must measure production settings). initdb refuses to run as root,
# so the server runs as the `postgres` user (through runuser; with sudo when not root).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=5432
MARKER=.plaza-pg  # only directories carrying this file are ever removed by `stop`

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
else
  SUDO=(sudo)
fi

as_postgres() {
  "${SUDO[@]}" runuser -u postgres -- "$@"
}

start() {
  local dir=${1:-}
  [[ -x $PG_BIN/initdb ]] || die "PostgreSQL 15 binaries not found in $PG_BIN"
  if [[ -z $dir ]]; then
    dir=$(mktemp -d /tmp/plaza-pg.XXXXXX)
  else
    mkdir -p -- "$dir"
  fi
  dir=$(cd -- "$dir" && pwd -P)
  [[ -z $(ls -A -- "$dir") ]] || die "$dir is not empty"
  # postgres must be able to enter DIR and create its socket there.
  "${SUDO[@]}" chmod 755 -- "$dir"
  "${SUDO[@]}" chown postgres:postgres -- "$dir"
  as_postgres touch -- "$dir/$MARKER"

  as_postgres "$PG_BIN/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    die "initdb failed; see $dir/initdb.log"

  as_postgres tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF

# pg.sh: a disposable test server
listen_addresses = ''
unix_socket_directories = '$dir'
port = $PORT
max_connections = 200
EOF
  if [[ "${PG_DURABLE:-0}" != 1 ]]; then
    as_postgres tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi

  as_postgres "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
    --timeout=30 start >/dev/null || die "server did not start; see $dir/server.log"

  local tries=0
  until "$PG_BIN/pg_isready" --quiet --host="$dir" --port="$PORT"; do
    tries=$((tries + 1))
    [[ $tries -lt 100 ]] || die "server is not accepting connections; see $dir/server.log"
    sleep 0.1
  done
  echo "host=$dir port=$PORT user=postgres dbname=postgres"
}

stop() {
  local dir=${1:-}
  [[ -n $dir ]] || die "usage: pg.sh stop DIR"
  [[ -e $dir ]] || return 0
  [[ -f $dir/$MARKER ]] || die "$dir was not made by pg.sh start; not touching it"
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_postgres "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --timeout=30 stop \
      >/dev/null 2>&1 || true
  fi
  "${SUDO[@]}" rm -rf -- "$dir"
}

case ${1:-} in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: pg.sh start [DIR] | pg.sh stop DIR" ;;
esac
