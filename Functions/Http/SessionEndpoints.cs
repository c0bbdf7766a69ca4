using AuthFunctions.Core;
using AuthFunctions.Sessions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http;

/// <summary>The session endpoints an SPA calls with fetch: session, refresh, logout, me.</summary>
public sealed class SessionEndpoints(
    SessionFlow flow, AppTokens tokens, RefreshTokens refreshTokens, AccessPolicy policy, RateLimits limits, IOptions<OAuthOptions> options,
    ILogger<SessionEndpoints> logger)
{
    /// <summary><c>POST /api/auth/session</c>.</summary>
    public async Task<IResult> SessionAsync(HttpContext context)
    {
        if (limits.Check(context, LimitedEndpoint.Session) is { } tooMany)
        {
            return tooMany;
        }

        var (request, error) = await RequestReading.ReadJsonAsync(context.Request, HttpJsonContext.Default.SessionRequest, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return new ProblemResult(error);
        }

        var (session, refusal) = await flow.RedeemAsync(request!, RequestReading.BaseUrl(context, options.Value), context.RequestAborted).ConfigureAwait(false);
        Audit.Session(logger, refusal?.Code ?? "redeemed", Audit.UserHash(session?.User.Id), ClientAddress.Of(context));
        return refusal is not null ? new ProblemResult(refusal) : Results.Json(session, HttpJsonContext.Default.SessionResponse);
    }

    /// <summary><c>POST /api/auth/refresh</c>.</summary>
    public async Task<IResult> RefreshAsync(HttpContext context)
    {
        if (limits.Check(context, LimitedEndpoint.Refresh) is { } tooMany)
        {
            return tooMany;
        }

        var (token, fromCookie, error) = await RefreshTokenOfAsync(context, options.Value).ConfigureAwait(false);
        if (error is not null)
        {
            return new ProblemResult(error);
        }

        var (session, refusal, reusedBy) = await flow.RefreshAsync(token, RequestReading.BaseUrl(context, options.Value), context.RequestAborted).ConfigureAwait(false);
        if (reusedBy is not null)
        {
            Audit.RefreshReuse(logger, Audit.UserHash(reusedBy.Id), ClientAddress.Of(context));
        }

        if (refusal is not null)
        {
            if (fromCookie)
            {
                Cookies.ClearSession(context, options.Value);
            }

            return new ProblemResult(refusal);
        }

        if (fromCookie)
        {
            // The refresh token stays out of JavaScript's reach: it travels only in the cookie.
            Cookies.SetSession(context, options.Value, session!.RefreshToken!);
            session = session with { RefreshToken = null };
        }

        return Results.Json(session, HttpJsonContext.Default.SessionResponse);
    }

    /// <summary><c>POST /api/auth/logout</c>: 204.</summary>
    public async Task<IResult> LogoutAsync(HttpContext context)
    {
        var (token, fromCookie, error) = await RefreshTokenOfAsync(context, options.Value).ConfigureAwait(false);
        if (error is not null)
        {
            return new ProblemResult(error);
        }

        var user = token is null ? null : await refreshTokens.RevokeAsync(token, context.RequestAborted).ConfigureAwait(false);
        Audit.Logout(logger, user is null ? "no_session" : "revoked", Audit.UserHash(user?.Id), ClientAddress.Of(context));

        if (fromCookie)
        {
            Cookies.ClearSession(context, options.Value);
        }

        return Results.NoContent();
    }

    /// <summary><c>GET /api/auth/me</c>.</summary>
    public async Task<IResult> MeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        NormalizedUser? user = null;
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            user = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), RequestReading.BaseUrl(context, options.Value)).ConfigureAwait(false);
        }
        else if (Cookies.Session(context, options.Value) is { } session)
        {
            // The cookie names a stored user; its roles are today's, as a refresh would give.
            user = await refreshTokens.PeekAsync(session, context.RequestAborted).ConfigureAwait(false) is { } stored ? policy.WithRoles(stored) : null;
        }

        if (user is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return new ProblemResult(new FlowError(401, "invalid_token", "Send a valid app access token as Authorization: Bearer, or the session cookie."));
        }

        return Results.Json(user, HttpJsonContext.Default.NormalizedUser);
    }

    /// <summary>
    /// The refresh token from the JSON body, or in cookie mode from the session cookie, which then requires the
    /// CSRF header. A body token wins: an SPA in token mode never depends on cookies.
    /// </summary>
    private static async Task<(string? Token, bool FromCookie, FlowError? Error)> RefreshTokenOfAsync(HttpContext context, OAuthOptions options)
    {
        if (context.Request.ContentLength > 0 || context.Request.HasJsonContentType())
        {
            var (body, error) = await RequestReading.ReadJsonAsync(context.Request, HttpJsonContext.Default.RefreshRequest, context.RequestAborted).ConfigureAwait(false);
            if (error is not null)
            {
                return (null, false, error);
            }

            if (body!.RefreshToken is not null)
            {
                return (body.RefreshToken, false, null);
            }
        }

        var cookie = Cookies.Session(context, options);
        if (cookie is null)
        {
            return (null, false, new FlowError(400, "invalid_request", "Send refresh_token in the body, or the session cookie."));
        }

        return Cookies.HasCsrfHeader(context)
            ? (cookie, true, null)
            : (null, false, new FlowError(403, "csrf_header_required", $"Cookie-mode requests that change state need the header {SessionCookie.CsrfHeader}: 1."));
    }
}
