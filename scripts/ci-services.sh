#!/usr/bin/env bash
# Installs and starts the external services the integration tests use: one script per service in
# scripts/services/ (each idempotent, each exporting nothing: tests find services at their default
# addresses or through the env file below). Used by .ci/run and by developers alike.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
for pkg in git python3; do command -v "$pkg" >/dev/null || need_apt+=("$pkg"); done
command -v g++ >/dev/null || need_apt+=("build-essential")
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
for script in scripts/services/*.sh; do
  [ -e "$script" ] || continue
  echo "--- $(basename "$script")"
  bash "$script" start
done
echo "services ready"
