#!/usr/bin/env bash
# Runs KnotCare as a small cluster on this machine and checks that it behaves as one site:
#   two app instances (127.0.0.1:5101 "A" and 127.0.0.1:5102 "B") sharing a DataProtection key directory,
#   behind nginx on 127.0.0.1:8080 (round robin, passive health checks, safe retries).
#
#   ops/run-cluster.sh                  # checks (a) and (b), prints PASS/FAIL lines, exits 1 on any FAIL
#   CLUSTER_HOLD=1 ops/run-cluster.sh   # then keeps the cluster running until Ctrl+C
#
# (a) Antiforgery across instances: GET /check from A, POST the form (with A's token and cookie) to B.
#     Needs the app setting DataProtection:KeysDirectory (env DataProtection__KeysDirectory).
# (b) Failover: wrk through nginx for CLUSTER_SECONDS (15) while instance A is killed (CLUSTER_KILL_SIGNAL, KILL)
#     after CLUSTER_KILL_AFTER (5) seconds. Goal: no failed user requests (0 non-2xx, 0 socket errors).
#     The load is GET only; CLUSTER_MIX_POST=1 adds the evaluate POST (a POST in flight on A when it dies is not
#     retried by nginx, by design, so failures are possible then).
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
KEYS="$KC_TMP/keys"
mkdir -p "$KEYS" "$KC_TMP/home-a" "$KC_TMP/home-b"
chmod 700 "$KEYS"
declare -A PID=()
for name in a b; do
  port=$PORT_A
  [[ $name == b ]] && port=$PORT_B
  cp -a "$KC_TMP/publish" "$KC_TMP/app-$name"
  kc_start_app "$KC_TMP/app-$name" "$port" "$RUN/app-$name.log" \
    "HOME=$KC_TMP/home-$name" "DataProtection__KeysDirectory=$KEYS"
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

# --- nginx load balancer --------------------------------------------------------------------------------------------
NGX="$KC_TMP/nginx"
mkdir -p "$NGX"
{
  kc_nginx_common "$NGX"
  cat <<EOF
    upstream knotcare {
        # Passive health checks: after 1 failed attempt an instance gets no traffic for 5 s, then one request probes it.
        server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=5s;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PORT_LB;
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
            proxy_next_upstream error timeout http_502 http_504;
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

# --- (b) failover under load --------------------------------------------------------------------------------------
MIX=(get=/ get=/articles get=/articles/what-is-a-muscle-knot get=/articles/faq get=/check get=/healthz get=/api/checklist)
if [[ "${CLUSTER_MIX_POST:-0}" == 1 ]]; then
  MIX+=(post=/api/checklist/evaluate "body=$(jq -c '{answers: ., region: "uk"}' <<<"$ANSWERS")")
fi
for path in / /articles /articles/what-is-a-muscle-knot /articles/faq /check /healthz /api/checklist; do
  code=$(kc_status "$LB$path")
  [[ "$code" == 200 ]] || fail "GET $path through nginx answered $code before the failover test"
done
before_a=$(grep -c 'HTTP GET' "$RUN/app-a.log" || true)
before_b=$(grep -c 'HTTP GET' "$RUN/app-b.log" || true)
kc_log "(b) wrk through nginx for ${DURATION}s; SIG$KILL_SIGNAL to instance A after ${KILL_AFTER}s ..."
wrk --latency -t1 -c16 -d"${DURATION}s" -s bench/mix.lua "$LB" -- "${MIX[@]}" >"$RUN/wrk-failover.txt" 2>&1 &
WRK_PID=$!
KC_PIDS+=("$WRK_PID")
sleep "$KILL_AFTER"
served_a=$(( $(grep -c 'HTTP GET' "$RUN/app-a.log" || true) - before_a ))
served_b_before_kill=$(( $(grep -c 'HTTP GET' "$RUN/app-b.log" || true) - before_b ))
disown "${PID[a]}" 2>/dev/null || true   # no "Killed" job notice from bash
kill -"$KILL_SIGNAL" "${PID[a]}"
KILLED_AT=$(date +%H:%M:%S)
kc_wait_gone "${PID[a]}" 15 || kc_die "instance A did not stop"
wait "$WRK_PID" || kc_die "wrk failed: $(cat "$RUN/wrk-failover.txt")"
read -r rps p50 p99 reqs non2xx sock <<<"$(kc_wrk_parse "$RUN/wrk-failover.txt")"
served_b_total=$(( $(grep -c 'HTTP GET' "$RUN/app-b.log" || true) - before_b ))
upstream_errors=$(grep -c 'upstream' "$NGX/error.log" || true)
cp "$NGX/error.log" "$RUN/nginx-error.log"
echo "(b) $reqs requests in ${DURATION}s ($rps req/s, p50 $p50 ms, p99 $p99 ms); instance A killed (SIG$KILL_SIGNAL) at $KILLED_AT"
echo "    before the kill: A served $served_a and B $served_b_before_kill GET requests; B served $served_b_total in all"
echo "    nginx error log lines about upstreams (failed attempts that were retried or failed): $upstream_errors"
if (( served_a > 0 && served_b_before_kill > 0 )); then
  pass "(b) nginx spread the load over both instances before the kill"
else
  fail "(b) nginx did not use both instances (A $served_a, B $served_b_before_kill)"
fi
if [[ "$reqs" -gt 0 && "$non2xx" == 0 && "$sock" == 0 ]]; then
  pass "(b) no failed user requests while instance A was killed under load ($reqs requests, 0 non-2xx, 0 socket errors)"
else
  fail "(b) failed user requests while instance A was killed: $non2xx non-2xx, $sock socket errors of $reqs (see $RUN/wrk-failover.txt)"
fi
code=$(kc_status "$LB/healthz")
if [[ "$code" == 200 ]]; then pass "(b) the site still answers through nginx with only B left (/healthz $code)"; else fail "(b) /healthz through nginx answered $code after the kill"; fi

echo "Logs, nginx config and wrk output: $RUN"
if [[ "${CLUSTER_HOLD:-0}" == 1 ]]; then
  echo "Cluster still running (instance A is down): nginx $LB, B $B. Ctrl+C to stop."
  while kill -0 "$KC_NGINX_PID" 2>/dev/null; do sleep 1; done
fi
exit "$FAIL"
