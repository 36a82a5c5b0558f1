#!/usr/bin/env bash
# The TwinGraph Kubernetes stand-in (a local test double of the Kubernetes API whose Pods run on the
# local Docker Engine) for demos and run-local.sh scripts. Not a cluster: see packages/executor-kubernetes/README.md.
#
# Usage: packages/executor-kubernetes/scripts/stand-in.sh start|stop|status
#   TWINGRAPH_K8S_STAND_IN_DIR   state dir: kubeconfig, pid and log files (default ${TMPDIR:-/tmp}/twingraph-k8s-stand-in)
#   TWINGRAPH_K8S_STAND_IN_PORT  port (default 0: any free port; the kubeconfig names the one chosen)
#   TWINGRAPH_K8S_STAND_IN_ARGS  extra arguments for main.js (e.g. "--namespace demo --max-active-jobs 50")
# After `start`, the kubeconfig is "$TWINGRAPH_K8S_STAND_IN_DIR/kubeconfig" (also printed): export
# TWINGRAPH_KUBECONFIG to it. Several stand-ins can run at once with different state dirs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
DIR="${TWINGRAPH_K8S_STAND_IN_DIR:-${TMPDIR:-/tmp}/twingraph-k8s-stand-in}"
PORT="${TWINGRAPH_K8S_STAND_IN_PORT:-0}"
MAIN="$ROOT/packages/executor-kubernetes/dist/stand-in/main.js"
PID_FILE="$DIR/stand-in.pid"
LOG_FILE="$DIR/stand-in.log"
KUBECONFIG_FILE="$DIR/kubeconfig"

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

case "${1:-}" in
  start)
    if running; then echo "kubernetes stand-in already running (pid $(cat "$PID_FILE")); kubeconfig: $KUBECONFIG_FILE"; exit 0; fi
    # Build when dist/ is missing or older than a source file.
    if [ ! -f "$MAIN" ] || [ -n "$(find "$ROOT/packages/executor-kubernetes/src" -name '*.ts' -newer "$MAIN" -print -quit)" ]; then
      (cd "$ROOT" && npx tsc -b packages/executor-kubernetes)
    fi
    mkdir -p "$DIR"
    rm -f "$KUBECONFIG_FILE"
    # shellcheck disable=SC2086 # extra arguments are words on purpose
    setsid node "$MAIN" --port "$PORT" --kubeconfig "$KUBECONFIG_FILE" ${TWINGRAPH_K8S_STAND_IN_ARGS:-} >"$LOG_FILE" 2>&1 < /dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 100); do
      if [ -s "$KUBECONFIG_FILE" ] && grep -q 'listening on' "$LOG_FILE"; then
        echo "kubernetes stand-in: $(head -1 "$LOG_FILE" | sed 's/.*listening on //') (pid $(cat "$PID_FILE")); kubeconfig: $KUBECONFIG_FILE"
        exit 0
      fi
      if ! running; then echo "kubernetes stand-in failed to start:" >&2; cat "$LOG_FILE" >&2; exit 1; fi
      sleep 0.1
    done
    echo "kubernetes stand-in did not start within 10 s; log: $LOG_FILE" >&2
    exit 1
    ;;
  stop)
    if running; then
      PID="$(cat "$PID_FILE")"
      kill "$PID"
      # SIGTERM: the stand-in kills the Pod containers it started, then exits.
      for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$PID" 2>/dev/null && kill -9 "$PID"
      echo "kubernetes stand-in stopped"
    else
      echo "kubernetes stand-in not running"
    fi
    rm -f "$PID_FILE"
    ;;
  status)
    if running; then echo "kubernetes stand-in running (pid $(cat "$PID_FILE")); kubeconfig: $KUBECONFIG_FILE"; else echo "kubernetes stand-in not running"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
