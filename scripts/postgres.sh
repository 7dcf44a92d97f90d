#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests and benchmarks, in a folder of its own, on loopback only.
#   scripts/postgres.sh start DIR [PORT]   creates the cluster in DIR (initdb refuses root: as the `postgres` user
#                                          then), starts it and prints its URL, postgres://chengyun@127.0.0.1:PORT/chengyun
#   scripts/postgres.sh bench DIR [PORT]   the same for benchmarks: durable as SQLite's 'process' durability (fsync on,
#                                          synchronous_commit off: a commit survives the server process, not a power
#                                          loss), 2 GB of shared buffers, checkpoints spread out
#   scripts/postgres.sh stop DIR           stops it (the caller removes DIR)
# `start` is tuned for tests, not for keeping data: fsync and synchronous_commit are off.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "postgres.sh: PostgreSQL 15 is missing (scripts/setup.sh installs it)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

command=${1:-}; dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { sed -n 2,11p "$0" >&2; exit 2; }
case "$command" in
start|bench)
  port=${3:-}
  if [ -z "$port" ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U chengyun --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 300"
    if [ "$command" = bench ]; then
      echo "shared_buffers = 2GB"; echo "work_mem = 32MB"; echo "maintenance_work_mem = 1GB"
      echo "synchronous_commit = off"; echo "max_wal_size = 8GB"; echo "checkpoint_timeout = 15min"
    else
      echo "shared_buffers = 256MB"
      echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
    fi
  } | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U chengyun chengyun
  echo "postgres://chengyun@127.0.0.1:$port/chengyun"
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
*) sed -n 2,11p "$0" >&2; exit 2 ;;
esac
