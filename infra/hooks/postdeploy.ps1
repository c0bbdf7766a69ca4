# azd postdeploy hook (Windows): prints the callback URL to register with each provider, and whether Key Vault holds
# that provider's client secret. Reads setting and secret names only, never a value.
# Print it again at any time: azd hooks run postdeploy
$ErrorActionPreference = 'Stop'

foreach ($name in 'OAUTH_PUBLIC_BASE_URL', 'AZURE_FUNCTION_APP_NAME', 'AZURE_RESOURCE_GROUP', 'AZURE_KEY_VAULT_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is empty: run azd provision first" }
}
$base = $env:OAUTH_PUBLIC_BASE_URL.TrimEnd('/')

# The catalog's providers (the dev provider exists only in Development), plus any provider added by configuration:
# an app setting OAuth__Providers__<id>__... on the function app.
$ids = @('github', 'google', 'microsoft')
$secrets = @()
if (Get-Command az -ErrorAction SilentlyContinue) {
    $ErrorActionPreference = 'Continue'
    $settingNames = & az functionapp config appsettings list --name $env:AZURE_FUNCTION_APP_NAME `
        --resource-group $env:AZURE_RESOURCE_GROUP --query "[?starts_with(name, 'OAuth__Providers__')].name" -o tsv `
        --only-show-errors 2> $null
    $secrets = @(& az keyvault secret list --vault-name $env:AZURE_KEY_VAULT_NAME --query '[].name' -o tsv `
        --only-show-errors 2> $null)
    $ErrorActionPreference = 'Stop'
    foreach ($setting in @($settingNames)) {
        if ($setting -match '^OAuth__Providers__([A-Za-z0-9-]+)__') { $ids += $Matches[1].ToLowerInvariant() }
    }
} else {
    Write-Warning 'postdeploy: without the Azure CLI (az) only the catalog providers are listed'
}

Write-Host ''
Write-Host 'Register these callback URLs with the providers (README: Configure providers):'
foreach ($id in ($ids | Sort-Object -Unique)) {
    if ($id -eq 'dev') { continue }
    if ($secrets -contains "$id-client-secret") {
        $state = 'client secret in Key Vault'
    } else {
        $variable = $id.ToUpperInvariant().Replace('-', '_') + '_CLIENT_SECRET'
        $state = "no client secret yet: azd env set $variable <secret>, then azd provision"
    }
    Write-Host ('  {0,-10} {1}/api/auth/{2}/callback   ({3})' -f $id, $base, $id, $state)
}
Write-Host ''
