#!/usr/bin/env bash
# Docker Engine for the Docker executor tests, demo 2 and bench/docker.bench.mjs.
# Usage: scripts/services/docker.sh start|stop|status
# Installs Debian docker.io when missing, starts `dockerd --iptables=false --bridge=none` in the
# background when no daemon answers (log: /tmp/twingraph-dockerd.log), waits for `docker info`, then
# builds the local test images (scripts/images/build-test-images.sh) when they are missing.
# No registry is needed: containers run with --network none and images are imported from this machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
LOG=/tmp/twingraph-dockerd.log
PIDFILE=/tmp/twingraph-dockerd.pid

ready() { docker info >/dev/null 2>&1; }
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

install() {
  command -v dockerd >/dev/null && command -v docker >/dev/null && return 0
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io
}

case "${1:-}" in
  start)
    install
    if ready; then
      echo "docker daemon already running"
    else
      # No iptables and no bridge: works in unprivileged CI sandboxes; containers use --network none.
      $SUDO sh -c "nohup dockerd --iptables=false --bridge=none >'$LOG' 2>&1 & echo \$! >'$PIDFILE'"
      for _ in $(seq 1 300); do
        ready && break
        sleep 0.1
      done
      if ! ready; then
        echo "dockerd did not answer within 30 s; see $LOG" >&2
        tail -20 "$LOG" >&2 || true
        exit 1
      fi
      echo "docker daemon ready (log: $LOG)"
    fi
    bash scripts/images/build-test-images.sh
    ;;
  stop)
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      $SUDO kill "$(cat "$PIDFILE")" && rm -f "$PIDFILE" && echo "docker daemon stopped"
    else
      echo "no docker daemon started by this script"
    fi
    ;;
  status)
    if ready; then echo "docker daemon running ($(docker info --format '{{.ServerVersion}}'))"; else echo "docker daemon not running"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
