namespace AuthFunctions.Flow;

/// <summary>A refusal the endpoint turns into problem+json (or a page): HTTP status, stable code, safe detail.</summary>
public sealed record FlowError(int Status, string Code, string Detail);

/// <summary>Login answered: redirect the browser to the provider and set the binding cookie.</summary>
public sealed record LoginRedirect(string AuthorizationUrl, string BindingValue);

/// <summary>The parameters of <c>GET /api/auth/{id}/login</c>.</summary>
public sealed record LoginRequest(string? ReturnUrl, string? CodeChallenge, string? CodeChallengeMethod, string? Prompt, string? Scope, string? Mode = null);

/// <summary>Where the callback sends the browser, and in cookie mode the refresh token to set as the session cookie.</summary>
public sealed record CallbackOutcome(string RedirectUrl, string? SessionToken = null);

/// <summary>The parameters of a provider's redirect to <c>/api/auth/{id}/callback</c>.</summary>
public sealed record CallbackRequest(string? State, string? Code, string? Error, string? Iss);

/// <summary>The browser-binding cookie: ties login state to the browser that started the login.</summary>
public static class BindingCookie
{
    /// <summary><c>__Host-</c> (Secure, Path=/, no Domain) over https; a plain name on http://localhost.</summary>
    public static string Name(bool https) => https ? "__Host-auth-binding" : "auth-binding";
}

/// <summary>The cookie-mode session cookie: the refresh token, HttpOnly, SameSite=Strict, <c>__Host-</c> over https.</summary>
public static class SessionCookie
{
    public static string Name(bool https) => https ? "__Host-auth-session" : "auth-session";

    /// <summary>The request header cookie-mode state-changing requests must carry (CSRF defence of the OAuth browser-based-apps BCP).</summary>
    public const string CsrfHeader = "X-CSRF";
}
