#!/usr/bin/env bash
# Feed benchmarks, each side and its anchor in one run on this machine, with wrk and pgbench:
#   (a) cached trending GET (feed-api, /v1/trending/videos) against nginx serving the same bytes as a static file,
#       64 connections: requests/s ratio, p50/p99 at saturation (closed loop), then p50/p99 at a fixed offered rate
#       (the same 64 connections, each waiting PACE_MS between requests; bench/feed/paced.lua);
#   (b) personalized feed GET (feed-api, /v1/feed?type=following with bearer tokens, viewers drawn from a Zipf
#       distribution) against pgbench running the same SQL (get_feed_videos) with the same Zipf mix, at the same
#       concurrency: requests/s against transactions/s, p50/p99, the personal cache's hit rate.
# The data set lives in database reelpipe_bench: built once from the migrations and seeded in the database with
# 100,000 users and 1,000,000 videos (SEED_USERS, SEED_VIDEOS; about 20 minutes on two busy cores), kept for later runs.
# PACE_MS (3) sets the pause of the paced runs of (a). FEED_API_ARGS adds arguments to feed-api (e.g. cache TTLs of 1 ms to measure every request as a miss).
#   bench/feed/run.sh [SECONDS=20] [RUNS=3]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"
use_java25
cd "$REELPIPE_ROOT"

DURATION="${1:-20}"
RUNS="${2:-3}"
USERS="${SEED_USERS:-100000}"
VIDEOS="${SEED_VIDEOS:-1000000}"
DB=reelpipe_bench
PORT="${BENCH_FEED_PORT:-18082}"
NGINX_PORT="${BENCH_NGINX_PORT:-18089}"
CONNECTIONS_A=64
CONNECTIONS_B=32
PACE_MS="${PACE_MS:-3}"
ZIPF_S=1.1
WORK="$REELPIPE_VAR/bench/feed"
BENCH_DIR="$REELPIPE_ROOT/bench/feed"
export PGPASSWORD=reelpipe

apt_install wrk
command -v pgbench >/dev/null || apt_install postgresql-client
mkdir -p "$WORK/www" "$WORK/nginx/logs"
psql_bench() { psql -h 127.0.0.1 -U reelpipe -d "$DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

# --- the database: the migrations in version order (each once), then the seed ------------------------------------
if [ "$(psql -h 127.0.0.1 -U reelpipe -d postgres -XtAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  log "creating database $DB"
  psql -h 127.0.0.1 -U reelpipe -d postgres -X -q -c "CREATE DATABASE $DB"
fi
psql_bench -c "CREATE TABLE IF NOT EXISTS bench_applied (file text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
# The migration files in Flyway's order (V5 < V5_1 < V5_2 < V10).
migrations() {
  local f name version
  for f in pipeline-core/src/main/resources/db/migration/V*__*.sql; do
    name="${f##*/}"
    version="${name%%__*}"
    version="${version#V}"
    printf '%s %s\n' "${version//_/.}" "$name"
  done | sort -V -k1,1 | cut -d' ' -f2
}
for name in $(migrations); do
  if [ "$(psql_bench -tAc "SELECT 1 FROM bench_applied WHERE file = '$name'")" != 1 ]; then
    log "applying $name to $DB"
    psql_bench -1 -f "pipeline-core/src/main/resources/db/migration/$name"
    psql_bench -c "INSERT INTO bench_applied (file) VALUES ('$name')"
  fi
done
if [ "$(psql_bench -tAc "SELECT 1 FROM profiles WHERE id = 'bench-u1'")" != 1 ]; then
  log "seeding $DB with $USERS users and $VIDEOS videos (once; this takes a while)"
  psql_bench -v users="$USERS" -v videos="$VIDEOS" -v prefix=bench -f infra/local/seed.sql -tA | grep -v '^ANALYZE$'
  psql_bench -c "VACUUM (ANALYZE) videos, likes, follows, video_hashtags, thumbnails, comments, bookmarks, profiles" \
    2>/dev/null
fi
USERS="$(psql_bench -tAc "SELECT count(*) FROM profiles WHERE starts_with(id, 'bench-u')")"
log "trending for the run: $(psql_bench -tAc "SELECT string_agg(kind || '=' || items, ' ') FROM feed_refresh_trending()")"

# --- feed-api on the benchmark database, with a key of this run's own ----------------------------------------------
mvnw -o -pl .,pipeline-core,cache-layer,testkit install -Dmaven.test.skip=true 2>/dev/null ||
  mvnw -pl .,pipeline-core,cache-layer,testkit install -Dmaven.test.skip=true
mvnw -o -pl feed-api package -Dmaven.test.skip=true
if [ ! -s "$WORK/tokens.txt" ] || [ "$(wc -l <"$WORK/tokens.txt")" != "$USERS" ] ||
   [ -n "$(find "$WORK/tokens.txt" -mmin +300)" ]; then
  log "minting $USERS bearer tokens"
  "$JAVA_HOME/bin/java" "$BENCH_DIR/TokenMint.java" "$WORK" "$USERS" bench
fi
port_open "$PORT" && die "port $PORT is taken; set BENCH_FEED_PORT"
port_open "$NGINX_PORT" && die "port $NGINX_PORT is taken; set BENCH_NGINX_PORT"
FEED_PID=""
NGINX_CONF="$WORK/nginx/nginx.conf"
cleanup() {
  [ -n "$FEED_PID" ] && kill "$FEED_PID" 2>/dev/null && wait "$FEED_PID" 2>/dev/null || true
  [ -f "$WORK/nginx/nginx.pid" ] && /usr/sbin/nginx -p "$WORK/nginx" -c "$NGINX_CONF" -s stop 2>/dev/null || true
}
trap cleanup EXIT
"$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -jar feed-api/target/feed-api-0.1.0-SNAPSHOT-exec.jar \
  --server.port="$PORT" --server.address=127.0.0.1 \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --spring.flyway.enabled=false \
  --reelpipe.feed.jobs.enabled=false --reelpipe.feed.cache.namespace="bench-$$" \
  --reelpipe.jwt.public-key="$WORK/jwt-public.pem" --logging.level.root=WARN ${FEED_API_ARGS:-} \
  >"$WORK/feed-api.log" 2>&1 &
FEED_PID=$!
wait_for "feed-api on :$PORT" 120 curl -fsS "http://127.0.0.1:$PORT/actuator/health/readiness"

# --- nginx serving the same trending bytes ------------------------------------------------------------------------
TRENDING="/v1/trending/videos?limit=20"
curl -fsS "http://127.0.0.1:$PORT$TRENDING" >"$WORK/www/trending.json"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$NGINX_CONF" <<CONF
$user_line
pid $WORK/nginx/nginx.pid;
worker_processes auto;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/json json; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    etag on;
    add_header Cache-Control "public, max-age=300";
  }
}
CONF
/usr/sbin/nginx -p "$WORK/nginx" -c "$NGINX_CONF"
wait_for "nginx on :$NGINX_PORT" 10 curl -fsS "http://127.0.0.1:$NGINX_PORT/trending.json"
cmp -s "$WORK/www/trending.json" <(curl -fsS "http://127.0.0.1:$PORT$TRENDING") || die "feed-api and nginx serve different bytes"

# --- helpers -------------------------------------------------------------------------------------------------------
# wrk_run CONNECTIONS URL [wrk options...]: prints "requests/s p50_ms p99_ms requests"
wrk_run() {
  local connections="$1" url="$2"
  shift 2
  wrk -t2 -c"$connections" -d"${DURATION}s" --latency "$@" "$url" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { n = $1 }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, n }'
}
# pgbench_run SCRIPT: prints "tps p50_ms p99_ms" (percentiles from the per-transaction log)
pgbench_run() {
  rm -f "$WORK"/pgbench_log.*
  local tps
  tps="$(cd "$WORK" && pgbench -h 127.0.0.1 -U reelpipe -n -M prepared -c "$CONNECTIONS_B" -j 2 -T "$DURATION" \
    -l --log-prefix=pgbench_log -f "$1" "$DB" 2>/dev/null | awk '/^tps/ { printf "%.0f", $3 }')"
  cat "$WORK"/pgbench_log.* | awk '{ print $3 / 1000 }' | sort -n | awk -v tps="$tps" '
    { v[NR] = $1 } END { printf "%s %.2f %.2f\n", tps, v[int(NR * 0.5)], v[int(NR * 0.99)] }'
}
# metric NAME LABELS: the value of a Prometheus sample of feed-api (0 when absent)
metric() {
  curl -fsS "http://127.0.0.1:$PORT/actuator/prometheus" | awk -v name="$1" -v labels="$2" '
    index($0, name "{") == 1 && index($0, labels) > 0 { sum += $NF } END { printf "%.0f\n", sum }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- (a) cached trending GET vs nginx ------------------------------------------------------------------------------
log "(a) cached trending GET vs nginx static file, $CONNECTIONS_A connections, ${DURATION}s x $RUNS"
# Warm-up: the JVM compiles its hot paths in the first seconds; nginx needs none but gets a few.
wrk -t2 -c"$CONNECTIONS_A" -d15s "http://127.0.0.1:$PORT$TRENDING" >/dev/null
wrk -t2 -c"$CONNECTIONS_A" -d3s "http://127.0.0.1:$NGINX_PORT/trending.json" >/dev/null
: >"$WORK/a.txt"
for run in $(seq "$RUNS"); do
  ours="$(wrk_run "$CONNECTIONS_A" "http://127.0.0.1:$PORT$TRENDING")"
  theirs="$(wrk_run "$CONNECTIONS_A" "http://127.0.0.1:$NGINX_PORT/trending.json")"
  echo "$ours $theirs" >>"$WORK/a.txt"
  printf '  run %s: feed-api %s req/s (p50 %s ms, p99 %s ms) | nginx %s req/s (p50 %s ms, p99 %s ms) | ratio %s\n' \
    "$run" $(cut -d' ' -f1-3 <<<"$ours") $(cut -d' ' -f1-3 <<<"$theirs") "$(ratio "${ours%% *}" "${theirs%% *}")"
done

log "(a) paced: the same $CONNECTIONS_A connections, each waiting $PACE_MS ms after a response, ${DURATION}s x $RUNS"
: >"$WORK/a-paced.txt"
for run in $(seq "$RUNS"); do
  ours="$(PACE_MS="$PACE_MS" wrk_run "$CONNECTIONS_A" "http://127.0.0.1:$PORT$TRENDING" -s "$BENCH_DIR/paced.lua")"
  theirs="$(PACE_MS="$PACE_MS" wrk_run "$CONNECTIONS_A" "http://127.0.0.1:$NGINX_PORT/trending.json" \
    -s "$BENCH_DIR/paced.lua")"
  echo "$ours $theirs" >>"$WORK/a-paced.txt"
  printf '  run %s: feed-api %s req/s (p50 %s ms, p99 %s ms) | nginx %s req/s (p50 %s ms, p99 %s ms)\n' \
    "$run" $(cut -d' ' -f1-3 <<<"$ours") $(cut -d' ' -f1-3 <<<"$theirs")
done

# --- (b) personalized feed vs pgbench ------------------------------------------------------------------------------
FEED_PATH="/v1/feed?type=following&limit=20"
cat >"$WORK/feed.pgb" <<PGB
\\set u random_zipfian(1, $USERS, $ZIPF_S)
SELECT * FROM get_feed_videos('bench-u' || :u, 'following', 21, NULL, NULL);
PGB
log "(b) personalized feed GET vs pgbench on the same SQL, $CONNECTIONS_B connections, Zipf s=$ZIPF_S over $USERS users"
# Warm-up, which also fills the caches to their steady state for this mix (they keep a page up to two minutes).
TOKENS="$WORK/tokens.txt" ZIPF_S="$ZIPF_S" FEED_PATH="$FEED_PATH" wrk -t2 -c"$CONNECTIONS_B" -d15s \
  -s "$BENCH_DIR/zipf-feed.lua" "http://127.0.0.1:$PORT" >/dev/null
: >"$WORK/b.txt"
for run in $(seq "$RUNS"); do
  loads_before="$(metric reelpipe_cache_loads_total 'cache="feed-personal"')"
  ours="$(TOKENS="$WORK/tokens.txt" ZIPF_S="$ZIPF_S" FEED_PATH="$FEED_PATH" \
    wrk_run "$CONNECTIONS_B" "http://127.0.0.1:$PORT" -s "$BENCH_DIR/zipf-feed.lua")"
  loads="$(( $(metric reelpipe_cache_loads_total 'cache="feed-personal"') - loads_before ))"
  requests="$(cut -d' ' -f4 <<<"$ours")"
  hit_rate="$(awk -v l="$loads" -v r="$requests" 'BEGIN { printf "%.1f", 100 * (1 - l / r) }')"
  theirs="$(pgbench_run "$WORK/feed.pgb")"
  echo "$ours $hit_rate $theirs" >>"$WORK/b.txt"
  printf '  run %s: feed-api %s req/s (p50 %s ms, p99 %s ms, hit rate %s%%) | pgbench %s tps (p50 %s ms, p99 %s ms) | ratio %s\n' \
    "$run" $(cut -d' ' -f1-3 <<<"$ours") "$hit_rate" $theirs "$(ratio "${ours%% *}" "${theirs%% *}")"
done

# --- medians -------------------------------------------------------------------------------------------------------
a_ours="$(cut -d' ' -f1 "$WORK/a.txt" | median)"; a_nginx="$(cut -d' ' -f5 "$WORK/a.txt" | median)"
a_p50="$(cut -d' ' -f2 "$WORK/a.txt" | median)"; a_p99="$(cut -d' ' -f3 "$WORK/a.txt" | median)"
n_p50="$(cut -d' ' -f6 "$WORK/a.txt" | median)"; n_p99="$(cut -d' ' -f7 "$WORK/a.txt" | median)"
q_ours="$(cut -d' ' -f1 "$WORK/a-paced.txt" | median)"; q_nginx="$(cut -d' ' -f5 "$WORK/a-paced.txt" | median)"
q_p50="$(cut -d' ' -f2 "$WORK/a-paced.txt" | median)"; q_p99="$(cut -d' ' -f3 "$WORK/a-paced.txt" | median)"
qn_p50="$(cut -d' ' -f6 "$WORK/a-paced.txt" | median)"; qn_p99="$(cut -d' ' -f7 "$WORK/a-paced.txt" | median)"
b_ours="$(cut -d' ' -f1 "$WORK/b.txt" | median)"; b_pg="$(cut -d' ' -f6 "$WORK/b.txt" | median)"
b_p50="$(cut -d' ' -f2 "$WORK/b.txt" | median)"; b_p99="$(cut -d' ' -f3 "$WORK/b.txt" | median)"
b_hit="$(cut -d' ' -f5 "$WORK/b.txt" | median)"
g_p50="$(cut -d' ' -f7 "$WORK/b.txt" | median)"; g_p99="$(cut -d' ' -f8 "$WORK/b.txt" | median)"
printf '\nmedians of %s runs of %s s (%s users, %s videos):\n' "$RUNS" "$DURATION" "$USERS" \
  "$(psql_bench -tAc 'SELECT count(*) FROM videos')"
printf '(a) cached trending GET: %s req/s, p50 %s ms, p99 %s ms | nginx static: %s req/s, p50 %s ms, p99 %s ms | ratio %s (target >= 0.5, p99 <= 5 ms)\n' \
  "$a_ours" "$a_p50" "$a_p99" "$a_nginx" "$n_p50" "$n_p99" "$(ratio "$a_ours" "$a_nginx")"
printf '(a) paced (%s ms between requests): %s req/s, p50 %s ms, p99 %s ms | nginx static: %s req/s, p50 %s ms, p99 %s ms (target p99 <= 5 ms)\n' \
  "$PACE_MS" "$q_ours" "$q_p50" "$q_p99" "$q_nginx" "$qn_p50" "$qn_p99"
printf '(b) personalized feed GET: %s req/s, p50 %s ms, p99 %s ms, cache hit rate %s%% | pgbench same SQL: %s tps, p50 %s ms, p99 %s ms | ratio %s (target >= 0.7)\n' \
  "$b_ours" "$b_p50" "$b_p99" "$b_hit" "$b_pg" "$g_p50" "$g_p99" "$(ratio "$b_ours" "$b_pg")"
