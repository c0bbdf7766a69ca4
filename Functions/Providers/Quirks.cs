namespace AuthFunctions.Providers;

/// <summary>
/// The named behaviours that the catalog's data cannot express. Each is handled in exactly one place
/// (search for the constant); the catalog lists which provider needs which.
/// </summary>
public static class Quirks
{
    /// <summary>GitHub's REST API rejects requests without a User-Agent and wants its media type and API version.
    /// https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent</summary>
    public const string GitHubApiHeaders = "github-api-headers";

    /// <summary>GitHub answers a failed code exchange with 200 and an <c>error</c> field instead of 400.
    /// https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors</summary>
    public const string GitHubTokenErrorIn200 = "github-token-error-in-200";

    /// <summary>GitHub's /user has no email when the user keeps it private; the primary verified one is in /user/emails.
    /// https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user</summary>
    public const string GitHubPrimaryEmail = "github-primary-email";

    /// <summary>Entra's multi-tenant metadata has the issuer <c>https://login.microsoftonline.com/{tenantid}/v2.0</c>;
    /// each token's issuer must equal it with the token's own <c>tid</c> put in.
    /// https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer</summary>
    public const string MicrosoftTenantIssuer = "microsoft-tenant-issuer";

    /// <summary>GitHub has no organization claim: when a <c>github-org:</c> rule exists, the sign-in asks for read:org and
    /// reads /user/orgs. https://docs.github.com/en/rest/orgs/orgs#list-organizations-for-the-authenticated-user</summary>
    public const string GitHubOrganizations = "github-organizations";

    /// <summary>Apple's id_token never carries a name: it is posted once, on the user's first authorization, as the
    /// <c>user</c> form field (JSON) of the form_post callback. See <see cref="Providers.AppleUserField"/>.
    /// https://developer.apple.com/documentation/signinwithapplerestapi/request-an-authorization-to-the-sign-in-with-apple-server</summary>
    public const string AppleUserField = "apple-user-field";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        GitHubApiHeaders, GitHubTokenErrorIn200, GitHubPrimaryEmail, MicrosoftTenantIssuer, GitHubOrganizations, AppleUserField,
    };
}
