#!/usr/bin/env bash
# Demo 7 with no AWS account: starts moto and the local AWS stand-ins (packages/executor-aws/scripts/stand-in.sh),
# runs the demo through the twingraph CLI against them, prints the run's result JSON, stops them.
# Against a real account, run the CLI yourself with the settings of README.md.
set -euo pipefail
exec bash "$(dirname "$0")/../shared/run-with-aws-stand-ins.sh" examples/demo-7-lambda/pipeline.ts
