using System.Net.Http.Headers;

namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// Quirk yandex-oauth-scheme: Yandex ID's user information call takes the token as <c>Authorization: OAuth &lt;token&gt;</c>,
/// a scheme of its own; the only other documented form puts the token in the query, which Yandex itself calls insecure.
/// The catalog's <c>userInfo.token</c> can say bearer but not another scheme, so this one renames it.
/// https://yandex.com/dev/id/doc/en/user-information
/// </summary>
public sealed class YandexOAuthScheme : IProviderQuirk
{
    public const string Scheme = "OAuth";

    public string Name => QuirkNames.YandexOAuthScheme;

    public void UserInfoRequest(ResolvedProvider provider, HttpRequestMessage request)
    {
        if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } token })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(Scheme, token);
        }
    }
}
