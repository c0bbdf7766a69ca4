using System.Net;
using System.Security.Cryptography;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>
/// id_token validation (OIDC Core §3.1.3.7) against a stand-in provider that forges what a real one never sends.
/// Each forged token must send the user back with #error=invalid_response and no handoff code.
/// </summary>
public sealed class IdTokenTests : IAsyncLifetime
{
    private OidcStandIn _provider = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = await OidcStandIn.StartNewAsync();
        _app = await TestApp.StartAsync(_provider.Settings(), environment: "Production");
        _provider.Now = _app.Time.GetUtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private Task<string> SignInAsync() => Flows.SignInAsync(_app, "standin", Flows.ApproveAtStandInAsync);

    [Fact]
    public async Task A_correct_id_token_signs_the_user_in()
    {
        var back = await SignInAsync();

        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        var user = (await Flows.RedeemAsync(_app, Flows.Fragment(back, "code")!)).GetProperty("user");
        user.GetProperty("id").GetString().ShouldBe("standin:standin-user-1");
        user.GetProperty("email").GetString().ShouldBe("standin@example.test");
        user.GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        _provider.Unexpected.ShouldBeEmpty();
    }

    public static TheoryData<string> Forgeries() =>
    [
        "wrong aud", "wrong iss", "wrong nonce", "no nonce", "expired", "issued long ago", "issued in the future",
        "bad signature", "unknown key", "several audiences without azp", "azp of another client", "no sub", "hmac with public key",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_id_token_is_refused(string forgery)
    {
        _provider.IdTokenFactory = t =>
        {
            var c = t.Claims;
            var now = _app.Time.GetUtcNow().ToUnixTimeSeconds();
            switch (forgery)
            {
                case "wrong aud": c["aud"] = "someone-else"; break;
                case "wrong iss": c["iss"] = "https://evil.example"; break;
                case "wrong nonce": c["nonce"] = "not-the-nonce"; break;
                case "no nonce": c.Remove("nonce"); break;
                case "expired": c["iat"] = now - 600; c["exp"] = now - 300; break;
                case "issued long ago": c["iat"] = now - 3600; c["exp"] = now + 3600; break;
                case "issued in the future": c["iat"] = now + 600; c["exp"] = now + 900; break;
                case "several audiences without azp": c["aud"] = new[] { OidcStandIn.ClientId, "other" }; break;
                case "azp of another client": c["azp"] = "other"; break;
                case "no sub": c.Remove("sub"); break;
            }
        };
        if (forgery == "bad signature")
        {
            _provider.RawIdToken = jwt => jwt[..^4] + (jwt.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        }
        else if (forgery == "unknown key")
        {
            var rogue = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rogue" };
            _provider.RawIdToken = jwt => Resign(jwt, new SigningCredentials(rogue, SecurityAlgorithms.RsaSha256));
        }
        else if (forgery == "hmac with public key")
        {
            // The classic key-confusion attack: HS256 keyed with the provider's public key bytes.
            var publicBytes = _provider.Key.Rsa.ExportRSAPublicKey();
            _provider.RawIdToken = jwt => Resign(jwt, new SigningCredentials(new SymmetricSecurityKey(publicBytes) { KeyId = _provider.Key.KeyId }, SecurityAlgorithms.HmacSha256));
        }

        var back = await SignInAsync();

        back.ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task An_unsigned_alg_none_id_token_is_refused()
    {
        _provider.RawIdToken = jwt =>
        {
            var parts = jwt.Split('.');
            return Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        };

        (await SignInAsync()).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task A_rotated_signing_key_is_fetched_once_and_accepted()
    {
        (await SignInAsync()).ShouldStartWith(TestApp.SpaUrl + "#code=");
        _provider.Key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "key-2" };
        _app.Time.Advance(TimeSpan.FromMinutes(1));

        (await SignInAsync()).ShouldStartWith(TestApp.SpaUrl + "#code=");

        _provider.Requests.Count(r => r.EndsWith("/jwks", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task A_token_endpoint_500_sends_the_user_back_with_provider_unavailable()
    {
        _provider.TokenStatus = 500;

        (await SignInAsync()).ShouldBe(TestApp.SpaUrl + "#error=provider_unavailable");
    }

    [Fact]
    public async Task A_token_endpoint_answering_html_sends_the_user_back_with_invalid_response()
    {
        _provider.TokenBody = "<html>maintenance</html>";

        (await SignInAsync()).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task An_iss_parameter_of_another_issuer_is_refused_as_a_mix_up()
    {
        _provider.AuthorizationResponseIss = "https://evil.example";

        (await SignInAsync()).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task A_missing_iss_parameter_is_refused_when_the_provider_promises_one()
    {
        _provider.AdvertiseIss = true;

        (await SignInAsync()).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task The_right_iss_parameter_is_accepted()
    {
        _provider.AdvertiseIss = true;
        _provider.AuthorizationResponseIss = _provider.MetadataIssuer;

        (await SignInAsync()).ShouldStartWith(TestApp.SpaUrl + "#code=");
    }

    private static string Resign(string jwt, SigningCredentials credentials)
    {
        var payload = Base64UrlEncoder.Decode(jwt.Split('.')[1]);
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(payload, credentials);
    }
}

/// <summary>A token endpoint that never answers: the app's time-out fires and the user goes back with an error.</summary>
public sealed class TokenEndpointTimeoutTests
{
    [Fact]
    public async Task A_token_endpoint_that_stalls_times_out_and_sends_the_user_back()
    {
        await using var provider = await OidcStandIn.StartNewAsync();
        provider.TokenDelay = TimeSpan.FromSeconds(20);
        await using var app = await TestApp.StartAsync(provider.Settings(), environment: "Production", configure: b =>
            b.Services.AddHttpClient("providers").ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(1)));
        provider.Now = app.Time.GetUtcNow;

        var back = await Flows.SignInAsync(app, "standin", Flows.ApproveAtStandInAsync);

        back.ShouldBe(TestApp.SpaUrl + "#error=provider_unavailable");
    }
}
