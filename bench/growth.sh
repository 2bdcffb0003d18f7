#!/usr/bin/env bash
# Content growth: how start-up (load, validate and render all Markdown) scales with the number of articles.
#
#   bench/growth.sh                          # N = 0 (repo content only), 100, 1000, 10000
#   GROWTH_SIZES="100 1000" bench/growth.sh
#   GROWTH_REPEAT=2 (default): starts per N; the best start time is reported, with all of them beside it
#
# For each N: bench/generate-articles.sh N <tmp>, start the published app with Content__Root=<tmp>, and time from
# process start to the first 200 on /healthz (content is loaded before the host listens). Also shows the app's
# "Loaded {Articles} articles ..." log line, RSS once loaded, and the first GET /articles (which lists them all)
# and the first GET of a synthetic article. KC_PUBLISHED=/dir uses an existing publish. Results: bench/out/<ts>/.
# KC_PUBLISHED, KC_PUBLISH_ARGS and KC_APP_ENV work as in bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

SIZES=${GROWTH_SIZES:-0 100 1000 10000}
TIMEOUT=${GROWTH_TIMEOUT:-600}
REPEAT=${GROWTH_REPEAT:-2}

kc_ensure_tools
kc_init growth
OUT="bench/out/growth-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PUB="$KC_TMP/app"
mkdir -p "$PUB"
kc_publish "$PUB"

ms_of() { awk -v m="$1" 'BEGIN { printf "%.0f", m * 1000 }'; }
rows=()
base_s=""
base_n=0
prev_s=""
prev_n=0
max_busy=0
for n in $SIZES; do
  dir="$KC_TMP/content-$n"
  t0=$(kc_now_ms)
  bench/generate-articles.sh "$n" "$dir" >/dev/null
  kc_log "N=$n: content generated in $(( $(kc_now_ms) - t0 )) ms"
  best="" all=()
  for (( rep=1; rep<=REPEAT; rep++ )); do
    busy=$(kc_check_quiet "N=$n run $rep")
    (( busy > max_busy )) && max_busy=$busy
    port=$(kc_free_port)
    log="$OUT/app-$n-$rep.log"
    kc_start_app "$PUB" "$port" "$log" RateLimiting__Enabled=false "Content__Root=$dir"
    if ! ms=$(kc_wait_healthy "$port" "$KC_APP_PID" "$TIMEOUT"); then
      tail -n 20 "$log" >&2
      kc_die "N=$n: the app did not become healthy"
    fi
    secs=$(awk -v m="$ms" 'BEGIN { printf "%.2f", m / 1000 }')
    all+=("$secs")
    loaded=$(grep -m1 -o 'Loaded [0-9]* articles.*' "$log" || echo "(no 'Loaded' line in the log)")
    echo "N=$n run $rep: ${secs} s to first 200 on /healthz; $loaded"
    if [[ -z "$best" ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$secs
      count=$(grep -m1 -o 'Loaded [0-9]*' "$log" | grep -o '[0-9]*' || echo "?")
      rss=$(kc_rss_kb "$KC_APP_PID")
      slug=what-is-a-muscle-knot
      (( n > 0 )) && slug=$(printf 'synthetic-%05d' "$n")
      read -r list_code list_s list_bytes <<<"$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' --max-time 120 "http://127.0.0.1:$port/articles")"
      read -r page_code page_s <<<"$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 "http://127.0.0.1:$port/articles/$slug")"
    fi
    kc_stop "$KC_APP_PID"
  done
  if [[ -z "$base_s" ]]; then
    base_s=$best base_n=$n per1000="(base)" step1000=""
  else
    per1000=$(awk -v s="$best" -v b="$base_s" -v n="$n" -v bn="$base_n" 'BEGIN { printf "%.2f", (s - b) / (n - bn) * 1000 }')
    step1000=$(awk -v s="$best" -v b="$prev_s" -v n="$n" -v bn="$prev_n" 'BEGIN { printf "%.2f", (s - b) / (n - bn) * 1000 }')
  fi
  prev_s=$best prev_n=$n
  rows+=("| $n | $count | $best | ${all[*]} | $per1000 | $step1000 | $(kc_mb "$rss") | $list_code in $(ms_of "$list_s") ms, $(( list_bytes / 1024 )) KB | $page_code in $(ms_of "$page_s") ms |")
  rm -rf "$dir"
done

{
  echo "### Content growth $(date -u +%Y-%m-%d) — $KC_BUILD_LABEL, $(nproc) cores"
  echo
  echo "Start = process start to first 200 on /healthz (all content loaded, validated and rendered), the best of"
  echo "$REPEAT runs (all runs in the next column). \"s per 1000\" = extra start time over the first (base) row per 1000"
  echo "more articles; \"over previous row\" is the same between this row and the one above (the marginal cost)."
  echo "RSS and the first (cold) GETs are from the best run."
  echo "CPU use by other work, sampled for 1 s before each start: max ${max_busy}% (above 10% skews the figures)."
  echo
  kc_env_note
  echo "| Synthetic articles | Articles loaded | Start (s) | All runs (s) | s per 1000 articles over base | s per 1000 over previous row | RSS after start (MB) | first GET /articles | first GET of an article |"
  echo "|---:|---:|---:|---|---:|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$OUT/results.md"
echo
cat "$OUT/results.md"
echo
echo "Logs and results.md: $OUT"
