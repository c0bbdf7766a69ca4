// The Flex Consumption (FC1) plan and the function app: the .NET isolated worker (runtime dotnet-isolated 10.0),
// deployed from a blob container it reads with its user-assigned identity. The app settings are one
// sites/config 'appsettings' resource: every provision replaces the whole set, so a setting removed here (a return
// URL, a provider) is gone from the app after the next azd provision, and so is anything added by hand in the portal.
// The contract tests (Functions.Tests/Infra) compare the compiled set with the settings the app reads.

@description('Name of the function app; also its default host name <name>.azurewebsites.net.')
param name string

param planName string

param location string

param tags object

@description('azd finds the app to deploy to by the tag azd-service-name; it must equal the service name in azure.yaml.')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity: DefaultAzureCredential, the host storage connection and Application Insights pick it by this.')
param identityClientId string

@description('Blob endpoint of the storage account (host storage, deployment container).')
param blobEndpoint string

@description('Table endpoint of the storage account (the app\'s tables).')
param tableEndpoint string

@description('Blob container Flex Consumption deploys the package from.')
param deploymentContainerName string

param appInsightsConnectionString string

@description('Vault URI, e.g. https://kv-name.vault.azure.net/; setting it turns the app\'s Key Vault secrets on.')
param keyVaultUri string

@description('External base URL of the app: callback URLs and the JWT issuer derive from it.')
param publicBaseUrl string

@description('SPA URLs allowed as return_url.')
param allowedReturnUrls string[]

@description('Catalog providers that are on: id -> their non-empty settings (ClientId among them), each becoming OAuth__Providers__<id>__<setting>.')
param providers object

@description('Custom providers: id -> settings, each becoming OAuth__Providers__<id>__<setting>.')
param customProviders object

param instanceMemoryMB int

param maximumInstanceCount int

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION or WEBSITE_*: Flex Consumption rejects them and takes the
// runtime from functionAppConfig above.
var hostSettings = {
  // Host storage and the app's Table Storage, identity-based through the user-assigned identity (no account key).
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // Application Insights with local auth off: host and worker send telemetry with an Entra token of the identity.
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  ASPNETCORE_ENVIRONMENT: 'Production'
  // The dev provider's function never runs in Azure (the app also refuses the dev provider outside Development).
  'AzureWebJobs.dev.Disabled': 'true'
}

var appSettings = {
  // DefaultAzureCredential (Key Vault) uses the user-assigned identity named here.
  AZURE_CLIENT_ID: identityClientId
  KeyVault__Uri: keyVaultUri
  OAuth__PublicBaseUrl: publicBaseUrl
}

// OAuth__AllowedReturnUrls__0, __1, ...: the configuration binder reads them as one list.
var returnUrlSettings = toObject(range(0, length(allowedReturnUrls)), i => 'OAuth__AllowedReturnUrls__${i}', i => allowedReturnUrls[i])

// Client secrets live in Key Vault as <id>-client-secret, never here. Catalog and custom providers map the same way;
// the app tells them apart by the catalog (a custom provider is one the catalog does not know).
var catalogProviderSettings = providerSettings(providers)

var customProviderSettings = providerSettings(customProviders)

// { acme: { ClientId: 'x', Issuer: 'y' } } -> { OAuth__Providers__acme__ClientId: 'x', OAuth__Providers__acme__Issuer: 'y' }
func providerSettings(byId object) object => toObject(
  flatten(map(items(byId), p => map(items(p.value), s => { key: 'OAuth__Providers__${p.key}__${s.key}', value: s.value }))),
  e => e.key,
  e => e.value
)

resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(hostSettings, appSettings, returnUrlSettings, catalogProviderSettings, customProviderSettings)
}

output name string = site.name
output defaultHostname string = site.properties.defaultHostName
