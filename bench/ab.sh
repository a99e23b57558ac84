#!/usr/bin/env bash
# Runs one scenario against two (or more) server jars in turn, round by round, so that both see the same machine:
#
#   bench/ab.sh OUT_DIR ROUNDS JAR_A JAR_B [JAR…] -- SCENARIO [scenario options]
#   e.g. bench/ab.sh /tmp/ab 2 /tmp/main.jar /tmp/branch.jar -- ws-send --find-max
#
# Copy each build's server/target/cloak-server.jar somewhere first (a rebuild must not change a jar between rounds).
# Each run's whole output goes to OUT_DIR/<jar name>-<round>.log; OUT_DIR/summary gets, per run, the load average
# before it and the JSON line's highest sustained rate, the final phase's ack and send → receive p99 and the
# server's CPU per message.
set -euo pipefail
out=$1; rounds=$2; shift 2
jars=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do jars+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#jars[@]} -ge 1 ] && [ $# -ge 1 ] || { sed -n 2,10p "$0" >&2; exit 2; }
mkdir -p "$out"
cd "$(dirname "$0")/.."
for round in $(seq 1 "$rounds"); do
  for jar in "${jars[@]}"; do
    name=$(basename "$jar" .jar)
    log="$out/$name-$round.log"
    echo "=== $name round $round $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> "$out/summary"
    bench/run.sh "$@" --server-jar "$jar" > "$log" 2>&1 || echo "run failed: $log" >> "$out/summary"
    grep -E '^\{' "$log" | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line); r = d.get("result", {}); c = d.get("cost", {})
    print("max", d.get("maxSustainedRate"), "failed", d.get("firstFailedRate"), "final rate", d.get("rate"),
          "ack p99", r.get("ackLatency", {}).get("p99Ms"), "delivery p99", r.get("deliveryLatency", {}).get("p99Ms"),
          "server cpu/msg", c.get("serverCpuUsPerMessage"), "writer cpu/send", c.get("writerCpuUsPerSend"))' >> "$out/summary" || true
  done
done
