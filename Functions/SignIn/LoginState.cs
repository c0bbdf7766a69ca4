using AuthFunctions.Providers;

namespace AuthFunctions.SignIn;

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

    /// <summary>The part of the state the provider round trip needs.</summary>
    public ProviderRequest ToProviderRequest() => new(RedirectUri, CodeVerifier, Nonce);
}
