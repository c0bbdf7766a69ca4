namespace AuthFunctions.Tests.Infra;

/// <summary>
/// The one place that says which settings the app reads are deliberately NOT set by infra/app/api.bicep (its compiled app settings), and why;
/// and which settings api.bicep sets for the Functions host or the platform rather than for the app. A setting the
/// app starts to read must be added to the Bicep app settings or here, or the contract tests fail.
/// Names may use {id} for any provider id and {n} for a list index.
/// </summary>
public static class OptionalSettings
{
    public static IReadOnlyDictionary<string, string> NotSetInAzure { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["OAuth__StateLifetime"] = "default 10 minutes",
        ["OAuth__HandoffLifetime"] = "default 60 seconds",
        ["OAuth__AccessTokenLifetime"] = "default 1 hour",
        ["OAuth__RefreshTokenSlidingLifetime"] = "default from OAuthOptions",
        ["OAuth__RefreshTokenAbsoluteLifetime"] = "default from OAuthOptions",
        ["OAuth__RefreshGraceWindow"] = "default from OAuthOptions",
        ["OAuth__Audience"] = "defaults to the issuer (OAuth__PublicBaseUrl)",
        ["OAuth__SigningKey"] = "in Azure the signing key is the Key Vault secret KeyVault__SigningKeySecretName (app-signing-key)",
        ["OAuth__Providers__{id}__ClientSecret"] = "in Azure the client secret is the Key Vault secret <id>-client-secret",
        ["OAuth__Providers__{id}__Enabled"] = "a provider is on when it has a client id (main.bicep's providers or customProviders)",
        ["OAuth__Providers__{id}__EmailsEndpoint"] = "catalog providers with an address lookup know its URL; set by hand for a stand-in",
        ["OAuth__Providers__{id}__TokenEndpointAuthMethod"] = "custom providers only; default what discovery advertises",
        ["OAuth__Providers__{id}__Pkce"] = "custom providers only; default optional (always sent)",
        ["OAuth__RateLimits__LoginPerMinute"] = "default 60 per client address and provider",
        ["OAuth__RateLimits__CallbackPerMinute"] = "default 60 per client address and provider",
        ["OAuth__RateLimits__SessionPerMinute"] = "default 60 per client address",
        ["OAuth__RateLimits__RefreshPerMinute"] = "default 120 per client address",
        ["OAuth__RateLimits__ProviderLoginsPerMinute"] = "default 6000 per provider",
        ["OAuth__Allow__{n}"] = "no allow rules = every user of an enabled provider; a team adds its own",
        ["OAuth__Roles__{id}__{n}"] = "role rules ({id} is the role name) are the team's own, added by hand",
        ["ApiAuth__Issuer"] = "only for another Function App protecting its functions; this app checks with its own keys",
        ["ApiAuth__Audience"] = "only for another Function App; default the issuer",
        ["ApiAuth__JwksUrl"] = "only for another Function App; default {issuer}/api/auth/jwks",
        ["ApiAuth__KeyCacheLifetime"] = "default 10 minutes",
        ["KeyVault__RefreshInterval"] = "default 30 minutes",
        ["KeyVault__GracePeriod"] = "default 1 hour",
        ["KeyVault__SigningKeySecretName"] = "default app-signing-key, the name the postprovision hook writes",
        ["AzureWebJobsStorage"] = "a connection string, for Azurite; Azure uses the identity-based settings",
        ["AzureWebJobsStorage__accountName"] = "alternative to AzureWebJobsStorage__tableServiceUri",
    };

    /// <summary>Settings api.bicep sets for the Functions host or the platform, not read by the app's option types.</summary>
    public static IReadOnlyDictionary<string, string> ForTheHost { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage__blobServiceUri"] = "Functions host storage (keys, timer locks); the app reads only the table endpoint",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "Functions host telemetry",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Functions host telemetry with an Entra token (local auth off)",
        ["ASPNETCORE_ENVIRONMENT"] = "the hosting environment of the app (Production), read by the host builder, not an options type",
        ["AzureWebJobs.dev.Disabled"] = "the Functions host never starts the dev provider's function in Azure",
    };

    /// <summary>True when <paramref name="setting"/> is listed as not set in Azure, by its name or its pattern.</summary>
    public static bool Covers(AppSetting setting) =>
        NotSetInAzure.ContainsKey(setting.Name) || NotSetInAzure.ContainsKey(setting.Pattern);
}
