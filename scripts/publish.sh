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

# Cross-publishing (target RID other than the machine's): the ILCompiler compiles for any target; only the link needs a
# toolchain for the target, and this adds its flags to `publish_args`. Set up for linux-x64 -> linux-arm64 with Debian's
# (or Ubuntu's) cross packages: clang --target=aarch64-linux-gnu finds the aarch64 binutils, glibc and libgcc by itself,
# no sysroot is needed, and zlib and brotli come compiled for arm64 in the NativeAOT runtime pack. Other pairs: publish on
# a machine of the target architecture.
publish_args=()
cross_toolchain() {
  local target=$1
  if [[ $host_rid != linux-x64 || $target != linux-arm64 ]]; then
    echo "$0: cannot publish $target on this $host_rid host: only linux-x64 -> linux-arm64 cross-publishing is set up." >&2
    echo "Publish on a $target machine (or a $target build container)." >&2
    exit 1
  fi
  local triple=aarch64-linux-gnu missing=() gccver
  # clang links with the target's GNU ld (-fuse-ld=bfd finds aarch64-linux-gnu-ld.bfd); the symbols are split off with
  # the target's objcopy (the host's GNU objcopy cannot read aarch64 ELF files).
  if ! command -v "$triple-ld.bfd" >/dev/null 2>&1 || ! command -v "$triple-objcopy" >/dev/null 2>&1; then
    missing+=(binutils-aarch64-linux-gnu)
  fi
  # glibc for arm64 (crt1.o, libc.so, libm, ...) under /usr/aarch64-linux-gnu.
  [[ -e /usr/$triple/lib/crt1.o && -e /usr/$triple/lib/libc.so ]] || missing+=(libc6-dev-arm64-cross)
  # libgcc for arm64 (crtbeginS.o, libgcc.a): what clang looks for to accept a GCC installation for the target.
  if ! compgen -G "/usr/lib/gcc-cross/$triple/*/crtbeginS.o" >/dev/null; then
    gccver=$(ls /usr/lib/gcc/x86_64-linux-gnu 2>/dev/null | sort -V | tail -1)
    missing+=("libgcc-${gccver:-N}-dev-arm64-cross")
  fi
  if ((${#missing[@]})); then
    echo "$0: publishing $target on this $host_rid host needs an arm64 cross toolchain; missing Debian/Ubuntu packages:" >&2
    echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "(or: apt-get install --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross, which pulls them all)" >&2
    exit 1
  fi
  # The link the ILCompiler does, on a one-line C program: catches a toolchain clang does not accept, with its message.
  local probe_dir
  probe_dir=$(mktemp -d)
  if ! printf 'int main(void) { return 0; }\n' \
      | clang --target=$triple -fuse-ld=bfd -pie -x c - -o "$probe_dir/probe" -pthread -ldl -lrt -lm >"$probe_dir/link.log" 2>&1; then
    echo "$0: the arm64 cross toolchain is installed but clang cannot link for $triple with it:" >&2
    cat "$probe_dir/link.log" >&2
    rm -rf "$probe_dir"
    exit 1
  fi
  rm -rf "$probe_dir"
  publish_args+=(-p:ObjCopyName="$triple-objcopy")
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
