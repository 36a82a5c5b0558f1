#!/usr/bin/env bash
# Usage: run-with-aws-stand-ins.sh <pipeline.ts, relative to the repository root>
# For the AWS demos with no AWS account: starts moto and the local AWS stand-ins
# (packages/executor-aws/scripts/stand-in.sh), runs the pipeline through the twingraph CLI against
# them, prints the run's result JSON, stops them.
set -euo pipefail
PIPELINE="${1:?usage: run-with-aws-stand-ins.sh <pipeline.ts>}"
cd "$(dirname "$0")/../.."
STAND_IN=packages/executor-aws/scripts/stand-in.sh
export TWINGRAPH_AWS_STAND_IN_DIR="${TWINGRAPH_AWS_STAND_IN_DIR:-$(mktemp -d)}"
trap 'bash "$STAND_IN" stop >&2 || true; rm -rf "$TWINGRAPH_AWS_STAND_IN_DIR"' EXIT
npx tsc -b packages/twingraph >&2 || [ -f packages/twingraph/dist/wiring/aws-wiring.js ]
bash "$STAND_IN" start >&2
# shellcheck disable=SC1091
source "$TWINGRAPH_AWS_STAND_IN_DIR/env"
node packages/twingraph/dist/cli/main.js run "$PIPELINE" --json --quiet
