#!/usr/bin/env bash
# Content growth: how start-up (load, validate and render all Markdown) scales with the number of articles.
#
#   bench/growth.sh                          # N = 0 (repo content only), 100, 1000, 10000
#   GROWTH_SIZES="100 1000" bench/growth.sh
#
# For each N: bench/generate-articles.sh N <tmp>, start the published app with Content__Root=<tmp>, and time from
# process start to the first 200 on /healthz (content is loaded before the host listens). Also shows the app's
# "Loaded {Articles} articles ..." log line, RSS once loaded, and the first GET /articles (which lists them all)
# and the first GET of a synthetic article. KC_PUBLISHED=/dir uses an existing publish. Results: bench/out/<ts>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

SIZES=${GROWTH_SIZES:-0 100 1000 10000}
TIMEOUT=${GROWTH_TIMEOUT:-600}

kc_ensure_tools
kc_init growth
LOAD_BEFORE=$(kc_loadavg)
BUSY=$(kc_busy_others)
[[ -n "$BUSY" ]] && kc_log "warning: other busy processes on this machine will skew the figures: $BUSY"
OUT="bench/out/growth-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PUB="$KC_TMP/app"
mkdir -p "$PUB"
kc_publish "$PUB"

rows=()
base_s=""
base_n=0
for n in $SIZES; do
  dir="$KC_TMP/content-$n"
  t0=$(kc_now_ms)
  bench/generate-articles.sh "$n" "$dir" >/dev/null
  gen_ms=$(( $(kc_now_ms) - t0 ))
  port=$(kc_free_port)
  log="$OUT/app-$n.log"
  kc_log "N=$n: generated in ${gen_ms} ms; starting the app ..."
  kc_start_app "$PUB" "$port" "$log" RateLimiting__Enabled=false "Content__Root=$dir"
  if ! ms=$(kc_wait_healthy "$port" "$KC_APP_PID" "$TIMEOUT"); then
    tail -n 20 "$log" >&2
    kc_die "N=$n: the app did not become healthy"
  fi
  loaded=$(grep -m1 -o 'Loaded [0-9]* articles.*' "$log" || echo "(no 'Loaded' line in the log)")
  count=$(grep -m1 -o 'Loaded [0-9]*' "$log" | grep -o '[0-9]*' || echo "?")
  rss=$(kc_rss_kb "$KC_APP_PID")
  list=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' --max-time 120 "http://127.0.0.1:$port/articles")
  slug=what-is-a-muscle-knot
  (( n > 0 )) && slug=$(printf 'synthetic-%05d' "$n")
  page=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 "http://127.0.0.1:$port/articles/$slug")
  read -r list_code list_s list_bytes <<<"$list"
  read -r page_code page_s <<<"$page"
  secs=$(awk -v m="$ms" 'BEGIN { printf "%.2f", m / 1000 }')
  if [[ -z "$base_s" ]]; then
    base_s=$secs base_n=$n per1000="(base)"
  else
    per1000=$(awk -v s="$secs" -v b="$base_s" -v n="$n" -v bn="$base_n" 'BEGIN { printf "%.2f", (s - b) / (n - bn) * 1000 }')
  fi
  echo "N=$n: ${secs} s to first 200 on /healthz; $loaded"
  rows+=("| $n | $count | $secs | $per1000 | $(kc_mb "$rss") | $list_code in $(awk -v s="$list_s" 'BEGIN { printf "%.0f", s * 1000 }') ms, $(( list_bytes / 1024 )) KB | $page_code in $(awk -v s="$page_s" 'BEGIN { printf "%.0f", s * 1000 }') ms |")
  kc_stop "$KC_APP_PID"
  rm -rf "$dir"
done

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "### Content growth $(date -u +%Y-%m-%d) — commit $COMMIT, $(nproc) cores"
  echo
  echo "Start = process start to first 200 on /healthz (all content loaded and rendered). \"s per 1000\" is the extra"
  echo "start time over the first (base) run, per 1000 more articles. The first GETs are cold (first request after start)."
  echo
  echo "Load average (1 min) before the run: $LOAD_BEFORE; after: $(kc_loadavg)."
  echo
  echo "| Synthetic articles | Articles loaded | Start (s) | s per 1000 articles | RSS after start (MB) | first GET /articles | first GET of an article |"
  echo "|---:|---:|---:|---:|---:|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$OUT/results.md"
echo
cat "$OUT/results.md"
echo
echo "Logs and results.md: $OUT"
