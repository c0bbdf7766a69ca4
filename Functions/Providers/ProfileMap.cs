namespace AuthFunctions.Providers;

/// <summary>
/// Where the normalized user's fields are: dot paths into the profile, <c>token:</c> paths into the token response,
/// <c>id_token:</c> claims of the validated id_token. The first non-empty value wins.
/// </summary>
public sealed record ProfileMap
{
    public required IReadOnlyList<string> Subject { get; init; }

    public IReadOnlyList<string> Name { get; set; } = [];

    public IReadOnlyList<string> Email { get; set; } = [];

    public IReadOnlyList<string> EmailVerified { get; set; } = [];

    public IReadOnlyList<string> AvatarUrl { get; set; } = [];

    /// <summary><c>claim</c> (as <see cref="EmailVerified"/> says), <c>verified</c> (only verified addresses are exposed) or <c>unverified</c>.</summary>
    public string EmailTrust { get; set; } = EmailTrusts.Claim;

    /// <summary>The mapping used for custom providers, which the catalog does not describe.</summary>
    public static ProfileMap Default { get; } = new()
    {
        Subject = ["sub", "id"],
        Name = ["name", "preferred_username", "nickname", "login"],
        Email = ["email"],
        EmailVerified = ["email_verified"],
        AvatarUrl = ["picture", "avatar_url"],
    };
}
