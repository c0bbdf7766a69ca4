using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.SignIn;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http;

/// <summary>
/// A provider's function, <c>auth/{id}/{action}</c>: login, callback (GET, and POST for form_post providers) and
/// RP-initiated logout; for the Development-only dev provider also its sign-in page and the demo SPA.
/// Handlers only translate HTTP to the flows and back.
/// </summary>
public sealed class ProviderEndpoints(
    ProviderRegistry registry, LoginFlow loginFlow, CallbackFlow callbackFlow, LogoutFlow logoutFlow, DevSignInPage devSignIn,
    RateLimits limits, IOptions<OAuthOptions> options, IHostEnvironment environment, ILogger<ProviderEndpoints> logger)
{
    /// <summary>
    /// Dispatches <paramref name="action"/> of <paramref name="provider"/>; unknown actions are 404, wrong methods 405.
    /// <paramref name="customRoute"/> says which function was called: a provider answers only on its own route.
    /// </summary>
    public Task<IResult> HandleAsync(string provider, string? action, HttpContext context, bool customRoute = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (registry.Find(provider) is not { } found || found.IsCustom != customRoute)
        {
            return Task.FromResult<IResult>(ProblemResult.For(context, new FlowError(404, "unknown_provider", "No enabled provider has this id.")));
        }

        var get = HttpMethods.IsGet(context.Request.Method);
        var post = HttpMethods.IsPost(context.Request.Method);
        var dev = found.IsDev && environment.IsDevelopment();
        return action switch
        {
            "login" when get => Login(found, context),
            "callback" when get || post => Callback(found, context),
            "logout" when get => ProviderLogout(provider, context),
            "authorize" when dev && get => Task.FromResult(devSignIn.Page(context)),
            "authorize" when dev && post => devSignIn.SubmitAsync(context),
            "demo" when dev && get => Task.FromResult(DevHomePage.Result(context, options.Value)),
            "login" or "callback" or "logout" => Task.FromResult<IResult>(ProblemResult.For(context, MethodNotAllowed)),
            _ => Task.FromResult<IResult>(ProblemResult.For(context, new FlowError(404, "not_found", "No such sign-in endpoint."))),
        };
    }

    private static readonly FlowError MethodNotAllowed = new(405, "method_not_allowed", "This endpoint does not accept that method.");

    private async Task<IResult> Login(ResolvedProvider provider, HttpContext context)
    {
        if (limits.Check(context, LimitedEndpoint.Login, provider.Id) is { } tooMany)
        {
            return tooMany;
        }

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
        var cookie = BindingCookie.Name(https, provider.IsFormPost);
        var (redirect, error) = await loginFlow.StartAsync(
            provider.Id, new LoginRequest(returnUrl, challenge, method, prompt, scope, mode), baseUrl, context.Request.Cookies[cookie], context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return ProblemResult.For(context, error);
        }

        context.Response.Cookies.Append(cookie, redirect!.BindingValue, BindingCookie.Options(https, provider.IsFormPost, options.Value.StateLifetime));
        return Results.Redirect(redirect.AuthorizationUrl);
    }

    private static readonly FlowError RepeatedParameter = new(400, "invalid_request", "Each parameter may appear once.");

    /// <summary>Longer callback fields are not a provider's: dropped unread.</summary>
    private const int MaxCallbackFieldLength = 4096;

    private async Task<IResult> Callback(ResolvedProvider provider, HttpContext context)
    {
        if (limits.Check(context, LimitedEndpoint.Callback, provider.Id) is { } tooMany)
        {
            return tooMany;
        }

        var request = context.Request;
        var parameters = request.Query;
        var posted = HttpMethods.IsPost(request.Method);
        if (posted)
        {
            var (form, bad) = await RequestReading.ReadFormAsync(request, context.RequestAborted).ConfigureAwait(false);
            if (bad is not null)
            {
                return ProblemResult.For(context, bad);
            }

            // A posted id_token (Apple) is ignored: the token endpoint's is the one validated.
            parameters = new QueryCollection(form!.ToDictionary(kv => kv.Key, kv => kv.Value));
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in provider.Authorize.CallbackFields)
        {
            // A form_post provider's fields (Apple's user) count only from its POST body, never from a crafted query.
            if (!RequestReading.TrySingle(posted || !provider.IsFormPost ? parameters[name] : default, out var value))
            {
                return ProblemResult.For(context, RepeatedParameter);
            }

            if (value is { Length: > 0 and <= MaxCallbackFieldLength })
            {
                fields[name] = value;
            }
        }

        if (!RequestReading.TrySingle(parameters["state"], out var state)
            || !RequestReading.TrySingle(parameters[provider.Authorize.CallbackCode], out var code)
            || !RequestReading.TrySingle(parameters["error"], out var error)
            || !RequestReading.TrySingle(parameters["iss"], out var iss))
        {
            return ProblemResult.For(context, RepeatedParameter);
        }

        var https = Cookies.IsHttps(context, options.Value);
        var (outcome, refusal) = await callbackFlow.CompleteAsync(
            provider.Id, new CallbackRequest(state, code, error, iss, fields), request.Cookies[BindingCookie.Name(https, provider.IsFormPost)], context.RequestAborted).ConfigureAwait(false);
        Audit.SignIn(logger, provider.Id, outcome?.Outcome ?? refusal!.Code, Audit.UserHash(outcome?.UserId), ClientAddress.Of(context));
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

    private async Task<IResult> ProviderLogout(string provider, HttpContext context)
    {
        var q = context.Request.Query;
        if (!RequestReading.TrySingle(q["return_url"], out var returnUrl) || !RequestReading.TrySingle(q["state"], out var state))
        {
            return ProblemResult.For(context, RepeatedParameter);
        }

        if (state is not null && returnUrl is null)
        {
            var (back, refusal) = await logoutFlow.CompleteAsync(state, context.RequestAborted).ConfigureAwait(false);
            return refusal is not null ? ProblemResult.For(context, refusal) : Results.Redirect(back!);
        }

        var (redirect, error) = await logoutFlow.StartAsync(provider, returnUrl, RequestReading.BaseUrl(context, options.Value), context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return ProblemResult.For(context, error);
        }

        // A GET never changes session state (a same-site link or image could send it): the SPA ends its own session
        // with POST /api/auth/logout (and X-CSRF in cookie mode) before it comes here.
        return Results.Redirect(redirect!);
    }
}
