#!/usr/bin/env bash
# A cache tier in front of KnotCare, as a CDN or a caching proxy would be: nginx with proxy_cache, stock settings that
# honour the app's own headers (no proxy_ignore_headers, no proxy_cache_valid forcing a lifetime), in front of two app
# instances (127.0.0.1:5111 "A" and 127.0.0.1:5112 "B", shared DataProtection keys), on 127.0.0.1:8090.
#
#   ops/cache-tier.sh                   # the checks below, PASS/FAIL lines, exit 1 on any FAIL (about a minute)
#   CACHE_HOLD=1 ops/cache-tier.sh      # then keeps the tier running until Ctrl+C
#
# The app runs with a short lifetime for this test (HttpCaching__MaxAgeSeconds=CACHE_MAX_AGE, 10 s; and
# HttpCaching__StaleWhileRevalidateSeconds=CACHE_SWR, 5 s) so a content edit can be watched arriving.
# Checks:
#   (h) the second request for an article is a HIT (and each Accept-Encoding is its own entry); the cached copy
#       answers If-None-Match with a 304; a published static file answers its ETag with a 304;
#   (p) GET /check, the checklist POST result, the API's evaluate result and a search are never HITs, and say
#       no-store, private through the tier;
#   (x) a request with Host: evil.example stored by the tier holds nothing of that host (what everyone gets next);
#   (e) a content edit on both instances shows through the tier once max-age has passed, not before (the app's
#       ETag lets the tier revalidate an unchanged page with a 304 instead of fetching it again).
# Ports: CACHE_PORT_A, CACHE_PORT_B, CACHE_LB_PORT. KC_PUBLISHED=/dir reuses a publish. Logs: ops/run/cache-<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

PORT_A=${CACHE_PORT_A:-5111}
PORT_B=${CACHE_PORT_B:-5112}
PORT_LB=${CACHE_LB_PORT:-8090}
MAX_AGE=${CACHE_MAX_AGE:-10}
SWR=${CACHE_SWR:-5}
ARTICLE=/articles/what-is-a-muscle-knot
EDITED=faq
for p in "$PORT_A" "$PORT_B" "$PORT_LB"; do
  kc_port_free "$p" || kc_die "port $p on this machine is in use; set CACHE_PORT_A/CACHE_PORT_B/CACHE_LB_PORT"
done

kc_ensure_tools
kc_init cache-tier
RUN="ops/run/cache-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
FAIL=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAIL=1; }

# --- two instances ------------------------------------------------------------------------------------------------
kc_publish "$KC_TMP/publish"
echo "Build: $KC_BUILD_LABEL; HttpCaching: max-age $MAX_AGE s, stale-while-revalidate $SWR s"
KEYS="$KC_TMP/keys"
mkdir -p "$KEYS"
chmod 700 "$KEYS"
declare -A PID=() PORT=([a]=$PORT_A [b]=$PORT_B)
for name in a b; do
  cp -a "$KC_TMP/publish" "$KC_TMP/app-$name"
  mkdir -p "$KC_TMP/home-$name"
  kc_start_app "$KC_TMP/app-$name" "${PORT[$name]}" "$RUN/app-$name.log" \
    "HOME=$KC_TMP/home-$name" "DataProtection__KeysDirectory=$KEYS" "Content__Root=$KC_TMP/app-$name/content" \
    "HttpCaching__MaxAgeSeconds=$MAX_AGE" "HttpCaching__StaleWhileRevalidateSeconds=$SWR" "Content__DebounceMilliseconds=200"
  PID[$name]=$KC_APP_PID
done
for name in a b; do
  KC_START_MS=""
  kc_wait_healthy "${PORT[$name]}" "${PID[$name]}" 60 >/dev/null || { tail -n 30 "$RUN/app-$name.log" >&2; kc_die "instance $name did not start"; }
  echo "Instance ${name^^}: http://127.0.0.1:${PORT[$name]} (pid ${PID[$name]}), healthy"
done
A="http://127.0.0.1:$PORT_A"
B="http://127.0.0.1:$PORT_B"
LB="http://127.0.0.1:$PORT_LB"

# --- nginx with proxy_cache -----------------------------------------------------------------------------------------
NGX="$KC_TMP/nginx"
mkdir -p "$NGX/cache"
{
  kc_nginx_common "$NGX"
  cat <<EOF
    log_format cache '\$msec \$request_method \$request_uri \$status \$upstream_cache_status "\$upstream_addr"';
    # The cache: keys are the stock \$scheme\$proxy_host\$request_uri (the client's Host is not part of it, which is
    # why nothing the app puts in a cacheable page may come from Host). Lifetimes come from the app's Cache-Control.
    proxy_cache_path $NGX/cache levels=1:2 keys_zone=knotcare_cache:10m max_size=256m inactive=1h use_temp_path=off;
    upstream knotcare {
        zone knotcare 64k;
        server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=5s;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PORT_LB;
        access_log $NGX/access.log cache;
        location / {
            proxy_pass http://knotcare;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host;
            proxy_next_upstream error timeout http_502 http_504;
            proxy_next_upstream_tries 2;

            proxy_cache knotcare_cache;
            proxy_cache_revalidate on;   # an expired copy is checked with its ETag: a 304 from the app, not the page
            proxy_cache_lock on;         # one request fills a missing entry; the others wait for it
            proxy_cache_use_stale error timeout http_502 http_503 http_504;   # both instances down: the last copy
            add_header X-Cache-Status \$upstream_cache_status always;
        }
    }
}
EOF
} >"$NGX/nginx.conf"
cp "$NGX/nginx.conf" "$RUN/nginx.conf"
kc_start_nginx "$NGX" "$NGX/nginx.conf"
kc_wait_http "$LB/healthz" 10 || kc_die "nginx did not answer on $LB"

# fetch NAME URL [curl args...]: GET through the tier; headers to $RUN/NAME.h, body to $RUN/NAME.html.
fetch() { local name=$1 url=$2; shift 2; curl -sS --max-time 10 -D "$RUN/$name.h" -o "$RUN/$name.html" "$@" "$url"; }
header() { grep -i "^$2:" "$RUN/$1.h" | head -n1 | cut -d' ' -f2- | tr -d '\r' || true; }
status_of() { head -n1 "$RUN/$1.h" | cut -d' ' -f2; }
title_of() { grep -o '<h1[^>]*>[^<]*' "$RUN/$1.html" | head -n1 | sed 's/<h1[^>]*>//' || true; }

# --- (h) hits ---------------------------------------------------------------------------------------------------------
fetch h1 "$LB$ARTICLE"
fetch h2 "$LB$ARTICLE"
echo "GET $ARTICLE: first $(header h1 X-Cache-Status), second $(header h2 X-Cache-Status); Cache-Control: $(header h2 Cache-Control); ETag: $(header h2 ETag); Vary: $(header h2 Vary)"
if [[ "$(header h1 X-Cache-Status)" == MISS && "$(header h2 X-Cache-Status)" == HIT ]] && cmp -s "$RUN/h1.html" "$RUN/h2.html"; then
  pass "(h) the second request for $ARTICLE is a HIT, with the same bytes"
else
  fail "(h) $ARTICLE: first $(header h1 X-Cache-Status), second $(header h2 X-Cache-Status) (expected MISS then HIT)"
fi
fetch h3 "$LB$ARTICLE" -H 'Accept-Encoding: br'
fetch h4 "$LB$ARTICLE" -H 'Accept-Encoding: br'
if [[ "$(header h3 X-Cache-Status)" == MISS && "$(header h4 X-Cache-Status)" == HIT && "$(header h4 Content-Encoding)" == br ]]; then
  pass "(h) Brotli is its own entry (Vary: Accept-Encoding): MISS, then HIT with Content-Encoding br"
else
  fail "(h) Brotli: $(header h3 X-Cache-Status) then $(header h4 X-Cache-Status), encoding '$(header h4 Content-Encoding)'"
fi
fetch h5 "$LB$ARTICLE" -H "If-None-Match: $(header h2 ETag)"
if [[ "$(status_of h5)" == 304 && "$(header h5 X-Cache-Status)" == HIT ]]; then
  pass "(h) the cached copy answers If-None-Match $(header h2 ETag) with 304 (HIT)"
else
  fail "(h) If-None-Match through the tier: $(status_of h5) $(header h5 X-Cache-Status)"
fi
favicon=$(grep -o '<link rel="icon"[^>]*href="[^"]*"' "$RUN/h1.html" | grep -o 'href="[^"]*"' | cut -d'"' -f2 || true)
fetch s1 "$A$favicon"
fetch s2 "$A$favicon" -H "If-None-Match: $(header s1 ETag)"
if [[ "$(status_of s2)" == 304 && -n "$(header s1 Cache-Control)" ]]; then
  pass "(h) published static file $favicon: Cache-Control '$(header s1 Cache-Control)', its ETag answers 304"
else
  fail "(h) static file $favicon: '$(header s1 Cache-Control)', If-None-Match gave $(status_of s2)"
fi

# --- (p) private responses --------------------------------------------------------------------------------------------
never_hit() { # LABEL NAME...: each response not a HIT and no-store, private
  local label=$1 n cc st bad=""; shift
  for n in "$@"; do
    cc=$(header "$n" Cache-Control); st=$(header "$n" X-Cache-Status)
    [[ "$st" != HIT && "$st" != STALE && "$cc" == *no-store* && "$cc" == *private* ]] || bad+=" $n:$st:'$cc'"
  done
  if [[ -z "$bad" ]]; then pass "(p) $label: never a HIT, Cache-Control no-store, private"; else fail "(p) $label:$bad"; fi
}
fetch c1 "$LB/check" -c "$KC_TMP/jar"
fetch c2 "$LB/check" -b "$KC_TMP/jar" -c "$KC_TMP/jar"
never_hit "GET /check, twice ($(header c1 X-Cache-Status), $(header c2 X-Cache-Status))" c1 c2

ANSWERS=$(kc_answers_json "$A") || kc_die "GET /api/checklist failed"
FORM=(--data-urlencode "Region=uk")
while IFS=$'\t' read -r id value; do FORM+=(--data-urlencode "answers[$id]=$value"); done < <(jq -r 'to_entries[] | "\(.key)\t\(.value)"' <<<"$ANSWERS")
token=$(grep -o '<input[^>]*name="__RequestVerificationToken"[^>]*>' "$RUN/c2.html" | grep -o 'value="[^"]*"' | head -n1 | cut -d'"' -f2 || true)
for n in r1 r2; do
  fetch "$n" "$LB/check?handler=Evaluate" -b "$KC_TMP/jar" --data-urlencode "__RequestVerificationToken=$token" "${FORM[@]}"
done
if grep -q 'id="care-card"' "$RUN/r2.html"; then
  never_hit "POST /check?handler=Evaluate (result page), twice" r1 r2
else
  fail "(p) the checklist POST through the tier did not show a result ($(status_of r2)); see $RUN/r2.html"
fi
BODY=$(jq -c '{answers: ., region: "uk"}' <<<"$ANSWERS")
for n in api1 api2; do fetch "$n" "$LB/api/checklist/evaluate" -H 'Content-Type: application/json' --data "$BODY"; done
[[ "$(status_of api2)" == 200 ]] || fail "(p) POST /api/checklist/evaluate answered $(status_of api2)"
never_hit "POST /api/checklist/evaluate (200), twice" api1 api2
for n in q1 q2; do fetch "$n" "$LB/search?q=knot"; done
never_hit "GET /search?q=knot, twice" q1 q2

# --- (x) Host header ---------------------------------------------------------------------------------------------------
fetch x1 "$LB/techniques" -H 'Host: evil.example' -H 'X-Forwarded-Host: evil.example' -H 'X-Forwarded-Proto: https'
fetch x2 "$LB/techniques"
if [[ "$(header x1 X-Cache-Status)" == MISS && "$(header x2 X-Cache-Status)" == HIT ]] && ! grep -q 'evil\.example' "$RUN/x1.html" "$RUN/x2.html"; then
  pass "(x) a page first requested with Host: evil.example is stored and served to the next client (HIT) with no trace of that host"
else
  fail "(x) Host: evil.example: $(header x1 X-Cache-Status) then $(header x2 X-Cache-Status); evil.example in the body: $(grep -c 'evil\.example' "$RUN/x2.html" || true)"
fi
fetch x3 "$LB/sitemap.xml" -H 'Host: evil.example'
fetch x4 "$LB/sitemap.xml"
if [[ "$(header x4 X-Cache-Status)" != HIT && "$(header x3 Cache-Control)" == *no-store* ]] && ! grep -q 'evil\.example' "$RUN/x4.html"; then
  pass "(x) without Site:BaseUrl the sitemap holds the request's host, so it is never stored ($(header x3 Cache-Control))"
else
  fail "(x) sitemap without Site:BaseUrl: $(header x4 X-Cache-Status), '$(header x3 Cache-Control)'"
fi

# --- (e) a content edit arrives within max-age --------------------------------------------------------------------------
# Revalidation first: an unchanged page whose copy has expired is checked with its ETag, and the app says 304.
fetch v1 "$LB/articles/$EDITED"
sleep $(( MAX_AGE + 1 ))
fetch v2 "$LB/articles/$EDITED"
fetch v3 "$LB/articles/$EDITED"
if [[ "$(header v2 X-Cache-Status)" == REVALIDATED && "$(header v3 X-Cache-Status)" == HIT ]]; then
  pass "(e) after max-age an unchanged page is revalidated with its ETag (REVALIDATED: a 304 from the app), then HIT"
else
  fail "(e) revalidation after max-age: $(header v2 X-Cache-Status) then $(header v3 X-Cache-Status) (expected REVALIDATED, HIT)"
fi
old_title=$(title_of v3)
t0=$(kc_now_ms)   # the copy was refreshed just now (v2): it is fresh until about t0 + MAX_AGE
new_title="Questions people often ask (edited $(date +%H:%M:%S))"
for name in a b; do
  file="$KC_TMP/app-$name/content/articles/$EDITED.md"
  [[ -f "$file" ]] || kc_die "no $file in the publish"
  sed -i "0,/^title:.*/s//title: $new_title/" "$file"
done
for url in "$A" "$B"; do
  for _ in $(seq 1 100); do
    fetch direct "$url/articles/$EDITED"
    [[ "$(title_of direct)" == "$new_title" ]] && break
    sleep 0.1
  done
  [[ "$(title_of direct)" == "$new_title" ]] || fail "(e) instance $url did not reload the edited article"
done
reloaded=$(( $(kc_now_ms) - t0 ))
fetch e0 "$LB/articles/$EDITED"
if (( reloaded < MAX_AGE * 1000 - 1000 )); then
  if [[ "$(title_of e0)" == "$old_title" && "$(header e0 X-Cache-Status)" == HIT ]]; then
    pass "(e) both instances reloaded the edit after $reloaded ms; the tier still serves its copy within max-age (HIT, old title)"
  else
    fail "(e) within max-age the tier answered $(header e0 X-Cache-Status) with '$(title_of e0)'"
  fi
fi
seen=""
for _ in $(seq 1 $(( (MAX_AGE + SWR + 5) * 5 ))); do
  fetch e1 "$LB/articles/$EDITED"
  seen+="$(header e1 X-Cache-Status) "
  [[ "$(title_of e1)" == "$new_title" ]] && break
  sleep 0.2
done
arrived=$(( $(kc_now_ms) - t0 ))
if [[ "$(title_of e1)" == "$new_title" ]] && (( arrived <= (MAX_AGE + 2) * 1000 )); then
  pass "(e) the edit shows through the tier $arrived ms after the copy was stored (max-age ${MAX_AGE} s); statuses in turn: $(tr ' ' '\n' <<<"$seen" | awk 'NF' | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')"
else
  fail "(e) the edit did not show within max-age + 2 s: after $arrived ms the tier serves '$(title_of e1)'; statuses: $seen"
fi
fetch e2 "$LB/articles/$EDITED"
[[ "$(header e2 X-Cache-Status)" == HIT && "$(title_of e2)" == "$new_title" ]] || fail "(e) after the edit arrived the next request was $(header e2 X-Cache-Status) '$(title_of e2)'"

cp "$NGX/access.log" "$RUN/nginx-access.log"
cp "$NGX/error.log" "$RUN/nginx-error.log"
echo "Access log with cache statuses, nginx config, headers and bodies: $RUN"
if [[ "${CACHE_HOLD:-0}" == 1 ]]; then
  echo "Cache tier still running: nginx $LB (X-Cache-Status on every response), A $A, B $B. Ctrl+C to stop."
  while kill -0 "$KC_NGINX_PID" 2>/dev/null; do sleep 1; done
fi
exit "$FAIL"
