using System.Text.Json;

namespace AuthFunctions.Providers.Quirks;

/// <summary>The registered quirks by name, and the issuer hook that discovery, id_token and RFC 9207 checks share.</summary>
public sealed class QuirkSet(IEnumerable<IProviderQuirk> quirks)
{
    private readonly Dictionary<string, IProviderQuirk> _byName = quirks.ToDictionary(q => q.Name, StringComparer.Ordinal);

    /// <summary>The quirks the provider's catalog entry names, in its order.</summary>
    public IReadOnlyList<IProviderQuirk> For(ResolvedProvider provider) =>
        provider.Quirks.Count == 0 ? [] : [.. provider.Quirks.Select(name => _byName[name])];

    /// <summary>
    /// Whether <paramref name="actual"/> is the issuer <paramref name="expected"/> names: what a quirk says it stands for
    /// (a quirk that answers decides), else equal; e.g. (Entra's <c>{tenantid}</c>). <paramref name="claims"/> are the id_token's, when one is checked.
    /// </summary>
    public bool IssuerMatches(ResolvedProvider provider, string expected, string actual, JsonElement? claims = null) =>
        For(provider).Select(q => q.IssuerMatches(provider, expected, actual, claims)).FirstOrDefault(m => m is not null)
        ?? string.Equals(expected, actual, StringComparison.Ordinal);
}
