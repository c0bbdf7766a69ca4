# azd prepackage hook of service api (Windows); runs from the repository root. Publishes the custom handler for the
# Flex Consumption host (Linux x64: self-contained, trimmed, ReadyToRun) into the folder azure.yaml names as dist;
# azd zips that folder as it is and deploys it. The function app root: AuthFunctions, host.json, one folder per
# function. Set the azd environment value READY_TO_RUN=false on a machine whose SDK cannot cross-compile ReadyToRun
# code for linux-x64 (see README).
$ErrorActionPreference = 'Stop'

$dist = 'artifacts/azd/api'
$readyToRun = if ($env:READY_TO_RUN) { $env:READY_TO_RUN } else { 'true' }
if (Test-Path $dist) { Remove-Item -Recurse -Force $dist }
& dotnet publish Functions -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true `
    "-p:PublishReadyToRun=$readyToRun" -o $dist
if ($LASTEXITCODE -ne 0) { throw "prepackage: dotnet publish failed ($LASTEXITCODE)" }

foreach ($file in 'host.json', 'AuthFunctions') {
    if (-not (Test-Path (Join-Path $dist $file))) { throw "prepackage: $dist/$file is missing from the publish output" }
}
if ($IsLinux -or $IsMacOS) {
    # The Functions host starts this file; the zip azd makes keeps the execute bit set here.
    & chmod +x (Join-Path $dist 'AuthFunctions')
} else {
    # Windows file systems carry no execute bit, so the zip marks AuthFunctions as not executable. The Functions
    # host tries to set the bit before it starts a custom handler on Linux and Flex Consumption, but Flex mounts the
    # package read-only; if the app fails to start with "permission denied", deploy from WSL, Linux or macOS.
    Write-Warning 'prepackage: AuthFunctions is packaged without an execute bit (Windows); see README if the app does not start.'
}
