#!/usr/bin/env bash
# Builds the local Docker images the Docker tests, demo 2 and the benchmark use, with no registry:
# a root filesystem made from this machine's own binaries and their shared libraries, `docker import`ed.
#   twingraph-test-node:latest    /bin/node (this machine's Node.js), bash, sh        — JS/TS/SDK/bash components
#   twingraph-test-python:latest  /bin/python3 (real interpreter + stdlib), bash, sh  — Python/bash components
# Usage: scripts/images/build-test-images.sh [--force]   (skips images that exist unless --force)
set -euo pipefail
FORCE="${1:-}"

have_image() { [ "$FORCE" != "--force" ] && docker image inspect "$1" >/dev/null 2>&1; }

# Copies a binary to <rootfs>/bin/<name> with every shared library ldd lists, at the same paths.
copy_binary() {
  local rootfs=$1 binary=$2 name=$3
  mkdir -p "$rootfs/bin"
  cp -L "$binary" "$rootfs/bin/$name"
  ldd "$binary" | grep -oE '/[^ ]+' | while read -r lib; do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}

base_rootfs() {
  local rootfs=$1
  mkdir -p "$rootfs"/{tmp,etc,twingraph/work}
  chmod 1777 "$rootfs/tmp"
  copy_binary "$rootfs" "$(command -v bash)" bash
  copy_binary "$rootfs" "$(command -v bash)" sh
  echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >> "$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
}

import_rootfs() {
  local rootfs=$1 image=$2
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/bin:/usr/bin' --change 'WORKDIR /twingraph/work' - "$image" >/dev/null
  echo "built $image ($(docker image inspect "$image" --format '{{.Id}}'))"
}

WORK="$(mktemp -d /tmp/twingraph-images-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if have_image twingraph-test-node:latest; then
  echo "twingraph-test-node:latest present"
else
  base_rootfs "$WORK/node"
  copy_binary "$WORK/node" "$(command -v node)" node
  import_rootfs "$WORK/node" twingraph-test-node:latest
fi

if have_image twingraph-test-python:latest; then
  echo "twingraph-test-python:latest present"
else
  PY="$(python3 -c 'import sys; print(sys.executable)')"
  PREFIX="$(python3 -c 'import sys; print(sys.base_prefix)')"
  VER="$(python3 -c 'import sys; print(f"python{sys.version_info[0]}.{sys.version_info[1]}")')"
  base_rootfs "$WORK/python"
  copy_binary "$WORK/python" "$PY" python3
  # The interpreter finds its stdlib relative to its prefix: keep the same prefix inside the image.
  mkdir -p "$WORK/python$PREFIX/lib"
  tar -C "$PREFIX/lib" --exclude="$VER/test" --exclude="$VER/site-packages" --exclude="$VER/idlelib" \
    --exclude="$VER/tkinter" --exclude="$VER/ensurepip" --exclude="$VER/lib2to3" --exclude="$VER/config-*" \
    -c "$VER" | tar -C "$WORK/python$PREFIX/lib" -x
  mkdir -p "$WORK/python$PREFIX/bin"
  ln -sf /bin/python3 "$WORK/python$PREFIX/bin/python3"
  import_rootfs "$WORK/python" twingraph-test-python:latest
fi
