#!/usr/bin/env bash
# The ledger at 10 million events (issues 5 and 6): fills a data directory with a realistic ledger
# (once; LedgerFill, through the store's own append transaction), then measures it: the size on
# disk, the reports through UsageReports, the start-up steps in process (LedgerScale), the gateway's
# start-up to ready with that database (`./tollgate serve`, launch to the first 200 from /healthz),
# the monthly report by model and day over HTTP, and the daily retention purge on a copy.
#
#   bench/ledger-scale.sh                      # 10 million events in /tmp/tollgate-ledger-10m
#   LEDGER_EVENTS=1000000 LEDGER_DIR=/tmp/l1m bench/ledger-scale.sh
#
# Environment: LEDGER_DIR (data directory, kept between runs; remove it to fill anew),
# LEDGER_EVENTS (10000000), LEDGER_RUNS (repeats per report, 20), LEDGER_PORT (4600),
# LEDGER_SKIP (words among: serve http purge). The fill takes about 10 minutes on 2 cores and the
# directory about 6 GB; the purge copies it once more and removes the copy.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
dir=${LEDGER_DIR:-/tmp/tollgate-ledger-10m}
events=${LEDGER_EVENTS:-10000000}
runs=${LEDGER_RUNS:-20}
port=${LEDGER_PORT:-4600}
skip=" ${LEDGER_SKIP:-} "
log() { printf '[ledger-scale %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# shellcheck source=bin/find-jdk.sh
source "$repo/bin/find-jdk.sh"
tollgate_find_jdk || exit 1
java=$TOLLGATE_JAVA

log "building the server and the bench jar (offline)…"
(cd "$repo" && JAVA_HOME=$TOLLGATE_JAVA_HOME ./mvnw -B -q -o -DskipTests -Dspotless.check.skip=true \
  -Denforcer.skip=true -pl tollgate-server,tollgate-bench -am package) >/tmp/ledger-scale-build.log 2>&1 </dev/null ||
  { tail -n 40 /tmp/ledger-scale-build.log >&2; exit 1; }
bench=(--enable-native-access=ALL-UNNAMED -cp "$repo/tollgate-bench/target/benchmarks.jar")

echo "Machine: $(nproc) cores, $("$java" -version 2>&1 | head -1), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ! -f $dir/tollgate.db ]]; then
  log "filling $dir with $events events…"
  /usr/bin/time -f 'fill: %e s wall, %M KB max RSS' \
    "$java" "${bench[@]}" dev.tollgate.bench.ledger.LedgerFill --dir "$dir" --events "$events"
fi
"$java" "${bench[@]}" dev.tollgate.bench.ledger.LedgerScale --dir "$dir" --runs "$runs"

if [[ $skip != *" serve "* ]]; then
  work=$(mktemp -d /tmp/ledger-scale.XXXXXX)
  "$java" "${bench[@]}" dev.tollgate.bench.ledger.LedgerScale --dir "$dir" --config-out "$work/tollgate.yaml" --port "$port"
  admin=tga-ledger-scale-$RANDOM$RANDOM$RANDOM
  start() { # starts the gateway on the filled ledger; prints the milliseconds from launch to ready
    local t0 pid
    t0=$(date +%s%N)
    (cd "$work" && TOLLGATE_ADMIN_KEY=$admin exec "$repo/tollgate" serve --config "$work/tollgate.yaml") >"$work/out.log" 2>&1 &
    pid=$!
    echo "$pid" >"$work/pid"
    until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
      kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; exit 1; }
      sleep 0.02
    done
    echo $((($(date +%s%N) - t0) / 1000000))
  }
  stop() { kill "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true; }
  start >/dev/null && stop # once unmeasured: writes the class-data-sharing archive, as bench/run.sh does
  echo
  echo "### Gateway start-up with this ledger (./tollgate serve, launch to the first 200 from /healthz)"
  echo
  echo "| start | launch to ready | banner says |"
  echo "|---|---|---|"
  for i in 1 2 3; do
    ms=$(start)
    echo "| $i | $ms ms | $(grep -o 'ready in [0-9]* ms' "$work/out.log") |"
    [[ $i == 3 && $skip != *" http "* ]] || stop
  done
  if [[ $skip != *" http "* ]]; then
    echo
    echo "### Reports over HTTP (curl, $runs runs after 3 warm-ups; the page and the totals line)"
    echo
    echo "| request | median | p95 | max |"
    echo "|---|---|---|---|"
    for q in 'group_by=model,day&from=2026-11-01&to=2026-12-01&limit=1000' \
      'group_by=team,day&from=2026-11-01&to=2026-12-01&limit=1000' \
      'group_by=team,model&from=2026-11-01&to=2026-12-01&limit=1000' \
      'group_by=model,day&team=team-001&from=2026-11-01&to=2026-12-01&limit=1000'; do
      url="http://127.0.0.1:$port/admin/v1/usage?$q"
      for _ in 1 2 3; do curl -fs -o /dev/null -H "Authorization: Bearer $admin" "$url"; done
      for _ in $(seq "$runs"); do
        curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $admin" "$url"
      done | sort -n | awk -v q="$q" '{t[NR] = $1 * 1000} END {
        p = int(0.95 * NR + 0.999); printf "| `/admin/v1/usage?%s` | %.1f ms | %.1f ms | %.1f ms |\n", q, t[int((NR + 1) / 2)], t[p], t[NR] }'
    done
    stop
  fi
  rm -rf "$work"
fi

if [[ $skip != *" purge "* ]]; then
  copy=$dir-purge-copy
  rm -rf "$copy" && mkdir -p "$copy"
  cp "$dir"/tollgate.db* "$copy"/
  echo
  echo "### The daily retention purge (on a copy)"
  echo
  "$java" "${bench[@]}" dev.tollgate.bench.ledger.LedgerScale --dir "$copy" --purge-days 1 | tail -n +3
  rm -rf "$copy"
fi
