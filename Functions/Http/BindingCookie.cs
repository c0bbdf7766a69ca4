namespace AuthFunctions.Http;

/// <summary>The browser-binding cookie: ties login state to the browser that started the login.</summary>
public static class BindingCookie
{
    /// <summary><c>__Host-</c> (Secure, Path=/, no Domain) over https; a plain name on http://localhost.</summary>
    public static string Name(bool https) => https ? "__Host-auth-binding" : "auth-binding";
}
