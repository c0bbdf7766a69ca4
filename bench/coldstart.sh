#!/usr/bin/env bash
# Cold start of the app against empty baselines, side by side (bench/ColdStart/Program.cs says what is measured).
# Usage: bench/coldstart.sh [--runs N] [--app DIR] [--empty-worker DIR] [--empty-web DIR]
# Built first, then run from its output: `dotnet run` would hand its MSBuild environment to the driver's own publishes.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/ColdStart -c Release -m:1 -nologo -v:q
exec dotnet bench/ColdStart/bin/Release/net10.0/ColdStart.dll "$@"
