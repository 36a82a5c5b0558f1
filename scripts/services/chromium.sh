#!/usr/bin/env bash
# Debian's Chromium for the browser tests in e2e/ (playwright-core drives it; no browser download).
# Usage: scripts/services/chromium.sh start|stop|status   (path: TWINGRAPH_CHROMIUM, default /usr/bin/chromium)
# start installs the Debian `chromium` package when the binary is missing; nothing keeps running
# (each test file launches its own headless browser), so stop does nothing.
set -euo pipefail
CHROMIUM="${TWINGRAPH_CHROMIUM:-/usr/bin/chromium}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

version() { "$CHROMIUM" --headless --no-sandbox --disable-gpu --version 2>/dev/null; }

case "${1:-}" in
  start)
    if [ ! -x "$CHROMIUM" ]; then
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
    fi
    if v="$(version)"; then echo "chromium ready: $v ($CHROMIUM)"; exit 0; fi
    echo "chromium at $CHROMIUM does not start (try: $CHROMIUM --headless --no-sandbox --version)" >&2
    exit 1
    ;;
  stop)
    echo "chromium: nothing to stop (tests launch and close their own browser)"
    ;;
  status)
    if v="$(version)"; then echo "chromium available: $v ($CHROMIUM)"; else echo "chromium not available at $CHROMIUM" >&2; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
