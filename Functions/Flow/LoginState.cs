namespace AuthFunctions.Flow;

/// <summary>What the login step stores under the hash of <c>state</c> for the callback (one use, 10 minutes).</summary>
public sealed record LoginState
{
    public required string Provider { get; init; }

    public required string ReturnUrl { get; init; }

    public required string RedirectUri { get; init; }

    /// <summary>SHA-256 of the browser-binding cookie's value.</summary>
    public required string BindingHash { get; init; }

    public string? CodeVerifier { get; init; }

    public string? Nonce { get; init; }

    /// <summary>The SPA's own PKCE challenge, binding the handoff code to the SPA that started the login.</summary>
    public string? SpaCodeChallenge { get; init; }

    /// <summary>True for <c>mode=cookie</c>: the session ends up in an HttpOnly cookie instead of a handoff code.</summary>
    public bool CookieMode { get; init; }
}

/// <summary>What a handoff code redeems for at <c>/api/auth/session</c> (one use, 60 seconds).</summary>
public sealed record Handoff
{
    public required NormalizedUser User { get; init; }

    public string? SpaCodeChallenge { get; init; }
}

/// <summary>The signed-in user, the same shape for every provider. Accounts are keyed by <see cref="Id"/>.</summary>
public sealed record NormalizedUser
{
    public required string Provider { get; init; }

    public required string Subject { get; init; }

    /// <summary><c>&lt;provider&gt;:&lt;subject&gt;</c>.</summary>
    public string Id => $"{Provider}:{Subject}";

    public string? Name { get; init; }

    public string? Email { get; init; }

    public bool EmailVerified { get; init; }

    public string? AvatarUrl { get; init; }
}
