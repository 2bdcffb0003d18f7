#!/usr/bin/env bash
# An article through the cache tier (nginx proxy_cache in front of two app instances, as ops/cache-tier.sh) against
# nginx serving the same bytes from a file, and the app alone, in the same run. Every server is pinned to one CPU
# (SERVER_CPU, taskset) with one nginx worker, and wrk to another (WRK_CPU): each figure is what one core serves.
#
#   bench/cache-tier.sh                   # 5 interleaved rounds of 10 s runs (static, cache tier, app alone, ...)
#   BENCH_SECONDS=3 BENCH_ROUNDS=2 bench/cache-tier.sh   # quick look
#
# Settings: BENCH_SECONDS=10, BENCH_ROUNDS=5, BENCH_WARMUP=3, BENCH_CONNECTIONS=32, SERVER_CPU=1, WRK_CPU=0,
# BENCH_NICE (e.g. -20, as root: the benchmark's session, servers and wrk run ahead of other work on a shared machine;
# other work still takes some turns, so the busy figures are still reported),
# BENCH_ARTICLE=/articles/what-is-a-muscle-knot, KC_PUBLISHED=/dir (reuse a publish), KC_PUBLISH_PROFILE (see lib.sh).
# Figures are medians over the rounds; the CPU use of other work is sampled before each run and reported, because
# on a shared machine it skews everything. Raw wrk output and results.md go to bench/out/cache-<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

DURATION=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-5}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-32}
SERVER_CPU=${SERVER_CPU:-1}
WRK_CPU=${WRK_CPU:-0}
ARTICLE=${BENCH_ARTICLE:-/articles/what-is-a-muscle-knot}
NICE=${BENCH_NICE:-}
# With the kernel's autogroup scheduling (sched_autogroup_enabled), nice only ranks processes within their session:
# the script runs in a session of its own and gives that whole session the priority.
if [[ -n "$NICE" && -w /proc/self/autogroup && -z "${KC_OWN_SESSION:-}" ]]; then
  exec setsid -w env KC_OWN_SESSION=1 bash "$0" "$@"
fi
if [[ -n "$NICE" && -w /proc/self/autogroup ]]; then
  echo "$NICE" >"/proc/$$/autogroup" || kc_log "warning: could not set the session's priority"
fi
WRK=(taskset -c "$WRK_CPU" wrk)
[[ -n "$NICE" ]] && WRK=(nice -n "$NICE" "${WRK[@]}")
(( $(nproc) >= 2 )) || kc_die "needs at least 2 CPUs (one for the servers, one for wrk)"
[[ "$SERVER_CPU" != "$WRK_CPU" ]] || kc_die "SERVER_CPU and WRK_CPU must differ"

kc_ensure_tools
kc_init bench-cache
OUT="bench/out/cache-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: >"$RESULTS"

# --- the app: two instances (the cache tier's upstreams); A is also measured alone -----------------------------------
kc_publish "$KC_TMP/publish"
export KC_SERVER_CPUS=$SERVER_CPU KC_SERVER_NICE=$NICE
declare -A PORT=() PID=()
for name in a b; do
  PORT[$name]=$(kc_free_port)
  cp -a "$KC_TMP/publish" "$KC_TMP/app-$name"
  kc_start_app "$KC_TMP/app-$name" "${PORT[$name]}" "$KC_TMP/app-$name.log" \
    RateLimiting__Enabled=false "Content__Root=$KC_TMP/app-$name/content"
  PID[$name]=$KC_APP_PID
done
for name in a b; do
  kc_wait_healthy "${PORT[$name]}" "${PID[$name]}" 60 >/dev/null || { tail -n 30 "$KC_TMP/app-$name.log" >&2; kc_die "instance $name did not start"; }
done
APP="http://127.0.0.1:${PORT[a]}"

# --- nginx static: the article's bytes as a file -----------------------------------------------------------------------
STATIC="$KC_TMP/static"
mkdir -p "$STATIC/www$(dirname "$ARTICLE")"
curl -fsS --max-time 10 "$APP$ARTICLE" -o "$STATIC/www$ARTICLE.html"
chmod -R a+rX "$STATIC"
STATIC_PORT=$(kc_free_port)
{
  kc_nginx_common "$STATIC" 1
  cat <<EOF
    server {
        listen 127.0.0.1:$STATIC_PORT;
        root $STATIC/www;
        location / { try_files \$uri \$uri.html =404; }
    }
}
EOF
} >"$STATIC/nginx.conf"
kc_start_nginx "$STATIC" "$STATIC/nginx.conf"

# --- the cache tier: stock proxy_cache, honouring the app's headers ------------------------------------------------------
TIER="$KC_TMP/tier"
mkdir -p "$TIER/cache"
TIER_PORT=$(kc_free_port)
{
  kc_nginx_common "$TIER" 1
  cat <<EOF
    proxy_cache_path $TIER/cache levels=1:2 keys_zone=knotcare_cache:10m max_size=256m inactive=1h use_temp_path=off;
    # Only requests the cache did not answer itself are logged: after the run, their count shows how many reached the app.
    map \$upstream_cache_status \$kc_not_hit { HIT 0; default 1; }
    log_format tier '\$msec \$request_uri \$status \$upstream_cache_status';
    upstream knotcare {
        server 127.0.0.1:${PORT[a]};
        server 127.0.0.1:${PORT[b]};
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$TIER_PORT;
        access_log $TIER/not-hit.log tier if=\$kc_not_hit;
        location / {
            proxy_pass http://knotcare;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host;
            proxy_cache knotcare_cache;
            proxy_cache_revalidate on;
            proxy_cache_lock on;
            proxy_cache_use_stale error timeout http_502 http_503 http_504;
            add_header X-Cache-Status \$upstream_cache_status always;
        }
    }
}
EOF
} >"$TIER/nginx.conf"
kc_start_nginx "$TIER" "$TIER/nginx.conf"
unset KC_SERVER_CPUS KC_SERVER_NICE
STATIC_URL="http://127.0.0.1:$STATIC_PORT$ARTICLE"
TIER_URL="http://127.0.0.1:$TIER_PORT$ARTICLE"
kc_wait_http "$STATIC_URL" 10 || kc_die "nginx static did not answer"
kc_wait_http "http://127.0.0.1:$TIER_PORT/healthz" 10 || kc_die "the cache tier did not answer"

# --- preflight: same bytes everywhere, the second request through the tier is a HIT --------------------------------------
curl -fsS "$STATIC_URL" -o "$KC_TMP/from-static.html"
curl -fsS -D "$KC_TMP/tier1.h" "$TIER_URL" -o "$KC_TMP/from-tier-1.html"
curl -fsS -D "$KC_TMP/tier2.h" "$TIER_URL" -o "$KC_TMP/from-tier.html"
curl -fsS "$APP$ARTICLE" -o "$KC_TMP/from-app.html"
for f in from-static from-tier from-app; do
  cmp -s "$STATIC/www$ARTICLE.html" "$KC_TMP/$f.html" || kc_die "$f does not serve the same bytes as the static copy"
done
status() { grep -i '^X-Cache-Status:' "$1" | cut -d' ' -f2 | tr -d '\r'; }
[[ "$(status "$KC_TMP/tier2.h")" == HIT ]] || kc_die "the second request through the tier was $(status "$KC_TMP/tier2.h"), not a HIT"
BYTES=$(wc -c <"$STATIC/www$ARTICLE.html")
CC=$(grep -i '^Cache-Control:' "$KC_TMP/tier2.h" | cut -d' ' -f2- | tr -d '\r')
echo "Build: $KC_BUILD_LABEL"
echo "$ARTICLE: $BYTES bytes, identical from nginx static, the cache tier and the app; through the tier: $(status "$KC_TMP/tier1.h") then $(status "$KC_TMP/tier2.h") (Cache-Control: $CC)"
echo "Servers pinned to CPU $SERVER_CPU (nginx: 1 worker each; the app instances), wrk pinned to CPU $WRK_CPU${NICE:+; all at nice $NICE}"

# --- measuring ------------------------------------------------------------------------------------------------------------
bench() { # LABEL ROUND URL
  local label=$1 round=$2 url=$3 file busy stats
  file="$OUT/wrk-${label// /_}-$round.txt"
  busy=$(kc_check_quiet "$label round $round" 2>/dev/null)
  "${WRK[@]}" --latency -t1 -c"$CONNS" -d"${DURATION}s" "$url" >"$file" 2>&1 || kc_die "wrk failed: $(cat "$file")"
  stats=$(kc_wrk_parse "$file")
  printf '%s\t%s\t%s\t%s\n' "$label" "$round" "${stats// /$'\t'}" "$busy" >>"$RESULTS"
  read -r rps p50 p99 _ non2xx sock <<<"$stats"
  printf '  %-16s round %d: %8s req/s  p50 %6s ms  p99 %6s ms  non-2xx %s  socket errors %s  (other work: CPUs %s%% busy before)\n' \
    "$label" "$round" "$rps" "$p50" "$p99" "$non2xx" "$sock" "$busy"
}
for url in "$STATIC_URL" "$TIER_URL" "$APP$ARTICLE"; do
  "${WRK[@]}" -t1 -c"$CONNS" -d"${WARMUP}s" "$url" >/dev/null 2>&1 || kc_log "warning: warm-up of $url failed"
done
: >"$TIER/not-hit.log"
echo
echo "Interleaved rounds (wrk -t1 -c$CONNS -d${DURATION}s --latency):"
for (( r=1; r<=ROUNDS; r++ )); do
  bench "nginx static" "$r" "$STATIC_URL"
  bench "cache tier" "$r" "$TIER_URL"
  bench "app alone" "$r" "$APP$ARTICLE"
done
sleep 0.5
REACHED=$(wc -l <"$TIER/not-hit.log")
TIER_REQS=$(awk -F'\t' '$1 == "cache tier" { s += $6 } END { print s + 0 }' "$RESULTS")

# --- summary ----------------------------------------------------------------------------------------------------------------
col() { awk -F'\t' -v l="$1" -v c="$2" '$1 == l { print $c }' "$RESULTS"; }
med() { col "$1" "$2" | kc_median; }
NGINX_RPS=$(med "nginx static" 3)
row() {
  printf '| %s | %.0f | %.2f | %.2f | %s | %s | %s |\n' "$2" "$(med "$1" 3)" "$(med "$1" 4)" "$(med "$1" 5)" \
    "$(awk -v a="$(med "$1" 3)" -v n="$NGINX_RPS" 'BEGIN { printf "%.2fx", a / n }')" \
    "$(col "$1" 3 | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 }')" \
    "$(col "$1" 7 | awk '{ s += $1 } END { print s + 0 }') / $(col "$1" 8 | awk '{ s += $1 } END { print s + 0 }')"
}
BUSY_MED=$(col "nginx static" 9; col "cache tier" 9; col "app alone" 9) 
BUSY_MED=$(kc_median <<<"$BUSY_MED")
BUSY_MAX=$(awk -F'\t' '{ if ($9 > m) m = $9 } END { print m + 0 }' "$RESULTS")
{
  echo "### Cache tier benchmark $(date -u +%Y-%m-%d) — ${KC_BUILD_LABEL}, $(nproc) cores"
  echo
  echo "\`$ARTICLE\` ($BYTES bytes, the same bytes from all three). Servers pinned to CPU $SERVER_CPU (nginx with one worker),"
  echo "wrk pinned to CPU $WRK_CPU (\`wrk -t1 -c$CONNS -d${DURATION}s\`)${NICE:+, servers and wrk at nice $NICE}, $ROUNDS interleaved rounds; medians. Through the tier the"
  echo "second request was a HIT (Cache-Control: $CC); during the runs $REACHED of $TIER_REQS tier requests were not HITs."
  echo
  echo "Other work on the machine, sampled for 1 s before each run: median ${BUSY_MED}%, max ${BUSY_MAX}% of both CPUs busy."
  echo
  echo "| Server (one core) | req/s | p50 ms | p99 ms | vs nginx static | req/s each round | non-2xx / socket errors |"
  echo "|---|---:|---:|---:|---:|---|---:|"
  row "nginx static" "nginx, the article as a static file"
  row "cache tier" "nginx proxy_cache in front of the app (HITs)"
  row "app alone" "the app alone (KnotCare.Web, its own output cache)"
} >"$OUT/results.md"
echo
cat "$OUT/results.md"
echo
echo "Raw wrk output and results.md: $OUT"
