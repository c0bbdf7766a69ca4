// Everything `azd up` creates for the sign-in Function App, in one resource group:
// Flex Consumption plan + function app (.NET isolated worker), storage (host storage, the app's tables, deployment
// package), Key Vault (provider client secrets, app JWT signing key), a user-assigned identity that reaches all three
// through Azure RBAC, and Log Analytics + Application Insights with Entra-only ingestion.
// Plain resources only (no registry modules), so it compiles offline: .ci/run builds and lints it with zero
// diagnostics, and the contract tests read the compiled template.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer the Flex Consumption plan: az functionapp list-flexconsumption-locations.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user or service principal running azd (azd fills it in). It gets Key Vault Secrets Officer so the postprovision hook can write secrets. Empty: no such role.')
param principalId string = ''

@description('Kind of principalId: User for a person, ServicePrincipal for a CI identity.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

// The named parameters below predate `providers` and stay for existing azd environments (GITHUB_CLIENT_ID, ...):
// they are shorthand for providers.github.ClientId and so on, folded into the same map (catalogProviders below).
@description('Client id of the GitHub OAuth App. Empty leaves GitHub sign-in off. Shorthand for providers.github.ClientId.')
param githubClientId string = ''

@description('Client id of the Google OAuth client (Web application). Empty leaves Google sign-in off. Shorthand for providers.google.ClientId.')
param googleClientId string = ''

@description('Application (client) id of the Microsoft Entra app registration. Empty leaves Microsoft sign-in off. Shorthand for providers.microsoft.ClientId.')
param microsoftClientId string = ''

@description('Microsoft Entra tenant for Microsoft sign-in: common, organizations, consumers or a tenant id. Shorthand for providers.microsoft.Tenant.')
param microsoftTenant string = 'common'

@description('Services ID of the Sign in with Apple web app (its client id). Empty leaves Apple sign-in off. Shorthand for providers.apple.ClientId.')
param appleClientId string = ''

@description('Apple Developer Team ID: the issuer of the client secret the app signs for Apple. Shorthand for providers.apple.TeamId.')
param appleTeamId string = ''

@description('Key ID of the Sign in with Apple private key (.p8), whose contents are the Key Vault secret apple-client-secret. Shorthand for providers.apple.KeyId.')
param appleKeyId string = ''

// The ProviderSettings (Functions/Core/OAuthOptions.cs) a catalog provider may need in Azure: its client id, the
// placeholders of its catalog URLs, and the two display overrides. Not ClientSecret (Key Vault <id>-client-secret,
// written by the postprovision hook), nor Issuer or endpoints (those make a custom provider: customProviders).
@description('A catalog provider (Functions/Providers/Catalog/<id>.json) switched on: its client id and the settings its catalog entry names. An empty value is left out; an empty ClientId leaves the provider off.')
@sealed()
type catalogProvider = {
  @description('The client id registered with the provider.')
  ClientId: string
  @description('Microsoft Entra tenant: common, organizations, consumers or a tenant id.')
  Tenant: string?
  @description('The provider\'s own host: Okta, Auth0, Salesforce My Domain, a Cognito hosted-UI domain.')
  Domain: string?
  @description('A self-hosted provider\'s root URL: GitLab self-managed, Keycloak.')
  BaseUrl: string?
  @description('Keycloak realm.')
  Realm: string?
  @description('AWS region of a Cognito user pool.')
  Region: string?
  @description('Cognito user pool id.')
  UserPoolId: string?
  @description('Okta authorization server id (default for the default custom server).')
  AuthorizationServer: string?
  @description('Apple developer team id.')
  TeamId: string?
  @description('Apple key id of the .p8 private key.')
  KeyId: string?
  @description('Space-separated scopes, replacing the catalog\'s.')
  Scopes: string?
  @description('The name shown for the provider, replacing the catalog\'s.')
  DisplayName: string?
}

@description('Catalog providers to switch on, by catalog id, e.g. { "gitee": { "ClientId": "..." }, "okta": { "ClientId": "...", "Domain": "example.okta.com" } }; set in main.parameters.json. Each non-empty setting becomes OAuth__Providers__<id>__<setting>; the client secret is the Key Vault secret <id>-client-secret.')
param providers { *: catalogProvider } = {}

@description('A provider added by configuration alone: an OpenID Connect issuer, or the three endpoints of a plain OAuth2 provider. Its client secret is the Key Vault secret <id>-client-secret.')
@sealed()
type customProvider = {
  ClientId: string
  Issuer: string?
  AuthorizationEndpoint: string?
  TokenEndpoint: string?
  UserInfoEndpoint: string?
  Scopes: string?
  DisplayName: string?
}

@description('Custom providers by id (lower-case letters, digits, hyphens), e.g. { "acme": { "Issuer": "https://login.acme.example", "ClientId": "..." } }; set in main.parameters.json. Each becomes OAuth__Providers__<id>__<setting>.')
param customProviders { *: customProvider } = {}

// An azd environment value that is not set reaches Bicep as '': such a setting is left out, as if never written.
func nonEmpty(settings object) object => toObject(filter(items(settings), s => !empty(s.value)), s => s.key, s => s.value)

@description('Comma-separated SPA URLs allowed as return_url (exact origin, path prefix at a / boundary); their origins are the CORS allow-list. The first is used when a login names none.')
param allowedReturnUrls string = ''

@description('External base URL of the app (callback URLs, JWT issuer), for a custom domain. Empty: https://<function app>.azurewebsites.net.')
param publicBaseUrl string = ''

@description('Key Vault purge protection. Once on it can never be turned off, and azd down --purge can no longer purge the vault (it stays reserved for the retention period).')
param keyVaultPurgeProtection bool = false

@description('Memory of each Flex Consumption instance in MB; billing is per GB-second.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Scale-out ceiling of the function app, a cap on cost as much as on load. Flex Consumption accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}auth-${resourceToken}'
// Blob container names: 3-63 lower-case letters, digits and single hyphens.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
// A new function app answers on <name>.azurewebsites.net; the callback URLs registered with providers derive from this.
var effectivePublicBaseUrl = empty(publicBaseUrl) ? 'https://${functionAppName}.azurewebsites.net' : publicBaseUrl
var returnUrls = filter(map(split(allowedReturnUrls, ','), url => trim(url)), url => !empty(url))
// The named parameters as entries of `providers`. A value set in `providers` wins over the named parameter's, an empty
// one never does (union merges the nested objects, and empty values are dropped first).
var namedProviders = {
  github: nonEmpty({ ClientId: githubClientId })
  google: nonEmpty({ ClientId: googleClientId })
  microsoft: nonEmpty({ ClientId: microsoftClientId, Tenant: microsoftTenant })
  apple: nonEmpty({ ClientId: appleClientId, TeamId: appleTeamId, KeyId: appleKeyId })
}
// Every catalog provider with a client id, with its non-empty settings; a provider without one gets no setting at all.
var catalogProviders = toObject(
  filter(items(union(namedProviders, mapValues(providers, p => nonEmpty(p)))), p => !empty(p.value.?ClientId ?? '')),
  p => p.key,
  p => p.value
)
var enabledCustomProviders = map(filter(items(customProviders), p => !empty(p.value.ClientId)), p => p.key)
// Providers with a client id: the hooks store secrets for these and print their callback URLs, and no others.
var enabledProviders = concat(map(items(catalogProviders), p => p.key), enabledCustomProviders)

// The tables the app keeps its state in (Storage/TableTicketStore.cs, Sessions/RefreshTokens.cs).
var tableNames = [
  'LoginStates'
  'Handoffs'
  'LogoutStates'
  'DevCodes'
  'RefreshFamilies'
  'Users'
  // Retired (refresh tokens moved into RefreshFamilies): only swept, so their old rows expire away. Drop both once
  // the new layout has run longer than the refresh tokens' absolute lifetime (90 days by default).
  'RefreshTokens'
  'UserFamilies'
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}auth-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tableNames: tableNames
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    purgeProtection: keyVaultPurgeProtection
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    appInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    identityPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: keyVault.outputs.uri
    publicBaseUrl: effectivePublicBaseUrl
    allowedReturnUrls: returnUrls
    providers: catalogProviders
    customProviders: customProviders
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The host reads its storage at its first start: give the identity its roles before the app exists. This orders
  // the deployment; RBAC may still take minutes to propagate, and the host retries meanwhile.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_URL string = 'https://${api.outputs.defaultHostname}'
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostname}'
output OAUTH_PUBLIC_BASE_URL string = effectivePublicBaseUrl
output OAUTH_ENABLED_PROVIDERS string = join(enabledProviders, ' ')
// The enabled providers that are not in the catalog: the postdeploy hook prints their callback under auth/custom/<id>.
output OAUTH_CUSTOM_PROVIDERS string = join(enabledCustomProviders, ' ')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
