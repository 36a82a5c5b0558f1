#!/usr/bin/env bash
# The local recipe the tests use (no registry needed): the twingraph-test-node image — a root file
# system made from this machine's own node binary and its shared libraries, `docker import`ed by
# scripts/images/build-test-images.sh — tagged twingraph-demo-2:latest. Same contract as ./Dockerfile:
# `node` on the PATH. Usage: examples/demo-2-docker/build-local-image.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" != "--force" ] && docker image inspect twingraph-demo-2:latest >/dev/null 2>&1; then
  echo "twingraph-demo-2:latest present"
  exit 0
fi
bash scripts/images/build-test-images.sh
docker tag twingraph-test-node:latest twingraph-demo-2:latest
echo "built twingraph-demo-2:latest ($(docker image inspect twingraph-demo-2:latest --format '{{.Id}}'))"
