using AuthFunctions.Configuration;
using AuthFunctions.Flow;
using AuthFunctions.Json;
using AuthFunctions.Providers;
using AuthFunctions.Sessions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Endpoints;

/// <summary>The HTTP contract of DESIGN.md under <c>/api/auth</c>. Handlers only translate HTTP to the flows and back.</summary>
public static class AuthEndpoints
{
    public const string CorsPolicy = "spa";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth");
        auth.MapGet("/providers", Providers).RequireCors(CorsPolicy);
        auth.MapPost("/session", Session).RequireCors(CorsPolicy);
        auth.MapGet("/me", Me).RequireCors(CorsPolicy);
        auth.MapGet("/jwks", (SigningKeys keys) => Results.Json(keys.Jwks(), AppJsonContext.Default.JwksDto)).RequireCors(CorsPolicy);
        auth.MapGet("/{provider}/login", Login);
        auth.MapMethods("/{provider}/callback", ["GET", "POST"], Callback);
    }

    private static IResult Providers(HttpContext context, ProviderRegistry registry, IOptions<OAuthOptions> options)
    {
        var baseUrl = RequestReading.BaseUrl(context, options.Value);
        var list = registry.Enabled.Select(p => new ProviderInfo(p.Id, p.DisplayName, $"{baseUrl}/api/auth/{p.Id}/login")).ToArray();
        return Results.Json(list, AppJsonContext.Default.ProviderInfoArray);
    }

    private static async Task<IResult> Login(string provider, HttpContext context, LoginFlow flow, IOptions<OAuthOptions> options)
    {
        var q = context.Request.Query;
        if (context.Request.QueryString.Value?.Length > 4096
            || !RequestReading.TrySingle(q["return_url"], out var returnUrl)
            || !RequestReading.TrySingle(q["code_challenge"], out var challenge)
            || !RequestReading.TrySingle(q["code_challenge_method"], out var method)
            || !RequestReading.TrySingle(q["prompt"], out var prompt)
            || !RequestReading.TrySingle(q["scope"], out var scope))
        {
            return ProblemResult.For(context, new FlowError(400, "invalid_request", "Each parameter may appear once; the query must be under 4 KB."));
        }

        var baseUrl = RequestReading.BaseUrl(context, options.Value);
        var https = baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var cookie = BindingCookie.Name(https);
        var (redirect, error) = await flow.StartAsync(
            provider, new LoginRequest(returnUrl, challenge, method, prompt, scope), baseUrl, context.Request.Cookies[cookie], context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return ProblemResult.For(context, error);
        }

        context.Response.Cookies.Append(cookie, redirect!.BindingValue, new CookieOptions
        {
            HttpOnly = true,
            Secure = https,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = options.Value.StateLifetime,
            IsEssential = true,
        });
        return Results.Redirect(redirect.AuthorizationUrl);
    }

    private static async Task<IResult> Callback(string provider, HttpContext context, CallbackFlow flow, IOptions<OAuthOptions> options)
    {
        var request = context.Request;
        var parameters = request.Query;
        if (HttpMethods.IsPost(request.Method))
        {
            if (!request.HasFormContentType)
            {
                return ProblemResult.For(context, new FlowError(415, "unsupported_media_type", "A form_post callback must be application/x-www-form-urlencoded."));
            }

            var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            parameters = new QueryCollection(form.ToDictionary(kv => kv.Key, kv => kv.Value));
        }

        if (!RequestReading.TrySingle(parameters["state"], out var state)
            || !RequestReading.TrySingle(parameters["code"], out var code)
            || !RequestReading.TrySingle(parameters["error"], out var error)
            || !RequestReading.TrySingle(parameters["iss"], out var iss))
        {
            return ProblemResult.For(context, new FlowError(400, "invalid_request", "Each parameter may appear once."));
        }

        var https = RequestReading.BaseUrl(context, options.Value).StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var (redirectUrl, refusal) = await flow.CompleteAsync(
            provider, new CallbackRequest(state, code, error, iss), request.Cookies[BindingCookie.Name(https)], context.RequestAborted).ConfigureAwait(false);
        return refusal is not null ? ProblemResult.For(context, refusal) : Results.Redirect(redirectUrl!);
    }

    private static async Task<IResult> Session(HttpContext context, SessionFlow flow, IOptions<OAuthOptions> options)
    {
        var (request, error) = await RequestReading.ReadJsonAsync(context.Request, AppJsonContext.Default.SessionRequest, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return new ProblemResult(error);
        }

        var (session, refusal) = await flow.RedeemAsync(request!, RequestReading.BaseUrl(context, options.Value), context.RequestAborted).ConfigureAwait(false);
        return refusal is not null ? new ProblemResult(refusal) : Results.Json(session, AppJsonContext.Default.SessionResponse);
    }

    private static async Task<IResult> Me(HttpContext context, AppTokens tokens, IOptions<OAuthOptions> options)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var user = header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), RequestReading.BaseUrl(context, options.Value)).ConfigureAwait(false)
            : null;
        if (user is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return new ProblemResult(new FlowError(401, "invalid_token", "Send a valid app access token as Authorization: Bearer."));
        }

        return Results.Json(user, AppJsonContext.Default.NormalizedUser);
    }
}
