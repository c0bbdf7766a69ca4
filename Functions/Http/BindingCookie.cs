namespace AuthFunctions.Http;

/// <summary>The browser-binding cookie: ties login state to the browser that started the login.</summary>
public static class BindingCookie
{
    /// <summary>
    /// <c>__Host-</c> (Secure, Path=/, no Domain) over https; a plain name on http://localhost. A login with a form_post
    /// provider has a cookie of its own: a Lax login started meanwhile in another tab must not turn a pending form_post
    /// login's cookie back to Lax (it would then be missing from that provider's POST).
    /// </summary>
    public static string Name(bool https, bool formPost = false) => (https ? "__Host-" : "") + (formPost ? "auth-binding-post" : "auth-binding");

    /// <summary>
    /// Lax, except for a form_post provider over https: its answer is a cross-site POST (Apple's from appleid.apple.com),
    /// which carries only a <c>SameSite=None; Secure</c> cookie. That costs no protection: the cookie binds only because
    /// its hash must match the one stored with the state, and a POST an attacker makes the browser send carries the
    /// attacker's state, bound to the attacker's browser. On plain http browsers drop <c>SameSite=None</c> without
    /// <c>Secure</c>, so it stays Lax there: Apple never redirects to http or localhost, and the form_post providers
    /// reachable on http://localhost (a local stand-in, a dev IdP on another port) are the same site as the app (a site
    /// ignores the port), so their POST carries a Lax cookie.
    /// </summary>
    public static SameSiteMode SameSite(bool https, bool formPost) => formPost && https ? SameSiteMode.None : SameSiteMode.Lax;

    /// <summary>HttpOnly, Path=/, no Domain, Secure over https, for the login state's lifetime.</summary>
    public static CookieOptions Options(bool https, bool formPost, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = https,
        SameSite = SameSite(https, formPost),
        Path = "/",
        MaxAge = lifetime,
        IsEssential = true,
    };
}
