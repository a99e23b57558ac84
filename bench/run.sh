#!/usr/bin/env bash
# Runs one load-generator scenario against a freshly started Cloak server on this machine.
#
#   bench/run.sh SCENARIO [--db sqlite|postgres] [--s3] [--server-opts "JVM OPTIONS"] [--server-env NAME=VALUE]... [--keep]
#                [--data DIR] [--server-jar JAR] [--nodes N] [scenario options]
#
# Scenarios: rest-send, ws-idle, ws-send, ws-group (`bench/run.sh help` lists their options; BENCHMARKS.md
# has the commands behind every published figure). Each run gets a fresh data directory (SQLite) or a fresh
# PostgreSQL schema in the `test` database, a free port, and the server's OTP sender pointed at an SMS-gateway
# stand-in served by the load generator. --s3: media go to a real S3-compatible server (S3Proxy from the bench jar,
# filesystem-backed in the run's directory, started before the server on a free loopback port; CLOAK_S3_* point at it).
# Rate limits are raised for the run (see BENCHMARKS.md).
# --data DIR uses (and creates if missing) DIR as the run's data directory instead of a fresh one and never deletes
# it; with --db postgres the schema's name is kept in DIR/schema, so a later run with the same DIR gets the same
# schema: a scenario can then reuse what an earlier run stored (archive-search --reuse). --server-jar JAR starts
# that jar instead of server/target/cloak-server.jar (and skips building the server): e.g. a copy of an earlier
# build, so that rebuilding the worktree cannot change a long run's server. Both jars are copied into the data
# directory (one copy per run) before the server starts, so a rebuild during a run never replaces a running jar.
# --nodes N (ws-idle with --db postgres only): starts a cluster of N nodes on this machine, sharing the run's schema and
# NATS (CLOAK_BENCH_NATS, default nats://127.0.0.1:4222, under a namespace of the run's own, whose JetStream stream is
# dropped at the end), and one load generator per node (a process can hold no more sockets than its descriptor limit):
# --connections is per node; the load generators hold their sockets until every one has opened its own and probed its
# node, and each sends messages to a user on the next node meanwhile. Node 0 starts first; the others get its master
# key, JWT and VAPID secrets once it is up. Node i>0 logs to server<i>.log and keeps its files in data<i>. After the
# load generators end (every socket closed at once), it prints how many devices the nodes still mark online (waits up
# to 5 minutes for that to reach 0).
# Environment: CLOAK_BENCH_PG (default postgresql://postgres@127.0.0.1:5432/test), CLOAK_BENCH_JAVA_OPTS
# (load generator JVM options).
set -euo pipefail
# Everything runs inside main, read whole before it starts: editing this file during a run cannot change that run.
main() {
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

scenario=${1:-help}
[ $# -gt 0 ] && shift
db=sqlite
server_opts=""
keep=0
s3=0
data=""
server_jar=""
nodes=1
extra_env=()
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db=$2; shift 2 ;;
    --db=*) db=${1#--db=}; shift ;;
    --server-opts) server_opts=$2; shift 2 ;;
    --server-opts=*) server_opts=${1#--server-opts=}; shift ;;
    --server-env) extra_env+=("$2"); shift 2 ;;
    --server-env=*) extra_env+=("${1#--server-env=}"); shift ;;
    --keep) keep=1; shift ;;
    --s3) s3=1; shift ;;
    --data) data=$2; shift 2 ;;
    --data=*) data=${1#--data=}; shift ;;
    --server-jar) server_jar=$2; shift 2 ;;
    --server-jar=*) server_jar=${1#--server-jar=}; shift ;;
    --nodes) nodes=$2; shift 2 ;;
    --nodes=*) nodes=${1#--nodes=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
case "$db" in sqlite|postgres) ;; *) echo "--db is sqlite or postgres" >&2; exit 2 ;; esac
case "$nodes" in ''|*[!0-9]*|0) echo "--nodes is a whole number from 1" >&2; exit 2 ;; esac
if [ "$nodes" -gt 1 ] && { [ "$scenario" != ws-idle ] || [ "$db" != postgres ]; }; then
  echo "--nodes above 1 is for ws-idle with --db postgres (a cluster shares one PostgreSQL database and NATS)" >&2; exit 2
fi

# Build when a jar is missing or older than its sources (both modules in one Maven call).
stale() { # jar, source paths...
  local jar=$1; shift
  [ ! -f "$jar" ] || [ -n "$(find "$@" -type f -newer "$jar" -print -quit 2>/dev/null)" ]
}
web=()
[ -d web/src ] && web=(web/src)   # the browser client is built into the server jar
if { [ -z "$server_jar" ] && stale server/target/cloak-server.jar server/src server/pom.xml pom.xml "${web[@]}"; } \
   || stale bench/target/cloak-bench.jar bench/src bench/pom.xml; then
  echo "building (./mvnw -B -q -DskipTests package)…" >&2
  ./mvnw -B -q -DskipTests package
fi
BENCH_JAR=bench/target/cloak-bench.jar
if [ "$scenario" = help ] || [ "$scenario" = --help ]; then
  exec "$JAVA" -jar "$BENCH_JAR" --help
fi

# Many sockets: the server and the load generator each hold one descriptor per connection.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# node i listens on ports[i] and sends its OTPs to the SMS stand-in of load generator i on sms_ports[i]
read -r -a free < <("$JAVA" -jar "$BENCH_JAR" free-ports $((2 * nodes + 1)))
ports=("${free[@]:0:nodes}")
sms_ports=("${free[@]:nodes:nodes}")
s3_port=${free[2 * nodes]}
if [ -n "$data" ]; then
  mkdir -p "$data"
  data=$(cd "$data" && pwd)
  keep=1
else
  data=$(mktemp -d /tmp/cloak-bench.XXXXXX)
fi
schema=""
db_env=()
if [ "$db" = postgres ]; then
  pg=${CLOAK_BENCH_PG:-postgresql://postgres@127.0.0.1:5432/test}
  if [ -f "$data/schema" ]; then
    schema=$(cat "$data/schema")
  else
    schema="bench_$(date +%s)_$$"
    psql "$pg" -v ON_ERROR_STOP=1 -qc "CREATE SCHEMA $schema"
    echo "$schema" > "$data/schema"
  fi
  pg_host_db=${pg#postgresql://}; pg_user=${pg_host_db%%@*}; pg_host_db=${pg_host_db#*@}
  db_env=(CLOAK_DATABASE_URL="jdbc:postgresql://$pg_host_db?currentSchema=$schema" CLOAK_DATABASE_USERNAME="$pg_user")
fi

# Node i: its data directory and log (node 0 keeps the single-node names)
server_data() { if [ "$1" = 0 ]; then echo "$data/data"; else echo "$data/data$1"; fi; }
server_log() { if [ "$1" = 0 ]; then echo "$data/server.log"; else echo "$data/server$1.log"; fi; }
nats_env=()
namespace=""
if [ "$nodes" -gt 1 ]; then
  nats_url=${CLOAK_BENCH_NATS:-nats://127.0.0.1:4222}
  namespace="bench_$(date +%s)_$$"
  nats_env=(CLOAK_NATS_URL="$nats_url" CLOAK_NATS_NAMESPACE="$namespace")
fi

server_pids=()
bench_pids=()
s3_pid=""
cleanup() {
  local rc=$?
  local pid i log
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$s3_pid" ]; then kill "$s3_pid" 2>/dev/null || true; fi
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ $rc -ne 0 ]; then
    for i in $(seq 0 $((nodes - 1))); do
      log=$(server_log "$i")
      [ -f "$log" ] || continue
      echo "--- last lines of the server log ($log) ---" >&2
      tail -n 30 "$log" >&2
    done
  fi
  if [ -n "$namespace" ]; then "$JAVA" -jar "$data/cloak-bench-$$.jar" nats-drop "$nats_url" "$namespace" || true; fi
  rm -f "$data/cloak-server-$$.jar" "$data/cloak-bench-$$.jar"
  if [ $keep = 0 ]; then
    [ -n "$schema" ] && psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
    rm -rf "$data"
  else
    echo "kept: data dir $data${schema:+, schema $schema}" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

s3_env=()
if [ $s3 = 1 ]; then
  s3_access=cloak-bench-access; s3_secret=cloak-bench-secret-key
  "$JAVA" -jar "$BENCH_JAR" s3-server "$s3_port" "$data/s3" "$s3_access" "$s3_secret" >"$data/s3.log" 2>&1 &
  s3_pid=$!
  for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && break; sleep 0.5; done
  (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null || { echo "S3Proxy did not start:" >&2; cat "$data/s3.log" >&2; exit 1; }
  s3_env=(CLOAK_S3_ENDPOINT="http://127.0.0.1:$s3_port" CLOAK_S3_BUCKET=cloak-bench CLOAK_S3_ACCESS_KEY="$s3_access" CLOAK_S3_SECRET_KEY="$s3_secret")
fi

echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD 2>/dev/null || echo '?') scenario=$scenario db=$db blobs=$([ $s3 = 1 ] && echo s3proxy || echo local)$([ "$nodes" -gt 1 ] && echo " nodes=$nodes nats-namespace=$namespace")" \
     "cores=$(nproc) ulimit-n=$(ulimit -n) ephemeral-ports=$(tr '\t' '-' < /proc/sys/net/ipv4/ip_local_port_range)" \
     "server-opts='$server_opts' server-env='${extra_env[*]}'${server_jar:+ server-jar=$server_jar} data=$data" >&2

# Copies of this run's own (two runs may share a data dir: one searching while the other imports)
cp "${server_jar:-server/target/cloak-server.jar}" "$data/cloak-server-$$.jar"
cp "$BENCH_JAR" "$data/cloak-bench-$$.jar"

# Rate limits raised for the run: the load generator signs up thousands of users from one IP and sends
# far more than a person's 600 messages a minute; WebSocket senders send more than 50 frames/s per socket.
# Access tokens last the whole run. /actuator/metrics is exposed so that a scenario can read the server's own
# meters (ws-send reads the send writer's busy time). --server-env values come last and win.
shared_env=()
start_node() { # index
  env "${db_env[@]}" "${s3_env[@]}" "${nats_env[@]}" "${shared_env[@]}" \
    SERVER_PORT="${ports[$1]}" \
    CLOAK_DATA_DIR="$(server_data "$1")" \
    CLOAK_OTP_SENDER=http \
    CLOAK_OTP_HTTP_URL="http://127.0.0.1:${sms_ports[$1]}/sms" \
    CLOAK_OTP_PER_PHONE_PER_HOUR=1000 \
    CLOAK_OTP_PER_IP_PER_HOUR=100000000 \
    CLOAK_OTP_VERIFY_PER_IP_PER_HOUR=100000000 \
    CLOAK_MESSAGING_SENDS_PER_MINUTE=100000000 \
    CLOAK_GATEWAY_FRAMES_PER_SECOND=100000 \
    CLOAK_GATEWAY_BURST=100000 \
    CLOAK_IDENTITY_ACCESS_TOKEN_TTL=12h \
    MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE=health,metrics \
    "${extra_env[@]}" \
    "$JAVA" --enable-native-access=ALL-UNNAMED $server_opts -jar "$data/cloak-server-$$.jar" >>"$(server_log "$1")" 2>&1 &
  server_pids+=($!)
}
start_node 0
if [ "$nodes" -gt 1 ]; then
  # The other nodes share node 0's secrets (README: cluster nodes share the master key and JWT secret) and start once
  # it is up, so that only node 0 runs the schema's migrations.
  echo "starting node 0 on port ${ports[0]}…" >&2
  up=0
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:${ports[0]}/actuator/health" >/dev/null 2>&1 && { up=1; break; }
    kill -0 "${server_pids[0]}" 2>/dev/null || { echo "node 0 exited" >&2; exit 1; }
    sleep 0.5
  done
  [ $up = 1 ] || { echo "node 0 was not healthy after 5 minutes" >&2; exit 1; }
  secrets=$(server_data 0)/secrets
  mapfile -t vapid < "$secrets/vapid.keys"
  shared_env=(CLOAK_MASTER_KEY="$(cat "$secrets/master-keyset.json")" CLOAK_IDENTITY_JWT_SECRET="$(cat "$secrets/jwt-signing.key")"
              CLOAK_PUSH_VAPID_PUBLIC_KEY="${vapid[0]}" CLOAK_PUSH_VAPID_PRIVATE_KEY="${vapid[1]}")
  for i in $(seq 1 $((nodes - 1))); do echo "starting node $i on port ${ports[$i]}…" >&2; start_node "$i"; done
fi

if [ "$nodes" = 1 ]; then
  # shellcheck disable=SC2086
  "$JAVA" ${CLOAK_BENCH_JAVA_OPTS:-} -jar "$data/cloak-bench-$$.jar" "$scenario" \
    --server "http://127.0.0.1:${ports[0]}" --sms-port "${sms_ports[0]}" --server-pid "${server_pids[0]}" --db "$db" "${args[@]}"
  return
fi
# One load generator per node, each with its own phones, all meeting at barriers in $data/barrier
rm -rf "$data/barrier"
for i in $(seq 0 $((nodes - 1))); do
  # shellcheck disable=SC2086
  "$JAVA" ${CLOAK_BENCH_JAVA_OPTS:-} -jar "$data/cloak-bench-$$.jar" "$scenario" \
    --server "http://127.0.0.1:${ports[$i]}" --sms-port "${sms_ports[$i]}" --server-pid "${server_pids[$i]}" --db "$db" \
    --party "$i" --parties "$nodes" --barrier-dir "$data/barrier" --phone-base $((i * 1000000)) \
    --peer-server "http://127.0.0.1:${ports[$(((i + 1) % nodes))]}" "${args[@]}" \
    >"$data/bench$i.out" 2> >(sed -u "s/^/[node $i] /" >&2) &
  bench_pids+=($!)
done
failed=0
remaining=("${bench_pids[@]}")
while [ ${#remaining[@]} -gt 0 ]; do   # as each load generator ends; the first that fails stops the others (they would wait at a barrier)
  ended=""
  if wait -n -p ended "${remaining[@]}"; then status=0; else status=$?; fi
  if [ -z "$ended" ]; then   # nothing this shell can wait for (should not happen): treat the rest as failed
    failed=1
    break
  fi
  left=()
  for pid in "${remaining[@]}"; do [ "$pid" = "$ended" ] || left+=("$pid"); done
  remaining=("${left[@]}")
  if [ "$status" -ne 0 ] && [ $failed = 0 ]; then
    echo "a load generator failed; stopping the others" >&2
    for pid in "${remaining[@]}"; do kill "$pid" 2>/dev/null || true; done
    failed=1
  fi
done
[ ${#remaining[@]} -gt 0 ] || bench_pids=()   # any still running are stopped by cleanup
for i in $(seq 0 $((nodes - 1))); do
  echo "=== node $i (port ${ports[$i]}) ==="
  cat "$data/bench$i.out"
done
[ $failed = 0 ] || return 1
# Every socket is closed now, all at once: the nodes, still running, should take every device offline.
waited=0
online=$(psql "$pg" -Atc "SELECT count(*) FROM $schema.presence_devices" 2>/dev/null || echo "?")
while [ "$online" != 0 ] && [ $waited -lt 300 ]; do
  sleep 2
  waited=$((waited + 2))
  online=$(psql "$pg" -Atc "SELECT count(*) FROM $schema.presence_devices" 2>/dev/null || echo "?")
done
echo "=== after the sockets closed: $online devices still marked online after ${waited} s (presence_devices rows; the nodes still running) ==="
}

main "$@"
exit
