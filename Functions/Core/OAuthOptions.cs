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

    /// <summary>An override of the catalog's address lookup URL (GitHub's /user/emails), for a stand-in.</summary>
    public string? EmailsEndpoint { get; set; }

    /// <summary>Microsoft Entra tenant: <c>common</c>, <c>organizations</c>, <c>consumers</c> or a tenant id.</summary>
    public string? Tenant { get; set; }

    /// <summary>The provider's own host: Okta, Auth0, Salesforce My Domain, a Cognito hosted-UI domain.</summary>
    public string? Domain { get; set; }

    /// <summary>A self-hosted provider's root URL: GitLab self-managed, Keycloak.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Keycloak realm.</summary>
    public string? Realm { get; set; }

    /// <summary>AWS region of a Cognito user pool.</summary>
    public string? Region { get; set; }

    /// <summary>Cognito user pool id.</summary>
    public string? UserPoolId { get; set; }

    /// <summary>Okta authorization server id (<c>default</c> for the default custom server).</summary>
    public string? AuthorizationServer { get; set; }

    /// <summary>Apple developer team id (the client secret JWT's issuer).</summary>
    public string? TeamId { get; set; }

    /// <summary>Apple key id of the .p8 private key (the client secret JWT's kid).</summary>
    public string? KeyId { get; set; }

    /// <summary>Custom providers: client_secret_basic, client_secret_post or none; default: what discovery advertises.</summary>
    public string? TokenEndpointAuthMethod { get; set; }

    /// <summary>Custom providers: none, optional or required PKCE (default optional: always sent).</summary>
    public string? Pkce { get; set; }

    /// <summary>The placeholders a catalog entry's URLs may use, named as the settings above (camel case).</summary>
    public static readonly IReadOnlyList<string> TemplateNames = ["tenant", "domain", "baseUrl", "realm", "region", "userPoolId", "authorizationServer", "teamId", "keyId"];

    /// <summary>The value of the setting a placeholder names (<see cref="TemplateNames"/>).</summary>
    public string? Template(string name) => name switch
    {
        "tenant" => Tenant,
        "domain" => Domain,
        "baseUrl" => BaseUrl,
        "realm" => Realm,
        "region" => Region,
        "userPoolId" => UserPoolId,
        "authorizationServer" => AuthorizationServer,
        "teamId" => TeamId,
        "keyId" => KeyId,
        _ => null,
    };

    /// <summary>Set to false to switch a configured provider off without removing its settings.</summary>
    public bool? Enabled { get; set; }
}
