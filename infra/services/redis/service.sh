#!/bin/bash
# The service's controller (the container's command, and what the engine execs to steer it):
#   run     serve in memory (no RDB, no AOF) on 127.0.0.1:${REDIS_PORT:-6379}, and keep the
#           container up when the server stops
#   stop    stop the server (connections are refused until `start`); what it held is lost
#   start   serve again
#   status  exit 0 while the server runs
#   ready PORT MS  exit 0 once 127.0.0.1:PORT accepts a connection, 1 after MS milliseconds
set -eu
PIDFILE=/tmp/bsod-service.pid

serve() {
  redis-server --bind 127.0.0.1 --port "${REDIS_PORT:-6379}" --save "" --appendonly no \
    --dir /tmp --protected-mode no --daemonize no --logfile "" >>/tmp/redis.log 2>&1 &
  echo $! >"$PIDFILE"
}

running() { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

case "${1:-run}" in
  run)
    serve
    trap 'running && kill -TERM "$(cat "$PIDFILE")"; exit 0' TERM INT
    while :; do sleep 3600 & wait $! || true; done
    ;;
  stop)
    if running; then
      pid="$(cat "$PIDFILE")"
      kill -TERM "$pid"
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
