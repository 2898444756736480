#!/usr/bin/env bash
# What runs before the product's first page: C1's cold start (standard data, signed in, to the first 200 on the
# feed), three times untraced, then once launched by dotnet-trace (EventPipe CPU samples, JIT and GC events), split
# into the phases of the start; writes bench/profile-start-results.md. Seeds the standard data on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for project in Intranet.Blog bench/Bench.Runner; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
done
if command -v taskset >/dev/null && [ "$(nproc --all)" -ge 2 ]; then
  exec taskset -c 1 dotnet bench/Bench.Runner/bin/Release/net10.0/Bench.Runner.dll --profile-start "$@"
fi
exec dotnet bench/Bench.Runner/bin/Release/net10.0/Bench.Runner.dll --profile-start "$@"
