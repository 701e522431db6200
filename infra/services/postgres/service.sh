#!/bin/bash
# The service's controller (the container's command, and what the engine execs to steer it):
#   run     copy the template cluster into the tmpfs data dir, create POSTGRES_USER /
#           POSTGRES_PASSWORD / POSTGRES_DB, serve, and keep the container up when the server stops
#   stop    fast shutdown of the server (connections are refused until `start`); data is kept
#   start   serve again on the same data
#   status  exit 0 while the server runs
#   ready PORT MS  exit 0 once 127.0.0.1:PORT accepts a connection, 1 after MS milliseconds
set -eu
PIDFILE=/tmp/bsod-service.pid

serve() {
  postgres -D "$PGDATA" -c listen_addresses=127.0.0.1 -c port="${PGPORT:-5432}" \
    -c unix_socket_directories=/run/postgresql -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off -c shared_buffers=32MB -c max_connections="${PG_MAX_CONNECTIONS:-100}" \
    -c logging_collector=off >>/tmp/postgres.log 2>&1 &
  echo $! >"$PIDFILE"
}

init() {
  [ -s "$PGDATA/PG_VERSION" ] && return
  cp -a /opt/pg-template/. "$PGDATA/"
  chmod 0700 "$PGDATA"
  local user="${POSTGRES_USER:-postgres}" db pass
  db="${POSTGRES_DB:-$user}"
  pass="${POSTGRES_PASSWORD:-}"
  pass="${pass//\'/\'\'}"
  # single-user mode with -j: a statement ends with a semicolon and an empty line
  {
    if [ "$user" != postgres ]; then
      printf '%s\n\n' "CREATE ROLE \"$user\" SUPERUSER LOGIN PASSWORD '$pass';"
    elif [ -n "$pass" ]; then
      printf '%s\n\n' "ALTER ROLE postgres PASSWORD '$pass';"
    fi
    if [ "$db" != postgres ]; then printf '%s\n\n' "CREATE DATABASE \"$db\" OWNER \"$user\";"; fi
  } | postgres --single -j -D "$PGDATA" postgres >/dev/null
}

running() { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

case "${1:-run}" in
  run)
    init
    serve
    trap 'running && kill -INT "$(cat "$PIDFILE")"; exit 0' TERM INT
    while :; do sleep 3600 & wait $! || true; done
    ;;
  stop)
    if running; then
      pid="$(cat "$PIDFILE")"
      kill -INT "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
    fi
    ;;
  start) running || serve ;;
  status) running ;;
  ready)
    end=$(($(date +%s%3N) + $3))
    until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; do
      [ "$(date +%s%3N)" -lt "$end" ] || exit 1
      sleep 0.02
    done
    ;;
  *) echo "usage: bsod-service run|stop|start|status|ready PORT MS" >&2; exit 2 ;;
esac
