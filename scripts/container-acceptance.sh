#!/usr/bin/env bash
# Builds the container image's shipped (final) stage from the real Dockerfile with a real Docker engine, offline, and
# checks the running container from the outside:
#   1. installs docker.io, debootstrap, docker-compose (Debian) if missing; starts dockerd if none answers, and stops
#      it on exit;
#   2. builds the local base once: `debootstrap --variant=minbase bookworm` plus what the chiseled runtime-deps base
#      gives (libssl3, CA certificates, the user "app" uid/gid 1654, ENV APP_UID), `docker import`ed; the rootfs
#      tarball is cached in MINICOLLECTOR_BASE_CACHE and the image stays in the engine between runs;
#   3. takes the NativeAOT executable MINICOLLECTOR_EXECUTABLE names, or publishes one with scripts/publish.sh;
#   4. builds the image: the Dockerfile with RUNTIME_IMAGE=<local base> and EXECUTABLE=prebuilt (see its header),
#      prints the image's size and the size of what it adds to the base;
#   5. runs it with its ports published on 127.0.0.1 only and checks: the HEALTHCHECK turns healthy (docker inspect),
#      the process runs as uid 1654, OTLP/HTTP JSON traces, metrics and logs are accepted and reach the debug
#      exporter, the self-metrics and the prometheus exporter on the published ports; `docker stop` → exit code 0
#      with a batch sent just before it flushed; the same with --read-only --tmpfs /tmp --memory 64m; a config
#      mounted at /etc/minicollector/config.yaml replaces the image's; `validate` accepts a good config and names
#      the error in a bad one.
#   6. seed 000's stack from examples/compose with Debian's docker-compose (1.29): docker-compose.yaml plus
#      docker-compose.local.yaml, which swaps in the image built above and Prometheus from Debian's package (an
#      image built on the local base from examples/compose/prometheus-debian, kept in the engine between runs and
#      rebuilt when its build context or the base changes) and binds the stack's published ports (the fixed 4317, 4318,
#      8888, 8889, 13133 and 9090 users get) to 127.0.0.1. Starts minicollector and prometheus (Grafana and
#      telemetrygen have no image here), sends OTLP/HTTP JSON metrics to the collector's published port and asks
#      Prometheus's HTTP API: both scrape jobs up at minicollector:8889 and minicollector:8888 (the service name,
#      resolved on the Compose network), the sent series and the collector's otelcol_receiver_accepted_metric_points
#      there; docker-compose stop → exit 0 for both, no restarts; docker-compose down -v.
#   7. with --hold: starts one more container as users run it and hands it over (see --hold).
# Every step is bounded in time; every container and network the script creates is removed on exit.
#
# usage: sudo scripts/container-acceptance.sh [--keep-image] [--hold]
#   --keep-image   leave the built image (minicollector:acceptance) in the engine (the base and the compose stack's
#                  Prometheus image stay there anyway, as caches)
#   --hold         after the checks, start the image once more (ports published on 127.0.0.1), print
#                  "container-acceptance: ready name=... grpc=PORT http=PORT telemetry=PORT prometheus=PORT health=PORT"
#                  and keep it running until standard input is closed or the script gets SIGTERM/SIGINT; then
#                  `docker stop` it (exit code 0 expected) and print its log, each line prefixed "container-log: ".
#                  The end-to-end test ContainerAcceptanceTests sends OTLP with the OpenTelemetry .NET SDK meanwhile.
# environment:
#   MINICOLLECTOR_EXECUTABLE  a NativeAOT executable published by scripts/publish.sh for this machine (.ci/run's)
#   MINICOLLECTOR_BASE_CACHE  where the base's rootfs tarball is kept (default: ${XDG_CACHE_HOME:-$HOME/.cache}/minicollector)
#   DEBIAN_MIRROR             debootstrap's mirror (default: http://deb.debian.org/debian)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keep_image=false
hold=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep-image) keep_image=true; shift ;;
    --hold) hold=true; shift ;;
    -h | --help) sed -n '2,41p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "container-acceptance: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "container-acceptance: $*"; }
fail() { echo "container-acceptance: FAIL: $*" >&2; exit 1; }
# step NAME: prints how long the previous step took and starts timing the next.
step_name="" step_start=$SECONDS
step() {
  [[ -z $step_name ]] || say "$step_name: $((SECONDS - step_start)) s"
  step_name=$1 step_start=$SECONDS
}

[[ $EUID -eq 0 ]] || fail "run as root: it installs packages, may start dockerd and runs debootstrap"

suite="bookworm"
base_image="minicollector-local-base:$suite"
image="minicollector:acceptance"
prefix="minicollector-acceptance-$$"
cache="${MINICOLLECTOR_BASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/minicollector}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
image_uid=1654
# The compose stack: a project name of its own, so that `down` removes only what this run started.
compose_dir="$root/examples/compose"
compose_project="minicollector-compose-$$"
compose_started=false
compose() {
  timeout "${compose_timeout:-180}" docker-compose -p "$compose_project" \
    -f "$compose_dir/docker-compose.yaml" -f "$compose_dir/docker-compose.local.yaml" "$@"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/minicollector-container.XXXXXX")
dockerd_pid=""
containers=()
networks=()
cleanup() {
  local status=$?
  set +e
  $compose_started && compose down -v --remove-orphans > /dev/null 2>&1
  for c in "${containers[@]}"; do timeout 60 "$docker" rm -f "$c" > /dev/null 2>&1; done
  for n in "${networks[@]}"; do timeout 60 "$docker" network rm "$n" > /dev/null 2>&1; done
  if [[ -n ${built_image:-} ]] && ! $keep_image; then timeout 60 "$docker" image rm "$image" > /dev/null 2>&1; fi
  if [[ -n $dockerd_pid ]]; then
    say "stopping the dockerd this script started (pid $dockerd_pid)"
    kill -TERM "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 300); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$dockerd_pid" 2>/dev/null && kill -KILL "$dockerd_pid" 2>/dev/null
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# 1. The engine and the tools.
step "packages"
packages=()
command -v dockerd > /dev/null 2>&1 || packages+=(docker.io)
command -v debootstrap > /dev/null 2>&1 || packages+=(debootstrap)
command -v curl > /dev/null 2>&1 || packages+=(curl)
# Debian's docker-compose (1.29) also brings python3 and its yaml module, which the compose stage reads JSON and YAML with.
command -v docker-compose > /dev/null 2>&1 || packages+=(docker-compose)
if [[ ${#packages[@]} -gt 0 ]]; then
  say "installing: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq
  timeout 600 apt-get install -y -qq --no-install-recommends "${packages[@]}" > /dev/null
fi
# The build needs BuildKit. A docker client without the buildx plugin (such as a bare static client) can only use the
# legacy builder, which builds every stage; docker.io's own client (/usr/bin/docker) drives the engine's BuildKit.
docker=docker
if ! docker buildx version > /dev/null 2>&1 && [[ -x /usr/bin/docker ]]; then
  docker=/usr/bin/docker
fi
export DOCKER_BUILDKIT=1

step "engine"
if ! timeout 20 "$docker" info > /dev/null 2>&1; then
  say "no Docker engine answers; starting dockerd (log: $work/dockerd.log)"
  dockerd > "$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 600); do
    timeout 5 "$docker" info > /dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || { tail -30 "$work/dockerd.log" >&2; dockerd_pid=""; fail "dockerd exited during start-up"; }
    sleep 0.1
  done
  timeout 5 "$docker" info > /dev/null 2>&1 || { tail -30 "$work/dockerd.log" >&2; fail "dockerd did not answer within 60 s"; }
fi
say "engine: $("$docker" version -f 'server {{.Server.Version}}, client {{.Client.Version}}') ($docker)," \
  "$("$docker" info -f 'storage {{.Driver}}, cgroup v{{.CgroupVersion}} ({{.CgroupDriver}})')"

# 2. The local base, in place of mcr.microsoft.com/dotnet/runtime-deps (no registry is reachable here).
step "base"
if timeout 30 "$docker" image inspect "$base_image" > /dev/null 2>&1; then
  say "base: $base_image is in the engine already"
else
  tarball="$cache/debian-$suite-minbase-app.tar"
  if [[ ! -f $tarball ]]; then
    say "base: debootstrap --variant=minbase $suite from $mirror"
    mkdir -p "$cache"
    rootfs="$work/rootfs"
    timeout 900 debootstrap --variant=minbase --include=ca-certificates,libssl3 "$suite" "$rootfs" "$mirror" \
      > "$work/debootstrap.log" 2>&1 || { tail -30 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
    # runtime-deps' user: "app", uid/gid 1654, home /home/app.
    chroot "$rootfs" groupadd --gid "$image_uid" app
    chroot "$rootfs" useradd --uid "$image_uid" --gid "$image_uid" --create-home --home-dir /home/app --shell /usr/sbin/nologin app
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
      "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    tar -C "$rootfs" --numeric-owner -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs"
  else
    say "base: from the cached $tarball"
  fi
  # The environment runtime-deps sets.
  timeout 300 "$docker" import \
    --change "ENV APP_UID=$image_uid" \
    --change "ENV ASPNETCORE_HTTP_PORTS=8080" \
    --change "ENV DOTNET_RUNNING_IN_CONTAINER=true" \
    --change "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true" \
    "$tarball" "$base_image" > /dev/null
fi

# 3. The executable.
step "executable"
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) fail "unsupported machine $(uname -m)" ;;
esac
executable="${MINICOLLECTOR_EXECUTABLE:-}"
if [[ -z $executable ]]; then
  say "publishing ($rid) with scripts/publish.sh"
  timeout 1800 bash "$root/scripts/publish.sh" "$rid" "$work/publish" > "$work/publish.log" 2>&1 \
    || { tail -30 "$work/publish.log" >&2; fail "publish failed"; }
  executable="$work/publish/minicollector"
fi
[[ -x $executable ]] || fail "no executable at $executable"
version=$("$executable" --version) || fail "$executable --version failed"
[[ $version == *"(NativeAOT)"* ]] || fail "$executable is not the NativeAOT executable: $version"
say "executable: $executable, $version, $(stat -c %s "$executable") bytes"

# 4. The image: the Dockerfile's final stage. The context holds what that stage reads. The parser directive
# (# syntax=docker/dockerfile:1) would make BuildKit fetch the Dockerfile frontend from docker.io, which is not
# reachable; without it the engine's built-in frontend reads the same file.
step "build"
context="$work/context"
install -D -m 0755 "$executable" "$context/minicollector"
install -D -m 0644 "$root/examples/image/config.yaml" "$context/examples/image/config.yaml"
sed '/^# *syntax=/d' "$root/Dockerfile" > "$work/Dockerfile"
revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
timeout 600 "$docker" build --progress=plain -f "$work/Dockerfile" \
  --build-arg RUNTIME_IMAGE="$base_image" --build-arg EXECUTABLE=prebuilt --build-arg REVISION="$revision" \
  -t "$image" "$context" > "$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; fail "docker build failed"; }
built_image=yes
image_size=$("$docker" image inspect -f '{{.Size}}' "$image")
base_size=$("$docker" image inspect -f '{{.Size}}' "$base_image")
say "image: $image $(("$image_size" / 1000000)) MB ($image_size bytes): the base $base_image $((base_size / 1000000)) MB" \
  "+ $(((image_size - base_size) / 1000)) kB of MiniCollector layers"
"$docker" history --format '  {{.Size}}\t{{.CreatedBy}}' "$image" | head -12 | cut -c1-140

# 5. The container.
network="$prefix"
"$docker" network create "$network" > /dev/null
networks+=("$network")

# run NAME DOCKER_RUN_ARGS... [-- IMAGE_ARGS...]: starts a container with every exposed port published on
# 127.0.0.1 (the host picks the port); the image's HEALTHCHECK command, asked every second instead of every 30 s.
run() {
  local name="$prefix-$1"; shift
  local opts=() args=()
  while [[ $# -gt 0 && $1 != -- ]]; do opts+=("$1"); shift; done
  [[ $# -gt 0 ]] && { shift; args=("$@"); }
  containers+=("$name")
  timeout 60 "$docker" run -d --name "$name" --network "$network" --health-interval 1s \
    -p 127.0.0.1::4317 -p 127.0.0.1::4318 -p 127.0.0.1::8888 -p 127.0.0.1::8889 -p 127.0.0.1::13133 \
    "${opts[@]}" "$image" "${args[@]}" > /dev/null
}
port() { "$docker" port "$prefix-$1" "$2/tcp" | grep '^127\.0\.0\.1:' | head -1 | cut -d: -f2; }
status() { "$docker" inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$prefix-$1"; }
wait_healthy() {
  local s
  for _ in $(seq 1 600); do
    s=$(status "$1")
    [[ $s == "running healthy" ]] && return 0
    [[ $s == running* ]] || { "$docker" logs "$prefix-$1" 2>&1 | tail -30 >&2; fail "$1: the container is $s"; }
    sleep 0.1
  done
  "$docker" logs "$prefix-$1" 2>&1 | tail -30 >&2
  fail "$1: not healthy within 60 s ($s)"
}
# post NAME PATH JSON: an OTLP/HTTP JSON request to the container's published 4318; expects 200.
post() { post_to "$1" "http://127.0.0.1:$(port "$1" 4318)$2" "$3"; }
# post_to WHO URL JSON: an OTLP/HTTP JSON request; expects 200.
post_to() {
  local code
  code=$(curl -sS -m 10 -o "$work/response" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "$3" "$2")
  [[ $code == 200 ]] || fail "$1: POST $2 answered $code: $(cat "$work/response")"
}
# scrape_until NAME PORT REGEX: the container's /metrics on PORT until a line matches (10 s at most).
scrape_until() {
  for _ in $(seq 1 100); do
    curl -sS -m 5 "http://127.0.0.1:$(port "$1" "$2")/metrics" > "$work/scrape" 2>/dev/null || true
    grep -Eq "$3" "$work/scrape" && return 0
    sleep 0.1
  done
  fail "$1: :$2/metrics never showed /$3/:"$'\n'"$(cat "$work/scrape")"
}
# stop NAME: docker stop (SIGTERM, 30 s before SIGKILL); expects exit code 0 and a clean shutdown.
stop() {
  timeout 60 "$docker" stop -t 30 "$prefix-$1" > /dev/null
  local code oom
  code=$("$docker" inspect -f '{{.State.ExitCode}}' "$prefix-$1")
  oom=$("$docker" inspect -f '{{.State.OOMKilled}}' "$prefix-$1")
  [[ $code == 0 && $oom == false ]] || { "$docker" logs "$prefix-$1" 2>&1 | tail -30 >&2; fail "$1: exit code $code (OOMKilled $oom) after docker stop"; }
  "$docker" logs "$prefix-$1" 2>&1 | grep -q "Shutdown complete." || fail "$1: no \"Shutdown complete.\" in its log"
}

now=$(date +%s)000000000
traces='{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"container-acceptance"}}]},"scopeSpans":[{"spans":[
 {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"a","kind":2,"startTimeUnixNano":"'$now'","endTimeUnixNano":"'$now'"},
 {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","name":"b","kind":2,"startTimeUnixNano":"'$now'","endTimeUnixNano":"'$now'"},
 {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b176","name":"c","kind":2,"startTimeUnixNano":"'$now'","endTimeUnixNano":"'$now'"}]}]}]}'
metrics='{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"container-acceptance"}}]},"scopeMetrics":[{"metrics":[
 {"name":"container.acceptance.orders","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"asInt":"42","timeUnixNano":"'$now'"}]}}]}]}]}'
logs='{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"container-acceptance"}}]},"scopeLogs":[{"logRecords":[
 {"timeUnixNano":"'$now'","severityNumber":9,"body":{"stringValue":"hello from the container acceptance run"}}]}]}]}'

# The image as users run it.
step "run"
run plain
wait_healthy plain
pid=$("$docker" inspect -f '{{.State.Pid}}' "$prefix-plain")
read -r _ real_uid effective_uid _ < <(grep '^Uid:' "/proc/$pid/status")
[[ $real_uid == "$image_uid" && $effective_uid == "$image_uid" ]] || fail "plain: the process runs as uid $real_uid/$effective_uid, not $image_uid"
say "plain: healthy (HEALTHCHECK), uid $effective_uid, ports $("$docker" port "$prefix-plain" | paste -sd ' ')"

post plain /v1/traces "$traces"
post plain /v1/metrics "$metrics"
post plain /v1/logs "$logs"
scrape_until plain 8888 '^otelcol_receiver_accepted_spans\{[^}]*transport="http"[^}]*\} 3$'
scrape_until plain 8888 '^otelcol_receiver_accepted_log_records\{[^}]*transport="http"[^}]*\} 1$'
scrape_until plain 8889 '^container_acceptance_orders_total\{[^}]*\} 42$'
say "plain: OTLP/HTTP JSON traces (3 spans), metrics, logs accepted; self-metrics on :8888; the series on :8889"

# docker stop: a batch sent just before it reaches the debug exporter.
post plain /v1/traces "$traces"
stop plain
"$docker" logs "$prefix-plain" > "$work/plain.log" 2>&1
spans_out=$(grep -o '"spans": [0-9]*' "$work/plain.log" | awk '{ n += $2 } END { print n + 0 }')
[[ $spans_out == 6 ]] || fail "plain: the debug exporter printed $spans_out spans, expected 6:"$'\n'"$(tail -30 "$work/plain.log")"
grep -q '"log records": 1' "$work/plain.log" || fail "plain: the log record did not reach the debug exporter"
say "plain: docker stop → exit 0, Shutdown complete., all 6 spans printed by the debug exporter"

# Locked down: read-only root, a tmpfs /tmp, 64 MiB of memory and no swap beyond it.
step "locked-down"
run locked --read-only --tmpfs /tmp --memory 64m --memory-swap 64m
wait_healthy locked
post locked /v1/traces "$traces"
post locked /v1/metrics "$metrics"
scrape_until locked 8889 '^container_acceptance_orders_total\{[^}]*\} 42$'
locked_id=$("$docker" inspect -f '{{.Id}}' "$prefix-locked")
peak=""
for f in "/sys/fs/cgroup/memory/docker/$locked_id/memory.max_usage_in_bytes" "/sys/fs/cgroup/system.slice/docker-$locked_id.scope/memory.peak"; do
  [[ -r $f ]] && peak=$(($(cat "$f") / 1048576)) && break
done
stop locked
say "locked: --read-only --tmpfs /tmp --memory 64m: healthy, took traffic, exit 0 on docker stop${peak:+, peak memory $peak MiB}"

# A user's config at the documented path replaces the image's; validate as the README shows it.
step "config"
user_dir="$work/user"
mkdir -p "$user_dir"
# user_config VERBOSITY: a user's config, the debug exporter printing logs at VERBOSITY. The good config and the bad one
# differ only there, so validate's error on the bad one can only be about that key.
user_config() {
  cat << EOF
extensions:
  health_check:
    endpoint: 0.0.0.0:13133
receivers:
  otlp:
    protocols:
      http:
        endpoint: 0.0.0.0:4318
exporters:
  debug:
    verbosity: $1
service:
  extensions: [health_check]
  pipelines:
    logs:
      receivers: [otlp]
      exporters: [debug]
EOF
}
# validate FILE: the image's validate on FILE mounted at the documented path; prints what it says, returns its exit code.
validate() {
  timeout 60 "$docker" run --rm -v "$1:/etc/minicollector/config.yaml:ro" "$image" \
    validate --config /etc/minicollector/config.yaml 2>&1
}
user_config detailed > "$user_dir/config.yaml"
user_config loud > "$user_dir/bad.yaml"
chmod 0755 "$work" "$user_dir"
chmod 0644 "$user_dir"/*.yaml
set +e
validate_good=$(validate "$user_dir/config.yaml")
good_code=$?
validate_bad=$(validate "$user_dir/bad.yaml")
bad_code=$?
set -e
[[ $good_code == 0 ]] || fail "validate on the user config exited $good_code: $validate_good"
[[ $bad_code != 0 ]] || fail "validate accepted a config with verbosity: loud: $validate_bad"
grep -q 'verbosity' <<< "$validate_bad" || fail "validate's error does not name the key: $validate_bad"
say "validate: good config → 0 ($(head -1 <<< "$validate_good")); bad → $bad_code ($(grep -m1 verbosity <<< "$validate_bad"))"

run user -v "$user_dir/config.yaml:/etc/minicollector/config.yaml:ro"
wait_healthy user
post user /v1/logs "$logs"
stop user
"$docker" logs "$prefix-user" > "$work/user.log" 2>&1
grep -q "Serving Prometheus metrics" "$work/user.log" && fail "user: the image's config ran (the prometheus exporter started)"
grep -q "hello from the container acceptance run" "$work/user.log" || fail "user: the detailed debug output lacks the log body"
say "user config: replaced the image's (no prometheus exporter, detailed debug printed the log body), exit 0"

# 6. Seed 000's stack from examples/compose, with Debian's docker-compose: the user-facing docker-compose.yaml plus
# docker-compose.local.yaml (local images, ports on 127.0.0.1). Prometheus must find the collector by its service name
# on the Compose network and scrape what was sent to the collector.

# within SECONDS COMMAND...: runs COMMAND every half second until it succeeds; fails (status 1) after SECONDS.
within() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
# prometheus_api PATH [CURL_ARGS...]: a GET to the stack's Prometheus on its published port, into $work/api.json.
prometheus_api() {
  local path=$1; shift
  curl -sSf -m 5 -G -o "$work/api.json" "$@" "http://127.0.0.1:$prometheus_port$path" 2>/dev/null
}
# targets_up: the active targets are exactly the collector's two jobs, at its service name, both up.
targets_up() {
  prometheus_api /api/v1/targets || return 1
  python3 -c 'import json, sys
for t in json.load(sys.stdin)["data"]["activeTargets"]:
    print(t["labels"]["job"], t["scrapeUrl"], t["health"])' < "$work/api.json" | sort > "$work/targets"
  [[ $(cat "$work/targets") == "$expected_targets" ]]
}
# query_is PROMQL "INSTANCE VALUE": Prometheus answers PROMQL with exactly that one series.
query_is() {
  prometheus_api /api/v1/query --data-urlencode "query=$1" || return 1
  python3 -c 'import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    print(r["metric"].get("instance", ""), r["value"][1])' < "$work/api.json" > "$work/query"
  [[ $(cat "$work/query") == "$2" ]]
}
compose_fail() {
  compose logs --no-color --tail=30 >&2 || true
  fail "compose: $*"
}

compose_stack() {
  local stage_start=$SECONDS
  step "compose-images"
  # What the override runs, as docker-compose reads it (python3 and its yaml module come with docker-compose).
  local fields=()
  compose config > "$work/compose-config.yaml" 2> "$work/compose-config.err" \
    || { cat "$work/compose-config.err" >&2; fail "compose: docker-compose cannot read docker-compose.yaml with docker-compose.local.yaml"; }
  mapfile -t fields < <(python3 -c 'import sys, yaml
s = yaml.safe_load(sys.stdin)["services"]
p = s["prometheus"]
print(s["minicollector"]["image"]); print(p["image"]); print(p["build"]["args"]["BASE_IMAGE"]); print(p["build"]["context"])' \
    < "$work/compose-config.yaml")
  [[ ${#fields[@]} == 4 ]] || fail "compose: the override names no image for minicollector, or no image and build (BASE_IMAGE) for prometheus"
  local collector_image=${fields[0]} prometheus_image=${fields[1]} prometheus_base=${fields[2]} prometheus_context=${fields[3]}
  [[ $collector_image == "$image" ]] || fail "compose: the override runs $collector_image, not the image built above ($image)"
  [[ $prometheus_base == "$base_image" ]] || fail "compose: the override builds Prometheus on $prometheus_base, not on $base_image"

  # Prometheus from Debian's package, built on the local base once: kept in the engine under a tag named after its
  # build context's content and the base's id, so a change to either builds it again.
  local key cached built="in the engine already"
  key=$({ (cd "$prometheus_context" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    "$docker" image inspect -f '{{.Id}}' "$base_image"; } | sha256sum | cut -c1-16)
  cached="${prometheus_image%:*}:cache-$key"
  if timeout 30 "$docker" image inspect "$cached" > /dev/null 2>&1; then
    "$docker" tag "$cached" "$prometheus_image"
  else
    local build_start=$SECONDS
    # Through the engine's API (docker-compose's own builder): with DOCKER_BUILDKIT=1, as exported above, it would run
    # the docker client on PATH, which may lack the buildx plugin. One stage needs nothing BuildKit adds.
    DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0 compose_timeout=900 compose build prometheus > "$work/prometheus-build.log" 2>&1 \
      || { tail -30 "$work/prometheus-build.log" >&2; fail "compose: docker-compose build prometheus failed"; }
    "$docker" tag "$prometheus_image" "$cached"
    "$docker" image ls --format '{{.Repository}}:{{.Tag}}' "${prometheus_image%:*}" | grep ':cache-' | grep -vxF "$cached" \
      | xargs -r timeout 60 "$docker" image rm > /dev/null || true
    built="built by docker-compose build in $((SECONDS - build_start)) s"
  fi
  say "compose: $prometheus_image ($built, cache key $key):" \
    "$(timeout 30 "$docker" run --rm --network none "$prometheus_image" --version 2>&1 | head -1)," \
    "$(("$("$docker" image inspect -f '{{.Size}}' "$prometheus_image")" / 1000000)) MB"

  step "compose"
  compose_started=true
  # depends_on makes `up` wait for the collector's HEALTHCHECK before it starts Prometheus.
  compose up -d --no-build minicollector prometheus > "$work/compose-up.log" 2>&1 \
    || { cat "$work/compose-up.log" >&2; compose_fail "up failed (the stack's host ports 4317, 4318, 8888, 8889, 13133 and 9090 must be free on 127.0.0.1)"; }
  local collector prometheus network="${compose_project}_default" members bindings b
  collector=$(compose ps -q minicollector || true)
  prometheus=$(compose ps -q prometheus || true)
  [[ -n $collector && -n $prometheus ]] || compose_fail "up did not leave both containers"
  members=$("$docker" network inspect -f '{{range .Containers}}{{.Name}} {{end}}' "$network")
  [[ $members == *"${compose_project}_minicollector_1 "* && $members == *"${compose_project}_prometheus_1 "* ]] \
    || compose_fail "the network $network holds \"$members\", not both services"
  bindings=$("$docker" inspect -f '{{range $port, $bound := .NetworkSettings.Ports}}{{range $bound}}{{.HostIp}}:{{.HostPort}} {{end}}{{end}}' "$collector" "$prometheus")
  for b in $bindings; do
    [[ $b == 127.0.0.1:* ]] || compose_fail "a port is published on $b, not on 127.0.0.1 only (published: $bindings)"
  done
  [[ $("$docker" inspect -f '{{.State.Health.Status}}' "$collector") == healthy ]] || compose_fail "minicollector is not healthy after up"
  say "compose: up (project $compose_project): minicollector healthy, prometheus started, both on $network;" \
    "published on $(wc -w <<< "$bindings") ports of 127.0.0.1 only"

  local collector_http prometheus_port
  collector_http=$(compose port minicollector 4318)
  prometheus_port=$(compose port prometheus 9090 | cut -d: -f2)
  within 30 prometheus_api /-/ready || compose_fail "Prometheus not ready within 30 s"

  local now compose_metrics
  now=$(date +%s)000000000
  compose_metrics='{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"compose-acceptance"}}]},"scopeMetrics":[{"metrics":[
 {"name":"container.acceptance.orders","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"asInt":"42","timeUnixNano":"'$now'"}]}}]}]}]}'
  post_to compose "http://$collector_http/v1/metrics" "$compose_metrics"
  local sent=$SECONDS

  # prometheus.yml scrapes every 5 s; both targets by the collector's service name.
  local expected_targets
  expected_targets=$(printf '%s\n' "minicollector http://minicollector:8888/metrics up" \
    "minicollector-exporter http://minicollector:8889/metrics up" | sort)
  within 60 targets_up || compose_fail "Prometheus's targets are not both up at the service name within 60 s:"$'\n'"$(cat "$work/targets" 2>/dev/null)"
  # honor_labels keeps the job the exporter writes from service.name; the instance is the target Prometheus scraped.
  within 60 query_is 'container_acceptance_orders_total{job="compose-acceptance"}' "minicollector:8889 42" \
    || compose_fail "Prometheus has no container_acceptance_orders_total 42 from minicollector:8889 within 60 s: $(cat "$work/query" 2>/dev/null)"
  within 60 query_is 'otelcol_receiver_accepted_metric_points{job="minicollector",transport="http"}' "minicollector:8888 1" \
    || compose_fail "Prometheus has no otelcol_receiver_accepted_metric_points 1 (http) from minicollector:8888 within 60 s: $(cat "$work/query" 2>/dev/null)"
  say "compose: Prometheus (127.0.0.1:$prometheus_port) scrapes minicollector:8889 and minicollector:8888 (both up);" \
    "container_acceptance_orders_total{job=\"compose-acceptance\"} 42 and otelcol_receiver_accepted_metric_points{transport=\"http\"} 1" \
    "after one OTLP/HTTP JSON request to $collector_http ($((SECONDS - sent)) s from the request to the last answer)"

  compose stop -t 30 > /dev/null 2>&1 || compose_fail "stop failed"
  local codes
  # restart: unless-stopped would hide a crash behind a fresh container: no restarts either.
  codes=$("$docker" inspect -f '{{.State.ExitCode}}/{{.RestartCount}}' "$collector" "$prometheus" | paste -sd ' ')
  [[ $codes == "0/0 0/0" ]] || compose_fail "exit code/restarts after docker-compose stop: $codes (minicollector, prometheus), expected 0/0 0/0"
  "$docker" logs "$collector" 2>&1 | grep -q "Shutdown complete." || compose_fail "no \"Shutdown complete.\" in minicollector's log"
  compose down -v --remove-orphans > /dev/null 2>&1 || compose_fail "down failed"
  compose_started=false
  [[ -z $("$docker" ps -aq --filter "label=com.docker.compose.project=$compose_project") ]] || fail "compose: containers left after down"
  ! timeout 30 "$docker" network inspect "$network" > /dev/null 2>&1 || fail "compose: $network left after down"
  say "compose: docker-compose stop → exit 0 (minicollector, Shutdown complete.) and 0 (prometheus), no restarts; down -v removed the containers and $network"
  step ""
  say "compose stack: passed in $((SECONDS - stage_start)) s"
}

compose_stack

# 7. The image handed over to the caller, who sends OTLP to it; released by closing our standard input or a signal.
if $hold; then
  step "hold"
  run held
  wait_healthy held
  say "ready name=$prefix-held grpc=$(port held 4317) http=$(port held 4318) telemetry=$(port held 8888)" \
    "prometheus=$(port held 8889) health=$(port held 13133)"
  released=""
  trap 'released=${released:-signal}' TERM INT
  # A background command's standard input would be /dev/null; fd 3 keeps the caller's.
  exec 3<&0
  cat <&3 > /dev/null &
  reader=$!
  wait "$reader" || true
  kill "$reader" 2> /dev/null || true
  trap - TERM INT
  say "released (${released:-standard input closed}); docker stop"
  stop held
  "$docker" logs "$prefix-held" 2>&1 | sed 's/^/container-log: /'
  say "held: docker stop → exit 0, Shutdown complete."
fi

step ""
say "image size: $image_size bytes ($(("$image_size" / 1000000)) MB); MiniCollector layers over the base: $((image_size - base_size)) bytes"
say "PASS"
