using System.Text.Json.Serialization;

namespace AuthFunctions.Providers;

/// <summary>
/// One provider as the catalog declares it: a file in Catalog/ (see catalog.schema.json). What a provider does
/// differently is data here first; only what data cannot say is a named quirk (Quirks/). Optional members (here and
/// in the shapes) have setters: the source-generated reader sets an absent init-only member to null, losing its default.
/// </summary>
public sealed record ProviderDescriptor
{
    /// <summary>The entry file's pointer to catalog.schema.json, for editors.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The provider's own documentation of the facts in this entry.</summary>
    public required string Docs { get; init; }

    /// <summary>Where a developer registers an app (and the callback URL) with this provider.</summary>
    public string? Register { get; set; }

    /// <summary><c>oidc</c>, <c>oauth2</c> or <c>dev</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>Placeholders (<c>{tenant}</c>, <c>{domain}</c>…) the URLs use, each set as <c>OAuth__Providers__{id}__{Name}</c>.</summary>
    public IReadOnlyDictionary<string, ProviderSettingTemplate> Settings { get; set; } = new Dictionary<string, ProviderSettingTemplate>();

    public string? Issuer { get; set; }

    /// <summary>Other spellings of the issuer its id_tokens may carry (Google's <c>accounts.google.com</c> without a scheme).</summary>
    public IReadOnlyList<string> IssuerAliases { get; set; } = [];

    public string? AuthorizationEndpoint { get; set; }

    public string? TokenEndpoint { get; set; }

    public string? UserInfoEndpoint { get; set; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public string ScopeSeparator { get; set; } = " ";

    /// <summary><c>none</c>, <c>optional</c> (sent; the provider may ignore it) or <c>required</c>.</summary>
    public string Pkce { get; set; } = PkceModes.Optional;

    /// <summary>client_secret_post, client_secret_basic, none, or es256_client_secret (the secret is an ES256 JWT we mint).</summary>
    public required string TokenEndpointAuthMethod { get; init; }

    public AuthorizeShape Authorize { get; set; } = new();

    public TokenShape Token { get; set; } = new();

    public UserInfoShape UserInfo { get; set; } = new();

    public EmailLookup? Emails { get; set; }

    public required ProfileMap Profile { get; init; }

    public IReadOnlyList<string> Quirks { get; set; } = [];
}
