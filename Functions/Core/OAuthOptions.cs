namespace AuthFunctions.Core;

/// <summary>The <c>OAuth</c> configuration section (app settings <c>OAuth__*</c>).</summary>
public sealed class OAuthOptions
{
    public const string Section = "OAuth";

    /// <summary>The app's external base URL; callback URLs and the JWT issuer derive from it. Default: the request's.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>SPA URLs allowed as <c>return_url</c> (exact origin, path prefix); their origins are the CORS allow-list.</summary>
    public List<string> AllowedReturnUrls { get; set; } = [];

    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan HandoffLifetime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A refresh token unused this long expires (each use rotates it and restarts this clock).</summary>
    public TimeSpan RefreshTokenSlidingLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>No session outlives this, however often it is refreshed.</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Concurrent refreshes of one token within this window all get the same successor (several tabs).</summary>
    public TimeSpan RefreshGraceWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>aud</c> of app access tokens; default: the issuer.</summary>
    public string? Audience { get; set; }

    /// <summary>PEM (PKCS#8 or SEC1) P-256 private key signing app tokens; generated at start-up in Development when empty.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Request rate limits per instance (<c>OAuth__RateLimits__*</c>).</summary>
    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>Who may sign in (<c>OAuth__Allow__&lt;n&gt;</c>, see <see cref="UserSelector"/>); empty = every user of an enabled provider.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>Roles by name, each given to the users its rules select (<c>OAuth__Roles__admin__0=github:12345</c>).</summary>
    public Dictionary<string, List<string>> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per-provider settings keyed by provider id.</summary>
    public Dictionary<string, ProviderSettings> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Settings of one provider (<c>OAuth__Providers__&lt;id&gt;__*</c>).</summary>
public sealed class ProviderSettings
{
    public string? ClientId { get; set; }

    /// <summary>Local development only; in Azure the secret lives in Key Vault as <c>&lt;id&gt;-client-secret</c>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space-separated; replaces the catalog's default scopes.</summary>
    public string? Scopes { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>OIDC issuer: a custom provider, or an override of a catalog one.</summary>
    public string? Issuer { get; set; }

    public string? AuthorizationEndpoint { get; set; }

    public string? TokenEndpoint { get; set; }

    public string? UserInfoEndpoint { get; set; }

    /// <summary>Microsoft Entra tenant: <c>common</c>, <c>organizations</c>, <c>consumers</c> or a tenant id.</summary>
    public string? Tenant { get; set; }

    /// <summary>Apple Developer Team ID: the <c>iss</c> of the client secret JWT of an <c>es256_client_secret</c> provider.</summary>
    public string? TeamId { get; set; }

    /// <summary>Key ID of the private key (.p8) that signs the client secret JWT of an <c>es256_client_secret</c> provider.</summary>
    public string? KeyId { get; set; }

    /// <summary>Set to false to switch a configured provider off without removing its settings.</summary>
    public bool? Enabled { get; set; }
}
