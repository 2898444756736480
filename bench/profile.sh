#!/usr/bin/env bash
# Where a signed-in page's time goes: each page (default S1, R1, R3; or e.g. `bash bench/profile.sh R1`) under the
# bench's load, untraced for its CPU time per request, then traced with dotnet-trace (EventPipe CPU sampling,
# allocation ticks, GC pauses); writes bench/profile-results.md. Needs wrk; seeds the standard data on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "profile.sh needs wrk (apt-get install wrk)"; exit 1; }
dotnet tool restore >/dev/null
for project in Intranet.Blog bench/Bench.Runner; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
done
pages="${1:-S1,R1,R3}"
if command -v taskset >/dev/null && [ "$(nproc --all)" -ge 2 ]; then
  exec taskset -c 1 dotnet bench/Bench.Runner/bin/Release/net10.0/Bench.Runner.dll --profile "$pages"
fi
exec dotnet bench/Bench.Runner/bin/Release/net10.0/Bench.Runner.dll --profile "$pages"
