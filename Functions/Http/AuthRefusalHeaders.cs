using AuthFunctions.Http.Protection;

namespace AuthFunctions.Http;

/// <summary>A <c>[RequireRole]</c> refusal from this app carries the headers and SPA CORS every other answer of it does.</summary>
internal sealed class AuthRefusalHeaders(AuthHttp http) : IRefusalHeaders
{
    public Task ApplyAsync(HttpContext context) => http.ApplyHeadersAndCorsAsync(context);
}
