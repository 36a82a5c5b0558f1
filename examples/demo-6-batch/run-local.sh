#!/usr/bin/env bash
# Demo 6 with no AWS account: starts moto and the local AWS stand-ins (packages/executor-aws/scripts/stand-in.sh),
# runs the demo through the twingraph CLI against them, prints the run's result JSON, stops them.
# Against a real account, run the CLI yourself with the settings of README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
STAND_IN=packages/executor-aws/scripts/stand-in.sh
export TWINGRAPH_AWS_STAND_IN_DIR="${TWINGRAPH_AWS_STAND_IN_DIR:-$(mktemp -d)}"
trap 'bash "$STAND_IN" stop >&2 || true; rm -rf "$TWINGRAPH_AWS_STAND_IN_DIR"' EXIT
npx tsc -b packages/twingraph >&2 || [ -f packages/twingraph/dist/wiring/aws-wiring.js ]
bash "$STAND_IN" start >&2
# shellcheck disable=SC1091
source "$TWINGRAPH_AWS_STAND_IN_DIR/env"
node packages/twingraph/dist/cli/main.js run examples/demo-6-batch/pipeline.ts --json --quiet
