#!/usr/bin/env bash
# Demo 10 through workers: one worker per pipeline queue (demo-10-a, demo-10-b) against
# TWINGRAPH_REDIS_URL, both pipelines at once, the result JSON, then the workers stop.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TWINGRAPH_REDIS_URL="${TWINGRAPH_REDIS_URL:-redis://127.0.0.1:6379}"
CLI=(node packages/twingraph/dist/cli/main.js)
LOGS="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$LOGS"
}
trap cleanup EXIT
for q in demo-10-a demo-10-b; do
  "${CLI[@]}" worker --queue "$q" --concurrency 8 --id "$q-worker" --import examples/demo-10-multipipeline/pipeline.ts >"$LOGS/$q.log" 2>&1 &
  pids+=($!)
done
for q in demo-10-a demo-10-b; do
  for _ in $(seq 1 200); do grep -q 'ready:' "$LOGS/$q.log" && break; sleep 0.05; done
  grep -q 'ready:' "$LOGS/$q.log" || { echo "worker for $q did not start:" >&2; cat "$LOGS/$q.log" >&2; exit 1; }
done
node --import tsx examples/demo-10-multipipeline/run-both.ts
