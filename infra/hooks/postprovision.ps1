# azd postprovision hook (Windows). Puts the app's secrets in Key Vault:
#   - for each provider this deployment enables (OAUTH_ENABLED_PROVIDERS, an output of main.bicep), the azd
#     environment value <ID>_CLIENT_SECRET becomes the secret <id>-client-secret (github -> GITHUB_CLIENT_SECRET ->
#     github-client-secret, acme-sso -> ACME_SSO_CLIENT_SECRET -> acme-sso-client-secret). No other variable is read:
#     a pipeline's AZURE_CLIENT_SECRET or a disabled provider's secret never reaches the vault;
#   - the app JWT signing key app-signing-key (PEM P-256) is created when the vault has none.
# Secret values never reach the terminal or a command line: they go to az through files in the user's temp folder.
# Needs the Azure CLI signed in (az login) as the same account as azd; openssl, or PowerShell 7.3+ for the key.
$ErrorActionPreference = 'Stop'

$vault = $env:AZURE_KEY_VAULT_NAME
if (-not $vault) { throw 'AZURE_KEY_VAULT_NAME is empty: run azd provision first' }
$signingKeySecret = 'app-signing-key'
$providers = @("$env:OAUTH_ENABLED_PROVIDERS" -split '\s+' | Where-Object { $_ })
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw 'postprovision: the Azure CLI (az) is required to write Key Vault secrets'
}

# az keyvault <args> against the vault; returns exit code, stdout (never printed: it may hold a secret) and stderr.
# The deploying user's Key Vault role is created by the same provision, and Azure RBAC can take minutes to reach the
# vault: Forbidden is retried for up to 3 minutes.
function Invoke-KeyVault([string[]] $Arguments) {
    $ErrorActionPreference = 'Continue'
    for ($try = 0; ; $try++) {
        $errFile = [System.IO.Path]::GetTempFileName()
        try {
            $out = & az keyvault @Arguments --vault-name $vault --only-show-errors 2> $errFile
            $result = [pscustomobject]@{ Code = $LASTEXITCODE; Out = ($out -join "`n"); Err = [string](Get-Content -Raw $errFile) }
        } finally {
            Remove-Item -Force $errFile
        }
        if ($result.Code -eq 0 -or $result.Err -notmatch 'forbidden' -or $try -ge 12) { return $result }
        Write-Host "postprovision: waiting for the Key Vault role assignment to take effect ($($try + 1)/12)"
        Start-Sleep -Seconds 15
    }
}

function Test-Secret([string] $Name) {
    $r = Invoke-KeyVault @('secret', 'show', '--name', $Name, '--query', 'id', '-o', 'tsv')
    if ($r.Code -eq 0) { return $true }
    if ($r.Err -match 'SecretNotFound') { return $false }
    throw $r.Err
}

# Stores the content of $File as secret $Name (a new version when it exists), then deletes the file.
function Set-Secret([string] $Name, [string] $File, [string] $ContentType) {
    try {
        $arguments = @('secret', 'set', '--name', $Name, '--file', $File, '--encoding', 'utf-8', '-o', 'none')
        if ($ContentType) { $arguments += @('--content-type', $ContentType) }
        $r = Invoke-KeyVault $arguments
        if ($r.Code -ne 0) { throw $r.Err }
    } finally {
        Remove-Item -Force $File -ErrorAction SilentlyContinue
    }
}

foreach ($id in $providers) {
    if ($id -cnotmatch '^[a-z0-9-]+$') {
        Write-Warning "postprovision: skipping provider id '$id' (lower-case letters, digits and hyphens only)"
        continue
    }
    $variable = $id.ToUpperInvariant().Replace('-', '_') + '_CLIENT_SECRET'
    $value = [Environment]::GetEnvironmentVariable($variable)
    $name = "$id-client-secret"
    if (-not $value) {
        Write-Host "Key Vault: no $variable in the azd environment; $name stays as it is"
        continue
    }
    if (Test-Secret $name) {
        $current = Invoke-KeyVault @('secret', 'show', '--name', $name, '--query', 'value', '-o', 'tsv')
        if ($current.Code -eq 0 -and $current.Out -ceq $value) {
            Write-Host "Key Vault: $name is up to date"
            continue
        }
    }
    $file = [System.IO.Path]::GetTempFileName()
    [System.IO.File]::WriteAllText($file, $value)
    Set-Secret $name $file ''
    Write-Host "Key Vault: stored $variable as $name"
}
$value = $null

if (Test-Secret $signingKeySecret) {
    Write-Host "Key Vault: $signingKeySecret exists (never overwritten here; rotating it: docs/deploy.md)"
} else {
    $file = [System.IO.Path]::GetTempFileName()
    if (Get-Command openssl -ErrorAction SilentlyContinue) {
        # One openssl call, no pipe between native commands (PowerShell re-encodes those): the same unencrypted
        # PKCS#8 PEM P-256 key as `openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt`.
        $ErrorActionPreference = 'Continue'
        & openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $file 2> $null
        $ErrorActionPreference = 'Stop'
        if ($LASTEXITCODE -ne 0) { Remove-Item -Force $file; throw 'postprovision: openssl could not create the signing key' }
    } else {
        # .NET 7+ (PowerShell 7.3+) writes the same PKCS#8 PEM as openssl pkcs8 -topk8 -nocrypt.
        $ecdsa = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        try {
            [System.IO.File]::WriteAllText($file, $ecdsa.ExportPkcs8PrivateKeyPem())
        } finally {
            $ecdsa.Dispose()
        }
    }
    Set-Secret $signingKeySecret $file 'application/x-pem-file'
    Write-Host "Key Vault: created $signingKeySecret (PEM P-256)"
}
