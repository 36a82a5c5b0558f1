#!/usr/bin/env bash
# Demo 8 with no cluster and no AWS account: starts the Kubernetes API stand-in, moto and the AWS
# stand-ins (all running their work on the local Docker Engine), runs the demo through the twingraph
# CLI, prints the run's result JSON and stops them. Against real platforms see README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
K8S=packages/executor-kubernetes/scripts/stand-in.sh
AWS=packages/executor-aws/scripts/stand-in.sh
export TWINGRAPH_K8S_STAND_IN_DIR="${TWINGRAPH_K8S_STAND_IN_DIR:-$(mktemp -d)}"
export TWINGRAPH_AWS_STAND_IN_DIR="${TWINGRAPH_AWS_STAND_IN_DIR:-$(mktemp -d)}"
trap 'bash "$K8S" stop >&2 || true; bash "$AWS" stop >&2 || true; rm -rf "$TWINGRAPH_K8S_STAND_IN_DIR" "$TWINGRAPH_AWS_STAND_IN_DIR"' EXIT
npx tsc -b packages/twingraph >&2 || [ -f packages/twingraph/dist/wiring/aws-wiring.js ]
bash "$K8S" start >&2
bash "$AWS" start >&2
export TWINGRAPH_KUBECONFIG="$TWINGRAPH_K8S_STAND_IN_DIR/kubeconfig"
unset TWINGRAPH_KUBERNETES_CONTEXT TWINGRAPH_KUBERNETES_NAMESPACE
# shellcheck disable=SC1091
source "$TWINGRAPH_AWS_STAND_IN_DIR/env"
# No registry is reachable here: use the local node image when node:20-slim is not on this machine.
if [ -z "${TWINGRAPH_DEMO8_IMAGE:-}" ] && ! docker image inspect node:20-slim >/dev/null 2>&1; then
  export TWINGRAPH_DEMO8_IMAGE=twingraph-test-node:latest
fi
node packages/twingraph/dist/cli/main.js run examples/demo-8-mixed/pipeline.ts --json --quiet
