namespace AuthFunctions.Http;

/// <summary>The cookie-mode session cookie: the refresh token, HttpOnly, SameSite=Strict, <c>__Host-</c> over https.</summary>
public static class SessionCookie
{
    public static string Name(bool https) => https ? "__Host-auth-session" : "auth-session";

    /// <summary>The request header cookie-mode state-changing requests must carry (CSRF defence of the OAuth browser-based-apps BCP).</summary>
    public const string CsrfHeader = "X-CSRF";
}
