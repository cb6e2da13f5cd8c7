#!/usr/bin/env bash
# Start, stop or query the project's own Neo4j Community 5.26 (resolved from Maven Central).
#   scripts/neo4j.sh start|stop|status
# NEO4J_BOLT_PORT (default 7687) and NEO4J_HOME_DIR (default instance/neo4j) choose the instance,
# so the demo server and the test server can run side by side.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${NEO4J_BOLT_PORT:-7687}
home=${NEO4J_HOME_DIR:-$root/instance/neo4j}
pidfile=$home/neo4j.pid
cpfile=$root/neo4j/.classpath

classpath() {
  # Resolving the dependency tree takes a minute the first time; afterwards it comes from ~/.m2.
  if [ ! -s "$cpfile" ] || [ "$root/neo4j/pom.xml" -nt "$cpfile" ]; then
    echo "neo4j: resolving Neo4j from Maven Central (first run only)..." >&2
    (cd "$root/neo4j" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$cpfile.tmp" >&2)
    mv "$cpfile.tmp" "$cpfile"
  fi
  cat "$cpfile"
}

# The pid file's process, if it is still a JVM (after a crash or reboot the pid may belong to something else).
running() { [ -f "$pidfile" ] && case $(ps -o comm= -p "$(cat "$pidfile")" 2>/dev/null) in *java) ;; *) false ;; esac; }
bolt_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
# The server's own account of itself: the last of Starting... Started. Stopping... Stopped. in its log,
# which every run appends to (so an earlier run's "Started." says nothing about this one).
phase() { grep -oE '(Starting\.\.\.|Started\.|Stopping\.\.\.|Stopped\.)$' "$home/logs/neo4j.log" 2>/dev/null | tail -n 1; }
# What the app needs: the server past start-up, not shutting down, and Bolt accepting connections.
serving() { running && [ "$(phase)" = "Started." ] && bolt_open; }

start() {
  settle
  if serving; then echo "neo4j: already running on 127.0.0.1:$port (pid $(cat "$pidfile"))"; return 0; fi
  if bolt_open; then echo "neo4j: port $port is taken by another process; set NEO4J_BOLT_PORT" >&2; exit 1; fi
  local cp; cp=$(classpath)
  mkdir -p "$home/logs"
  local t0=$SECONDS
  # Java 17 needs these opens for Neo4j's off-heap memory and Netty; heap and page cache stay small
  # so the app, Neo4j and the tests fit on a 2-core machine together. Bolt's Netty loops otherwise wait
  # 5 s each for quiet (10 of a stop's 10.5 s) after every connection is already closed; the setting
  # is internal to Neo4j 5.26, pinned in neo4j/pom.xml, and an unknown name would fail the start loudly.
  nohup java -Xms256m -Xmx${NEO4J_HEAP:-1g} -XX:+UseG1GC \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true \
    -cp "$cp" org.neo4j.server.CommunityEntryPoint --home-dir="$home" \
    -c server.default_listen_address=127.0.0.1 \
    -c server.bolt.listen_address=127.0.0.1:"$port" \
    -c server.http.enabled=false -c server.https.enabled=false \
    -c dbms.usage_report.enabled=false \
    -c dbms.security.auth_enabled=false \
    -c server.memory.pagecache.size=${NEO4J_PAGECACHE:-384m} \
    -c "db.tx_log.rotation.retention_policy=2 files" \
    -c internal.dbms.bolt.netty_server_shutdown_quiet_period=0 \
    > "$home/logs/console.log" 2>&1 &
  echo $! > "$pidfile"
  await_ready $!
}

await_ready() {
  local pid=$1 t0=$SECONDS
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "neo4j: failed to start; see $home/logs/" >&2; tail -n 20 "$home/logs/console.log" >&2; exit 1; fi
    if serving; then
      echo "neo4j: 5.26 ready on bolt://127.0.0.1:$port in $((SECONDS - t0))s (data in $home)"
      return 0
    fi
    sleep 0.5
  done
  echo "neo4j: Bolt did not answer on port $port within 120s" >&2; exit 1
}

# A server found alive is trusted once it serves at two looks 0.25 s apart: one sent SIGTERM a moment ago says
# "Stopping..." only milliseconds later. One still starting, or still stopping (Ctrl-C or `make stop` a moment
# ago: Bolt closes at once, the store takes a while longer), is waited for until it serves or is gone.
settle() {
  local looks=0 told=""
  for _ in $(seq 1 480); do
    running || { rm -f "$pidfile"; return 0; }
    if serving; then
      looks=$((looks + 1))
      [ "$looks" -lt 2 ] || return 0
    else
      looks=0
      [ -n "$told" ] || echo "neo4j: pid $(cat "$pidfile") does not answer (its log last says: $(phase)); waiting for it to serve or exit..."
      told=1
    fi
    sleep 0.25
  done
  echo "neo4j: pid $(cat "$pidfile") neither answers on port $port nor exits; scripts/neo4j.sh stop ends it" >&2; exit 1
}

stop() {
  if ! running; then echo "neo4j: not running ($home)"; rm -f "$pidfile"; return 0; fi
  local pid; pid=$(cat "$pidfile")
  kill "$pid"
  # A clean shutdown checkpoints the store, so the next start needs no recovery.
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "neo4j: stopped"; return 0; }; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pidfile"; echo "neo4j: killed after 60s"
}

status() {
  if serving; then echo "running (pid $(cat "$pidfile"), port $port)"
  elif running; then echo "not answering on port $port (pid $(cat "$pidfile"), $(phase))"; exit 1
  else echo "stopped"; exit 3; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
