#!/usr/bin/env bash
# Apache TinkerPop Gremlin Server with an in-memory TinkerGraph, for packages/store-gremlin's integration
# tests, demo 9 and bench/gremlin.bench.mjs.
# Usage: scripts/services/gremlin.sh start|stop|status   (port 8182, see scripts/gremlin/gremlin-server.yaml)
# Fetches gremlin-server, gremlin-groovy, tinkergraph-gremlin and their dependencies from Maven Central once
# (scripts/gremlin/pom.xml, into ~/.cache/twingraph/gremlin-server/lib), then runs the server in the
# background with its log in /tmp/twingraph-gremlin-server.log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CONF_DIR="$ROOT/scripts/gremlin"
CACHE="${TWINGRAPH_GREMLIN_CACHE:-$HOME/.cache/twingraph/gremlin-server}"
LIB="$CACHE/lib"
PORT=8182
LOG=/tmp/twingraph-gremlin-server.log
PIDFILE=/tmp/twingraph-gremlin-server.pid

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# Ready = the port is open and a trivial traversal answers over the HTTP endpoint (the graph and the init
# script are loaded by then).
ready() { port_open && curl -fsS --max-time 2 "http://127.0.0.1:$PORT?gremlin=g.V().limit(1).count()" 2>/dev/null | grep -q '"result"'; }

# Java, Maven and curl from Debian when missing (as redis.sh installs redis-server).
install() {
  local need=()
  command -v java >/dev/null || need+=(openjdk-17-jre-headless)
  command -v curl >/dev/null || need+=(curl)
  if [ ! -f "$LIB/gremlin-server-3.7.4.jar" ]; then command -v mvn >/dev/null || need+=(maven); fi
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
}

fetch() {
  if [ -f "$LIB/gremlin-server-3.7.4.jar" ]; then return 0; fi
  echo "gremlin: fetching Gremlin Server 3.7.4 from Maven Central into $LIB"
  rm -rf "$LIB.partial"
  mvn -q -B -f "$CONF_DIR/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB.partial"
  mv "$LIB.partial" "$LIB"
}

case "${1:-}" in
  start)
    install
    if ready; then echo "gremlin server already running on port $PORT"; exit 0; fi
    if port_open; then echo "port $PORT is taken by something that is not a Gremlin Server" >&2; exit 1; fi
    fetch
    cd "$CONF_DIR"
    : >"$LOG"
    nohup java -Xms256m -Xmx2g -cp "$LIB/*" org.apache.tinkerpop.gremlin.server.GremlinServer gremlin-server.yaml >>"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 600); do
      if ready; then echo "gremlin server ready on port $PORT (ws://127.0.0.1:$PORT/gremlin)"; exit 0; fi
      if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then echo "gremlin server exited; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; fi
      sleep 0.1
    done
    echo "gremlin server did not answer on port $PORT within 60 s; see $LOG" >&2
    exit 1
    ;;
  stop)
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      kill "$(cat "$PIDFILE")"; rm -f "$PIDFILE"; echo "gremlin server stopped"
    else echo "gremlin server not running (or not started by this script)"; fi
    ;;
  status)
    if ready; then echo "gremlin server running on port $PORT"; else echo "gremlin server not running on port $PORT"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
