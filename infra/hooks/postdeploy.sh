#!/bin/sh
# azd postdeploy hook (Linux, macOS, WSL): prints the exact callback URL to register for each provider this
# deployment enables (OAUTH_ENABLED_PROVIDERS, an output of main.bicep), whether Key Vault holds its client secret,
# and the settings a SPA needs. Reads secret names only, never a value.
# Print it again at any time: azd hooks run postdeploy
set -eu

base=${OAUTH_PUBLIC_BASE_URL:?OAUTH_PUBLIC_BASE_URL is empty: run azd provision first}
base=${base%/}
vault=${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is empty: run azd provision first}
providers=${OAUTH_ENABLED_PROVIDERS-}
# The enabled providers the catalog does not know (main.bicep's customProviders) answer under auth/custom/<id>; every
# other one is a catalog provider under auth/<id>. main.bicep says which is which, so no catalog list is kept here.
custom=${OAUTH_CUSTOM_PROVIDERS-}
return_urls=${OAUTH_ALLOWED_RETURN_URLS-}

if command -v az >/dev/null 2>&1; then
  secrets=$(az keyvault secret list --vault-name "$vault" --query "[].name" -o tsv --only-show-errors 2>/dev/null) || secrets=""
else
  secrets=""
  echo "postdeploy: without the Azure CLI (az) the Key Vault secrets are not checked" >&2
fi

echo
if [ -z "$providers" ]; then
  echo "No provider is enabled yet: give one a ClientId in main.parameters.json's providers (or azd env set GITHUB_CLIENT_ID <id>), then azd provision (docs/deploy.md)."
  echo "The callback URL to register for a catalog provider <id> will be $base/api/auth/<id>/callback"
else
  echo "Register these callback URLs with the providers (docs/deploy.md: Register the callback URLs):"
fi
for id in $providers; do
  case " $custom " in
    *" $id "*) path="auth/custom/$id" ;;
    *) path="auth/$id" ;;
  esac
  if printf '%s\n' "$secrets" | grep -qx "$id-client-secret"; then
    state="client secret in Key Vault"
  else
    state="no client secret yet: azd env set $(printf '%s' "$id" | tr 'a-z-' 'A-Z_')_CLIENT_SECRET <secret>, then azd provision"
  fi
  printf '  %-10s %s/api/%s/callback   (%s)\n' "$id" "$base" "$path" "$state"
done

echo
echo "SPA settings:"
echo "  auth base URL      $base/api/auth"
echo "  client script      $base/api/auth/client.js"
echo "  allowed return_url ${return_urls:-none yet: azd env set OAUTH_ALLOWED_RETURN_URLS https://app.example.com/, then azd provision}"
echo
