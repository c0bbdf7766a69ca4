namespace AuthFunctions.Providers.Quirks;

/// <summary>
/// Quirk kakao-email-valid: Kakao marks an address verified (<c>kakao_account.is_email_verified</c>) and, separately, still
/// valid (<c>kakao_account.is_email_valid</c>); false means it expired because another Kakao account now uses it. The
/// catalog's <c>emailVerified</c> reads one flag, so this one withdraws the verification unless the address is valid too.
/// https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#req-user-info
/// </summary>
public sealed class KakaoEmailValid : IProviderQuirk
{
    public const string ValidPath = "kakao_account.is_email_valid";

    public string Name => QuirkNames.KakaoEmailValid;

    public Task<Core.NormalizedUser> ProfileAsync(QuirkCall sign, Core.NormalizedUser user, ProfileSources sources, CancellationToken cancellationToken) =>
        Task.FromResult(user.EmailVerified && sources.Value(ValidPath) != "true" ? user with { EmailVerified = false } : user);
}
