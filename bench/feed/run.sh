#!/usr/bin/env bash
# The following feed on a small and a large store: seeds each with `plaza bench-seed` (through
# the services, rate limits and summaries off), times bench_reader's following feed with
# plaza_feed_bench and prints the SQLite query plans (EXPLAIN QUERY PLAN) of its two queries.
#
#   bench/feed/run.sh [BUILD_DIR] [SMALL_POSTS] [LARGE_POSTS]
#
# Defaults: build/test, 10000 and 1000000 posts (2000 authors, the reader follows 1000, a
# followee's repost every 100 posts). Stores are kept under $PLAZA_FEED_BENCH_DIR (default
# /tmp/plaza-feed-bench) and reused when already seeded with that size.
# With PLAZA_FEED_BENCH_PG=<admin conninfo> it seeds and times PostgreSQL databases too and
# prints their EXPLAIN output.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/test}
small=${2:-10000}
large=${3:-1000000}
dir=${PLAZA_FEED_BENCH_DIR:-/tmp/plaza-feed-bench}
plaza=$build/src/app/plaza
bench=$build/bench/feed/plaza_feed_bench
mkdir -p "$dir"

seed() {  # seed <posts> <storage url> <marker>
  if [[ -f "$3" ]]; then return; fi
  PLAZA_LOG_LEVEL=warn "$plaza" bench-seed --posts "$1" --storage "$2"
  touch "$3"
}

plan() {  # plan <sqlite file>: the plans of the feed's two queries for bench_reader
  local reader
  reader=$(sqlite3 "$1" "SELECT id FROM users WHERE handle = 'bench_reader'")
  echo "-- followed_post_cards (first page)"
  sqlite3 "$1" "EXPLAIN QUERY PLAN $(sed -e '/^--/d' "$root/src/storage/sqlite/sql/social_store/followed_post_cards.sql" |
    sed -e "0,/?/s//4097/" -e "0,/?/s//9223372036854775807/" -e "0,/?/s//$reader/" -e "0,/?/s//21/")"
  echo "-- followed_reposts (first page)"
  sqlite3 "$1" "EXPLAIN QUERY PLAN $(sed -e '/^--/d' "$root/src/storage/sqlite/sql/social_store/followed_reposts.sql" |
    sed -e "0,/?/s//4097/" -e "0,/?/s//9223372036854775807/" -e "0,/?/s//$reader/" -e "0,/?/s//21/")"
}

for posts in "$small" "$large"; do
  data=$dir/sqlite-$posts
  mkdir -p "$data"
  seed "$posts" "sqlite:$data/plaza.db" "$data/.seeded"
  "$bench" --storage "sqlite:$data/plaza.db" --reads 200 --depth 5
  plan "$data/plaza.db"
done

if [[ -n "${PLAZA_FEED_BENCH_PG:-}" ]]; then
  for posts in "$small" "$large"; do
    db=plaza_feed_bench_$posts
    psql "$PLAZA_FEED_BENCH_PG" -qtc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
      psql "$PLAZA_FEED_BENCH_PG" -qc "CREATE DATABASE $db"
    url=$(python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/$db')))" "$PLAZA_FEED_BENCH_PG")
    seed "$posts" "$url" "$dir/pg-$posts.seeded"
    "$bench" --storage "$url" --reads 200 --depth 5
    reader=$(psql "$url" -qtAc "SELECT id FROM users WHERE handle = 'bench_reader'")
    echo "-- followed_post_cards (first page)"
    psql "$url" -qAt -c "PREPARE f(int, bigint, bigint, int) AS $(sed -e '/^--/d' "$root/src/storage/postgres/sql/social_store/followed_post_cards.sql")" \
      -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE f(4097, 9223372036854775807, $reader, 21)"
  done
fi
