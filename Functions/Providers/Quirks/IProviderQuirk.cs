using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// What a provider does that the catalog's data cannot say, at fixed hook points of a sign-in. Each hook does nothing
/// unless the quirk overrides it; the engine runs the hooks of the quirks the provider's catalog entry names.
/// </summary>
public interface IProviderQuirk
{
    /// <summary>The name the catalog uses (<see cref="QuirkNames"/>).</summary>
    string Name { get; }

    /// <summary>Authorize URL: the query parameters, after the catalog's renames and extras.</summary>
    void Authorize(ResolvedProvider provider, IList<KeyValuePair<string, string>> query)
    {
    }

    /// <summary>Token request: the request as built from the catalog, before it is sent.</summary>
    void TokenRequest(ResolvedProvider provider, HttpRequestMessage request)
    {
    }

    /// <summary>Token response: more fields for <c>token:</c> paths and templates (QQ's openid), or null.</summary>
    Task<JsonDocument?> TokenResponseAsync(QuirkCall sign, JsonElement tokens, CancellationToken cancellationToken) =>
        Task.FromResult<JsonDocument?>(null);

    /// <summary>Userinfo: the request as built from the catalog, before it is sent.</summary>
    void UserInfoRequest(ResolvedProvider provider, HttpRequestMessage request)
    {
    }

    /// <summary>Profile: the mapped user, changed or completed.</summary>
    Task<NormalizedUser> ProfileAsync(QuirkCall sign, NormalizedUser user, ProfileSources sources, CancellationToken cancellationToken) =>
        Task.FromResult(user);

    /// <summary>Issuer: whether <paramref name="actual"/> is the issuer <paramref name="expected"/> stands for; null: compare exactly.</summary>
    bool? IssuerMatches(ResolvedProvider provider, string expected, string actual, JsonElement? claims) => null;
}
