#!/usr/bin/env bash
# Builds the TwinGraph AWS runtime image for local use (tests, run-local.sh demos) with no registry:
# the same Dockerfile on top of the local twingraph-test-node image (scripts/images/build-test-images.sh),
# with no Debian packages added (so: SDK functions, JavaScript, TypeScript and Bash components).
# Usage: packages/executor-aws/runtime-image/build-local.sh [tag]   (default twingraph-aws-runtime:local)
set -euo pipefail
TAG="${1:-twingraph-aws-runtime:local}"
HERE="$(cd "$(dirname "$0")" && pwd)"
docker image inspect twingraph-test-node:latest >/dev/null 2>&1 || bash "$HERE/../../../scripts/images/build-test-images.sh"
DOCKER_BUILDKIT=0 docker build -q -t "$TAG" --build-arg BASE_IMAGE=twingraph-test-node:latest --build-arg INSTALL_LANGUAGES= "$HERE" >/dev/null
echo "built $TAG"
