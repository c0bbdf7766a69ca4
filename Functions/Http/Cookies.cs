using AuthFunctions.Core;

namespace AuthFunctions.Http;

/// <summary>Reading and writing the app's two cookies; both HttpOnly, Secure and <c>__Host-</c> over https.</summary>
internal static class Cookies
{
    public static bool IsHttps(HttpContext context, OAuthOptions options) =>
        RequestReading.BaseUrl(context, options).StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public static string? Session(HttpContext context, OAuthOptions options) =>
        context.Request.Cookies[SessionCookie.Name(IsHttps(context, options))];

    public static void SetSession(HttpContext context, OAuthOptions options, string refreshToken) =>
        context.Response.Cookies.Append(SessionCookie.Name(IsHttps(context, options)), refreshToken, new CookieOptions
        {
            HttpOnly = true,
            Secure = IsHttps(context, options),
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = options.RefreshTokenSlidingLifetime,
            IsEssential = true,
        });

    public static void ClearSession(HttpContext context, OAuthOptions options) =>
        context.Response.Cookies.Delete(SessionCookie.Name(IsHttps(context, options)), new CookieOptions
        {
            HttpOnly = true,
            Secure = IsHttps(context, options),
            SameSite = SameSiteMode.Strict,
            Path = "/",
        });

    /// <summary>Cookie-mode requests that change state must carry the custom header: a cross-site form cannot send it.</summary>
    public static bool HasCsrfHeader(HttpContext context) => context.Request.Headers[SessionCookie.CsrfHeader] == "1";
}
