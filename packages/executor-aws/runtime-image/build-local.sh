#!/usr/bin/env bash
# Builds the TwinGraph AWS runtime image for local use (tests, run-local.sh demos) with no registry:
# the same Dockerfile on a local base made of the twingraph-test-node and twingraph-test-python images
# (scripts/images/build-test-images.sh) merged, with no Debian packages added. So: SDK functions,
# JavaScript, TypeScript, Python and Bash components (no C++/Rust compilers).
# Usage: packages/executor-aws/runtime-image/build-local.sh [tag]   (default twingraph-aws-runtime:local)
set -euo pipefail
TAG="${1:-twingraph-aws-runtime:local}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if ! docker image inspect twingraph-test-node:latest >/dev/null 2>&1 || ! docker image inspect twingraph-test-python:latest >/dev/null 2>&1; then
  bash "$HERE/../../../scripts/images/build-test-images.sh"
fi
# Both test images are this machine's own binaries and libraries at their own paths: one on top of the
# other gives an image with node, python3 and bash.
printf 'FROM twingraph-test-node:latest AS node\nFROM twingraph-test-python:latest\nCOPY --from=node / /\n' |
  DOCKER_BUILDKIT=0 docker build -q -t twingraph-aws-base:local - >/dev/null
DOCKER_BUILDKIT=0 docker build -q -t "$TAG" --build-arg BASE_IMAGE=twingraph-aws-base:local --build-arg INSTALL_LANGUAGES= "$HERE" >/dev/null
echo "built $TAG"
