#!/usr/bin/env bash
# The gateway benchmark: what Tollgate adds over a direct call to the simulated provider, beside
# nginx (the floor for a proxy hop) and the Portkey gateway (a real peer). See docs/BENCHMARKS.md.
#
#   bench/run.sh                 # full run: 3 interleaved rounds × 20 s per path, appended to docs/BENCHMARKS.md
#   bench/run.sh --quick         # smoke run: 1 round × 2 s, printed only
#
# Options: --quick, --rounds N, --duration S, --warmup S, --rate R, --latencies "0 50",
# --saturation S (seconds per path; 0 skips), --append / --no-append, --paths "direct nginx portkey tollgate".
# Environment: BENCH_SIMULATE_ARGS (extra arguments for `tollgate simulate`), BENCH_UPSTREAM_CMD
# (another upstream instead of `tollgate simulate`: a command with {port} and {latency} in it),
# BENCH_CACHE (where Portkey is installed, default ~/.cache/tollgate-bench), BENCH_OUT (where the
# report is kept, default /tmp), TOLLGATE_JAVA_OPTS (Tollgate's JVM options, passed on by ./tollgate).
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
command_line="bench/run.sh $*"
rounds=3 duration=20 warmup=5 rate=1000 latencies="0 50" saturation=10 append=yes
paths="direct nginx portkey tollgate"
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) rounds=1 duration=2 warmup=1 saturation=2 append=no ;;
    --rounds) rounds=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --rate) rate=$2; shift ;;
    --latencies) latencies=$2; shift ;;
    --saturation) saturation=$2; shift ;;
    --paths) paths=$2; shift ;;
    --append) append=yes ;;
    --no-append) append=no ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=../bin/find-jdk.sh
source "$repo/bin/find-jdk.sh"
tollgate_find_jdk || exit 1
java=$TOLLGATE_JAVA
work=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-bench.XXXXXX")
chmod 755 "$work"   # nginx's workers run as another user and open files under it
results=$work/results.jsonl
started=()   # pids this script started; stopped one by one on exit

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
note() { printf '{"kind":"note","text":%s}\n' "$(jq -Rn --arg t "$1" '$t')" >>"$results"; log "$1"; }
skipped() {
  printf '{"kind":"skipped","path":"%s","reason":%s}\n' "$1" "$(jq -Rn --arg t "$2" '$t')" >>"$results"
  log "$1 skipped: $2"
}

stop_all() {
  local pid
  for pid in "${started[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${started[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  started=()
}
trap 'stop_all; cp "$results" "${BENCH_OUT:-/tmp}/tollgate-bench-last.jsonl" 2>/dev/null; rm -rf "$work"' EXIT

# A TCP port nothing listens on (random, checked by connecting).
free_port() {
  local p
  while :; do
    p=$((10000 + RANDOM % 20000))   # below Linux's ephemeral range (32768+), where the load generator's own sockets live
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

# Waits until $1 answers a TCP connection, for at most $2 seconds.
wait_port() {
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.02
  done
}

# The pid and every descendant's (npx → node, nginx master → workers), comma-free, one per line.
process_tree() {
  echo "$1"
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do process_tree "$child"; done
}

build() {
  log "building the server and the bench jar…"
  (cd "$repo" && JAVA_HOME=$TOLLGATE_JAVA_HOME ./mvnw -B -q -o -DskipTests -Dspotless.check.skip=true \
    -Denforcer.skip=true -pl tollgate-server,tollgate-bench -am package) >"$work/build.log" 2>&1 </dev/null ||
    { tail -n 40 "$work/build.log" >&2; exit 1; }
  benchjar=$repo/tollgate-bench/target/benchmarks.jar
}

# The build rewrote the jar, which invalidates the launcher's class-data-sharing archive (ADR 0005);
# one unmeasured start and stop writes it again, so start-up is measured as every later restart of
# a deployed gateway runs, not as the one first start after a build.
prime_cds() {
  local dir=$work/cds-prime port
  port=$(free_port)
  mkdir -p "$dir"
  printf 'server: {host: 127.0.0.1, port: %s}\nstorage: {data_dir: %s/data}\n' "$port" "$dir" >"$dir/tollgate.yaml"
  (cd "$dir" && exec "$repo/tollgate" serve --config "$dir/tollgate.yaml") >"$dir/out.log" 2>&1 &
  local pid=$! deadline=$((SECONDS + 60))
  until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)) || break
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

write_bodies() {
  # "user" names the end user, the fourth nested budget (the demo key has a team but no project).
  echo '{"model":"gpt-4o-mini","user":"bench","max_tokens":64,"messages":[{"role":"user","content":"Say hello in five words."}]}' >"$work/plain.json"
  echo '{"model":"gpt-4o-mini","user":"bench","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Say hello in five words."}]}' >"$work/stream.json"
}

# --- the upstream ----------------------------------------------------------------------------------
start_upstream() { # latency_ms
  sim_port=$(free_port)
  if [[ -n ${BENCH_UPSTREAM_CMD:-} ]]; then
    local cmd=${BENCH_UPSTREAM_CMD//\{port\}/$sim_port}
    cmd=${cmd//\{latency\}/$1}
    bash -c "exec $cmd" >"$work/upstream-$1.log" 2>&1 &
  else
    # shellcheck disable=SC2086 # extra arguments are a list on purpose
    "$repo/tollgate" simulate --port "$sim_port" --latency-ms "$1" ${BENCH_SIMULATE_ARGS:-} \
      >"$work/upstream-$1.log" 2>&1 &
  fi
  sim_pid=$!
  started+=("$sim_pid")
  wait_port "$sim_port" 30 || { tail "$work/upstream-$1.log" >&2; echo "bench: the simulated upstream did not start" >&2; exit 1; }
}

check_simulate() {
  [[ -n ${BENCH_UPSTREAM_CMD:-} ]] && { note "upstream: BENCH_UPSTREAM_CMD ($BENCH_UPSTREAM_CMD), not tollgate simulate"; return; }
  if ! "$repo/tollgate" simulate --help >/dev/null 2>&1; then
    echo "bench: './tollgate simulate' is not available in this build (the simulated provider server);" \
      "set BENCH_UPSTREAM_CMD to another OpenAI-format upstream, with {port} and {latency}" >&2
    exit 1
  fi
}

# --- nginx: proxy_pass with upstream keep-alive ------------------------------------------------------
ensure_nginx() {
  command -v nginx >/dev/null && return 0
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || return 1
  log "installing nginx (apt-get)…"
  { apt-get install -y nginx || { apt-get update && apt-get install -y nginx; }; } >"$work/apt.log" 2>&1
}

start_nginx() {
  nginx_port=$(free_port)
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream simulated { server 127.0.0.1:$sim_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://simulated;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;   # pass SSE chunks on as they come
    }
  }
}
EOF
  nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/out.log" 2>&1 &
  nginx_pid=$!
  started+=("$nginx_pid")
  wait_port "$nginx_port" 10 || { cat "$work/nginx/error.log" >&2; return 1; }
}

# --- Portkey: @portkey-ai/gateway on the machine's Node.js -----------------------------------------
ensure_portkey() {
  portkey_dir=${BENCH_CACHE:-$HOME/.cache/tollgate-bench}/portkey
  portkey_js=$portkey_dir/node_modules/@portkey-ai/gateway/build/start-server.js
  [[ -f $portkey_js ]] && return 0
  command -v npm >/dev/null || return 1
  log "installing @portkey-ai/gateway (npm) into $portkey_dir…"
  mkdir -p "$portkey_dir"
  npm install --prefix "$portkey_dir" --no-audit --no-fund @portkey-ai/gateway >"$work/npm.log" 2>&1 && [[ -f $portkey_js ]]
}

start_portkey() {
  portkey_port=$(free_port)
  NODE_ENV=production node "$portkey_js" --port="$portkey_port" --headless >"$work/portkey.log" 2>&1 &
  portkey_pid=$!
  started+=("$portkey_pid")
  wait_port "$portkey_port" 30 || { tail "$work/portkey.log" >&2; return 1; }
}

# --- Tollgate: auth, four nested budgets, the durable ledger ----------------------------------------
start_tollgate() { # latency_ms
  tollgate_port=$(free_port)
  local dir=$work/tollgate-$1
  mkdir -p "$dir"
  cat >"$dir/tollgate.yaml" <<EOF
server: {host: 127.0.0.1, port: $tollgate_port}
storage: {data_dir: $dir/data}
providers:
  simulated: {base_url: "http://127.0.0.1:$sim_port/v1", catalog_provider: openai}
budgets:
  define:   # four nested budgets, all hard, far from their limits
    - {id: bench-global, scope: global, limit_usd: 1000000, period: daily}
    - {id: bench-team, scope: "team:demo", limit_usd: 1000000, period: daily}
    - {id: bench-key, scope: "key:demo", limit_usd: 1000000, period: daily}
    - {id: bench-end-user, scope: "end_user:bench", limit_usd: 1000000, period: daily}
EOF
  local t0
  t0=$(date +%s%N)
  (cd "$dir" && exec "$repo/tollgate" serve --config "$dir/tollgate.yaml") >"$dir/out.log" 2>&1 &
  tollgate_pid=$!
  started+=("$tollgate_pid")
  until curl -fs "http://127.0.0.1:$tollgate_port/healthz" >/dev/null 2>&1; do
    kill -0 "$tollgate_pid" 2>/dev/null || { cat "$dir/out.log" >&2; exit 1; }
    sleep 0.01
  done
  local ms=$((($(date +%s%N) - t0) / 1000000))
  printf '{"kind":"startup","path":"tollgate","upstream_ms":%s,"ms":%s}\n' "$1" "$ms" >>"$results"
  sleep 0.2   # the banner is printed right after the port opens
  # The demo key from the keys file the first start writes, else from the banner's "demo key" line.
  demo_key=$(sed -n 's/^demo_key=//p' "$dir/data/initial-keys.txt" 2>/dev/null | head -n 1)
  [[ -n $demo_key ]] || demo_key=$(grep -m1 'demo key' "$dir/out.log" | grep -o 'tg-[A-Za-z0-9_-]*' | head -n 1)
  [[ -n $demo_key ]] || { echo "bench: no demo key in initial-keys.txt or the banner" >&2; cat "$dir/out.log" >&2; exit 1; }
  log "tollgate ready in $ms ms (launch to /healthz; $(grep -o 'ready in [0-9]* ms' "$dir/out.log"))"
}

# --- one measurement, added to the phase's plan --------------------------------------------------
# The measurements of a phase run in one load-generator JVM (LoadPlan), so the generator's own JIT
# has finished with the warm-up pass instead of competing for the cores in every measured window.
declare -A probed=()
measure() { # path latency round stream(true|false) mode(open|saturation)
  local path=$1 url args=() watch=()
  case $path in
    direct) url=http://127.0.0.1:$sim_port/v1/chat/completions ;;
    nginx) url=http://127.0.0.1:$nginx_port/v1/chat/completions; watch=($(process_tree "$nginx_pid")) ;;
    portkey)
      url=http://127.0.0.1:$portkey_port/v1/chat/completions; watch=($(process_tree "$portkey_pid"))
      args+=(-H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://127.0.0.1:$sim_port/v1" -H 'Authorization: Bearer sk-bench') ;;
    tollgate)
      url=http://127.0.0.1:$tollgate_port/v1/chat/completions; watch=("$tollgate_pid")
      args+=(-H "Authorization: Bearer $demo_key") ;;
  esac
  local pid body=$work/plain.json
  [[ $4 == true ]] && body=$work/stream.json
  # One probe for each path and kind of request in a phase: a path that answers only errors is
  # reported as skipped rather than measured.
  if [[ -z ${probed[$path/$4]:-} ]]; then
    if probe "$url" "$body" "${args[@]}"; then probed[$path/$4]=ok; else
      probed[$path/$4]=failed
      skipped "$path (upstream $2 ms, stream $4)" "a probe request failed: $probe_error"
    fi
  fi
  [[ ${probed[$path/$4]} == ok ]] || return 0
  for pid in "${watch[@]}"; do args+=(--watch-pid "$pid"); done
  args+=(--body "$body")
  [[ $4 == true ]] && args+=(--stream)
  if [[ $5 == saturation ]]; then
    args+=(--saturate --duration "$saturation" --warmup "$warmup")
  else
    args+=(--rate "$rate" --duration "$duration" --warmup "$warmup")
  fi
  [[ $3 == warm-up ]] && args+=(--no-output)
  args+=(--meta path="$path" --meta upstream_ms="$2" --meta round="$3")
  local IFS=$'\t'
  printf '%s\n' "--url${IFS}$url${IFS}${args[*]}" >>"$plan"
}

# Runs the phase's plan: every measurement in order, in one JVM, its results appended.
run_plan() {
  log "running $(grep -c . "$plan") measurements in one load generator"
  "$java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$benchjar" dev.tollgate.bench.load.LoadPlan "$plan" >>"$results" ||
    log "the load generator reported a failed measurement (above)"
}

# One request with curl before measuring, so a path that answers only errors is reported as such.
probe() { # url body -H header ...
  local url=$1 body=$2 code curl_args=()
  shift 2
  while [[ $# -gt 0 ]]; do curl_args+=(-H "$2"); shift 2; done
  code=$(curl -s -o "$work/probe.out" -w '%{http_code}' --max-time 30 "$url" "${curl_args[@]}" \
    -H 'content-type: application/json' --data-binary "@$body") || code=000
  probe_error="HTTP $code: $(head -c 200 "$work/probe.out" 2>/dev/null | tr '\n' ' ')"
  [[ $code == 2* ]]
}

phase() { # latency_ms
  start_upstream "$1"
  active=()
  for p in $paths; do
    case $p in
      direct) active+=(direct) ;;
      nginx)
        if ! $have_nginx; then :
        elif start_nginx; then active+=(nginx)
        else skipped nginx "did not start: $(tail -n 1 "$work/nginx/error.log" 2>/dev/null)"; fi ;;
      portkey)
        if ! $have_portkey; then :
        elif start_portkey; then active+=(portkey)
        else skipped portkey "did not start: $(tail -n 1 "$work/portkey.log" 2>/dev/null)"; fi ;;
      tollgate) start_tollgate "$1"; active+=(tollgate) ;;
    esac
  done
  local round i n=${#active[@]} stream
  plan=$work/plan-$1ms.tsv probed=()
  : >"$plan"
  # One unrecorded pass over every path first: the upstream and the gateways were just started,
  # and whichever path came first in round 1 would otherwise pay for their JIT warm-up.
  for stream in false true; do
    for p in "${active[@]}"; do measure "$p" "$1" warm-up "$stream" open; done
  done
  for ((round = 1; round <= rounds; round++)); do
    for stream in false true; do
      # Each round starts at another path, so no path is always first after a pause.
      for ((i = 0; i < n; i++)); do
        measure "${active[(i + round - 1) % n]}" "$1" "$round" "$stream" open
      done
    done
  done
  if [[ $saturation != 0 ]]; then
    for p in "${active[@]}"; do measure "$p" "$1" 1 false saturation; done
  fi
  run_plan
  stop_all
}

main() {
  build
  [[ " $paths " == *" tollgate "* ]] && prime_cds
  write_bodies
  check_simulate
  have_nginx=false have_portkey=false
  if [[ " $paths " == *" nginx "* ]]; then
    if ensure_nginx; then have_nginx=true; else skipped nginx "the nginx package could not be installed"; fi
  fi
  if [[ " $paths " == *" portkey "* ]]; then
    if command -v node >/dev/null && ensure_portkey; then have_portkey=true
    else skipped portkey "@portkey-ai/gateway or Node.js could not be installed"; fi
  fi
  skipped postgres "not built (the PostgreSQL store is a later issue)"
  note "Tollgate runs with auth (virtual key), a reservation across 4 nested hard budgets (global, team, key, end user), the durable SQLite ledger and Prometheus metrics (/metrics, on by default)."
  for l in $latencies; do phase "$l"; done

  local cores jdk when machine table
  cores=$(nproc)
  jdk=$("$java" -version 2>&1 | head -n 1)
  when=$(date -u '+%Y-%m-%d %H:%M UTC')
  machine="$cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
  table=$("$java" -cp "$benchjar" dev.tollgate.bench.load.Summary "$results")
  local report=$work/report.md
  {
    echo "### Gateway overhead, $when"
    echo
    echo "Machine: $machine, $jdk, load average before the run: $load_before. Command: \`$command_line\`"
    echo "($rounds round(s) × ${duration} s at $rate rps after ${warmup} s of warm-up per path; saturation ${saturation} s per path;"
    echo "Tollgate's JVM options: \`${TOLLGATE_JAVA_OPTS:-none (defaults)}\`; $(node --version 2>/dev/null || echo 'no Node.js') for Portkey; $(nginx -v 2>&1 || echo 'no nginx'))."
    echo
    echo "$table"
  } >"$report"
  cat "$report"
  local keep=${BENCH_OUT:-${TMPDIR:-/tmp}}/tollgate-bench-$(date -u +%Y%m%dT%H%M%S)
  cp "$report" "$keep.md" && cp "$results" "$keep.jsonl"
  log "report: $keep.md (raw results: $keep.jsonl)"
  if [[ $append == yes ]]; then
    { echo; cat "$report"; } >>"$repo/docs/BENCHMARKS.md"
    log "appended to docs/BENCHMARKS.md"
  fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
main
