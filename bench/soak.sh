#!/usr/bin/env bash
# Soak test: a steady mixed load against one app instance, then a check for errors and memory growth.
#
#   bench/soak.sh                    # 60 s of mixed traffic
#   SOAK_SECONDS=600 bench/soak.sh   # longer
#
# The mix (bench/mix.lua) cycles through GET /, /articles, two articles, /check, the plan page, a search, /healthz,
# /api/checklist and POST /api/checklist/evaluate; a path that does not answer 2xx before the run is left out of the
# mix and reported. The 404 page is checked in a separate short run (every answer must be a 404 and the app must
# stay healthy). RSS is read from /proc/PID/status: "before" is after the warm-up, "after" is SOAK_SETTLE seconds
# after the load. Fails (exit 1) on socket errors, non-2xx answers in the mix, a dead app, or RSS growth over
# SOAK_MAX_RSS_GROWTH percent (default 10).
# KC_PUBLISHED, KC_PUBLISH_ARGS and KC_APP_ENV work as in bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${SOAK_SECONDS:-60}
CONNS=${SOAK_CONNECTIONS:-32}
MAX_GROWTH=${SOAK_MAX_RSS_GROWTH:-10}
SETTLE=${SOAK_SETTLE:-5}
PLAN=${BENCH_PLAN_PATH:-/plan?area=upper-back-neck&equipment=ball&minutes=10&cause=desk-work}

kc_ensure_tools
kc_init soak
OUT="bench/out/soak-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PUB="$KC_TMP/app"
mkdir -p "$PUB"
kc_publish "$PUB"
PORT=$(kc_free_port)
APP="http://127.0.0.1:$PORT"
kc_start_app "$PUB" "$PORT" "$KC_TMP/app.log" RateLimiting__Enabled=false
START_MS=$(kc_wait_healthy "$PORT" "$KC_APP_PID" 60) || { tail -n 30 "$KC_TMP/app.log" >&2; kc_die "the app did not start"; }
echo "App on $APP (pid $KC_APP_PID), first 200 on /healthz after ${START_MS} ms; RSS $(kc_mb "$(kc_rss_kb "$KC_APP_PID")") MB"

# The mix: repeat an entry to weight it.
CANDIDATES=(/ / /articles /articles /articles/what-is-a-muscle-knot /articles/what-is-a-muscle-knot /articles/faq
  /check "$PLAN" "/search?q=how+long+does+a+knot+last" /healthz /api/checklist)
MIX=()
declare -A seen=()
for path in "${CANDIDATES[@]}"; do
  if [[ -z "${seen[$path]:-}" ]]; then
    seen[$path]=$(kc_status "$APP$path")
    echo "GET $path: ${seen[$path]}$([[ "${seen[$path]}" == 2?? ]] || echo "  -> left out of the mix")"
  fi
  [[ "${seen[$path]}" == 2?? ]] && MIX+=("get=$path")
done
ANSWERS=$(kc_answers_json "$APP") || kc_die "GET /api/checklist failed"
BODY=$(jq -c '{answers: ., region: "uk"}' <<<"$ANSWERS")
code=$(kc_status -H 'Content-Type: application/json' --data "$BODY" "$APP/api/checklist/evaluate")
echo "POST /api/checklist/evaluate: $code"
[[ "$code" == 200 ]] || kc_die "the evaluate POST does not answer 200"
MIX+=(post=/api/checklist/evaluate post=/api/checklist/evaluate "body=$BODY")
echo "Mix: $(( ${#MIX[@]} - 1 )) requests per cycle: ${MIX[*]:0:${#MIX[@]}-1}"

kc_log "Warming up for 5 s ..."
wrk -t1 -c"$CONNS" -d5s -s bench/mix.lua "$APP" -- "${MIX[@]}" >/dev/null
sleep 2
BUSY=$(kc_check_quiet "the soak")
RSS_BEFORE=$(kc_rss_kb "$KC_APP_PID")
kc_rss_sampler "$KC_APP_PID" "$KC_TMP/rss.txt"
kc_log "Soaking for ${DURATION}s (wrk -t1 -c$CONNS) ..."
FROM=$(kc_now_ms)
wrk --latency -t1 -c"$CONNS" -d"${DURATION}s" -s bench/mix.lua "$APP" -- "${MIX[@]}" >"$OUT/wrk-mix.txt" 2>&1 || kc_die "wrk failed: $(cat "$OUT/wrk-mix.txt")"
TO=$(kc_now_ms)
read -r rps p50 p99 reqs non2xx sock <<<"$(kc_wrk_parse "$OUT/wrk-mix.txt")"
PEAK=$(kc_rss_peak "$KC_TMP/rss.txt" "$FROM" "$TO")
# RSS every ~10% of the run, to show a trend.
TREND=$(awk -v from="$FROM" -v to="$TO" '$1 >= from && $1 <= to { t = int(($1 - from) * 10 / (to - from + 1)); if (!(t in v)) v[t] = $2 }
  END { for (i = 0; i < 10; i++) if (i in v) printf "%s%.0f", (i ? " " : ""), v[i] / 1024 }' "$KC_TMP/rss.txt")
sleep "$SETTLE"
RSS_AFTER=$(kc_rss_kb "$KC_APP_PID")
GROWTH=$(awk -v a="$RSS_AFTER" -v b="$RSS_BEFORE" 'BEGIN { printf "%.1f", (a - b) * 100 / b }')

# The known 404, separately: every answer must be a 404, with no socket errors, and the app must stay healthy.
wrk -t1 -c8 -d3s "$APP/this-page-does-not-exist" >"$OUT/wrk-404.txt" 2>&1 || kc_die "wrk failed: $(cat "$OUT/wrk-404.txt")"
read -r _ _ _ reqs404 non2xx404 sock404 <<<"$(kc_wrk_parse "$OUT/wrk-404.txt")"
code404=$(kc_status "$APP/this-page-does-not-exist")
health=$(kc_status "$APP/healthz")

fail=0
check() { if [[ "$2" == ok ]]; then echo "PASS: $1"; else echo "FAIL: $1"; fail=1; fi; }
{
  echo "### Soak $(date -u +%Y-%m-%d) — $KC_BUILD_LABEL, $(nproc) cores, ${DURATION}s, wrk -t1 -c$CONNS, mixed GET + evaluate POST"
  echo
  echo "CPU use by other work, sampled for 1 s before the soak: ${BUSY}% (above 10% skews the figures)."
  echo
  kc_env_note
  echo "| Measure | Value |"
  echo "|---|---:|"
  echo "| Requests | $reqs |"
  echo "| req/s | $rps |"
  echo "| p50 / p99 | $p50 ms / $p99 ms |"
  echo "| Socket errors | $sock |"
  echo "| Non-2xx in the mix | $non2xx |"
  echo "| RSS before (after warm-up) | $(kc_mb "$RSS_BEFORE") MB |"
  echo "| RSS peak during the soak | $(kc_mb "$PEAK") MB |"
  echo "| RSS ${SETTLE} s after the soak | $(kc_mb "$RSS_AFTER") MB |"
  echo "| RSS growth (after vs before) | ${GROWTH}% |"
  echo "| RSS during the soak, every ~10% (MB) | $TREND |"
  echo "| Separate 404 run (3 s) | $reqs404 requests, $non2xx404 non-2xx, $sock404 socket errors |"
} >"$OUT/results.md"
cat "$OUT/results.md"
echo
check "no socket errors in the soak ($sock)" "$([[ "$sock" == 0 ]] && echo ok)"
check "every answer in the mix was 2xx ($non2xx non-2xx)" "$([[ "$non2xx" == 0 && "$reqs" -gt 0 ]] && echo ok)"
check "RSS growth ${GROWTH}% <= ${MAX_GROWTH}%" "$(awk -v g="$GROWTH" -v m="$MAX_GROWTH" 'BEGIN { if (g <= m) print "ok" }')"
check "the 404 run: every answer non-2xx ($non2xx404 of $reqs404), no socket errors ($sock404), last answer $code404" \
  "$([[ "$non2xx404" == "$reqs404" && "$reqs404" -gt 0 && "$sock404" == 0 && "$code404" == 404 ]] && echo ok)"
check "the app is alive and /healthz answers 200 ($health)" "$([[ "$health" == 200 ]] && kill -0 "$KC_APP_PID" 2>/dev/null && echo ok)"
echo "wrk output and results.md: $OUT"
exit "$fail"
