#!/usr/bin/env bash
# Native AOT publish of the TaskRouting sample (generated proxies, codecs and invokers, System.Text.Json source
# generation, the hosted worker, the Redis engine). Fails when the publish produces any trim or AOT warning
# (IL2xxx / IL3xxx), prints their count, then runs the native binary's in-process demo as a smoke test.
#
#   bash samples/TaskRouting/aot-publish.sh            # from the repository root (or anywhere)
#   AOT_SKIP_RUN=1 bash samples/TaskRouting/aot-publish.sh   # publish and count only
#
# Needs a C toolchain and zlib for the native link (Debian/Ubuntu: apt-get install clang zlib1g-dev).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  echo "aot-publish: no C compiler/linker found (clang or gcc). Install one, e.g. apt-get install clang zlib1g-dev." >&2
  exit 2
fi
if [ ! -e /usr/include/zlib.h ] && ! ls /usr/lib/*/libz.a >/dev/null 2>&1; then
  echo "aot-publish: zlib development files not found. Install them, e.g. apt-get install zlib1g-dev." >&2
  exit 2
fi

out=artifacts/aot/TaskRouting
log=artifacts/aot/TaskRouting.publish.log
mkdir -p artifacts/aot
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# PublishAot and TrimmerSingleWarn=false are set in TaskRouting.csproj. Warnings are not turned into errors
# here, so that every one of them is listed and counted rather than the first stopping the publish.
set +e
dotnet publish samples/TaskRouting/TaskRouting.csproj -c Release -r linux-x64 -o "$out" \
  -p:TreatWarningsAsErrors=false >"$log" 2>&1
status=$?
set -e

# MSBuild repeats each diagnostic in its summary: count distinct lines.
warnings=$(grep -E '(warning|error) IL[23][0-9]{3}' "$log" | sed 's/ \[[^]]*\]$//' | sort -u || true)
count=$(printf '%s' "$warnings" | grep -c . || true)
echo "aot-publish: trim/AOT warnings (IL2xxx/IL3xxx): $count"
if [ "$count" -ne 0 ]; then
  printf '%s\n' "$warnings"
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "aot-publish: dotnet publish failed (exit $status); last lines of $log:" >&2
  tail -30 "$log" >&2
  exit "$status"
fi
echo "aot-publish: native binary $out/TaskRouting ($(du -h "$out/TaskRouting" | cut -f1))"

if [ "${AOT_SKIP_RUN:-}" != "1" ]; then
  echo "aot-publish: running the native demo"
  env -u REDIS_URL timeout 120 "$out/TaskRouting" demo
fi
