// Log Analytics and Application Insights. Local (instrumentation key) auth is off: telemetry is accepted only with an
// Entra token, which the host and the worker get for the app's identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).

param logAnalyticsName string

param appInsightsName string

param location string

param tags object

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString
