#!/usr/bin/env bash
# Redis for the queue integration tests (packages/queue-bullmq, worker durability tests, demos 4 and 10).
# Usage: scripts/services/redis.sh start|stop|status   (port: REDIS_PORT, default 6379)
# Installs Debian redis-server when missing; runs it without persistence (tests clean up after themselves).
set -euo pipefail
PORT="${REDIS_PORT:-6379}"

ping() { redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; }

install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server
}

case "${1:-}" in
  start)
    install
    if ping; then echo "redis already running on port $PORT"; exit 0; fi
    redis-server --port "$PORT" --save '' --appendonly no --daemonize yes
    for _ in $(seq 1 100); do
      if ping; then echo "redis ready on port $PORT"; exit 0; fi
      sleep 0.1
    done
    echo "redis did not answer PING on port $PORT within 10 s" >&2
    exit 1
    ;;
  stop)
    if ping; then redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; echo "redis stopped"; else echo "redis not running"; fi
    ;;
  status)
    if ping; then echo "redis running on port $PORT"; else echo "redis not running on port $PORT"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
