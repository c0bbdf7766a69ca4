#!/usr/bin/env bash
# Sign-in throughput and CPU per sign-in of the app against ASP.NET Core's own OAuth handler, side by side in one run
# (bench/README.md says what is measured and how to read it). The app under test gets core 0 to itself; this driver,
# the loopback provider and Azurite share core 1.
# Usage: bench/logins.sh [--quick] [--rounds N] [--seconds S] [--no-azurite] [--no-worker] [--env NAME=VALUE]...
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for project in bench/LoginBaseline bench/LoginOurs Functions bench/LoginBench; do
  echo "building $project (Release) …"
  dotnet build "$project" -c Release -m:1 -nologo -v:q >"$log" 2>&1 || { cat "$log"; exit 1; }
done
taskset -c 1 dotnet bench/LoginBench/bin/Release/net10.0/LoginBench.dll "$@"
