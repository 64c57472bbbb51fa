#!/usr/bin/env bash
# Publishes the minicollector executable the way the container image ships it: NativeAOT, one native executable
# with no .NET runtime beside it (the linux-x64 / linux-arm64 publish profiles in
# src/MiniCollector/Properties/PublishProfiles). The Dockerfile runs this script, and so do .ci/run and
# scripts/image-acceptance.sh, so what is tested outside Docker is built the same way.
#
#   scripts/publish.sh RID OUTDIR      RID: linux-x64 or linux-arm64
#
# Needs, besides the .NET 10 SDK: clang and zlib1g-dev (Debian/Ubuntu: apt-get install clang zlib1g-dev).
# OUTDIR gets the executable `minicollector` (symbols stay in the build's obj/ directory). Warnings are errors:
# an AOT or trim warning fails the publish.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 RID OUTDIR   (RID: linux-x64 or linux-arm64)" >&2
  exit 2
fi
rid=$1
out=$2
case "$rid" in
  linux-x64 | linux-arm64) ;;
  *) echo "$0: unsupported RID \"$rid\" (linux-x64 or linux-arm64)" >&2; exit 2 ;;
esac

case "$(uname -m)" in
  x86_64) host_rid=linux-x64 ;;
  aarch64 | arm64) host_rid=linux-arm64 ;;
  *) host_rid=unknown ;;
esac

# NativeAOT links with the platform's C toolchain: clang drives the link (the ILCompiler package's default).
if ! command -v clang >/dev/null 2>&1; then
  echo "$0: NativeAOT needs clang to link (Debian/Ubuntu: apt-get install clang zlib1g-dev)" >&2
  exit 1
fi

# Cross-publishing (target RID other than the machine's) needs a linker and a sysroot for the target; the ILCompiler
# passes extra flags through the properties this function adds to `publish_args`. Not set up yet: publish on a
# machine of the target architecture (an arm64 host publishes linux-arm64 like any native build).
publish_args=()
cross_toolchain() {
  local target=$1
  echo "$0: cannot publish $target on this $host_rid host: NativeAOT cross-compilation needs a $target linker and" >&2
  echo "sysroot, which this script does not set up yet. Publish on a $target machine (or a $target build container)." >&2
  exit 1
}
if [[ $rid != "$host_rid" ]]; then
  cross_toolchain "$rid"
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# No symbols beside the executable (DebugType=none: no .pdb; CopyOutputSymbolsToPublishDirectory=false: the native
# minicollector.dbg stays in obj/), so the output is the one file the image copies.
# No build servers: nothing would reuse them (a container build, a test run), and lingering ones would outlive
# the caller.
dotnet publish "$root/src/MiniCollector" -c Release -p:PublishProfile="$rid" -p:DebugType=none -p:CopyOutputSymbolsToPublishDirectory=false \
  ${publish_args[@]+"${publish_args[@]}"} --disable-build-servers -o "$out"
