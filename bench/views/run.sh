#!/usr/bin/env bash
# View ingestion benchmark: view events accepted over HTTP and made durable per second by feed-api, group commit
# (reelpipe.views.ingest-mode=batched) against one transaction per view through the same HTTP path with the same
# validation, rate limits and Redis dedup, in two flavours:
#   per-event         the brief's baseline: each view's INSERT, its counter and rollup updates, its commit;
#   per-event-folded  each view's INSERT and delta row, its commit (counters folded as in batched mode): what grouping
#                     the commits alone is worth.
#   - a fresh database (reelpipe_views_bench, dropped and created by every invocation), migrated by feed-api, seeded with
#     BENCH_VIDEOS READY public videos (5,000 by default) of 100 creators;
#   - three feed-api instances from the jar (1 GiB heap each), one per mode, started once and warmed up;
#   - wrk with bench/views/views.lua: POST /v1/views with 50 events of distinct Zipf-drawn videos (s = 1.1) per
#     request, a fresh anonymous session per request, every event a view that counts; CONNECTIONS connections;
#   - the modes alternate, RUNS times each, on emptied tables; the rate is the events of 2xx answers per second of
#     wrk's measured duration (an answer waits for the commit, so they are durable), checked after each run: the raw
#     rows include every acknowledged event, and the counters and rollups (once the last deltas are folded) sum to the
#     raw rows.
# Prints both rates, their ratio and the load average, per run and as medians.
#   bench/views/run.sh [SECONDS=20] [RUNS=3]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../bin/lib.sh"
use_java25
cd "$REELPIPE_ROOT"

DURATION="${1:-20}"
RUNS="${2:-3}"
VIDEOS="${BENCH_VIDEOS:-5000}"
CONNECTIONS="${BENCH_VIEWS_CONNECTIONS:-64}"
EVENTS=50
DB=reelpipe_views_bench
PORT_BATCHED="${BENCH_VIEWS_PORT:-18092}"
PORT_PER_EVENT="$((PORT_BATCHED + 1))"
PORT_FOLDED="$((PORT_BATCHED + 2))"
WORK="$REELPIPE_VAR/bench/views"
BENCH_DIR="$REELPIPE_ROOT/bench/views"
NAMESPACE="bench-views-$$"
export PGPASSWORD=reelpipe

apt_install wrk
mkdir -p "$WORK"
psql_db() { psql -h 127.0.0.1 -U reelpipe -d "$1" -X -q -v ON_ERROR_STOP=1 "${@:2}"; }

# --- a fresh database, and feed-api's jar -------------------------------------------------------------------------
log "creating database $DB"
psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
mvnw -o -pl .,pipeline-core,cache-layer,testkit install -Dmaven.test.skip=true 2>/dev/null ||
  mvnw -pl .,pipeline-core,cache-layer,testkit install -Dmaven.test.skip=true
mvnw -o -pl feed-api package -Dmaven.test.skip=true
# Requests are anonymous, but feed-api needs a key to verify tokens with.
"$JAVA_HOME/bin/java" "$REELPIPE_ROOT/bench/feed/TokenMint.java" "$WORK" 0 bench
port_open "$PORT_BATCHED" && die "port $PORT_BATCHED is taken; set BENCH_VIEWS_PORT"
port_open "$PORT_PER_EVENT" && die "port $PORT_PER_EVENT is taken; set BENCH_VIEWS_PORT"
port_open "$PORT_FOLDED" && die "port $PORT_FOLDED is taken; set BENCH_VIEWS_PORT"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  redis-cli --scan --pattern "$NAMESPACE:*" | xargs -r -n 1000 redis-cli unlink >/dev/null || true
}
trap cleanup EXIT

# start_feed MODE PORT: feed-api in that ingest mode. The limits are raised (every request comes from one address),
# and the dedup window is a minute so Redis holds the keys of a minute of load, not of an hour.
start_feed() {
  "$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -jar feed-api/target/feed-api-0.1.0-SNAPSHOT-exec.jar \
    --server.port="$2" --server.address=127.0.0.1 \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --spring.flyway.enabled=true \
    --reelpipe.feed.jobs.enabled=false --reelpipe.feed.cache.namespace="$NAMESPACE" \
    --reelpipe.jwt.public-key="$WORK/jwt-public.pem" --logging.level.root=WARN \
    --reelpipe.views.ingest-mode="$1" --reelpipe.views.ip-limit=2000000000 --reelpipe.views.viewer-limit=100000 \
    --reelpipe.views.dedup-window=1m --reelpipe.views.finalize-delay=1m ${FEED_API_ARGS:-} \
    >"$WORK/feed-api-$1.log" 2>&1 &
  PIDS+=($!)
  wait_for "feed-api ($1) on :$2" 120 curl -fsS "http://127.0.0.1:$2/actuator/health/readiness"
}
start_feed batched "$PORT_BATCHED"
start_feed per-event "$PORT_PER_EVENT"
start_feed per-event-folded "$PORT_FOLDED"

log "seeding $VIDEOS videos"
psql_db "$DB" <<SQL
INSERT INTO profiles (id, handle) SELECT 'bench-c' || c, 'bench_c' || c FROM generate_series(1, 100) AS c;
INSERT INTO videos (id, owner_id, title, visibility, status, source_key, source_bytes, source_sha256, source_format,
                    duration_ms, width, height, ready_at)
SELECT md5('bench-video-' || v)::uuid, 'bench-c' || (1 + v % 100), 'bench video ' || v, 'PUBLIC', 'READY', 'src/x',
       1000, 'x', 'mp4', 15000 + (v % 46) * 1000, 1080, 1920, now()
  FROM generate_series(1, $VIDEOS) AS v;
ANALYZE profiles, videos;
SQL
psql_db "$DB" -tAc "SELECT id FROM videos ORDER BY created_at, id" >"$WORK/videos.txt"

# --- helpers -------------------------------------------------------------------------------------------------------
# wrk_run PORT SECONDS: prints "requests non_2xx seconds wrk_cpu_seconds"
wrk_run() {
  local out
  out="$( { VIDEOS="$WORK/videos.txt" EVENTS="$EVENTS" ZIPF_S=1.1 /usr/bin/time -f 'cpu %U %S' \
    wrk -t2 -c"$CONNECTIONS" -d"$2s" -s "$BENCH_DIR/views.lua" "http://127.0.0.1:$1"; } 2>&1)"
  awk '
    / requests in / { n = $1; s = $4; sub(/s,$/, "", s) }
    /Non-2xx or 3xx responses/ { bad = $NF }
    /^cpu / { cpu = $2 + $3 }
    END { printf "%d %d %s %.1f\n", n, bad + 0, s, cpu }' <<<"$out"
}
# quiesce: waits until the requests still running when wrk stopped (it drops them, the server finishes them) are done:
# the raw row count holds still for a second.
quiesce() {
  local before after=-1
  while :; do
    before="$after"
    sleep 1
    after="$(psql_db "$DB" -tAc "SELECT count(*) FROM video_views")"
    [ "$before" = "$after" ] && return 0
  done
}
reset_tables() {
  quiesce
  psql_db "$DB" -c "TRUNCATE video_views, video_view_daily, video_view_deltas" \
    -c "UPDATE videos SET view_count = 0 WHERE view_count > 0"
}
# measure MODE PORT: one run; prints "acknowledged_events_per_s stored_events_per_s wrk_cpu_percent load1 non_2xx".
# Acknowledged events (those of 2xx answers) are durable by construction (the answer waits for the commit); the
# stored rows, counted once the requests wrk dropped at the end have finished, must include all of them.
measure() {
  reset_tables
  local result requests bad seconds cpu rows counted rolled accepted load
  result="$(wrk_run "$2" "$DURATION")"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  read -r requests bad seconds cpu <<<"$result"
  quiesce
  psql_db "$DB" -tAc "SELECT views_fold(10000000, true)" >/dev/null
  rows="$(psql_db "$DB" -tAc "SELECT count(*) FROM video_views")"
  counted="$(psql_db "$DB" -tAc "SELECT coalesce(sum(view_count), 0) FROM videos")"
  rolled="$(psql_db "$DB" -tAc "SELECT coalesce(sum(views), 0) FROM video_view_daily")"
  accepted="$(( (requests - bad) * EVENTS ))"
  [ "$rows" = "$counted" ] && [ "$rows" = "$rolled" ] ||
    die "$1: $rows raw rows, but view counts sum to $counted and rollups to $rolled"
  [ "$rows" -ge "$accepted" ] || die "$1: $accepted events acknowledged but only $rows stored"
  awk -v rows="$rows" -v acc="$accepted" -v s="$seconds" -v cpu="$cpu" -v load1="$load" -v bad="$bad" \
    'BEGIN { printf "%.0f %.0f %.0f %s %d\n", acc / s, rows / s, 100 * cpu / s / 2, load1, bad }'
}
# flush_p50 PORT: the median events per flush of the last minutes of that feed-api (0 when it does not batch)
flush_p50() {
  curl -fsS "http://127.0.0.1:$1/actuator/prometheus" | awk '
    index($0, "reelpipe_views_flush_size_events{") == 1 && index($0, "quantile=\"0.5\"") > 0 { v = $NF }
    END { printf "%.0f\n", v }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

# --- warm-up, then the runs ----------------------------------------------------------------------------------------
log "warm-up (JIT): 15 s batched, 10 s per mode of the baselines"
reset_tables
wrk_run "$PORT_BATCHED" 15 >/dev/null
wrk_run "$PORT_PER_EVENT" 10 >/dev/null
wrk_run "$PORT_FOLDED" 10 >/dev/null
log "runs: ${DURATION}s each, $CONNECTIONS connections, $EVENTS events per request, $VIDEOS videos"
: >"$WORK/runs.txt"
for run in $(seq "$RUNS"); do
  batched="$(measure batched "$PORT_BATCHED")"
  flush="$(flush_p50 "$PORT_BATCHED")"
  per_event="$(measure per-event "$PORT_PER_EVENT")"
  folded="$(measure per-event-folded "$PORT_FOLDED")"
  echo "$batched $per_event $folded" >>"$WORK/runs.txt"
  read -r b_acked b_stored b_wrk b_load b_bad <<<"$batched"
  read -r p_acked p_stored p_wrk p_load p_bad <<<"$per_event"
  read -r f_acked f_stored f_wrk f_load f_bad <<<"$folded"
  printf '  run %s: batched %s events/s acknowledged and durable (%s/s stored incl. the end, %s non-2xx, %s events per flush (p50), wrk %s%% of the CPU, load %s) | per-event %s events/s (%s non-2xx, load %s) | per-event-folded %s events/s (%s non-2xx, load %s) | ratios %s and %s\n' \
    "$run" "$b_acked" "$b_stored" "$b_bad" "$flush" "$b_wrk" "$b_load" "$p_acked" "$p_bad" "$p_load" "$f_acked" "$f_bad" \
    "$f_load" "$(ratio "$b_acked" "$p_acked")" "$(ratio "$b_acked" "$f_acked")"
done

b="$(cut -d' ' -f1 "$WORK/runs.txt" | median)"
p="$(cut -d' ' -f6 "$WORK/runs.txt" | median)"
f="$(cut -d' ' -f11 "$WORK/runs.txt" | median)"
load="$(cut -d' ' -f4,9,14 "$WORK/runs.txt" | tr ' ' '\n' | median)"
printf '\nmedians of %s runs of %s s: batched %s events/s acknowledged and durable | per-event %s events/s, ratio %s (target >= 20x; and >= 50,000 events/s) | per-event-folded %s events/s, ratio %s | load average (1 min) median %s on %s cores\n' \
  "$RUNS" "$DURATION" "$b" "$p" "$(ratio "$b" "$p")" "$f" "$(ratio "$b" "$f")" "$load" "$(nproc)"
