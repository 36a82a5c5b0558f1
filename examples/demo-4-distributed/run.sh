#!/usr/bin/env bash
# Demo 4: two workers (16 + 16 = 32 jobs at once) on queue demo-4, then the pipeline through them.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TWINGRAPH_REDIS_URL="${TWINGRAPH_REDIS_URL:-redis://127.0.0.1:6379}"
CLI=(node packages/twingraph/dist/cli/main.js)
LOGS="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for i in 1 2; do
  "${CLI[@]}" worker --queue demo-4 --concurrency 16 --id "demo-4-worker-$i" --import examples/demo-4-distributed/pipeline.ts >"$LOGS/worker-$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 200); do grep -q 'ready:' "$LOGS/worker-$i.log" && break; sleep 0.05; done
  grep -q 'ready:' "$LOGS/worker-$i.log" || { cat "$LOGS/worker-$i.log" >&2; exit 1; }
done
"${CLI[@]}" run examples/demo-4-distributed/pipeline.ts --json "$@"
