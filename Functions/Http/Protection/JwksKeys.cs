using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Http.Protection;

/// <summary>
/// The sign-in app's public keys from its JWKS, cached for <see cref="ApiAuthOptions.KeyCacheLifetime"/>. Concurrent
/// callers share one fetch; a failed fetch is not cached. Kept self-contained (not the app's secret cache) so the
/// Protection folder can be copied into another Function App.
/// </summary>
internal sealed class JwksKeys(IHttpClientFactory httpClientFactory, IOptions<ApiAuthOptions> options, TimeProvider time)
{
    public const string ClientName = "app-jwks";

    /// <summary>A token signed by a key we do not know refetches at most this often (the sign-in app rotated its key).</summary>
    private static readonly TimeSpan MinRefetchInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private (DateTimeOffset FetchedAt, Task<IList<SecurityKey>> Keys)? _current;

    public Task<IList<SecurityKey>> GetAsync(bool unknownKey)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var maxAge = unknownKey ? MinRefetchInterval : options.Value.KeyCacheLifetime;
            if (_current is { } c && !c.Keys.IsFaulted && !c.Keys.IsCanceled && now - c.FetchedAt < maxAge)
            {
                return c.Keys;
            }

            var fetch = FetchAsync();
            _current = (now, fetch);
            return fetch;
        }
    }

    private async Task<IList<SecurityKey>> FetchAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var json = await httpClientFactory.CreateClient(ClientName).GetStringAsync(options.Value.JwksUri, timeout.Token).ConfigureAwait(false);
            return new JsonWebKeySet(json).GetSigningKeys();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ArgumentException or System.Text.Json.JsonException)
        {
            throw new AppTokenKeysUnavailableException("The sign-in app's JWKS could not be fetched.", e);
        }
    }
}
