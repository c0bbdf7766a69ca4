using AuthFunctions.Core;
using AuthFunctions.Secrets;
using AuthFunctions.Storage;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace AuthFunctions.Http;

/// <summary>
/// The one path every HTTP function takes, under the Functions host and on Kestrel alike: security headers,
/// CORS for the SPA origins (preflight included), and fail-closed 503s when storage, a secret or the provider's
/// metadata cannot be had. Functions call it; neither host adds anything of its own.
/// </summary>
public sealed class AuthHttp(ICorsService cors, ICorsPolicyProvider policies, ILogger<AuthHttp> logger)
{
    /// <summary>The CORS policy of the SPA endpoints: the origins of <c>OAuth__AllowedReturnUrls</c>.</summary>
    public const string SpaCorsPolicy = "spa";

    /// <summary>Runs <paramref name="handler"/> for <paramref name="request"/>; <paramref name="spaCors"/> allows the SPA origins.</summary>
    public async Task<IResult> RunAsync(HttpRequest request, Func<HttpContext, Task<IResult>> handler, bool spaCors = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var context = request.HttpContext;
        ApplyHeaders(context);
        if (spaCors && await ApplyCorsAsync(context).ConfigureAwait(false) is { } preflight)
        {
            return preflight;
        }

        if (HttpMethods.IsOptions(request.Method))
        {
            // Not a CORS preflight (no Origin, or CORS not offered here): nothing to answer.
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }

        try
        {
            return await handler(context).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            Log.StorageUnavailable(logger, e.Message);
            return Unavailable(context, "storage_unavailable", "Sign-in storage is unavailable. Try again shortly.");
        }
        catch (SecretUnavailableException e)
        {
            Log.SecretUnavailable(logger, e.Message);
            return Unavailable(context, "secret_unavailable", "A secret (a provider's client secret or the signing key) is unavailable. Try again shortly.");
        }
        catch (ProviderException e)
        {
            Log.ProviderUnavailableAtLogin(logger, request.Path.Value ?? string.Empty, e.Message);
            return Unavailable(context, "provider_unavailable", "The provider could not be reached. Try again shortly.");
        }
    }

    /// <summary>What <see cref="RunAsync"/> adds before the handler, for an answer given without it (a <c>[RequireRole]</c> refusal).</summary>
    internal async Task ApplyHeadersAndCorsAsync(HttpContext context)
    {
        ApplyHeaders(context);
        await ApplyCorsAsync(context).ConfigureAwait(false);
    }

    /// <summary>Every auth response: no caching, no referrer (codes travel in URLs), no sniffing, no framing.</summary>
    private static void ApplyHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
    }

    /// <summary>Evaluates the SPA policy as ASP.NET Core's CORS middleware would; a preflight gets its answer here.</summary>
    private async Task<IResult?> ApplyCorsAsync(HttpContext context)
    {
        if (!context.Request.Headers.ContainsKey("Origin"))
        {
            return null;
        }

        var policy = await policies.GetPolicyAsync(context, SpaCorsPolicy).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The SPA CORS policy is not registered.");
        var result = cors.EvaluatePolicy(context, policy);
        cors.ApplyResult(result, context.Response);
        return result.IsPreflightRequest ? Results.NoContent() : null;
    }

    private static ProblemResult Unavailable(HttpContext context, string code, string detail)
    {
        context.Response.Headers.RetryAfter = "5";
        return ProblemResult.For(context, new FlowError(503, code, detail));
    }
}
