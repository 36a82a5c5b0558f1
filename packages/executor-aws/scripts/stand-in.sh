#!/usr/bin/env bash
# Local AWS for the run-local demos (6, 7, 8): moto (scripts/services/moto.sh; S3, Secrets Manager,
# CloudWatch Logs, IAM, Lambda management, Batch running jobs on the local Docker Engine), the local
# runtime image (runtime-image/build-local.sh) and the Lambda Invoke stand-in.
# Usage: TWINGRAPH_AWS_STAND_IN_DIR=<dir> packages/executor-aws/scripts/stand-in.sh start|stop
#   start writes <dir>/env (source it: TWINGRAPH_AWS=on, AWS_REGION, TWINGRAPH_AWS_ENDPOINT, …);
#   stop stops the stand-in, and moto when start had to start it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DIR="${TWINGRAPH_AWS_STAND_IN_DIR:?set TWINGRAPH_AWS_STAND_IN_DIR}"
mkdir -p "$DIR"

case "${1:-}" in
  start)
    if bash "$ROOT/scripts/services/moto.sh" status >/dev/null 2>&1; then
      echo "moto already running (left running at stop)"
    else
      bash "$ROOT/scripts/services/moto.sh" start
      touch "$DIR/moto-started"
    fi
    bash "$HERE/../runtime-image/build-local.sh"
    (cd "$ROOT" && npx tsc -b packages/executor-aws)
    rm -f "$DIR/env"
    setsid node "$ROOT/packages/executor-aws/dist/stand-in/serve-aws-stand-ins.js" >"$DIR/stand-in.log" 2>&1 < /dev/null &
    echo $! >"$DIR/stand-in.pid"
    for _ in $(seq 1 300); do
      if [ -f "$DIR/env" ]; then cat "$DIR/stand-in.log"; exit 0; fi
      if ! kill -0 "$(cat "$DIR/stand-in.pid")" 2>/dev/null; then cat "$DIR/stand-in.log" >&2; exit 1; fi
      sleep 0.1
    done
    echo "aws stand-ins did not start within 30 s; see $DIR/stand-in.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$DIR/stand-in.pid" ]; then
      PID="$(cat "$DIR/stand-in.pid")"
      kill "$PID" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
      rm -f "$DIR/stand-in.pid"
      tail -n 1 "$DIR/stand-in.log" 2>/dev/null || true
    fi
    if [ -f "$DIR/moto-started" ]; then
      bash "$ROOT/scripts/services/moto.sh" stop
      rm -f "$DIR/moto-started"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
