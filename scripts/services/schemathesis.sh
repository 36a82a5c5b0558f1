#!/usr/bin/env bash
# schemathesis (property-based API fuzzer) for apps/server/src/schemathesis.int.test.ts, which fuzzes a
# real `twingraph` API server against its own OpenAPI document (/docs/json) and fails on any 5xx.
# Usage: scripts/services/schemathesis.sh start|stop|status
# Installs schemathesis from PyPI into a venv under ~/.cache/twingraph/schemathesis-venv when missing.
# It is a command, not a daemon: start = install + check it runs; stop has nothing to stop.
set -euo pipefail
ST_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/twingraph"
VENV="$CACHE/schemathesis-venv"

installed() { [ -x "$VENV/bin/st" ] && "$VENV/bin/st" --version 2>/dev/null | grep -q "$ST_VERSION"; }

install() {
  installed && return 0
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
  fi
  mkdir -p "$CACHE"
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$ST_VERSION"
}

case "${1:-}" in
  start)
    install
    echo "schemathesis ready: $("$VENV/bin/st" --version) at $VENV/bin/st"
    ;;
  stop)
    echo "schemathesis is a command, nothing to stop"
    ;;
  status)
    if installed; then echo "schemathesis installed: $VENV/bin/st"; else echo "schemathesis not installed at $VENV"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
