using System.Text.Json;

namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// Entra's multi-tenant metadata (<c>/common</c>, <c>/organizations</c>) has the issuer
/// <c>https://login.microsoftonline.com/{tenantid}/v2.0</c>: it stands for each tenant's own issuer, the GUID put in.
/// For the id_token the GUID is its own <c>tid</c>; the validated <c>tid</c> also names the user's tenant (entra-tenant: rules).
/// https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer
/// </summary>
public sealed class MicrosoftTenantIssuer : IProviderQuirk
{
    private const string Placeholder = "{tenantid}";

    public string Name => QuirkNames.MicrosoftTenantIssuer;

    public bool? IssuerMatches(ResolvedProvider provider, string expected, string actual, JsonElement? claims)
    {
        var at = expected.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0)
        {
            // The discovery document of /common names the template where we configured the tenant segment.
            return provider.Tenant is not null
                && string.Equals(actual, expected.TrimEnd('/').Replace("/" + provider.Tenant + "/", "/" + Placeholder + "/", StringComparison.Ordinal), StringComparison.Ordinal)
                ? true : null;
        }

        if (claims is { } c)
        {
            // An id_token: the template takes the token's own tid, which must be a tenant GUID.
            var tid = ProviderJson.TextAt(c, "tid");
            return tid is not null && Guid.TryParseExact(tid, "D", out _)
                && string.Equals(actual, expected.Replace(Placeholder, tid, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // An authorization response's iss (RFC 9207): any tenant GUID.
        return actual.Length == expected.Length - Placeholder.Length + 36
            && actual.StartsWith(expected[..at], StringComparison.Ordinal)
            && actual.EndsWith(expected[(at + Placeholder.Length)..], StringComparison.Ordinal)
            && Guid.TryParseExact(actual.AsSpan(at, 36), "D", out _);
    }

    public Task<Core.NormalizedUser> ProfileAsync(QuirkCall sign, Core.NormalizedUser user, ProfileSources sources, CancellationToken cancellationToken) =>
        Task.FromResult(user with { Tenant = sources.Value("id_token:tid") });
}
