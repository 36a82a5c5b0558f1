#!/usr/bin/env bash
# Demo 5 with no cluster: starts the Kubernetes API stand-in (its Pods run on the local Docker Engine),
# runs the demo against it through the twingraph CLI, prints the run's result JSON, stops the stand-in.
# Against a real cluster, run the CLI yourself (see README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
STAND_IN=packages/executor-kubernetes/scripts/stand-in.sh
export TWINGRAPH_K8S_STAND_IN_DIR="${TWINGRAPH_K8S_STAND_IN_DIR:-$(mktemp -d)}"
trap 'bash "$STAND_IN" stop >&2 || true; rm -rf "$TWINGRAPH_K8S_STAND_IN_DIR"' EXIT
[ -f packages/twingraph/dist/cli/main.js ] || npx tsc -b packages/twingraph >&2
bash "$STAND_IN" start >&2
export TWINGRAPH_KUBECONFIG="$TWINGRAPH_K8S_STAND_IN_DIR/kubeconfig"
unset TWINGRAPH_KUBERNETES_CONTEXT TWINGRAPH_KUBERNETES_NAMESPACE
# No registry is reachable here: use a local image with node when node:20-slim is not on this machine.
if [ -z "${TWINGRAPH_DEMO5_IMAGE:-}" ] && ! docker image inspect node:20-slim >/dev/null 2>&1; then
  export TWINGRAPH_DEMO5_IMAGE=twingraph-test-node:latest
fi
node packages/twingraph/dist/cli/main.js run examples/demo-5-kubernetes/pipeline.ts --json --quiet
