#!/usr/bin/env bash
# Runs KnotCare as a small cluster on this machine and checks that it behaves as one site:
#   two app instances (127.0.0.1:5101 "A" and 127.0.0.1:5102 "B") sharing a DataProtection key directory,
#   behind nginx on 127.0.0.1:8080 (round robin, passive health checks, safe retries).
#
#   ops/run-cluster.sh                  # checks (a) and (b), prints PASS/FAIL lines, exits 1 on any FAIL (~1.5 min)
#   CLUSTER_HOLD=1 ops/run-cluster.sh   # then keeps the cluster running until Ctrl+C
#
# (a) Antiforgery across instances: GET /check from A, POST the form (with A's token and cookie) to B.
#     Needs the app setting DataProtection:KeysDirectory (env DataProtection__KeysDirectory).
# (b) Failover under load: GET load through nginx (wrk, 16 connections) for CLUSTER_SECONDS (15) while instance A
#     gets a signal after CLUSTER_KILL_AFTER (5) seconds, twice:
#     (b1) SIGTERM, a graceful stop: no failed user requests allowed (0 non-2xx, 0 socket errors);
#     then A is restarted and must get traffic again;
#     (b2) SIGKILL (CLUSTER_KILL_SIGNAL), a crash: nginx retries every GET A had not started answering; a response
#     cut off mid-way cannot be retried, so up to one failure per connection is accepted and reported
#     (CLUSTER_STRICT_CRASH=1 demands 0).
#     CLUSTER_MIX_POST=1 adds the evaluate POST to the load (a POST in flight on a crashed instance is not retried by
#     nginx, by design, and neither is one sent on a keep-alive connection the stopping instance has just closed;
#     the POST rate limit is turned off for that run, as all of wrk's requests come from one address).
#     CLUSTER_RETRY_POST=1 lets nginx replay POSTs too ("non_idempotent"; safe for KnotCare's side-effect-free POSTs).
# Also: nginx spreads the load over both instances, and forwarded headers reach the app (robots.txt check).
# ops/cache-tier.sh puts an nginx cache (proxy_cache) in front of two instances instead.
#
# Each instance runs from its own copy of the publish with its own HOME, as on two machines: nothing is shared
# except the key directory. Ports: CLUSTER_PORT_A, CLUSTER_PORT_B, CLUSTER_LB_PORT. Logs go to ops/run/<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

PORT_A=${CLUSTER_PORT_A:-5101}
PORT_B=${CLUSTER_PORT_B:-5102}
PORT_LB=${CLUSTER_LB_PORT:-8080}
DURATION=${CLUSTER_SECONDS:-15}
KILL_AFTER=${CLUSTER_KILL_AFTER:-5}
KILL_SIGNAL=${CLUSTER_KILL_SIGNAL:-KILL}
for p in "$PORT_A" "$PORT_B" "$PORT_LB"; do
  kc_port_free "$p" || kc_die "port $p on this machine is in use; set CLUSTER_PORT_A/CLUSTER_PORT_B/CLUSTER_LB_PORT"
done

kc_ensure_tools
kc_init cluster
RUN="ops/run/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
FAIL=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAIL=1; }

# --- two instances ------------------------------------------------------------------------------------------------
kc_publish "$KC_TMP/publish"
echo "Build: $KC_BUILD_LABEL"
KEYS="$KC_TMP/keys"
mkdir -p "$KEYS" "$KC_TMP/home-a" "$KC_TMP/home-b"
chmod 700 "$KEYS"
declare -A PID=()
EXTRA_ENV=()
# wrk sends every request from one address: with POSTs in the load, the per-address POST limit would answer 429.
[[ "${CLUSTER_MIX_POST:-0}" == 1 ]] && EXTRA_ENV+=(RateLimiting__Enabled=false)
for name in a b; do
  port=$PORT_A
  [[ $name == b ]] && port=$PORT_B
  cp -a "$KC_TMP/publish" "$KC_TMP/app-$name"
  kc_start_app "$KC_TMP/app-$name" "$port" "$RUN/app-$name.log" \
    "HOME=$KC_TMP/home-$name" "DataProtection__KeysDirectory=$KEYS" "${EXTRA_ENV[@]}"
  PID[$name]=$KC_APP_PID
done
for name in a b; do
  port=$PORT_A
  [[ $name == b ]] && port=$PORT_B
  KC_START_MS=""
  kc_wait_healthy "$port" "${PID[$name]}" 60 >/dev/null || { tail -n 30 "$RUN/app-$name.log" >&2; kc_die "instance $name did not start"; }
  echo "Instance ${name^^}: http://127.0.0.1:$port (pid ${PID[$name]}), healthy"
done
A="http://127.0.0.1:$PORT_A"
B="http://127.0.0.1:$PORT_B"
LB="http://127.0.0.1:$PORT_LB"

# KnotCare's POSTs change nothing on the server (the checklist is evaluated and shown, never stored), so replaying one
# on the other instance would be harmless today; it stays off by default so a future POST with side effects is never
# sent twice. CLUSTER_RETRY_POST=1 turns it on (nginx's "non_idempotent").
RETRY_POST=""
[[ "${CLUSTER_RETRY_POST:-0}" == 1 ]] && RETRY_POST=" non_idempotent"

# --- nginx load balancer --------------------------------------------------------------------------------------------
NGX="$KC_TMP/nginx"
mkdir -p "$NGX"
{
  kc_nginx_common "$NGX"
  cat <<EOF
    # Which instance answered each request; "A, B" in \$upstream_addr means it was retried on B after failing on A.
    log_format upstreams '\$msec \$request_method \$status "\$upstream_addr" "\$upstream_status"';
    upstream knotcare {
        zone knotcare 64k;   # one shared view of the instances' health for all nginx workers
        # Passive health checks: after 1 failed attempt an instance gets no traffic for 5 s, then one request probes it.
        server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=5s;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PORT_LB;
        access_log $NGX/access.log upstreams;
        location / {
            proxy_pass http://knotcare;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
            # Retry on the other instance when this one cannot be reached or fails. Without "non_idempotent",
            # nginx retries a POST only if it was never sent (connect error); GET and HEAD are retried on any of these.
            # Not http_503/http_429: a rate-limited request must not be replayed elsewhere or mark an instance down.
            proxy_next_upstream error timeout http_502 http_504$RETRY_POST;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 10s;
        }
    }
}
EOF
} >"$NGX/nginx.conf"
cp "$NGX/nginx.conf" "$RUN/nginx.conf"
kc_start_nginx "$NGX" "$NGX/nginx.conf"
kc_wait_http "$LB/healthz" 10 || kc_die "nginx did not answer on $LB"
code=$(kc_status "$LB/healthz")
if [[ "$code" == 200 ]]; then pass "nginx on $LB proxies to the instances (/healthz $code)"; else fail "nginx on $LB: /healthz answered $code"; fi

# --- (a) antiforgery token from A accepted by B ---------------------------------------------------------------------
ANSWERS=$(kc_answers_json "$A") || kc_die "GET /api/checklist failed"
FORM=(--data-urlencode "Region=uk")
while IFS=$'\t' read -r id value; do
  FORM+=(--data-urlencode "answers[$id]=$value")
done < <(jq -r 'to_entries[] | "\(.key)\t\(.value)"' <<<"$ANSWERS")

# post_form GET_BASE POST_BASE NAME: GET /check from one instance, POST the form to another; prints the status.
post_form() {
  local from=$1 to=$2 name=$3 jar="$KC_TMP/$3.cookies" token
  curl -fsS --max-time 10 -c "$jar" "$from/check" -o "$RUN/$name-get.html"
  token=$(grep -o '<input[^>]*name="__RequestVerificationToken"[^>]*>' "$RUN/$name-get.html" | grep -o 'value="[^"]*"' | head -n1 | cut -d'"' -f2 || true)
  [[ -n "$token" ]] || { echo "no-token"; return 0; }
  grep -q 'Antiforgery' "$jar" || { echo "no-cookie"; return 0; }
  curl -sS --max-time 10 -b "$jar" -o "$RUN/$name-post.html" -w '%{http_code}' \
    --data-urlencode "__RequestVerificationToken=$token" "${FORM[@]}" "$to/check?handler=Evaluate" || echo "curl-failed"
}
result_ok() { grep -q 'id="care-card"' "$RUN/$1-post.html" 2>/dev/null; }

code=$(post_form "$A" "$A" same-instance)
if [[ "$code" == 200 ]] && result_ok same-instance; then
  pass "(a) control: GET /check and POST the form to the same instance A: 200 with the care card"
else
  fail "(a) control: POST to the same instance A answered $code (see $RUN/same-instance-post.html); the form post itself is broken"
fi
code=$(post_form "$A" "$B" cross-instance)
if [[ "$code" == 200 ]] && result_ok cross-instance; then
  pass "(a) GET /check from A ($A), POST the form to B ($B): 200 with id=\"care-card\" (shared DataProtection keys work)"
else
  fail "(a) GET /check from A, POST the form to B answered $code, care card $(result_ok cross-instance && echo present || echo missing); B cannot read A's antiforgery token."
  echo "      Keys written to the shared directory $KEYS: $(find "$KEYS" -type f | wc -l)." \
    "Needs DataProtection:KeysDirectory in the app (PersistKeysToFileSystem), and SetApplicationName so instances in different folders match."
fi

# --- forwarded headers ------------------------------------------------------------------------------------------
# With no Site:BaseUrl, robots.txt names the sitemap on the request's scheme and host (and is therefore never stored by
# a cache: pages themselves use relative links), so it shows what the app made of nginx's X-Forwarded-Proto/-Host.
# nginx replaces a client's own X-Forwarded-Proto with the real scheme (http here).
sitemap=$(curl -fsS --max-time 10 -H 'Host: knotcare.example' -H 'X-Forwarded-Proto: https' "$LB/robots.txt" |
  grep '^Sitemap: ' | cut -d' ' -f2 || true)
if [[ "$sitemap" == "http://knotcare.example/sitemap.xml" ]]; then
  pass "forwarded headers: through nginx the app sees the public host and nginx's scheme, not the client's claim (robots.txt names $sitemap)"
else
  fail "forwarded headers: expected robots.txt to name http://knotcare.example/sitemap.xml through nginx, got '${sitemap:-none}'"
fi

# --- (b) failover under load --------------------------------------------------------------------------------------
MIX=(get=/ get=/articles get=/articles/what-is-a-muscle-knot get=/articles/faq get=/check get=/healthz get=/api/checklist)
if [[ "${CLUSTER_MIX_POST:-0}" == 1 ]]; then
  MIX+=(post=/api/checklist/evaluate "body=$(jq -c '{answers: ., region: "uk"}' <<<"$ANSWERS")")
fi
for path in / /articles /articles/what-is-a-muscle-knot /articles/faq /check /healthz /api/checklist; do
  code=$(kc_status "$LB$path")
  [[ "$code" == 200 ]] || fail "GET $path through nginx answered $code before the failover test"
done

# served UPSTREAM_PORT FROM_LINE [TO_LINE]: access-log lines (requests) answered by that instance in a line range.
served() { sed -n "${2},${3:-\$}p" "$NGX/access.log" | grep -c "\"[^\"]*:$1\"" || true; }
log_lines() { wc -l <"$NGX/access.log"; }

start_a() {
  kc_start_app "$KC_TMP/app-a" "$PORT_A" "$RUN/app-a-restarted.log" \
    "HOME=$KC_TMP/home-a" "DataProtection__KeysDirectory=$KEYS" "${EXTRA_ENV[@]}"
  PID[a]=$KC_APP_PID
  kc_wait_healthy "$PORT_A" "${PID[a]}" 60 >/dev/null || kc_die "instance A did not restart"
}

# failover SIGNAL LABEL: wrk through nginx for DURATION s, SIGNAL to instance A after KILL_AFTER s; sets the
# figures below and prints them.
failover() {
  local signal=$1 label=$2 from_line kill_line wrk_pid
  local out="$RUN/wrk-failover-$label.txt"
  from_line=$(( $(log_lines) + 1 ))
  kc_log "($label) wrk through nginx for ${DURATION}s; SIG$signal to instance A after ${KILL_AFTER}s ..."
  wrk --latency -t1 -c"$CONNS" -d"${DURATION}s" -s bench/mix.lua "$LB" -- "${MIX[@]}" >"$out" 2>&1 &
  wrk_pid=$!
  KC_PIDS+=("$wrk_pid")
  sleep "$KILL_AFTER"
  kill_line=$(log_lines)
  served_a=$(served "$PORT_A" "$from_line" "$kill_line")
  served_b=$(served "$PORT_B" "$from_line" "$kill_line")
  disown "${PID[a]}" 2>/dev/null || true   # no "Killed" job notice from bash
  kill -"$signal" "${PID[a]}"
  kc_wait_gone "${PID[a]}" 30 || kc_die "instance A did not stop after SIG$signal"
  wait "$wrk_pid" || kc_die "wrk failed: $(cat "$out")"
  read -r rps p50 p99 reqs non2xx sock <<<"$(kc_wrk_parse "$out")"
  sleep 0.2
  retried=$(sed -n "${from_line},\$p" "$NGX/access.log" | awk '$4 ~ /,$/' | wc -l)
  after_a=$(served "$PORT_A" "$(( kill_line + 1 ))")
  echo "($label) SIG$signal to A after ${KILL_AFTER}s: $reqs requests in ${DURATION}s ($rps req/s, p50 $p50 ms, p99 $p99 ms)," \
    "$non2xx non-2xx, $sock socket errors"
  echo "    before the signal A answered $served_a and B $served_b requests; A finished $after_a more around the signal;" \
    "$retried were retried on B after failing on A"
}

CONNS=16
# (b1) A graceful stop (deploys, scale-in): Kestrel finishes what it has started, nginx retries the rest. Expect 0.
failover TERM b1
if (( served_a > 0 && served_b > 0 )); then
  pass "(b) nginx spread the load over both instances (A $served_a, B $served_b before the stop)"
else
  fail "(b) nginx did not use both instances (A $served_a, B $served_b)"
fi
if [[ "$reqs" -gt 0 && "$non2xx" == 0 && "$sock" == 0 ]]; then
  pass "(b1) no failed user requests while instance A was stopped (SIGTERM) under load: $reqs requests, 0 non-2xx, 0 socket errors"
else
  fail "(b1) failed user requests while instance A was stopped (SIGTERM): $non2xx non-2xx, $sock socket errors of $reqs"
fi

# Restart A; nginx sends it traffic again once fail_timeout (5 s) has passed.
start_a
line=$(log_lines)
back=0
for _ in $(seq 1 100); do
  kc_status "$LB/healthz" >/dev/null
  if (( $(served "$PORT_A" "$(( line + 1 ))") > 0 )); then back=1; break; fi
  sleep 0.1
done
if (( back )); then pass "(b) instance A restarted and nginx sends it requests again"; else fail "(b) nginx did not send requests to the restarted instance A within 10 s"; fi

# (b2) A crash (SIGKILL). nginx retries every GET that A had not started answering; a response A was in the middle of
# sending cannot be retried (the client already has its start), so up to one request per connection can fail.
failover "$KILL_SIGNAL" b2
if [[ "$reqs" -gt 0 && "$non2xx" == 0 && "$sock" == 0 ]]; then
  pass "(b2) no failed user requests while instance A crashed (SIG$KILL_SIGNAL) under load: $reqs requests, 0 non-2xx, 0 socket errors"
elif [[ "$reqs" -gt 0 && "$(( non2xx + sock ))" -le "$CONNS" && "${CLUSTER_STRICT_CRASH:-0}" != 1 ]]; then
  pass "(b2) instance A crashed (SIG$KILL_SIGNAL) under load: $non2xx non-2xx and $sock socket errors of $reqs, no more than the $CONNS requests that could be in flight on A (responses cut off mid-way; see $RUN/nginx-error.log)"
else
  fail "(b2) failed user requests while instance A crashed (SIG$KILL_SIGNAL): $non2xx non-2xx, $sock socket errors of $reqs"
fi
code=$(kc_status "$LB/healthz")
if [[ "$code" == 200 ]]; then pass "(b) the site still answers through nginx with only B left (/healthz $code)"; else fail "(b) /healthz through nginx answered $code after the crash"; fi
cp "$NGX/error.log" "$RUN/nginx-error.log"
cp "$NGX/access.log" "$RUN/nginx-access.log"

echo "Logs, nginx config and wrk output: $RUN"
if [[ "${CLUSTER_HOLD:-0}" == 1 ]]; then
  echo "Cluster still running (instance A is down after the crash test): nginx $LB, B $B. Ctrl+C to stop."
  while kill -0 "$KC_NGINX_PID" 2>/dev/null; do sleep 1; done
fi
exit "$FAIL"
