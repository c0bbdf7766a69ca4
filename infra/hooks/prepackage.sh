#!/bin/sh
# azd prepackage hook of service api (Linux, macOS, WSL); runs from the repository root. Publishes the custom handler
# for the Flex Consumption host (Linux x64: self-contained, trimmed, ReadyToRun) into the folder azure.yaml names as
# dist; azd zips that folder as it is and deploys it. The function app root: AuthFunctions, host.json, one folder per
# function. Set the azd environment value READY_TO_RUN=false on a machine whose SDK cannot cross-compile ReadyToRun
# code for linux-x64 (see README).
set -eu

dist=artifacts/azd/api
rm -rf "$dist"
dotnet publish Functions -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
  -p:PublishReadyToRun="${READY_TO_RUN:-true}" -o "$dist"

for file in host.json AuthFunctions; do
  if [ ! -f "$dist/$file" ]; then
    echo "prepackage: $dist/$file is missing from the publish output" >&2
    exit 1
  fi
done
# The Functions host starts this file; the zip azd makes keeps the execute bit set here.
chmod +x "$dist/AuthFunctions"
