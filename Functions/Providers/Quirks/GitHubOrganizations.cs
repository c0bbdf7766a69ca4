using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// GitHub has no organization claim: when a <c>github-org:</c> rule exists, the sign-in asks for read:org and reads
/// the user's organizations from /user/orgs, page by page.
/// https://docs.github.com/en/rest/orgs/orgs#list-organizations-for-the-authenticated-user
/// </summary>
public sealed class GitHubOrganizations(AccessPolicy policy) : IProviderQuirk
{
    public const string Scope = "read:org";

    private const int PerPage = 100, MaxPages = 10;

    public string Name => QuirkNames.GitHubOrganizations;

    /// <summary>Whether sign-ins must ask for <see cref="Scope"/>: only when a rule looks at organizations.</summary>
    public bool Needed => policy.NeedsGitHubOrganizations;

    public async Task<NormalizedUser> ProfileAsync(QuirkCall sign, NormalizedUser user, ProfileSources sources, CancellationToken cancellationToken)
    {
        if (!Needed)
        {
            return user;
        }

        var logins = new List<string>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var url = $"{sign.Provider.UserInfoEndpoint!.TrimEnd('/')}/orgs?per_page={PerPage}&page={page}";
            using var request = UserInfoCall.BuildGet(sign.Provider, url, sign.AccessToken);

            using var doc = await sign.SendAsync(request, "orgs", ResponseFormats.Json, cancellationToken).ConfigureAwait(false);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{sign.Provider.Id} orgs: not an array");
            }

            logins.AddRange(doc.RootElement.EnumerateArray().Select(o => ProviderJson.TextAt(o, "login")).OfType<string>());
            if (doc.RootElement.GetArrayLength() < PerPage)
            {
                break;
            }
        }

        return user with { Organizations = logins };
    }
}
