namespace AuthFunctions.Providers;

/// <summary>A provider that is switched on: its catalog entry (or a custom one) merged with its settings.</summary>
public sealed record ResolvedProvider
{
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required string Protocol { get; init; }

    public required string ClientId { get; init; }

    /// <summary>OIDC issuer, tenant filled in; discovery is at issuer + /.well-known/openid-configuration.</summary>
    public string? Issuer { get; init; }

    public string? Tenant { get; init; }

    public string? AuthorizationEndpoint { get; init; }

    public string? TokenEndpoint { get; init; }

    public string? UserInfoEndpoint { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public bool Pkce { get; init; }

    public required string TokenEndpointAuthMethod { get; init; }

    /// <summary>
    /// The authorization request's <c>response_mode</c> (OAuth 2.0 Multiple Response Type Encoding), when not the default
    /// query: <c>form_post</c> makes the provider's answer a cross-site POST to the callback.
    /// </summary>
    public string? ResponseMode { get; init; }

    /// <summary>Team id, the <c>iss</c> of an <c>es256_client_secret</c> (<c>OAuth__Providers__&lt;id&gt;__TeamId</c>).</summary>
    public string? TeamId { get; init; }

    /// <summary>Key id, the <c>kid</c> of an <c>es256_client_secret</c> (<c>OAuth__Providers__&lt;id&gt;__KeyId</c>).</summary>
    public string? KeyId { get; init; }

    public required ProfileMap Profile { get; init; }

    public IReadOnlySet<string> Quirks { get; init; } = new HashSet<string>();

    /// <summary>True when the provider is not in the catalog but defined by settings alone.</summary>
    public bool IsCustom { get; init; }

    /// <summary>
    /// Where this provider's function answers: <c>/api/auth/{id}</c>, or <c>/api/auth/custom/{id}</c> for a provider
    /// added by settings, so its route can never overlap a catalog provider's (the host takes the first match).
    /// </summary>
    public string RoutePath => IsCustom ? $"/api/auth/custom/{Id}" : $"/api/auth/{Id}";

    public bool IsOidc => Protocol == Protocols.Oidc;

    public bool IsDev => Protocol == Protocols.Dev;

    public bool NeedsClientSecret => TokenEndpointAuthMethod != "none";

    /// <summary>The provider answers with a form POST (OAuth 2.0 Form Post Response Mode): the callback is a cross-site POST.</summary>
    public bool IsFormPost => ResponseMode == ResponseModes.FormPost;

    public bool Has(string quirk) => Quirks.Contains(quirk);
}
