#!/usr/bin/env bash
# moto server (a local mock of the AWS APIs) for the AWS integration tests (packages/executor-aws) and
# demos 6, 7 and 8: S3, Secrets Manager, CloudWatch Logs, Batch and Lambda management, IAM.
# Usage: scripts/services/moto.sh start|stop|status   (port: MOTO_PORT, default 5000)
# Installs moto[server] from PyPI into a venv under ~/.cache/twingraph/moto-venv when missing and runs
# moto_server on 127.0.0.1 in the background (in-memory state: a restart forgets everything).
set -euo pipefail
PORT="${MOTO_PORT:-5000}"
MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/twingraph"
VENV="$CACHE/moto-venv"
PID_FILE="$CACHE/moto-$PORT.pid"
LOG_FILE="$CACHE/moto-$PORT.log"

ping() { python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/moto-api/', timeout=2)" 2>/dev/null; }

install() {
  [ -x "$VENV/bin/moto_server" ] && return 0
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
  fi
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
}

case "${1:-}" in
  start)
    install
    if ping; then echo "moto already running on port $PORT"; exit 0; fi
    mkdir -p "$CACHE"
    # setsid: the server outlives the shell that started it (CI step, run-local.sh).
    # Batch job containers moto runs on the local Docker Engine use the host network, so they reach
    # presigned S3 URLs on 127.0.0.1 like the engine does.
    MOTO_DOCKER_NETWORK_MODE=host setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$LOG_FILE" 2>&1 < /dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 300); do
      if ping; then echo "moto ready on http://127.0.0.1:$PORT"; exit 0; fi
      sleep 0.1
    done
    echo "moto did not answer on port $PORT within 30 s; see $LOG_FILE" >&2
    exit 1
    ;;
  stop)
    if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      kill "$(cat "$PID_FILE")"
      rm -f "$PID_FILE"
      echo "moto stopped"
    elif ping; then
      echo "moto answers on port $PORT but was not started by this script (no $PID_FILE); leaving it" >&2
    else
      echo "moto not running"
    fi
    ;;
  status)
    if ping; then echo "moto running on http://127.0.0.1:$PORT"; else echo "moto not running on port $PORT"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
