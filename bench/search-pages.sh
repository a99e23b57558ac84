#!/usr/bin/env bash
# Pages (shared buffers hit + read) one PostgreSQL search touches, for each of the 50 most frequent words
# of the search benchmark's corpus: a measure of the search query's cost that does not depend on what
# else the machine is doing. Needs the corpus SearchBenchmark builds (-Dbench.db=postgres, see BENCHMARKS.md).
#
#   bench/search-pages.sh [window] [random_page_cost]   # window 0: the old query, ranking every match
#
# The caller is in 50 fixed chats (c7, c27, … c987), as in the benchmark (which draws them at random).
set -euo pipefail
WINDOW=${1:-200}
RPC=${2:-1.1}
PSQL=(psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d "${PGDATABASE:-test}" -X -q -At)
SCHEMA=${SCHEMA:-search_bench_1000000}
CHATS=$(for g in $(seq 7 20 1000); do printf "'c%s'," "$g"; done | sed 's/,$//')

words=$("${PSQL[@]}" -c "SELECT word FROM ts_stat('SELECT terms FROM $SCHEMA.search_docs') ORDER BY ndoc DESC LIMIT 50")
for w in $words; do
  if [ "$WINDOW" = 0 ]; then
    q="SELECT message_id FROM search_docs d WHERE d.chat_id IN ($CHATS) AND d.terms @@ '$w'::tsquery
       ORDER BY ts_rank(d.terms, '$w'::tsquery, 1) DESC, d.doc_id DESC LIMIT 30"
  else
    q="WITH newest AS MATERIALIZED (SELECT d.doc_id, d.message_id, d.terms FROM search_docs d
         WHERE d.chat_id IN ($CHATS) AND d.terms @@ '$w'::tsquery ORDER BY d.doc_id DESC LIMIT $WINDOW)
       SELECT message_id FROM newest ORDER BY ts_rank(terms, '$w'::tsquery, 1) DESC, doc_id DESC LIMIT 30"
  fi
  "${PSQL[@]}" <<SQL | grep -m1 'Buffers:' | grep -oE '(hit|read)=[0-9]+' | awk -F= '{s += $2} END {print s}'
SET search_path = $SCHEMA;
SET random_page_cost = $RPC;
EXPLAIN (ANALYZE, BUFFERS) $q;
SQL
done | sort -n | awk '{v[NR] = $1} END {
  printf "window %s, random_page_cost %s: pages per search over the 50 most frequent words: median %d, p90 %d, p95 %d, max %d\n",
    "'"$WINDOW"'", "'"$RPC"'", v[int((NR + 1) / 2)], v[int(NR * 0.9)], v[int(NR * 0.95)], v[NR] }'
