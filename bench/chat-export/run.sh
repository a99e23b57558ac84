#!/usr/bin/env bash
# Chat-export parser benchmark: Cloak's ChatExportParser against whatsapp-chat-parser 4.0.2 (npm) on the same
# generated Android and iOS exports. Each measurement is a fresh process (a JVM with a capped heap, or node) that
# parses one file once and prints one JSON line; runs alternate Cloak / peer; summary.mjs prints the medians.
#
#   bench/chat-export/run.sh [RUNS] [SIZES] [PLATFORMS] [--warm]     # defaults: 5 "45000 1500000" "android ios"
#
# --warm (or CLOAK_PARSE_REPEAT=N set in the environment): the warm mode, the same on both sides. Each process
# parses the same file N times (default 3), reading it as the one-shot mode does, and reports the last parse only
# (its wall time, its CPU time as the process's CPU delta over it, messages/s; peak RSS of the whole process), as a
# JSON line marked "mode":"warm"; results go to results-warm-*.jsonl. Without it: one parse per process (one-shot).
#
# Inputs are generated at bench time into bench/target/chat-export/ (seed 7; ~3.3 MB for 45,000 messages,
# ~111-118 MB for 1,500,000) and reused when present. Results: bench/target/chat-export/results-*.jsonl.
# Environment: CLOAK_PARSE_JAVA_OPTS (default "-Xmx32m -XX:+UseSerialGC"); CLOAK_PARSE_THREADS (default 0: the
# parser's default, 2 threads on a machine with more than one core; 1 for the one-thread parse).
set -euo pipefail
main() {
cd "$(dirname "$0")/../.."
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
local args=() warm=0 a
for a in "$@"; do
  if [ "$a" = --warm ]; then warm=1; else args+=("$a"); fi
done
[ -z "${CLOAK_PARSE_REPEAT:-}" ] || warm=1
RUNS=${args[0]:-5}
SIZES=${args[1]:-"45000 1500000"}
PLATFORMS=${args[2]:-"android ios"}
REPEAT=1
MODE=one-shot
if [ "$warm" = 1 ]; then REPEAT=${CLOAK_PARSE_REPEAT:-3}; MODE="warm ($REPEAT parses per process, the last reported)"; fi
JAVA_OPTS=${CLOAK_PARSE_JAVA_OPTS:-"-Xmx32m -XX:+UseSerialGC"}
THREADS=${CLOAK_PARSE_THREADS:-0}
OUT=bench/target/chat-export
mkdir -p "$OUT"

stale() { # marker, source paths...
  local m=$1; shift
  [ ! -f "$m" ] || [ -n "$(find "$@" -type f -newer "$m" -print -quit 2>/dev/null)" ]
}
PARSER_CLASS=server/target/classes/app/cloak/archives/internal/parse/ChatExportParser.class
RUN_CLASS=bench/target/classes/app/cloak/bench/chatexport/ParseRun.class
if stale "$PARSER_CLASS" server/src/main/java/app/cloak/archives || stale "$RUN_CLASS" bench/src/main; then
  echo "compiling (./mvnw -B -q -pl server,bench compile)…" >&2
  ./mvnw -B -q -pl server,bench compile
fi
if [ ! -d bench/chat-export/node_modules/whatsapp-chat-parser ]; then
  (cd bench/chat-export && npm ci --no-audit --no-fund >&2)
fi
CP=bench/target/classes:server/target/classes

for p in $PLATFORMS; do
  for n in $SIZES; do
    f="$OUT/$p-$n.txt"
    [ -f "$f" ] || "$JAVA" -cp "$CP" app.cloak.bench.chatexport.ExportGenerator "$p" "$n" 7 "$f"
  done
done

RESULTS="$OUT/results-$([ "$REPEAT" = 1 ] || echo warm-)$(date -u +%Y%m%dT%H%M%SZ).jsonl"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; java opts: $JAVA_OPTS; parser threads: $THREADS; mode: $MODE" >&2
for p in $PLATFORMS; do
  for n in $SIZES; do
    f="$OUT/$p-$n.txt"
    for r in $(seq 1 "$RUNS"); do
      # shellcheck disable=SC2086
      "$JAVA" $JAVA_OPTS -cp "$CP" app.cloak.bench.chatexport.ParseRun "$f" "$THREADS" "$REPEAT" | tee -a "$RESULTS" >&2
      node bench/chat-export/peer.mjs "$f" "$REPEAT" | tee -a "$RESULTS" >&2
    done
  done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; results in $RESULTS" >&2
node bench/chat-export/summary.mjs "$RESULTS"
}
main "$@"
