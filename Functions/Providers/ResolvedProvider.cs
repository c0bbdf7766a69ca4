namespace AuthFunctions.Providers;

/// <summary>A provider that is switched on: its catalog entry (or a custom one) merged with its settings.</summary>
public sealed record ResolvedProvider
{
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required string Protocol { get; init; }

    public required string ClientId { get; init; }

    /// <summary>OIDC issuer, placeholders filled in; discovery is at issuer + /.well-known/openid-configuration.</summary>
    public string? Issuer { get; init; }

    public string? Tenant { get; init; }

    /// <summary>The catalog's other spellings of the issuer an id_token may carry.</summary>
    public IReadOnlyList<string> IssuerAliases { get; init; } = [];

    public string? AuthorizationEndpoint { get; init; }

    public string? TokenEndpoint { get; init; }

    public string? UserInfoEndpoint { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public string ScopeSeparator { get; init; } = " ";

    /// <summary>One of <see cref="PkceModes"/>.</summary>
    public string Pkce { get; init; } = PkceModes.Optional;

    /// <summary>One of <see cref="ClientAuthMethods"/>.</summary>
    public required string TokenEndpointAuthMethod { get; init; }

    public AuthorizeShape Authorize { get; init; } = new();

    public TokenShape Token { get; init; } = new();

    public UserInfoShape UserInfo { get; init; } = new();

    /// <summary>The address lookup, its URL's placeholders filled in.</summary>
    public EmailLookup? Emails { get; init; }

    public required ProfileMap Profile { get; init; }

    public IReadOnlySet<string> Quirks { get; init; } = new HashSet<string>();

    /// <summary>The catalog's placeholder settings with their values (Apple's teamId and keyId, a tenant).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>A custom OIDC provider without a chosen method authenticates as its discovery document advertises.</summary>
    public bool AuthMethodFromDiscovery { get; init; }

    /// <summary>True when the provider is not in the catalog but defined by settings alone.</summary>
    public bool IsCustom { get; init; }

    /// <summary>
    /// Where this provider's function answers: <c>/api/auth/{id}</c>, or <c>/api/auth/custom/{id}</c> for a provider
    /// added by settings, so its route can never overlap a catalog provider's (the host takes the first match).
    /// </summary>
    public string RoutePath => IsCustom ? $"/api/auth/custom/{Id}" : $"/api/auth/{Id}";

    public bool IsOidc => Protocol == Protocols.Oidc;

    public bool IsDev => Protocol == Protocols.Dev;

    public bool UsesPkce => Pkce != PkceModes.None;

    /// <summary>The callback is a cross-site form POST (Apple): the binding cookie must be SameSite=None.</summary>
    public bool IsFormPost => Authorize.ResponseMode == ResponseModes.FormPost;

    /// <summary>Apple's team id, the <c>iss</c> of an <c>es256_client_secret</c> (<c>OAuth__Providers__&lt;id&gt;__TeamId</c>).</summary>
    public string? TeamId => Settings.GetValueOrDefault("teamId");

    /// <summary>Apple's key id, the <c>kid</c> of an <c>es256_client_secret</c> (<c>OAuth__Providers__&lt;id&gt;__KeyId</c>).</summary>
    public string? KeyId => Settings.GetValueOrDefault("keyId");

    public bool NeedsClientSecret => TokenEndpointAuthMethod != ClientAuthMethods.None;

    public bool Has(string quirk) => Quirks.Contains(quirk);
}
