#!/usr/bin/env bash
# Shared helpers for bench/*.sh and ops/*.sh. Source it; do not run it.
# Everything binds 127.0.0.1 only. Each script owns a temp dir (KC_TMP) and kills only the processes it started.

# shellcheck disable=SC2034
KC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KC_PIDS=()          # processes to stop on exit, newest last
KC_TMP=""
KC_APP_PID=""
KC_START_MS=""
KC_BUILD_LABEL=""   # what was published: set by kc_publish
NGINX_BIN=${NGINX_BIN:-$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)}

kc_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
kc_die() { kc_log "ERROR: $*"; exit 1; }
kc_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Other work on the machine skews every figure: how busy all CPUs are over 1 s (percent, from /proc/stat), not
# counting the processes this script started.
kc_cpu_busy() { # [PID...]: busy percent of all CPUs over 1 s, less the CPU time of these processes
  local _c u n s i w q sq st t1 i1 t2 i2 p1 p2
  _kc_ticks() { # utime + stime of the live ones among these pids (fields 14 and 15 of /proc/PID/stat)
    local p files=()
    for p in "$@"; do [[ -r "/proc/$p/stat" ]] && files+=("/proc/$p/stat"); done
    (( ${#files[@]} )) || { echo 0; return; }
    awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }' "${files[@]}" 2>/dev/null || echo 0
  }
  p1=$(_kc_ticks "$@")
  read -r _c u n s i w q sq st _ </proc/stat
  t1=$(( u + n + s + i + w + q + sq + st )) i1=$(( i + w ))
  sleep 1
  read -r _c u n s i w q sq st _ </proc/stat
  p2=$(_kc_ticks "$@")
  t2=$(( u + n + s + i + w + q + sq + st )) i2=$(( i + w ))
  local busy=$(( 100 * ((t2 - t1) - (i2 - i1) - (p2 - p1)) / (t2 - t1 > 0 ? t2 - t1 : 1) ))
  echo $(( busy < 0 ? 0 : busy ))
}
# kc_check_quiet WHAT: warns when the machine is busy; prints the busy percentage.
kc_check_quiet() {
  local busy; busy=$(kc_cpu_busy "${KC_PIDS[@]}")
  if (( busy > 10 )); then
    kc_log "warning: the CPUs are ${busy}% busy before $1; other work on this machine will skew the figures:"
    top -b -n 2 -d 0.5 -w 120 2>/dev/null | awk '/^top -/ { n++ } n == 2 && /^ *[0-9]+ / && $9 + 0 >= 5 { print "    " $1, $9 "%", $12 }' | head -n 5 >&2 || true
  fi
  echo "$busy"
}

# Installs the Debian packages the scripts need (nginx, wrk, curl, jq), only when missing.
# A temporary policy-rc.d stops the nginx package from starting the system nginx on port 80.
kc_ensure_tools() {
  local need=()
  [[ -x "$NGINX_BIN" ]] || need+=(nginx)
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v jq >/dev/null 2>&1 || need+=(jq)
  command -v ss >/dev/null 2>&1 || need+=(iproute2)
  (( ${#need[@]} == 0 )) && return 0
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  kc_log "Installing ${need[*]} (apt, no recommends) ..."
  local policy=/usr/sbin/policy-rc.d made=0
  if [[ ! -e $policy ]]; then
    $sudo sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy" && made=1
  fi
  local rc=0
  { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } || rc=$?
  (( made )) && $sudo rm -f "$policy"
  (( rc == 0 )) || kc_die "apt-get install ${need[*]} failed"
  NGINX_BIN=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
}

# Creates KC_TMP (world-readable, so nginx workers running as nobody can read files in it) and the exit trap.
kc_init() {
  KC_TMP=$(mktemp -d "${TMPDIR:-/tmp}/knotcare-$1.XXXXXX")
  chmod 755 "$KC_TMP"
  trap kc_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

kc_cleanup() {
  local rc=$?
  trap - EXIT
  set +e
  local i pid
  for (( i=${#KC_PIDS[@]}-1; i>=0; i-- )); do
    pid=${KC_PIDS[i]}
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${KC_PIDS[@]}"; do
    kc_wait_gone "$pid" 10 || { kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  done
  if [[ -n "$KC_TMP" && -d "$KC_TMP" && -z "${KC_KEEP_TMP:-}" ]]; then rm -rf "$KC_TMP"; fi
  exit "$rc"
}

# kc_wait_gone PID SECONDS: waits for a process to end; 1 if it is still there.
kc_wait_gone() {
  local pid=$1 deadline=$(( $(date +%s) + $2 ))
  while kill -0 "$pid" 2>/dev/null; do
    (( $(date +%s) >= deadline )) && return 1
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
  return 0
}

kc_stop() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  kc_wait_gone "$pid" 15 || { kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
}

kc_port_free() { [[ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]]; }

# Prints a free TCP port on 127.0.0.1 from 20000-39999.
kc_free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 20000 ))
    if kc_port_free "$p"; then echo "$p"; return 0; fi
  done
  kc_die "no free port found"
}

# kc_publish OUTDIR: Release publish of the web app. The build's bin/obj go to a temp artifacts dir, so the
# working tree's own bin/obj are not touched. KC_PUBLISHED=/dir skips the build and copies that publish instead;
# KC_PUBLISH_PROFILE picks the publish profile: Production (default; self-contained, one ReadyToRun composite image, as
# docs/operations.md deploys it; publishing takes a few minutes) or empty for the plain framework-dependent ReadyToRun
# publish; KC_PUBLISH_ARGS adds arguments to dotnet publish (e.g. "-p:PublishReadyToRun=false" for an IL-only build).
kc_publish() {
  local out=$1
  if [[ -n "${KC_PUBLISHED:-}" ]]; then
    [[ -f "$KC_PUBLISHED/KnotCare.Web.dll" ]] || kc_die "KC_PUBLISHED=$KC_PUBLISHED has no KnotCare.Web.dll"
    kc_log "Using the existing publish in $KC_PUBLISHED"
    KC_BUILD_LABEL="the existing publish $KC_PUBLISHED (HEAD is $(git -C "$KC_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown))"
    cp -a "$KC_PUBLISHED/." "$out/"
    return 0
  fi
  KC_BUILD_LABEL="commit $(git -C "$KC_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  [[ -n "$(git -C "$KC_ROOT" status --porcelain -- src content 2>/dev/null)" ]] && KC_BUILD_LABEL+=" + uncommitted changes in src/ or content/"
  kc_log "Publishing src/KnotCare.Web (Release) from $KC_BUILD_LABEL ..."
  local t0; t0=$(kc_now_ms)
  local extra=() profile=${KC_PUBLISH_PROFILE-Production}
  read -r -a extra <<<"${KC_PUBLISH_ARGS:-}"
  if [[ -n "$profile" ]]; then
    extra=("-p:PublishProfile=$profile" "${extra[@]}")
    KC_BUILD_LABEL+=", publish profile $profile"
  else
    KC_BUILD_LABEL+=", framework-dependent publish"
  fi
  [[ -n "${KC_PUBLISH_ARGS:-}" ]] && KC_BUILD_LABEL+=" (publish ${KC_PUBLISH_ARGS})"
  if ! dotnet publish "$KC_ROOT/src/KnotCare.Web" -c Release -o "$out" --artifacts-path "$KC_TMP/artifacts" -nologo -v q \
      "${extra[@]}" >"$KC_TMP/publish.log" 2>&1; then
    tail -n 40 "$KC_TMP/publish.log" >&2
    kc_die "dotnet publish failed"
  fi
  rm -rf "$KC_TMP/artifacts"
  kc_log "Published in $(( $(kc_now_ms) - t0 )) ms"
}

# kc_start_app PUBDIR PORT LOGFILE [NAME=VALUE ...]: starts the app in Production on 127.0.0.1:PORT, with PUBDIR as
# working directory (the host reads appsettings.json from its content root, which is the working directory).
# Sets KC_APP_PID and KC_START_MS (the start time in ms). Extra NAME=VALUE pairs are passed as environment, and so
# are the space-separated NAME=VALUE pairs in KC_APP_ENV (e.g. KC_APP_ENV="DOTNET_gcServer=0").
# KC_SERVER_CPUS and KC_SERVER_NICE pin it to CPUs and set its priority (kc_server_prefix), as for kc_start_nginx.
kc_start_app() {
  local pub=$1 port=$2 log=$3 extra=(); shift 3
  read -r -a extra <<<"${KC_APP_ENV:-}"
  set -- "$@" "${extra[@]}"
  kc_port_free "$port" || kc_die "port $port on 127.0.0.1 is already in use"
  KC_START_MS=$(kc_now_ms)
  local pin=()
  read -r -a pin <<<"$(kc_server_prefix)"
  ( cd "$pub" && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1 "$@" \
      "${pin[@]}" dotnet KnotCare.Web.dll --urls "http://127.0.0.1:$port" ) >"$log" 2>&1 &
  KC_APP_PID=$!
  KC_PIDS+=("$KC_APP_PID")
}

# kc_server_prefix: the command prefix for servers started by kc_start_app and kc_start_nginx: "nice -n N" when
# KC_SERVER_NICE is set (a negative N needs root: it puts the servers ahead of other work on a shared machine) and
# "taskset -c CPUS" when KC_SERVER_CPUS is set. Threads and worker processes inherit both.
kc_server_prefix() {
  local prefix=()
  [[ -n "${KC_SERVER_NICE:-}" ]] && prefix+=(nice -n "$KC_SERVER_NICE")
  [[ -n "${KC_SERVER_CPUS:-}" ]] && prefix+=(taskset -c "$KC_SERVER_CPUS")
  echo "${prefix[*]}"
}

# kc_wait_healthy PORT PID TIMEOUT_S: polls /healthz every 10 ms until 200; prints the ms since KC_START_MS.
kc_wait_healthy() {
  local port=$1 pid=$2 timeout=${3:-60} start=${KC_START_MS:-$(kc_now_ms)}
  local deadline=$(( $(date +%s) + timeout )) code
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null || true)
    if [[ "$code" == 200 ]]; then echo $(( $(kc_now_ms) - start )); return 0; fi
    kill -0 "$pid" 2>/dev/null || { kc_log "the app (pid $pid) exited before /healthz answered 200"; return 1; }
    (( $(date +%s) >= deadline )) && { kc_log "no 200 from /healthz on port $port within ${timeout}s (last: $code)"; return 1; }
    sleep 0.01
  done
}

# kc_env_note: a line for results.md when KC_APP_ENV is set.
kc_env_note() { [[ -z "${KC_APP_ENV:-}" ]] || printf 'App environment: KC_APP_ENV="%s".\n\n' "$KC_APP_ENV"; }

kc_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
kc_hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
kc_mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# kc_rss_sampler PID FILE: appends "epoch_ms rss_kb" every 200 ms while PID lives. Sets KC_SAMPLER_PID.
kc_rss_sampler() {
  local pid=$1 file=$2
  ( while kill -0 "$pid" 2>/dev/null; do
      echo "$(kc_now_ms) $(kc_rss_kb "$pid")"
      sleep 0.2
    done ) >>"$file" 2>/dev/null &
  KC_SAMPLER_PID=$!
  KC_PIDS+=("$KC_SAMPLER_PID")
}

# kc_rss_peak FILE [FROM_MS [TO_MS]]: the largest sample (kB), optionally within a time window.
kc_rss_peak() {
  awk -v from="${2:-0}" -v to="${3:-99999999999999}" '$1 >= from && $1 <= to && $2 > m { m = $2 } END { print m + 0 }' "$1"
}

# kc_answers_json BASE_URL: the answers object for a valid self-care request, built from GET /api/checklist:
# every yes-no "no", age "20-to-50", duration "under-2-weeks", any other choice its first option.
kc_answers_json() {
  curl -fsS --max-time 5 "$1/api/checklist" | jq -c '
    [.questions[] | {key: .id, value: (
        if .type == "yes-no" then "no"
        elif .id == "age" then "20-to-50"
        elif .id == "duration" then "under-2-weeks"
        else .options[0].value end)}] | from_entries'
}

# kc_nginx_common PREFIX [WORKERS]: the top of an nginx config whose files all live under PREFIX (WORKERS: auto).
kc_nginx_common() {
  local prefix=$1 workers=${2:-auto}
  cat <<EOF
worker_processes $workers;
daemon off;
master_process on;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $prefix/tmp/client_body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;
    types { text/html html; text/css css; image/svg+xml svg; application/json json; }
    default_type text/html;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    server_tokens off;
EOF
}

# kc_start_nginx PREFIX CONF: checks and starts nginx in the foreground (daemon off) as our child. Sets KC_NGINX_PID.
# KC_SERVER_CPUS and KC_SERVER_NICE pin nginx (master and workers) and set its priority (kc_server_prefix).
kc_start_nginx() {
  local prefix=$1 conf=$2
  mkdir -p "$prefix/tmp"
  "$NGINX_BIN" -t -q -p "$prefix" -e "$prefix/error.log" -c "$conf" || kc_die "nginx -t failed for $conf"
  local pin=()
  read -r -a pin <<<"$(kc_server_prefix)"
  "${pin[@]}" "$NGINX_BIN" -p "$prefix" -e "$prefix/error.log" -c "$conf" &
  KC_NGINX_PID=$!
  KC_PIDS+=("$KC_NGINX_PID")
}

kc_wait_http() { # URL TIMEOUT_S: waits for any HTTP answer
  local deadline=$(( $(date +%s) + ${2:-10} ))
  until curl -s -o /dev/null --max-time 1 "$1"; do
    (( $(date +%s) >= deadline )) && return 1
    sleep 0.05
  done
}

kc_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }

# kc_wrk_parse FILE: "rps p50_ms p99_ms requests non2xx socket_errors" from `wrk --latency` output.
kc_wrk_parse() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /m$/)  return v * 60000
      if (v ~ /s$/)  return v * 1000
      return v + 0
    }
    /^[ \t]+50%/ { p50 = ms($2) }
    /^[ \t]+99%/ { p99 = ms($2) }
    / requests in / { reqs = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { sock = ($4 + 0) + ($6 + 0) + ($8 + 0) + ($10 + 0) }
    END { printf "%.0f %.2f %.2f %d %d %d\n", rps, p50, p99, reqs, non2xx, sock }
  ' "$1"
}

# kc_median: the median of the numbers on stdin (mean of the middle two for an even count).
kc_median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
