// The function app: a Flex Consumption app running the .NET isolated worker (runtime dotnet-isolated 10.0); the
// Functions host starts AuthFunctions.dll as worker.config.json says. Every setting the app reads is set here; the
// contract tests (Functions.Tests/Infra) compare this list with the option types of the app.

@description('Name of the function app; also its default host name <name>.azurewebsites.net.')
param name string

param location string

param tags object

@description('azd finds the app to deploy to by the tag azd-service-name; it must equal the service name in azure.yaml.')
param serviceName string

@description('Resource id of the Flex Consumption (FC1) plan.')
param planId string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity: DefaultAzureCredential, the host storage connection and Application Insights pick it by this.')
param identityClientId string

@description('Storage account for host storage, login-state tables and the deployment package.')
param storageAccountName string

@description('Blob container Flex Consumption deploys the package from.')
param deploymentContainerName string

param appInsightsConnectionString string

@description('Vault URI, e.g. https://kv-name.vault.azure.net/; setting it turns the app\'s Key Vault secrets on.')
param keyVaultUri string

@description('External base URL of the app: callback URLs and the JWT issuer derive from it.')
param publicBaseUrl string

@description('SPA URLs allowed as return_url.')
param allowedReturnUrls array

param githubClientId string

param googleClientId string

param microsoftClientId string

param microsoftTenant string

param instanceMemoryMB int

param maximumInstanceCount int

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// OAuth__AllowedReturnUrls__0, __1, ...: the configuration binder reads them as one list.
var returnUrlSettings = toObject(range(0, length(allowedReturnUrls)), i => 'OAuth__AllowedReturnUrls__${i}', i => allowedReturnUrls[i])

// No FUNCTIONS_WORKER_RUNTIME or FUNCTIONS_EXTENSION_VERSION: Flex Consumption rejects them and takes the runtime
// from functionAppConfig.runtime below.
var baseAppSettings = {
  // Host storage and the app's Table Storage, identity-based through the user-assigned identity (no account key).
  AzureWebJobsStorage__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
  AzureWebJobsStorage__tableServiceUri: storageAccount.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // DefaultAzureCredential (Key Vault) uses the user-assigned identity named here.
  AZURE_CLIENT_ID: identityClientId
  // Application Insights with local auth off: the host sends telemetry with an Entra token of the identity.
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  ASPNETCORE_ENVIRONMENT: 'Production'
  KeyVault__Uri: keyVaultUri
  OAuth__PublicBaseUrl: publicBaseUrl
  // Empty client ids leave a provider off; client secrets live in Key Vault as <id>-client-secret. Add custom
  // providers here too (OAuth__Providers__<id>__Issuer, __ClientId, ...): every provision replaces the whole set of
  // app settings, so settings added by hand in the portal or with az are gone after the next azd provision.
  OAuth__Providers__github__ClientId: githubClientId
  OAuth__Providers__google__ClientId: googleClientId
  OAuth__Providers__microsoft__ClientId: microsoftClientId
  OAuth__Providers__microsoft__Tenant: microsoftTenant
}

module site 'br/public:avm/res/web/site:0.15.1' = {
  name: '${serviceName}-flex-consumption'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, {
      'azd-service-name': serviceName
    })
    serverFarmResourceId: planId
    httpsOnly: true
    managedIdentities: {
      userAssignedResourceIds: [
        identityId
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
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
    siteConfig: {
      alwaysOn: false
    }
    appSettingsKeyValuePairs: union(baseAppSettings, returnUrlSettings)
  }
}

output name string = site.outputs.name
output defaultHostname string = site.outputs.defaultHostname
