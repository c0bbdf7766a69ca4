using System.Collections.Concurrent;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers.Quirks;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Providers;

/// <summary>
/// Discovery documents and JWKS, fetched on first use (never at start-up) and cached. A token signed with an
/// unknown key triggers one JWKS refetch, at most every <see cref="MinRefetchInterval"/>, so a flood of bad
/// tokens cannot make the app hammer the provider.
/// </summary>
public sealed class OidcMetadataCache(IHttpClientFactory httpClientFactory, QuirkSet quirks, TimeProvider time)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan MinRefetchInterval = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, Cached<OidcMetadata>> _metadata = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<IReadOnlyList<SecurityKey>>> _keys = new(StringComparer.Ordinal);

    public Task<OidcMetadata> GetMetadataAsync(ResolvedProvider provider, CancellationToken cancellationToken) =>
        GetAsync(_metadata, provider.Id, force: false, () => FetchMetadataAsync(provider, cancellationToken));

    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(ResolvedProvider provider, bool refresh, CancellationToken cancellationToken)
    {
        var metadata = await GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false);
        return await GetAsync(_keys, provider.Id, refresh, () => FetchKeysAsync(metadata.JwksUri!, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<T> GetAsync<T>(ConcurrentDictionary<string, Cached<T>> cache, string id, bool force, Func<Task<T>> fetch)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(id, out var hit) && now < hit.FetchedAt + CacheLifetime
            && (!force || now < hit.FetchedAt + MinRefetchInterval))
        {
            try
            {
                return await hit.Value.ConfigureAwait(false);
            }
            catch (ProviderException)
            {
                cache.TryRemove(new KeyValuePair<string, Cached<T>>(id, hit));
                throw;
            }
        }

        var entry = new Cached<T>(fetch(), now);
        cache[id] = entry;
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch (ProviderException)
        {
            // Failures are not cached: the next sign-in tries again. A failed forced refetch (an unknown kid while the
            // endpoint is down) puts back the still-valid copy it was to replace, so tokens signed by known keys still pass.
            if (hit is not null && hit.Value.IsCompletedSuccessfully && now < hit.FetchedAt + CacheLifetime)
            {
                cache.TryUpdate(id, hit, entry);
            }
            else
            {
                cache.TryRemove(new KeyValuePair<string, Cached<T>>(id, entry));
            }

            throw;
        }
    }

    private async Task<OidcMetadata> FetchMetadataAsync(ResolvedProvider provider, CancellationToken cancellationToken)
    {
        var url = provider.Issuer!.TrimEnd('/') + "/.well-known/openid-configuration";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var doc = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} discovery", cancellationToken).ConfigureAwait(false);
        var metadata = doc.RootElement.Deserialize(ProvidersJsonContext.Default.OidcMetadata)
            ?? throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} discovery: empty");

        if (!IssuerMatches(provider, metadata.Issuer))
        {
            throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} discovery: issuer differs from the configured one");
        }

        foreach (var endpoint in new[] { metadata.AuthorizationEndpoint, metadata.TokenEndpoint, metadata.JwksUri })
        {
            if (endpoint is null || !ProviderRegistry.IsEndpointUrl(endpoint))
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} discovery: missing or unsafe endpoint");
            }
        }

        if (metadata.UserInfoEndpoint is not null && !ProviderRegistry.IsEndpointUrl(metadata.UserInfoEndpoint))
        {
            metadata = metadata with { UserInfoEndpoint = null };
        }

        return metadata;
    }

    /// <summary>OIDC Discovery §4.3: the document's issuer must be the one we asked (a trailing slash aside).</summary>
    private bool IssuerMatches(ResolvedProvider provider, string? issuer) =>
        issuer is not null && (string.Equals(issuer.TrimEnd('/'), provider.Issuer!.TrimEnd('/'), StringComparison.Ordinal)
            || quirks.IssuerMatches(provider, provider.Issuer!, issuer));

    private async Task<IReadOnlyList<SecurityKey>> FetchKeysAsync(string jwksUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, jwksUri);
        using var doc = await ProviderHttp.SendForJsonAsync(Client(), request, "jwks", cancellationToken).ConfigureAwait(false);
        try
        {
            var set = new JsonWebKeySet(doc.RootElement.GetRawText()) { SkipUnresolvedJsonWebKeys = true };
            return set.GetSigningKeys().ToArray();
        }
        catch (ArgumentException e)
        {
            throw new ProviderException(AuthErrors.InvalidResponse, "jwks: not a key set", e);
        }
    }

    private HttpClient Client() => httpClientFactory.CreateClient(ProviderHttp.ClientName);

    private sealed record Cached<T>(Task<T> Value, DateTimeOffset FetchedAt);
}
