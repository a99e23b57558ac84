#!/usr/bin/env bash
# Pages (shared buffers hit + read) one PostgreSQL search touches, for each of the 50 most frequent words
# of the search benchmark's corpus: a measure of the search query's cost that does not depend on what
# else the machine is doing. Needs the corpus SearchBenchmark builds (-Dbench.db=postgres, see BENCHMARKS.md).
#
#   bench/search-pages.sh            # the shipped query (postings, V4_2): newest 200 per chat, index-only
#
# The caller is in 50 fixed chats (c7, c27, … c987), as in the benchmark (which draws them at random).
# The query is PostingsSearchIndex's for a one-word search (limit 30, window 200).
set -euo pipefail
PSQL=(psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d "${PGDATABASE:-test}" -X -q -At)
SCHEMA=${SCHEMA:-search_bench_1000000}
CHATS=$(for g in $(seq 7 20 1000); do printf "'c%s'," "$g"; done | sed 's/,$//')

words=$("${PSQL[@]}" -c "SELECT token FROM $SCHEMA.search_postings GROUP BY token ORDER BY COUNT(*) DESC LIMIT 50")
for w in $words; do
  q="WITH newest AS MATERIALIZED (
       SELECT w.chat_id, w.doc_id, w.tf, w.doc_len FROM unnest(ARRAY[$CHATS]::text[]) AS c(chat_id)
       CROSS JOIN LATERAL (SELECT p.chat_id, p.doc_id, p.tf, p.doc_len FROM search_postings p
                           WHERE p.token = '$w' AND p.chat_id = c.chat_id ORDER BY p.doc_id DESC LIMIT 200) w
       ORDER BY w.doc_id DESC LIMIT 200),
     ranked AS MATERIALIZED (
       SELECT n.doc_id, (1 + ln(n.tf)) / (1 + ln(n.doc_len)) AS score FROM newest n ORDER BY score DESC, n.doc_id DESC LIMIT 30)
     SELECT d.message_id FROM ranked r JOIN search_docs d ON d.doc_id = r.doc_id ORDER BY r.score DESC, r.doc_id DESC"
  "${PSQL[@]}" <<SQL | grep -m1 'Buffers:' | grep -oE '(hit|read)=[0-9]+' | awk -F= '{s += $2} END {print s}'
SET search_path = $SCHEMA;
EXPLAIN (ANALYZE, BUFFERS) $q;
SQL
done | sort -n | awk '{v[NR] = $1} END {
  printf "postings: pages per search over the 50 most frequent words: median %d, p90 %d, p95 %d, max %d\n",
    v[int((NR + 1) / 2)], v[int(NR * 0.9)], v[int(NR * 0.95)], v[NR] }'
