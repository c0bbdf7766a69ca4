#!/bin/sh
# azd postdeploy hook (Linux, macOS, WSL): prints the callback URL to register with each provider, and whether Key
# Vault holds that provider's client secret. Reads setting and secret names only, never a value.
# Print it again at any time: azd hooks run postdeploy
set -eu

base=${OAUTH_PUBLIC_BASE_URL:?OAUTH_PUBLIC_BASE_URL is empty: run azd provision first}
base=${base%/}
app=${AZURE_FUNCTION_APP_NAME:?AZURE_FUNCTION_APP_NAME is empty: run azd provision first}
group=${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is empty: run azd provision first}
vault=${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is empty: run azd provision first}

# The catalog's providers (the dev provider exists only in Development), plus any provider added by configuration:
# an app setting OAuth__Providers__<id>__... on the function app.
ids="github google microsoft"
if command -v az >/dev/null 2>&1; then
  configured=$(az functionapp config appsettings list --name "$app" --resource-group "$group" \
    --query "[?starts_with(name, 'OAuth__Providers__')].name" -o tsv --only-show-errors 2>/dev/null |
    sed -n 's/^OAuth__Providers__\([A-Za-z0-9-]*\)__.*$/\1/p' | tr '[:upper:]' '[:lower:]') || configured=""
  secrets=$(az keyvault secret list --vault-name "$vault" --query "[].name" -o tsv --only-show-errors 2>/dev/null) || secrets=""
else
  configured=""
  secrets=""
  echo "postdeploy: without the Azure CLI (az) only the catalog providers are listed" >&2
fi

echo
echo "Register these callback URLs with the providers (README: Configure providers):"
# shellcheck disable=SC2086 # both lists split into ids on purpose
for id in $(printf '%s\n' $ids $configured | sort -u); do
  [ "$id" = dev ] && continue
  if printf '%s\n' "$secrets" | grep -qx "$id-client-secret"; then
    state="client secret in Key Vault"
  else
    state="no client secret yet: azd env set $(printf '%s' "$id" | tr 'a-z-' 'A-Z_')_CLIENT_SECRET <secret>, then azd provision"
  fi
  printf '  %-10s %s/api/auth/%s/callback   (%s)\n' "$id" "$base" "$id" "$state"
done
echo
