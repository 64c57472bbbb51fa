#!/usr/bin/env bash
# Publishes the minicollector executable the way the container image ships it: trimmed, self-contained, single
# file (the *-trimmed publish profiles in src/MiniCollector/Properties/PublishProfiles). The Dockerfile runs this
# script, and so does scripts/image-acceptance.sh, so what is tested outside Docker is built the same way.
#
#   scripts/publish.sh RID OUTDIR      RID: linux-x64 or linux-arm64
#
# OUTDIR gets the executable `minicollector` (symbols stay in the build's obj/ directory).
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

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# DebugType=none: no symbols beside the executable, so the output is the one file the image copies.
# No build servers: nothing would reuse them (a container build, a test run), and lingering ones would outlive
# the caller.
dotnet publish "$root/src/MiniCollector" -c Release -p:PublishProfile="$rid-trimmed" -p:DebugType=none --disable-build-servers -o "$out"
