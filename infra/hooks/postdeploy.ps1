# azd postdeploy hook (Windows): prints the exact callback URL to register for each provider this deployment enables
# (OAUTH_ENABLED_PROVIDERS, an output of main.bicep), whether Key Vault holds its client secret, and the settings a
# SPA needs. Reads secret names only, never a value.
# Print it again at any time: azd hooks run postdeploy
$ErrorActionPreference = 'Stop'

foreach ($name in 'OAUTH_PUBLIC_BASE_URL', 'AZURE_KEY_VAULT_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is empty: run azd provision first" }
}
$base = $env:OAUTH_PUBLIC_BASE_URL.TrimEnd('/')
$providers = @("$env:OAUTH_ENABLED_PROVIDERS" -split '\s+' | Where-Object { $_ })
# The enabled providers the catalog does not know (main.bicep's customProviders) answer under auth/custom/<id>; every
# other one is a catalog provider under auth/<id>. main.bicep says which is which, so no catalog list is kept here.
$custom = @("$env:OAUTH_CUSTOM_PROVIDERS" -split '\s+' | Where-Object { $_ })
$returnUrls = "$env:OAUTH_ALLOWED_RETURN_URLS"

$secrets = @()
if (Get-Command az -ErrorAction SilentlyContinue) {
    $ErrorActionPreference = 'Continue'
    $secrets = @(& az keyvault secret list --vault-name $env:AZURE_KEY_VAULT_NAME --query '[].name' -o tsv `
        --only-show-errors 2> $null)
    $ErrorActionPreference = 'Stop'
} else {
    Write-Warning 'postdeploy: without the Azure CLI (az) the Key Vault secrets are not checked'
}

Write-Host ''
if ($providers.Count -eq 0) {
    Write-Host "No provider is enabled yet: give one a ClientId in main.parameters.json's providers (or azd env set GITHUB_CLIENT_ID <id>), then azd provision (docs/deploy.md)."
    Write-Host "The callback URL to register for a catalog provider <id> will be $base/api/auth/<id>/callback"
} else {
    Write-Host 'Register these callback URLs with the providers (docs/deploy.md: Register the callback URLs):'
}
foreach ($id in $providers) {
    $path = if ($custom -contains $id) { "auth/custom/$id" } else { "auth/$id" }
    if ($secrets -contains "$id-client-secret") {
        $state = 'client secret in Key Vault'
    } else {
        $variable = $id.ToUpperInvariant().Replace('-', '_') + '_CLIENT_SECRET'
        $state = "no client secret yet: azd env set $variable <secret>, then azd provision"
    }
    Write-Host ('  {0,-10} {1}/api/{2}/callback   ({3})' -f $id, $base, $path, $state)
}

Write-Host ''
Write-Host 'SPA settings:'
Write-Host "  auth base URL      $base/api/auth"
Write-Host "  client script      $base/api/auth/client.js"
if ($returnUrls) { $shown = $returnUrls } else { $shown = 'none yet: azd env set OAUTH_ALLOWED_RETURN_URLS https://app.example.com/, then azd provision' }
Write-Host "  allowed return_url $shown"
Write-Host ''
