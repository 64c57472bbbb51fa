#!/usr/bin/env bash
# Regenerates the zpages screenshots in docs/zpages/ from the browser tests: each view is photographed by Debian's
# chromium (driven by Playwright) while a real collector shows telemetry the OpenTelemetry .NET SDK sent.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/zpages"
mkdir -p "$out"
MINICOLLECTOR_SCREENSHOTS="$out" dotnet test tests/EndToEnd.Tests --filter "FullyQualifiedName~ZPagesBrowserTests"
ls -l "$out"
