namespace AuthFunctions.Providers;

/// <summary>One provider as the catalog declares it (see catalog.json and catalog.schema.json).</summary>
public sealed record ProviderDescriptor
{
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required string Docs { get; init; }

    /// <summary><c>oidc</c>, <c>oauth2</c> or <c>dev</c>.</summary>
    public required string Protocol { get; init; }

    public string? Issuer { get; init; }

    public string? DefaultTenant { get; init; }

    public string? AuthorizationEndpoint { get; init; }

    public string? TokenEndpoint { get; init; }

    public string? UserInfoEndpoint { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required bool Pkce { get; init; }

    public required string TokenEndpointAuthMethod { get; init; }

    /// <summary>The authorization request's <c>response_mode</c> when not the default query: <c>form_post</c>.</summary>
    public string? ResponseMode { get; init; }

    public required ProfileMap Profile { get; init; }

    public required IReadOnlyList<string> Quirks { get; init; }
}

/// <summary>Where the normalized user's fields are found in the provider's claims or profile JSON.</summary>
public sealed record ProfileMap
{
    public required IReadOnlyList<string> Subject { get; init; }

    public required IReadOnlyList<string> Name { get; init; }

    public required IReadOnlyList<string> Email { get; init; }

    public required IReadOnlyList<string> EmailVerified { get; init; }

    public required IReadOnlyList<string> AvatarUrl { get; init; }

    /// <summary>The mapping used for custom providers, which the catalog does not describe.</summary>
    public static ProfileMap Default { get; } = new()
    {
        Subject = ["sub", "id"],
        Name = ["name", "preferred_username", "nickname", "login"],
        Email = ["email"],
        EmailVerified = ["email_verified"],
        AvatarUrl = ["picture", "avatar_url"],
    };
}

/// <summary>The catalog file's root.</summary>
public sealed record ProviderCatalogFile
{
    public required IReadOnlyList<ProviderDescriptor> Providers { get; init; }
}

/// <summary>Protocol names used in the catalog.</summary>
public static class Protocols
{
    public const string Oidc = "oidc";
    public const string OAuth2 = "oauth2";
    public const string Dev = "dev";
}
