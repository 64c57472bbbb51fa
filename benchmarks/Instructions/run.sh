#!/usr/bin/env bash
# Counts the instructions the collector executes per span received, under valgrind (cachegrind, no cache
# simulation): unlike spans per CPU-second on a shared 2-core machine (±20 % run to run), an instruction count barely
# moves between runs, so it resolves differences of a fraction of a percent. Each configuration runs once without
# load (start and stop only) and RUNS times with REQUESTS gRPC requests of 100 spans sent by h2load; per span =
# (instructions with load − instructions without) / spans.
#
# Configurations (CONFIGURATIONS="nop attributes" picks some): nop (otlp → batch → nop), zpages (the extension, no
# page open), zpages-capturing (capture: always, what an open page costs), attributes (an attributes processor doing an
# upsert and a delete on every span before the batch processor).
#
# Usage: benchmarks/Instructions/run.sh EXECUTABLE [REQUESTS] [RUNS]   (needs valgrind, h2load, python3)
set -euo pipefail
exe=${1:?usage: run.sh path/to/minicollector [requests] [runs]}
requests=${2:-2000}
runs=${3:-3}
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# valgrind cannot read the NativeAOT build's separate debug file; a copy without it runs the same code.
cp "$exe" "$work/minicollector"
python3 "$here/trace-body.py" "$work/body.grpc" > /dev/null

config() { # name → YAML
  local extensions="" list="" processors="batch"
  case "$1" in
    attributes) processors="attributes, batch" ;;
    zpages) extensions=$'extensions:\n  zpages:\n    endpoint: 127.0.0.1:15679'; list="  extensions: [zpages]" ;;
    zpages-capturing) extensions=$'extensions:\n  zpages:\n    endpoint: 127.0.0.1:15679\n    recent: {capture: always}'; list="  extensions: [zpages]" ;;
  esac
  cat <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:14317
processors:
  batch:
    send_batch_size: 1000
    timeout: 10ms
  attributes:
    actions:
      - {key: deployment.environment, value: prod, action: upsert}
      - {key: attr.0, action: delete}
exporters:
  nop:
$extensions
service:
$list
  telemetry:
    metrics:
      level: none
  pipelines:
    traces: {receivers: [otlp], processors: [$processors], exporters: [nop]}
YAML
}

# One run: start under valgrind, send $2 requests, stop; prints the instruction count.
measure() {
  local name=$1 count=$2 log="$work/$1.log"
  config "$name" > "$work/$name.yaml"
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$work/minicollector" --config "$work/$name.yaml" > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do grep -q "Everything is ready" "$log" && break; sleep 0.5; done
  grep -q "Everything is ready" "$log" || { cat "$log" >&2; exit 1; }
  if [ "$count" -gt 0 ]; then
    h2load -n "$count" -c 1 -m 4 -d "$work/body.grpc" -H 'content-type: application/grpc' -H 'te: trailers' \
      http://127.0.0.1:14317/opentelemetry.proto.collector.trace.v1.TraceService/Export | grep -q "$count succeeded" \
      || { echo "h2load did not get $count successes" >&2; exit 1; }
  fi
  kill -TERM "$pid"
  wait "$pid" || true
  grep "I *refs:" "$log" | tr -d ',' | awk '{print $NF}'
}

echo "| configuration | instructions without load | per span, each run | per span, mean |"
echo "|---|---:|---|---:|"
for name in ${CONFIGURATIONS:-nop zpages zpages-capturing attributes}; do
  base=$(measure "$name" 0)
  per=()
  for _ in $(seq 1 "$runs"); do
    total=$(measure "$name" "$requests")
    per+=("$(( (total - base) / (requests * 100) ))")
  done
  mean=$(printf '%s\n' "${per[@]}" | awk '{s+=$1} END {printf "%.0f", s/NR}')
  echo "| $name | $base | ${per[*]} | $mean |"
done
