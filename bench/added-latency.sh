#!/usr/bin/env bash
# Where the gateway's added latency goes, from the inside: starts the simulated provider (0 ms) and
# Tollgate with the four nested budgets of bench/run.sh, sends 10 s of unrecorded warm-up, then
# 1,000 rps straight to the provider and through Tollgate (all three in one load-generator JVM,
# LoadPlan, so the generator's JIT is done after the first), and prints both latency
# lines and, from Tollgate's own /metrics, the quantiles of the ledger commit (transaction and
# fsync; an answer waits for it only with storage.ledger_durability: power_loss, ADR 0007). A quick
# probe, not the benchmark: one round, no nginx or Portkey (bench/run.sh is the measurement).
#
#   bench/added-latency.sh [LABEL] [extra JVM options for Tollgate…]
#   e.g. bench/added-latency.sh gc -Xlog:gc:file=/tmp/gc.log
# Environment: DURATION (measured seconds, 10), WARMUP (seconds before each, 5), PRIME (seconds of
# the first, unrecorded pass through Tollgate, 10), PORT_BASE (18001: provider, +1 Tollgate).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
label=${1:-probe}; shift || true
opts="$*"
# shellcheck source=bin/find-jdk.sh
source "$repo/bin/find-jdk.sh"; tollgate_find_jdk
java=$TOLLGATE_JAVA
sim=${PORT_BASE:-18001}; tg=$((sim + 1))
work=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-added-$label.XXXXXX")
(cd "$repo" && ./mvnw -B -q -o -DskipTests -pl tollgate-server,tollgate-bench -am package) >"$work/build.log" 2>&1
jar=$repo/tollgate-bench/target/benchmarks.jar
echo '{"model":"gpt-4o-mini","user":"bench","max_tokens":64,"messages":[{"role":"user","content":"Say hello in five words."}]}' >"$work/plain.json"
"$repo/tollgate" simulate --port "$sim" --latency-ms 0 >"$work/sim.log" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
cat >"$work/tollgate.yaml" <<Y
server: {host: 127.0.0.1, port: $tg}
storage: {data_dir: $work/data}
providers:
  simulated: {base_url: "http://127.0.0.1:$sim/v1", catalog_provider: openai}
budgets:
  define:
    - {id: bench-global, scope: global, limit_usd: 1000000, period: daily}
    - {id: bench-team, scope: "team:demo", limit_usd: 1000000, period: daily}
    - {id: bench-key, scope: "key:demo", limit_usd: 1000000, period: daily}
    - {id: bench-end-user, scope: "end_user:bench", limit_usd: 1000000, period: daily}
Y
(cd "$work" && TOLLGATE_JAVA_OPTS="$opts" exec "$repo/tollgate" serve --config "$work/tollgate.yaml") >"$work/out.log" 2>&1 &
pids+=($!)
until curl -fs "http://127.0.0.1:$tg/healthz" >/dev/null 2>&1; do sleep 0.02; done
sleep 0.3
key=$(sed -n 's/^demo_key=//p' "$work/data/initial-keys.txt" | head -n 1)
# All three measurements in one load-generator JVM (LoadPlan), so its JIT is warm after the first.
line() { # url seconds warmup header("" for none) [more options…]: one plan line, tab-separated
  local args=(--url "$1" --body "$work/plain.json" --rate 1000 --duration "$2" --warmup "$3" --format markdown)
  if [[ -n $4 ]]; then args+=(-H "$4"); fi
  args+=("${@:5}")
  local IFS=$'\t'
  printf '%s\n' "${args[*]}"
}
{
  line "http://127.0.0.1:$tg/v1/chat/completions" "${PRIME:-10}" 0 "Authorization: Bearer $key" --no-output
  line "http://127.0.0.1:$sim/v1/chat/completions" "${DURATION:-10}" "${WARMUP:-5}" ""
  line "http://127.0.0.1:$tg/v1/chat/completions" "${DURATION:-10}" "${WARMUP:-5}" "Authorization: Bearer $key"
} >"$work/plan.tsv"
echo "## $label ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), Tollgate JVM options: ${opts:-none})"
"$java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$jar" dev.tollgate.bench.load.LoadPlan "$work/plan.tsv" 2>"$work/loadplan.log" |
  grep -E '^\| (latency|service)' | awk '{ print (NR <= 2 ? "direct " : "tollgate ") $0 }'
# Quantiles of a Prometheus histogram: the upper bound of the bucket holding each quantile.
curl -s "http://127.0.0.1:$tg/metrics" | awk -v name=tollgate_ledger_commit_duration_seconds '
  index($0, name "_bucket{") == 1 {
    match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); n = $NF
    les[++k] = le; cnt[le] = n
  }
  END {
    total = cnt["+Inf"]; out = "ledger commits: " total
    split("0.5 0.9 0.99", qs, " ")
    for (q = 1; q <= 3; q++) for (i = 1; i <= k; i++) if (cnt[les[i]] >= qs[q] * total) {
      out = out sprintf(", p%d <= %s s", qs[q] * 100, les[i]); break }
    print out
  }'
