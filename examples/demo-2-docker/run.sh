#!/usr/bin/env bash
# Runs demo 2 end to end: builds the local image when missing, runs pipeline.ts with the CLI and
# prints the run's result as JSON. Needs a Docker daemon (bash scripts/services/docker.sh start).
# Usage: examples/demo-2-docker/run.sh [seed]
set -euo pipefail
cd "$(dirname "$0")/../.."
docker info >/dev/null 2>&1 || { echo "No Docker daemon answers (DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}); start one: bash scripts/services/docker.sh start" >&2; exit 1; }
if [ -z "${TWINGRAPH_DEMO2_IMAGE:-}" ]; then bash examples/demo-2-docker/build-local-image.sh; fi
[ -f packages/twingraph/dist/cli/main.js ] || npx tsc -b
TWINGRAPH_DOCKER=on node packages/twingraph/dist/cli/main.js run examples/demo-2-docker/pipeline.ts --json --input "seed=${1:-7}"
