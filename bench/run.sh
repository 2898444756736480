#!/usr/bin/env bash
# The benchmark: builds everything in Release, seeds the scale database, runs baselines and scenarios, writes
# bench/results.md. Options: --large (adds the large data set and R1L, Q1L, A1L ...), --smoke (seconds, tiny data; used
# by a test), --only S1,R1 (only those groups, the ids of the results table, and what their ratios are measured
# against, e.g. B1 for S1; writes bench/results-only.md and leaves results.md alone; with --large also their L
# variants; an unknown id lists the known ones), --search and --analytics (the groups Q1-Q3 and A0-A2, into
# results-search.md and results-analytics.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 65536 2>/dev/null || true
if [[ " $* " != *" --smoke "* ]]; then
  for tool in wrk hey; do
    command -v "$tool" >/dev/null || echo "note: $tool is not installed (apt-get install $tool); the built-in load generator is used instead"
  done
fi
for project in Intranet.Blog bench/Baseline.Plain bench/Baseline.Mvc bench/Baseline.Live bench/Bench.Runner; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
done
# The runner is a load generator too (the live connections, the built-in closed loop): it gets the load core, so
# it never takes CPU from the server on core 0.
if command -v taskset >/dev/null && [ "$(nproc --all)" -ge 2 ]; then
  exec taskset -c 1 dotnet bench/Bench.Runner/bin/Release/net10.0/Bench.Runner.dll "$@"
fi
exec dotnet bench/Bench.Runner/bin/Release/net10.0/Bench.Runner.dll "$@"
