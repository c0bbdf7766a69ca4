using AuthFunctions.Diagnostics;
using AuthFunctions.Flow;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using AuthFunctions.Storage;

namespace AuthFunctions.Endpoints;

/// <summary>
/// Every auth response: <c>Cache-Control: no-store</c>, <c>Referrer-Policy: no-referrer</c> (codes travel in URLs),
/// and fail-closed 503s when storage, a secret or the provider's metadata cannot be had.
/// </summary>
internal sealed class AuthHeadersMiddleware(RequestDelegate next, ILogger<AuthHeadersMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ApplyHeaders(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e) when (!context.Response.HasStarted)
        {
            Log.StorageUnavailable(logger, e.Message);
            await Unavailable(context, "storage_unavailable", "Sign-in storage is unavailable. Try again shortly.").ConfigureAwait(false);
        }
        catch (SecretUnavailableException e) when (!context.Response.HasStarted)
        {
            Log.SecretUnavailable(logger, e.Message);
            await Unavailable(context, "secret_unavailable", "A secret (a provider's client secret or the signing key) is unavailable. Try again shortly.").ConfigureAwait(false);
        }
        catch (ProviderException e) when (!context.Response.HasStarted)
        {
            Log.ProviderUnavailableAtLogin(logger, context.Request.Path.Value ?? string.Empty, e.Message);
            await Unavailable(context, "provider_unavailable", "The provider could not be reached. Try again shortly.").ConfigureAwait(false);
        }
    }

    private static void ApplyHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase))
        {
            headers.XFrameOptions = "DENY";
        }
    }

    private static Task Unavailable(HttpContext context, string code, string detail)
    {
        context.Response.Clear();
        ApplyHeaders(context);
        context.Response.Headers.RetryAfter = "5";
        return ProblemResult.For(context, new FlowError(503, code, detail)).ExecuteAsync(context);
    }
}
