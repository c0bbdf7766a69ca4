using Microsoft.Extensions.Options;

namespace AuthFunctions.Core;

/// <summary>
/// Who may sign in (<c>OAuth__Allow__*</c>; none = everyone) and which roles a user has (<c>OAuth__Roles__&lt;role&gt;__*</c>).
/// Roles are computed from the user whenever a token is issued, at sign-in and at every refresh, so a changed rule
/// takes effect at the next refresh rather than at the next sign-in.
/// </summary>
public sealed class AccessPolicy(IOptions<OAuthOptions> options)
{
    private readonly Lazy<Rules> _rules = new(() => Rules.From(options.Value));

    /// <summary>Whether some rule needs the user's GitHub organizations (and so the read:org scope).</summary>
    public bool NeedsGitHubOrganizations => _rules.Value.All.Any(s => s.Kind == UserSelectorKind.GitHubOrganization);

    public bool IsAllowed(NormalizedUser user) => _rules.Value.Allow.Count == 0 || _rules.Value.Allow.Any(s => s.Matches(user));

    /// <summary>The user with the roles today's rules give them, sorted, replacing whatever roles it carried.</summary>
    public NormalizedUser WithRoles(NormalizedUser user) =>
        user with { Roles = [.. _rules.Value.Roles.Where(r => r.Selectors.Any(s => s.Matches(user))).Select(r => r.Role).Order(StringComparer.Ordinal)] };

    /// <summary>Every malformed rule, as one line naming the setting; empty when all parse.</summary>
    public static IEnumerable<string> Errors(OAuthOptions options)
    {
        for (var i = 0; i < options.Allow.Count; i++)
        {
            if (UserSelector.Parse(options.Allow[i]).Error is { } error)
            {
                yield return $"OAuth__Allow__{i}: {error}";
            }
        }

        foreach (var (role, selectors) in options.Roles)
        {
            if (!RoleName.IsValid(role))
            {
                yield return $"OAuth__Roles__{role}: a role name is letters, digits, '.', '_' or '-' (at most 64)";
            }

            for (var i = 0; i < selectors.Count; i++)
            {
                if (UserSelector.Parse(selectors[i]).Error is { } error)
                {
                    yield return $"OAuth__Roles__{role}__{i}: {error}";
                }
            }
        }
    }

    private sealed record Rules(IReadOnlyList<UserSelector> Allow, IReadOnlyList<(string Role, UserSelector[] Selectors)> Roles)
    {
        public IEnumerable<UserSelector> All => Allow.Concat(Roles.SelectMany(r => r.Selectors));

        // The validator has refused malformed rules at start-up; what reaches here parses.
        public static Rules From(OAuthOptions o) => new(
            [.. o.Allow.Select(s => UserSelector.Parse(s).Selector!)],
            [.. o.Roles.Select(r => (r.Key, r.Value.Select(s => UserSelector.Parse(s).Selector!).ToArray()))]);
    }
}

/// <summary>What a role may be called: it travels in the <c>roles</c> claim and in <c>[RequireRole]</c>.</summary>
public static class RoleName
{
    public static bool IsValid(string role) =>
        role.Length is > 0 and <= 64 && role.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
