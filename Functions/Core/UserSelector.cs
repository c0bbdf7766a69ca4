using System.Text.RegularExpressions;

namespace AuthFunctions.Core;

/// <summary>
/// One rule of <c>OAuth__Allow__*</c> or <c>OAuth__Roles__&lt;role&gt;__*</c>: <c>github</c> (any user of a provider),
/// <c>github:12345</c> (one user id), <c>@example.com</c> (a verified email at that domain), <c>github-org:acme</c>
/// (a member of that GitHub organization) or <c>entra-tenant:&lt;guid&gt;</c> (an account of that Entra tenant).
/// </summary>
public sealed partial record UserSelector(UserSelectorKind Kind, string Value, string? Subject = null)
{
    public const string GitHubOrgPrefix = "github-org:";
    public const string EntraTenantPrefix = "entra-tenant:";

    /// <summary>Parses a rule; null with a reason the setting can carry when it is malformed.</summary>
    public static (UserSelector? Selector, string? Error) Parse(string? text)
    {
        var s = text?.Trim() ?? "";
        if (s.StartsWith('@'))
        {
            var domain = s[1..];
            return domain.Length > 0 && Uri.CheckHostName(domain) == UriHostNameType.Dns && domain.Contains('.', StringComparison.Ordinal)
                ? (new UserSelector(UserSelectorKind.EmailDomain, domain.ToLowerInvariant()), null)
                : (null, "an email domain rule is @ and a domain name, e.g. @example.com");
        }

        if (s.StartsWith(GitHubOrgPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var org = s[GitHubOrgPrefix.Length..];
            return OrgPattern().IsMatch(org)
                ? (new UserSelector(UserSelectorKind.GitHubOrganization, org), null)
                : (null, "a GitHub organization rule is github-org:<login>, e.g. github-org:acme");
        }

        if (s.StartsWith(EntraTenantPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Guid.TryParseExact(s[EntraTenantPrefix.Length..], "D", out var tenant)
                ? (new UserSelector(UserSelectorKind.EntraTenant, tenant.ToString("D")), null)
                : (null, "an Entra tenant rule is entra-tenant:<tenant id GUID>");
        }

        var colon = s.IndexOf(':', StringComparison.Ordinal);
        var provider = colon < 0 ? s : s[..colon];
        if (!ProviderPattern().IsMatch(provider))
        {
            return (null, "a rule is a provider id (github), a user id (github:12345), @domain, github-org:<org> or entra-tenant:<id>");
        }

        if (colon < 0)
        {
            return (new UserSelector(UserSelectorKind.Provider, provider.ToLowerInvariant()), null);
        }

        var subject = s[(colon + 1)..];
        return subject.Length is > 0 and <= 512 && !subject.Any(char.IsWhiteSpace)
            ? (new UserSelector(UserSelectorKind.User, provider.ToLowerInvariant(), subject), null)
            : (null, "a user id rule is <provider>:<subject>, e.g. github:12345");
    }

    /// <summary>Whether <paramref name="user"/> is one this rule names. Email rules count verified addresses only.</summary>
    public bool Matches(NormalizedUser user) => Kind switch
    {
        UserSelectorKind.Provider => string.Equals(user.Provider, Value, StringComparison.OrdinalIgnoreCase),
        UserSelectorKind.User => string.Equals(user.Provider, Value, StringComparison.OrdinalIgnoreCase) && string.Equals(user.Subject, Subject, StringComparison.Ordinal),
        UserSelectorKind.EmailDomain => user.EmailVerified && user.Email is { } email
            && email.LastIndexOf('@') is var at and > 0 && string.Equals(email[(at + 1)..], Value, StringComparison.OrdinalIgnoreCase),
        // GitHub organization logins are case-insensitive; only GitHub sign-ins ever carry them.
        UserSelectorKind.GitHubOrganization => user.Organizations?.Contains(Value, StringComparer.OrdinalIgnoreCase) == true,
        UserSelectorKind.EntraTenant => string.Equals(user.Tenant, Value, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")]
    private static partial Regex OrgPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex ProviderPattern();
}

/// <summary>What a <see cref="UserSelector"/> compares.</summary>
public enum UserSelectorKind
{
    Provider,
    User,
    EmailDomain,
    GitHubOrganization,
    EntraTenant,
}
