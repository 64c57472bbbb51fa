#!/usr/bin/env bash
# Does what the container image does, without a Docker engine, and checks it:
#   1. builds the image's build context from .dockerignore's allow-list (so a file the build needs but the
#      context leaves out fails here too) and publishes with scripts/publish.sh (NativeAOT), as the Dockerfile does;
#      checks the executable is NativeAOT and needs no shared library beyond those the chiseled base image has;
#   2. lays the files out as the Dockerfile's COPY lines do (/usr/local/bin/minicollector,
#      /etc/minicollector/config.yaml) under a temporary root;
#   3. runs the executable with the image's config and environment as the image's user (uid/gid 1654, the
#      runtime-deps base's "app"), from the image's WORKDIR, with nothing else in its environment;
#   4. checks the process is not root, and that the image's HEALTHCHECK command (`minicollector healthcheck`, as
#      the image's user) reports healthy;
#   5. sends SIGTERM, as `docker stop` does, and expects exit code 0.
#
# usage: scripts/image-acceptance.sh [--publish-dir DIR] [--hold] [-- COLLECTOR_ARGS...]
#   --publish-dir DIR  use the executable DIR/minicollector already published by scripts/publish.sh (skips the
#                      publish in step 1; .ci/run passes the one it published for the tests)
#   --hold             after step 4 print "image-acceptance: ready ..." and keep the collector running until
#                      standard input is closed; the end-to-end test (ImageAcceptanceTests) sends OTLP with the
#                      OpenTelemetry .NET SDK meanwhile
#   COLLECTOR_ARGS     appended to the image's command, e.g. --set exporters.prometheus.endpoint=0.0.0.0:0 when
#                      the image's fixed ports are taken
#
# The full flow, SDK included: dotnet test tests/EndToEnd.Tests --filter FullyQualifiedName~ImageAcceptance
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image_uid=1654
image_gid=1654
publish_dir=""
hold=false
collector_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --publish-dir) publish_dir=$(cd "$2" && pwd); shift 2 ;;
    --hold) hold=true; shift ;;
    --) shift; collector_args=("$@"); break ;;
    -h | --help) sed -n '2,25p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "image-acceptance: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "image-acceptance: $*"; }
fail() { echo "image-acceptance: FAIL: $*" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/minicollector-image.XXXXXX")
collector_pid=""
cleanup() {
  if [[ -n $collector_pid ]] && kill -0 "$collector_pid" 2>/dev/null; then
    kill -KILL "$collector_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The build context and the publish.
context="$work/context"
mkdir -p "$context"
allowed=()
while IFS= read -r line; do
  [[ $line == '!'* ]] && allowed+=("${line#!}")
done < "$root/.dockerignore"
for path in "${allowed[@]}"; do
  path=${path%/}
  [[ -e "$root/$path" ]] || fail ".dockerignore allows \"$path\", which does not exist"
  mkdir -p "$context/$(dirname "$path")"
  # Leave out build outputs, as the .dockerignore's **/bin/ and **/obj/ do.
  tar -C "$root" --exclude='bin' --exclude='obj' -cf - "$path" | tar -C "$context" -xf -
done

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) fail "unsupported machine $(uname -m)" ;;
esac

if [[ -z $publish_dir ]]; then
  publish_dir="$work/out"
  say "publishing ($rid) with scripts/publish.sh from the build context"
  bash "$context/scripts/publish.sh" "$rid" "$publish_dir"
else
  say "using the executable published in $publish_dir"
fi
[[ -x "$publish_dir/minicollector" ]] || fail "no executable at $publish_dir/minicollector"

# What ships is the NativeAOT executable (a JIT build says "(JIT)"), and the chiseled base image has every shared
# library it links: glibc's and the C++ runtime's (runtime-deps:*-chiseled: libc6, libgcc-s1, libstdc++6, libssl3).
version=$("$publish_dir/minicollector" --version) || fail "minicollector --version failed"
[[ $version == *"(NativeAOT)"* ]] || fail "$publish_dir/minicollector is not the NativeAOT executable: $version"
base_libraries='^(linux-vdso\.so\.1|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1|lib(c|m|dl|pthread|rt)\.so\.6|libgcc_s\.so\.1|libstdc\+\+\.so\.6)$'
needed=$(ldd "$publish_dir/minicollector" | awk '{ n = $1; sub(/^.*\//, "", n); print n }')
extra=$(grep -Ev "$base_libraries" <<< "$needed" || true)
[[ -z $extra ]] || fail "the executable links libraries the base image lacks: $(paste -sd ' ' <<< "$extra")"
say "$version, $(stat -c %s "$publish_dir/minicollector") bytes, links $(paste -sd ' ' <<< "$needed")"

# 2. The image's file system: the Dockerfile's COPY lines.
fs="$work/rootfs"
install -D -m 0755 "$publish_dir/minicollector" "$fs/usr/local/bin/minicollector"
install -D -m 0644 "$context/examples/image/config.yaml" "$fs/etc/minicollector/config.yaml"
install -d -m 0755 "$fs/home/app"
chmod 0755 "$work"
if [[ $EUID -eq 0 ]]; then
  chown "$image_uid:$image_gid" "$fs/home/app"
fi

# 3. The image's command, user, working directory and environment (runtime-deps' chiseled base sets APP_UID,
#    ASPNETCORE_HTTP_PORTS, DOTNET_RUNNING_IN_CONTAINER and DOTNET_SYSTEM_GLOBALIZATION_INVARIANT).
image_env=(HOME="$fs/home/app" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  APP_UID="$image_uid" ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true)
as_image_user=()
if [[ $EUID -eq 0 ]]; then
  as_image_user=(setpriv "--reuid=$image_uid" "--regid=$image_gid" --clear-groups --)
else
  say "not root: running as uid $EUID instead of $image_uid"
fi
log="$work/collector.log"
# Created here, before the background start, so that tail below never races the redirection.
: > "$log"
(
  cd "$fs/etc/minicollector"
  exec "${as_image_user[@]}" env -i "${image_env[@]}" \
    "$fs/usr/local/bin/minicollector" --config "$fs/etc/minicollector/config.yaml" "${collector_args[@]}"
) > "$log" 2>&1 &
collector_pid=$!
# The collector's output, as `docker logs -f` would show it, until it exits.
tail --pid="$collector_pid" -n +1 -f "$log" &

for _ in $(seq 1 600); do
  grep -q "Everything is ready" "$log" && break
  kill -0 "$collector_pid" 2>/dev/null || fail "the collector exited during start-up"
  sleep 0.1
done
grep -q "Everything is ready" "$log" || fail "the collector did not report ready within 60 s"

# 4. Not root; healthy by the image's own HEALTHCHECK command.
uid_line=$(grep '^Uid:' "/proc/$collector_pid/status")
read -r _ real_uid effective_uid _ <<< "$uid_line"
[[ $real_uid != 0 && $effective_uid != 0 ]] || fail "the collector runs as root ($uid_line)"

health_url=$(grep -o 'Serving health check on http://[^ ]*' "$log" | head -1 | sed 's/^Serving health check on //')
[[ -n $health_url ]] || fail "the image's config did not start the health_check extension"
health_port=$(sed -E 's#^http://[^/]*:([0-9]+)/.*#\1#' <<< "$health_url")
if ! "${as_image_user[@]}" env -i "${image_env[@]}" MINICOLLECTOR_HEALTH_PORT="$health_port" \
  "$fs/usr/local/bin/minicollector" healthcheck; then
  fail "the HEALTHCHECK command reports unhealthy ($health_url)"
fi
say "ready pid=$collector_pid uid=$effective_uid health=$health_url healthcheck=ok"

if $hold; then
  # Until the caller closes our standard input (or goes away).
  cat > /dev/null || true
fi

# 5. docker stop: SIGTERM, then a clean exit.
say "sending SIGTERM"
kill -TERM "$collector_pid"
code=""
for _ in $(seq 1 600); do
  if ! kill -0 "$collector_pid" 2>/dev/null; then
    set +e
    wait "$collector_pid"
    code=$?
    set -e
    break
  fi
  sleep 0.1
done
[[ -n $code ]] || fail "the collector did not exit within 60 s of SIGTERM"
collector_pid=""
wait || true
say "collector exited with $code"
[[ $code -eq 0 ]] || fail "exit code $code after SIGTERM (expected 0)"
say "PASS"
