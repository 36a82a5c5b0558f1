#!/usr/bin/env bash
# Apache TinkerPop Gremlin Server (TinkerGraph) for TwinGraph users and CI alike: the name the Gremlin issue
# and docs give; the work is done by scripts/services/gremlin.sh (the service script CI starts).
# Usage: scripts/gremlin-server.sh start|stop|status   (port 8182)
exec bash "$(dirname "$0")/services/gremlin.sh" "$@"
