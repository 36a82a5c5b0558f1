#!/usr/bin/env bash
# Installs and starts the external services the integration tests use. Each later issue adds its own
# (Docker Engine, Redis, PostgreSQL, Gremlin Server, moto, Chromium). Idempotent: safe to run twice.
set -euo pipefail
need_apt=()
for pkg in git python3; do command -v "$pkg" >/dev/null || need_apt+=("$pkg"); done
for pkg in g++ make; do command -v "$pkg" >/dev/null || need_apt+=("build-essential"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
echo "services ready"
