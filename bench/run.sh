#!/usr/bin/env bash
# KnotCare throughput benchmark: the app against nginx serving the same article bytes as a static file.
#
#   bench/run.sh                      # full run: 10 s per wrk run, 3 rounds for the article, 2 for the rest
#   BENCH_SECONDS=3 bench/run.sh      # quick run while developing
#
# Settings (environment):
#   BENCH_SECONDS=10        length of each measured wrk run
#   BENCH_ROUNDS=3          article rounds (nginx, app, nginx, app, ...; at least 2)
#   BENCH_STARTS=5          app starts timed (process start to first 200 on /healthz); the median is reported
#   BENCH_OTHER_ROUNDS=2    rounds for the other app endpoints
#   BENCH_WARMUP=5          seconds of warm-up load per endpoint before measuring
#   BENCH_CONNECTIONS=32    wrk -c;  BENCH_THREADS=1  wrk -t
#   BENCH_PLAN_PATH=...     the plan page to bench (skipped, and reported, while it is not 2xx)
#   BENCH_SEARCH_PATH=...   the search to bench (a query with many hits: every hit gets a snippet)
#   BENCH_FLOOR=1           also bench bench/floor (plain Kestrel answering the article's bytes, no middleware, no
#                           logging) in the article rounds: how close the framework itself gets to nginx here; 0 skips it
#   BENCH_REQUEST_LOG=default   as configured (successful requests are logged at Debug, so not by default);
#                           "all" logs every request (the request log's level set to Debug), "off" sets it to Warning
#   KC_PUBLISHED=/dir       bench an existing publish instead of building one
#   KC_PUBLISH_ARGS="..."   extra dotnet publish arguments (e.g. "-p:PublishReadyToRun=false" for an IL-only build; publish is ReadyToRun by default)
#   KC_APP_ENV="A=1 B=2"    extra environment for the app (e.g. "DOTNET_gcServer=0")
#
# Every figure is the MEDIAN over the rounds (req/s, p50 and p99 each taken separately); non-2xx and socket errors
# are summed. Raw wrk output and results.md go to bench/out/<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
STARTS_WANTED=${BENCH_STARTS:-5}
OTHER_ROUNDS=${BENCH_OTHER_ROUNDS:-2}
WARMUP=${BENCH_WARMUP:-5}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-1}
ARTICLE=${BENCH_ARTICLE:-/articles/what-is-a-muscle-knot}
PLAN=${BENCH_PLAN_PATH:-/plan?area=upper-back-neck&equipment=ball&minutes=10&cause=desk-work}
SEARCH=${BENCH_SEARCH_PATH:-/search?q=how+long+does+a+knot+last}
FLOOR_ON=${BENCH_FLOOR:-1}
(( ROUNDS >= 2 )) || kc_die "BENCH_ROUNDS must be at least 2"
(( STARTS_WANTED >= 1 )) || kc_die "BENCH_STARTS must be at least 1"

kc_ensure_tools
kc_init bench
OUT="bench/out/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: >"$RESULTS"

# --- the app ------------------------------------------------------------------------------------------------------
PUB="$KC_TMP/app"
mkdir -p "$PUB"
kc_publish "$PUB"
if [[ "$FLOOR_ON" == 1 ]]; then
  kc_log "Publishing bench/floor ..."
  dotnet publish bench/floor -c Release -o "$KC_TMP/floor" --artifacts-path "$KC_TMP/artifacts-floor" -nologo -v q \
    >"$KC_TMP/floor-publish.log" 2>&1 || { tail -n 40 "$KC_TMP/floor-publish.log" >&2; kc_die "publishing bench/floor failed"; }
fi
APP_PORT=$(kc_free_port)
APP="http://127.0.0.1:$APP_PORT"
app_env=(RateLimiting__Enabled=false)
case "${BENCH_REQUEST_LOG:-default}" in
  default) ;;
  all) app_env+=("Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware=Debug") ;;
  off) app_env+=("Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware=Warning") ;;
  *) kc_die "BENCH_REQUEST_LOG must be default, all or off" ;;
esac
# Start-up varies by 20% or more from one start to the next on a small VM: time BENCH_STARTS starts (the last one
# stays up for the load) and report the median.
STARTS=()
for (( i=1; i<=STARTS_WANTED; i++ )); do
  kc_log "Starting the app on $APP ($i of $STARTS_WANTED) ..."
  kc_start_app "$PUB" "$APP_PORT" "$KC_TMP/app.log" "${app_env[@]}"
  ms=$(kc_wait_healthy "$APP_PORT" "$KC_APP_PID" 60) || { tail -n 30 "$KC_TMP/app.log" >&2; kc_die "the app did not start"; }
  STARTS+=("$ms")
  (( i < STARTS_WANTED )) && kc_stop "$KC_APP_PID"
done
START_MS=$(printf '%s\n' "${STARTS[@]}" | kc_median | awk '{ printf "%.0f", $1 }')
sleep 1
IDLE_RSS=$(kc_rss_kb "$KC_APP_PID")
echo "Start to first 200 on /healthz: median ${START_MS} ms of ${STARTS_WANTED} starts (${STARTS[*]} ms; polled every 10 ms)"
echo "RSS after start (idle): $(kc_mb "$IDLE_RSS") MB"
grep -m1 'Loaded ' "$KC_TMP/app.log" || true
kc_rss_sampler "$KC_APP_PID" "$KC_TMP/rss.txt"

# --- nginx with a saved copy of the article -------------------------------------------------------------------------
NGX="$KC_TMP/nginx"
mkdir -p "$NGX/www$(dirname "$ARTICLE")"
STATIC_FILE="$NGX/www$ARTICLE.html"
curl -fsS --max-time 10 "$APP$ARTICLE" -o "$STATIC_FILE"
chmod -R a+rX "$NGX"
NGINX_PORT=$(kc_free_port)
NGINX="http://127.0.0.1:$NGINX_PORT"
{
  kc_nginx_common "$NGX"
  cat <<EOF
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $NGX/www;
        location / { try_files \$uri \$uri.html =404; }
    }
}
EOF
} >"$NGX/nginx.conf"
kc_start_nginx "$NGX" "$NGX/nginx.conf"
kc_wait_http "$NGINX$ARTICLE" 10 || kc_die "nginx did not answer"
curl -fsS "$NGINX$ARTICLE" -o "$KC_TMP/from-nginx.html"
curl -fsS "$APP$ARTICLE" -o "$KC_TMP/from-app.html"
cmp -s "$STATIC_FILE" "$KC_TMP/from-nginx.html" || kc_die "nginx does not serve the saved bytes"
cmp -s "$STATIC_FILE" "$KC_TMP/from-app.html" || kc_log "warning: the article page differs between two fetches"
echo "nginx serves $ARTICLE from a static copy: $(wc -c <"$STATIC_FILE") bytes, identical to the app's body"

# --- the floor: plain Kestrel with the same bytes -----------------------------------------------------------------------
if [[ "$FLOOR_ON" == 1 ]]; then
  FLOOR_PORT=$(kc_free_port)
  FLOOR="http://127.0.0.1:$FLOOR_PORT"
  ( cd "$KC_TMP/floor" && exec env DOTNET_NOLOGO=1 Page="$STATIC_FILE" Route="$ARTICLE" \
      dotnet Floor.dll --urls "$FLOOR" ) >"$KC_TMP/floor.log" 2>&1 &
  KC_PIDS+=("$!")
  kc_wait_http "$FLOOR$ARTICLE" 30 || { cat "$KC_TMP/floor.log" >&2; kc_die "bench/floor did not answer"; }
  curl -fsS "$FLOOR$ARTICLE" -o "$KC_TMP/from-floor.html"
  cmp -s "$STATIC_FILE" "$KC_TMP/from-floor.html" || kc_die "bench/floor does not serve the saved bytes"
  echo "bench/floor (plain Kestrel) serves the same bytes"
fi

# --- preflight ----------------------------------------------------------------------------------------------------
ANSWERS=$(kc_answers_json "$APP") || kc_die "GET /api/checklist failed"
EVAL_ARGS=(region=uk)
while IFS=$'\t' read -r id value; do EVAL_ARGS+=("$id=$value"); done < <(jq -r 'to_entries[] | "\(.key)\t\(.value)"' <<<"$ANSWERS")
EVAL_BODY=$(jq -c '{answers: ., region: "uk"}' <<<"$ANSWERS")
eval_reply=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' --data "$EVAL_BODY" "$APP/api/checklist/evaluate")
eval_code=${eval_reply##*$'\n'}
[[ "$eval_code" == 200 ]] || kc_die "POST /api/checklist/evaluate answered $eval_code: ${eval_reply%$'\n'*}"
echo "POST /api/checklist/evaluate: 200, urgency $(jq -r .urgency <<<"${eval_reply%$'\n'*}")"

declare -A SKIP=()
for path in / /articles "$ARTICLE" /check "$PLAN" "$SEARCH"; do
  code=$(kc_status "$APP$path")
  echo "GET $path: $code"
  [[ "$code" == 2?? ]] || SKIP[$path]=$code
done

# --- measuring ----------------------------------------------------------------------------------------------------
# bench LABEL ROUND [wrk options...] URL [-- script args]: one wrk run; appends
# "label round rps p50 p99 requests non2xx sockerr" to results.tsv.
bench() {
  local label=$1 round=$2; shift 2
  local file="$OUT/wrk-${label//[^a-zA-Z0-9]/_}-$round.txt" busy
  busy=$(kc_check_quiet "$label round $round")
  echo "$busy" >>"$KC_TMP/busy.txt"
  wrk --latency -t"$THREADS" -c"$CONNS" -d"${DURATION}s" "$@" >"$file" 2>&1 || kc_die "wrk failed: $(cat "$file")"
  local stats
  stats=$(kc_wrk_parse "$file")
  printf '%s\t%s\t%s\n' "$label" "$round" "${stats// /$'\t'}" >>"$RESULTS"
  read -r rps p50 p99 _ non2xx sock <<<"$stats"
  printf '  %-28s round %d: %8s req/s  p50 %7s ms  p99 %7s ms  non-2xx %s  socket errors %s  (CPUs %s%% busy before)\n' \
    "$label" "$round" "$rps" "$p50" "$p99" "$non2xx" "$sock" "$busy"
}
warm() { wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "$@" >/dev/null 2>&1 || kc_log "warning: warm-up failed: wrk $*"; }

APP_GETS=(/ /articles /check "$PLAN" "$SEARCH")
declare -A LABEL=([/]="app /" [/articles]="app /articles" [/check]="app /check" ["$PLAN"]="app /plan" ["$SEARCH"]="app /search")

kc_log "Warming up (${WARMUP}s per endpoint) ..."
warm "$NGINX$ARTICLE"
warm "$APP$ARTICLE"
if [[ "$FLOOR_ON" == 1 ]]; then warm "$FLOOR$ARTICLE"; fi
for path in "${APP_GETS[@]}"; do [[ -n "${SKIP[$path]:-}" ]] || warm "$APP$path"; done
warm -s bench/evaluate.lua "$APP/api/checklist/evaluate" -- "${EVAL_ARGS[@]}"

LOAD_FROM=$(kc_now_ms)
echo
echo "Article page, alternating nginx, app$([[ "$FLOOR_ON" == 1 ]] && echo " and plain Kestrel") (wrk -t$THREADS -c$CONNS -d${DURATION}s --latency):"
for (( r=1; r<=ROUNDS; r++ )); do
  bench "nginx static article" "$r" "$NGINX$ARTICLE"
  bench "app article" "$r" "$APP$ARTICLE"
  if [[ "$FLOOR_ON" == 1 ]]; then bench "plain Kestrel article" "$r" "$FLOOR$ARTICLE"; fi
done
echo
echo "Other app endpoints:"
for (( r=1; r<=OTHER_ROUNDS; r++ )); do
  for path in "${APP_GETS[@]}"; do
    [[ -n "${SKIP[$path]:-}" ]] || bench "${LABEL[$path]}" "$r" "$APP$path"
  done
  bench "app POST evaluate" "$r" -s bench/evaluate.lua "$APP/api/checklist/evaluate" -- "${EVAL_ARGS[@]}"
done
LOAD_TO=$(kc_now_ms)
sleep 0.5
PEAK_RSS=$(kc_rss_peak "$KC_TMP/rss.txt" "$LOAD_FROM" "$LOAD_TO")
HWM=$(kc_hwm_kb "$KC_APP_PID")
sleep "${BENCH_SETTLE:-5}"
AFTER_RSS=$(kc_rss_kb "$KC_APP_PID")
kill -0 "$KC_APP_PID" 2>/dev/null || kc_die "the app died during the benchmark"
code=$(kc_status "$APP/healthz")
[[ "$code" == 200 ]] || kc_die "/healthz answered $code after the benchmark"

# --- summary ------------------------------------------------------------------------------------------------------
col() { awk -F'\t' -v l="$1" -v c="$2" '$1 == l { print $c }' "$RESULTS"; }
sum() { col "$1" "$2" | awk '{ s += $1 } END { print s + 0 }'; }
NGINX_RPS=$(col "nginx static article" 3 | kc_median)
row() {
  local label=$1 what=$2 rps p50 p99 ratio
  rps=$(col "$label" 3 | kc_median)
  p50=$(col "$label" 4 | kc_median)
  p99=$(col "$label" 5 | kc_median)
  ratio=$(awk -v a="$rps" -v n="$NGINX_RPS" 'BEGIN { printf "%.2fx", a / n }')
  [[ "$label" == *" article" ]] || ratio="($ratio)"
  printf '| %s | %.0f | %.2f | %.2f | %s | %s | %s |\n' "$what" "$rps" "$p50" "$p99" "$(sum "$label" 7)" "$(sum "$label" 8)" "$ratio"
}
ARTICLE_RPS=$(col "app article" 3 | kc_median)
ARTICLE_P99=$(col "app article" 5 | kc_median | awk '{ printf "%.2f", $1 }')
{
  echo "### Benchmark $(date -u +%Y-%m-%d) — ${KC_BUILD_LABEL}, $(nproc) cores, wrk -t$THREADS -c$CONNS, ${DURATION}s runs"
  echo
  echo "CPU use by other work, sampled for 1 s before each wrk run: max $(sort -n "$KC_TMP/busy.txt" | tail -n1)% (above 10% skews the figures)."
  echo
  [[ "${BENCH_REQUEST_LOG:-default}" != default ]] && echo "Request log: BENCH_REQUEST_LOG=${BENCH_REQUEST_LOG}." && echo
  kc_env_note
  echo "Medians over $ROUNDS rounds (article, alternating nginx and app$([[ "$FLOOR_ON" == 1 ]] && echo " and plain Kestrel")) and $OTHER_ROUNDS rounds (other endpoints)."
  echo "Last column: req/s relative to nginx serving the article's bytes (in brackets for other pages: not the same bytes)."
  echo
  echo "| Endpoint | req/s | p50 ms | p99 ms | non-2xx | socket errors | vs nginx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  row "nginx static article" "nginx, static copy of $ARTICLE"
  row "app article" "app $ARTICLE"
  if [[ "$FLOOR_ON" == 1 ]]; then row "plain Kestrel article" "plain Kestrel (bench/floor), same bytes, no middleware: the framework's floor"; fi
  for path in "${APP_GETS[@]}"; do
    if [[ -n "${SKIP[$path]:-}" ]]; then echo "| app $path | skipped: HTTP ${SKIP[$path]} | | | | | |"; else row "${LABEL[$path]}" "app $path"; fi
  done
  row "app POST evaluate" "app POST /api/checklist/evaluate"
  echo
  echo "| Measure | Value | Target | Met |"
  echo "|---|---:|---:|---|"
  met() { awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN { ok = (d == "ge") ? (v >= t) : (v <= t); print ok ? "yes" : "no" }'; }
  ratio=$(awk -v a="$ARTICLE_RPS" -v n="$NGINX_RPS" 'BEGIN { printf "%.2f", a / n }')
  echo "| Article req/s vs nginx | ${ratio}x | >= 0.8x | $(met "$ratio" 0.8 ge) |"
  if [[ "$FLOOR_ON" == 1 ]]; then
    floor_ratio=$(awk -v a="$(col "plain Kestrel article" 3 | kc_median)" -v n="$NGINX_RPS" 'BEGIN { printf "%.2f", a / n }')
    echo "| Plain Kestrel vs nginx, same bytes (for reading the line above; not a target) | ${floor_ratio}x | | |"
  fi
  echo "| Article p99 | ${ARTICLE_P99} ms | <= 3 ms | $(met "$ARTICLE_P99" 3 le) |"
  echo "| Start to first 200 on /healthz (median of ${STARTS_WANTED}: ${STARTS[*]}) | ${START_MS} ms | <= 1000 ms | $(met "$START_MS" 1000 le) |"
  echo "| RSS idle after start | $(kc_mb "$IDLE_RSS") MB | | |"
  PEAK_MAX=$(( PEAK_RSS > HWM ? PEAK_RSS : HWM ))
  echo "| RSS peak during load (200 ms samples: $(kc_mb "$PEAK_RSS") MB; VmHWM: $(kc_mb "$HWM") MB) | $(kc_mb "$PEAK_MAX") MB | <= 150 MB | $(met "$(kc_mb "$PEAK_MAX")" 150 le) |"
  echo "| RSS ${BENCH_SETTLE:-5} s after load | $(kc_mb "$AFTER_RSS") MB | | |"
} >"$OUT/results.md"
echo
cat "$OUT/results.md"
echo
echo "Raw wrk output and results.md: $OUT"
