#!/usr/bin/env bash
# Demo 9: demo 5's shapes run locally, lineage written to a Gremlin Server, then read back with
# `twingraph lineage`. Starts the local Gremlin Server (scripts/services/gremlin.sh) when the graph URL is
# the default one and nothing answers there. GRAPH overrides the URL (e.g. wss://<neptune-endpoint>:8182/gremlin).
set -euo pipefail
cd "$(dirname "$0")/../.."
GRAPH="${GRAPH:-gremlin://127.0.0.1:8182}"
CLI=(node packages/twingraph/dist/cli/main.js)
if [ "$GRAPH" = "gremlin://127.0.0.1:8182" ]; then bash scripts/services/gremlin.sh start >&2; fi
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
"${CLI[@]}" run examples/demo-9-gremlin/pipeline.ts --graph "$GRAPH" --json --quiet >"$OUT"
cat "$OUT"
# The last D execution: its upstream lineage is the whole A → B → C → D chain.
LAST_D="$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.executions.filter((e) => e.name === "D").at(-1).executionId)' "$OUT")"
echo "--- twingraph lineage $LAST_D --graph $GRAPH"
"${CLI[@]}" lineage "$LAST_D" --graph "$GRAPH"
