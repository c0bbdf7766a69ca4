#!/bin/sh
# azd postprovision hook (Linux, macOS, WSL). Puts the app's secrets in Key Vault:
#   - for each provider this deployment enables (OAUTH_ENABLED_PROVIDERS, an output of main.bicep), the azd
#     environment value <ID>_CLIENT_SECRET becomes the secret <id>-client-secret (github -> GITHUB_CLIENT_SECRET ->
#     github-client-secret, acme-sso -> ACME_SSO_CLIENT_SECRET -> acme-sso-client-secret). No other variable is read:
#     a pipeline's AZURE_CLIENT_SECRET or a disabled provider's secret never reaches the vault;
#   - the app JWT signing key app-signing-key (PEM P-256) is created when the vault has none.
# Secret values never reach the terminal or a command line: they go to az through files only this user can read.
# Needs the Azure CLI signed in (az login) as the same account as azd, and openssl.
set -eu

vault=${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is empty: run azd provision first}
providers=${OAUTH_ENABLED_PROVIDERS-}
signing_key_secret=app-signing-key

if ! command -v az >/dev/null 2>&1; then
  echo "postprovision: the Azure CLI (az) is required to write Key Vault secrets" >&2
  exit 1
fi

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

# az keyvault <args> against the vault, stderr kept in $work/err. The deploying user's Key Vault role is created by
# the same provision, and Azure RBAC can take minutes to reach the vault: Forbidden is retried for up to 3 minutes.
kv() {
  tries=0
  while :; do
    if az keyvault "$@" --vault-name "$vault" --only-show-errors 2>"$work/err"; then
      return 0
    fi
    if grep -qi 'forbidden' "$work/err" && [ "$tries" -lt 12 ]; then
      tries=$((tries + 1))
      echo "postprovision: waiting for the Key Vault role assignment to take effect ($tries/12)" >&2
      sleep 15
      continue
    fi
    return 1
  done
}

# Exit status 0 when the secret exists, 1 when it does not; stops the hook on any other error.
secret_exists() {
  if kv secret show --name "$1" --query id -o tsv >/dev/null; then
    return 0
  fi
  if grep -q 'SecretNotFound' "$work/err"; then
    return 1
  fi
  cat "$work/err" >&2
  exit 1
}

# Stores the content of file $2 as secret $1 (a new version when it exists) and prints nothing of it.
store_secret() {
  if ! kv secret set --name "$1" --file "$2" --encoding utf-8 ${3:+--content-type "$3"} -o none; then
    cat "$work/err" >&2
    exit 1
  fi
  rm -f "$2"
}

for id in $providers; do
  case $id in *[!a-z0-9-]*)
    echo "postprovision: skipping provider id '$id' (lower-case letters, digits and hyphens only)" >&2
    continue ;;
  esac
  var="$(printf '%s' "$id" | tr 'a-z-' 'A-Z_')_CLIENT_SECRET"
  value=$(printenv "$var") || value=""
  name="$id-client-secret"
  if [ -z "$value" ]; then
    echo "Key Vault: no $var in the azd environment; $name stays as it is"
    continue
  fi
  if secret_exists "$name" && [ "$(kv secret show --name "$name" --query value -o tsv)" = "$value" ]; then
    echo "Key Vault: $name is up to date"
    continue
  fi
  printf '%s' "$value" >"$work/secret"
  store_secret "$name" "$work/secret"
  echo "Key Vault: stored $var as $name"
done
value=""

if secret_exists "$signing_key_secret"; then
  echo "Key Vault: $signing_key_secret exists (never overwritten here; rotating it: docs/deploy.md)"
else
  if ! command -v openssl >/dev/null 2>&1; then
    echo "postprovision: openssl is required to create the signing key $signing_key_secret" >&2
    exit 1
  fi
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$work/signing-key.pem"
  store_secret "$signing_key_secret" "$work/signing-key.pem" application/x-pem-file
  echo "Key Vault: created $signing_key_secret (PEM P-256)"
fi
