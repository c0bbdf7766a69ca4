using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Sessions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http;

/// <summary>What an SPA or an API reads before anything else: the enabled providers and the app JWT's public keys.</summary>
public sealed class DiscoveryEndpoints(ProviderRegistry registry, SigningKeys keys, IOptions<OAuthOptions> options)
{
    /// <summary><c>GET /api/auth/providers</c>: <c>[{id, name, loginUrl}]</c>.</summary>
    public IResult Providers(HttpContext context)
    {
        var baseUrl = RequestReading.BaseUrl(context, options.Value);
        var list = registry.Enabled.Select(p => new ProviderInfo(p.Id, p.DisplayName, $"{baseUrl}{p.RoutePath}/login")).ToArray();
        return Results.Json(list, HttpJsonContext.Default.ProviderInfoArray);
    }

    /// <summary><c>GET /api/auth/jwks</c>: the current and previous signing keys.</summary>
    public async Task<IResult> JwksAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Results.Json((await keys.GetAsync(context.RequestAborted).ConfigureAwait(false)).Jwks, HttpJsonContext.Default.JwksDto);
    }
}
