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
        auth.MapGet("/jwks", async (SigningKeys keys, CancellationToken ct) =>
            Results.Json((await keys.GetAsync(ct).ConfigureAwait(false)).Jwks, AppJsonContext.Default.JwksDto)).RequireCors(CorsPolicy);
        auth.MapGet("/{provider}/login", Login);
        auth.MapMethods("/{provider}/callback", ["GET", "POST"], Callback);
        auth.MapGet("/{provider}/logout", ProviderLogout);
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
            || !RequestReading.TrySingle(q["scope"], out var scope)
            || !RequestReading.TrySingle(q["mode"], out var mode))
        {
            return ProblemResult.For(context, new FlowError(400, "invalid_request", "Each parameter may appear once; the query must be under 4 KB."));
        }

        var baseUrl = RequestReading.BaseUrl(context, options.Value);
        var https = Cookies.IsHttps(context, options.Value);
        var cookie = BindingCookie.Name(https);
        var (redirect, error) = await flow.StartAsync(
            provider, new LoginRequest(returnUrl, challenge, method, prompt, scope, mode), baseUrl, context.Request.Cookies[cookie], context.RequestAborted).ConfigureAwait(false);
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

        var https = Cookies.IsHttps(context, options.Value);
        var (outcome, refusal) = await flow.CompleteAsync(
            provider, new CallbackRequest(state, code, error, iss), request.Cookies[BindingCookie.Name(https)], context.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            return ProblemResult.For(context, refusal);
        }

        if (outcome!.SessionToken is not null)
        {
            Cookies.SetSession(context, options.Value, outcome.SessionToken);
        }

        return Results.Redirect(outcome.RedirectUrl);
    }

    private static async Task<IResult> ProviderLogout(string provider, HttpContext context, LogoutFlow flow, RefreshTokens refreshTokens, IOptions<OAuthOptions> options)
    {
        var q = context.Request.Query;
        if (!RequestReading.TrySingle(q["return_url"], out var returnUrl) || !RequestReading.TrySingle(q["state"], out var state))
        {
            return ProblemResult.For(context, new FlowError(400, "invalid_request", "Each parameter may appear once."));
        }

        if (state is not null && returnUrl is null)
        {
            var (back, refusal) = await flow.CompleteAsync(state, context.RequestAborted).ConfigureAwait(false);
            return refusal is not null ? ProblemResult.For(context, refusal) : Results.Redirect(back!);
        }

        var (redirect, error) = await flow.StartAsync(provider, returnUrl, RequestReading.BaseUrl(context, options.Value), context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return ProblemResult.For(context, error);
        }

        // A cookie-mode session ends here too; token-mode SPAs call POST /api/auth/logout first.
        if (Cookies.Session(context, options.Value) is { } session)
        {
            await refreshTokens.RevokeAsync(session, context.RequestAborted).ConfigureAwait(false);
            Cookies.ClearSession(context, options.Value);
        }

        return Results.Redirect(redirect!);
    }
}
