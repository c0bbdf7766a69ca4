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
# Published as azd deploys the app: ReadyToRun for linux-x64 (framework-dependent), each app alike. A plain build
# would time tier-0 JIT code: the baseline's code is mostly the shared framework, precompiled, ours mostly is not.
for project in LoginBaseline LoginOurs; do
  echo "publishing bench/$project (Release, ReadyToRun) …"
  dotnet publish "bench/$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "bench/$project/bin/publish" -m:1 -nologo -v:q >"$log" 2>&1 || { cat "$log"; exit 1; }
done
echo "publishing Functions (Release, ReadyToRun) …"
dotnet publish Functions -c Release -r linux-x64 --self-contained false -o Functions/bin/publish-bench -m:1 -nologo -v:q >"$log" 2>&1 || { cat "$log"; exit 1; }
echo "building bench/LoginBench (Release) …"
dotnet build bench/LoginBench -c Release -m:1 -nologo -v:q >"$log" 2>&1 || { cat "$log"; exit 1; }
taskset -c 1 dotnet bench/LoginBench/bin/Release/net10.0/LoginBench.dll "$@"
