namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// The named behaviours the catalog's data cannot express. Each is one class in this folder, run at one hook point
/// (<see cref="IProviderQuirk"/>); the catalog lists which provider needs which.
/// </summary>
public static class QuirkNames
{
    /// <summary>Entra's multi-tenant issuer has a literal <c>{tenantid}</c>: see <see cref="MicrosoftTenantIssuer"/>.</summary>
    public const string MicrosoftTenantIssuer = "microsoft-tenant-issuer";

    /// <summary>GitHub organizations for <c>github-org:</c> rules: see <see cref="GitHubOrganizations"/>.</summary>
    public const string GitHubOrganizations = "github-organizations";

    /// <summary>QQ's openid comes from a separate /oauth2.0/me call: see <see cref="QqOpenId"/>.</summary>
    public const string QqOpenId = "qq-openid";

    /// <summary>Apple posts the name once, in the callback's <c>user</c> field: see <see cref="AppleUserField"/>.</summary>
    public const string AppleUserField = "apple-user-field";

    /// <summary>Kakao's verified address counts only while it is still valid: see <see cref="KakaoEmailValid"/>.</summary>
    public const string KakaoEmailValid = "kakao-email-valid";

    /// <summary>Yandex ID's user information takes <c>Authorization: OAuth</c>: see <see cref="YandexOAuthScheme"/>.</summary>
    public const string YandexOAuthScheme = "yandex-oauth-scheme";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MicrosoftTenantIssuer, GitHubOrganizations, QqOpenId, AppleUserField, KakaoEmailValid, YandexOAuthScheme,
    };
}
