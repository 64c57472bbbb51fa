#!/usr/bin/env bash
# Builds the container image's shipped (final) stage from the real Dockerfile with a real Docker engine, offline, and
# checks the running container from the outside:
#   1. installs docker.io, debootstrap (Debian) if missing; starts dockerd if none answers, and stops it on exit;
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
#   6. with --hold: starts one more container as users run it and hands it over (see --hold).
# Every step is bounded in time; every container and network the script creates is removed on exit.
#
# usage: sudo scripts/container-acceptance.sh [--keep-image] [--hold]
#   --keep-image   leave the built image (minicollector:acceptance) in the engine
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
    -h | --help) sed -n '2,30p' "${BASH_SOURCE[0]}"; exit 0 ;;
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

work=$(mktemp -d "${TMPDIR:-/tmp}/minicollector-container.XXXXXX")
dockerd_pid=""
containers=()
networks=()
cleanup() {
  local status=$?
  set +e
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
post() {
  local code
  code=$(curl -sS -m 10 -o "$work/response" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "$3" "http://127.0.0.1:$(port "$1" 4318)$2")
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
cat > "$user_dir/config.yaml" << 'EOF'
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
    verbosity: detailed
service:
  extensions: [health_check]
  pipelines:
    logs:
      receivers: [otlp]
      exporters: [debug]
EOF
cat > "$user_dir/bad.yaml" << 'EOF'
receivers:
  otlp:
    protocols:
      http:
        endpoint: 0.0.0.0:4318
exporters:
  debug:
    verbosity: loud
service:
  pipelines:
    logs:
      receivers: [otlp]
      exporters: [debug]
EOF
chmod 0755 "$work" "$user_dir"
chmod 0644 "$user_dir"/*.yaml
set +e
validate_good=$(timeout 60 "$docker" run --rm -v "$user_dir/config.yaml:/etc/minicollector/config.yaml:ro" "$image" \
  validate --config /etc/minicollector/config.yaml 2>&1)
good_code=$?
validate_bad=$(timeout 60 "$docker" run --rm -v "$user_dir/bad.yaml:/etc/minicollector/config.yaml:ro" "$image" \
  validate --config /etc/minicollector/config.yaml 2>&1)
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

# The image handed over to the caller, who sends OTLP to it; released by closing our standard input or a signal.
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
