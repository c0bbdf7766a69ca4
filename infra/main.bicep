// Everything `azd up` creates for the sign-in Function App, in one resource group:
// Flex Consumption plan + function app (.NET isolated worker), storage (host storage, login-state tables, deployment
// package), Key Vault (provider client secrets, app JWT signing key), a user-assigned identity that reaches all three
// through Azure RBAC, and Log Analytics + Application Insights with Entra-only ingestion.
//
// Written against the Microsoft Learn docs and the Azure Verified Modules sources; not compiled in the environment
// it was written in (no Bicep CLI there). Run `az bicep build --file infra/main.bicep` before the first `azd up`.
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

@description('Client id of the GitHub OAuth App. Empty leaves GitHub sign-in off.')
param githubClientId string = ''

@description('Client id of the Google OAuth client (Web application). Empty leaves Google sign-in off.')
param googleClientId string = ''

@description('Application (client) id of the Microsoft Entra app registration. Empty leaves Microsoft sign-in off.')
param microsoftClientId string = ''

@description('Microsoft Entra tenant for Microsoft sign-in: common, organizations, consumers or a tenant id.')
param microsoftTenant string = 'common'

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

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The app's only identity: host storage, Table Storage, Key Vault and Application Insights all accept it through RBAC.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}auth-${resourceToken}'
    location: location
    tags: tags
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
    reserved: true
  }
}

// Host storage (function keys, timer locks), the login-state tables the app creates itself, and the container
// Flex Consumption deploys from. No account keys: every caller authenticates with Entra ID.
module storage 'br/public:avm/res/storage/storage-account:0.8.3' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    kind: 'StorageV2'
    skuName: 'Standard_LRS'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
          publicAccess: 'None'
        }
      ]
    }
  }
}

// Provider client secrets (<id>-client-secret) and the app JWT signing key (app-signing-key); RBAC only.
module keyVault 'br/public:avm/res/key-vault/vault:0.13.3' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    sku: 'standard'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection
    enableVaultForDeployment: false
    enableVaultForDiskEncryption: false
    enableVaultForTemplateDeployment: false
    // The postprovision hook writes secrets from the deploying machine.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: 'logAnalytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

// Local (instrumentation key) auth off: telemetry is accepted only with an Entra token of the app's identity.
module appInsights 'br/public:avm/res/insights/component:0.6.0' = {
  name: 'appInsights'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: appInsights.outputs.name
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
    location: location
    tags: tags
    serviceName: 'api'
    planId: plan.outputs.resourceId
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: appInsights.outputs.connectionString
    keyVaultUri: keyVault.outputs.uri
    publicBaseUrl: effectivePublicBaseUrl
    allowedReturnUrls: returnUrls
    githubClientId: githubClientId
    googleClientId: googleClientId
    microsoftClientId: microsoftClientId
    microsoftTenant: microsoftTenant
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The host reads its storage at its first start: give the identity its roles before the app exists.
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
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = appInsights.outputs.connectionString
