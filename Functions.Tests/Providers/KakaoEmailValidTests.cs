using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Providers.Quirks;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>Quirk kakao-email-valid: a verified Kakao address counts only while Kakao still calls it valid.</summary>
public sealed class KakaoEmailValidTests
{
    [Theory]
    [InlineData("""{"kakao_account":{"email":"a@example.test","is_email_verified":true,"is_email_valid":true}}""", true)]
    [InlineData("""{"kakao_account":{"email":"a@example.test","is_email_verified":true,"is_email_valid":false}}""", false)]
    [InlineData("""{"kakao_account":{"email":"a@example.test","is_email_verified":true}}""", false)]
    public async Task A_verified_address_stays_verified_only_while_valid(string profile, bool verified)
    {
        using var doc = JsonDocument.Parse(profile);
        var user = new NormalizedUser { Provider = "kakao", Subject = "1", Email = "a@example.test", EmailVerified = true };

        var result = await new KakaoEmailValid().ProfileAsync(null!, user, new ProfileSources { Profile = doc.RootElement }, CancellationToken.None);

        result.EmailVerified.ShouldBe(verified);
        result.Email.ShouldBe("a@example.test");
    }

    [Fact]
    public async Task An_unverified_address_stays_unverified()
    {
        using var doc = JsonDocument.Parse("""{"kakao_account":{"is_email_verified":false,"is_email_valid":true}}""");
        var user = new NormalizedUser { Provider = "kakao", Subject = "1", Email = "a@example.test", EmailVerified = false };

        var result = await new KakaoEmailValid().ProfileAsync(null!, user, new ProfileSources { Profile = doc.RootElement }, CancellationToken.None);

        result.EmailVerified.ShouldBeFalse();
    }
}
