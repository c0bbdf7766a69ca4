using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthFunctions.Tests.Infrastructure;
using AuthFunctions.Tests.Providers.Conformance;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>The conformance harness can fail, and says where: a wrong request names the request and the field.</summary>
public sealed class ConformanceHarnessTests
{
    private static readonly FlowValues Values = new()
    {
        ClientId = "com.example.web",
        ClientSecret = "secret with/reserved:chars+",
        RedirectUri = TestApp.PublicBaseUrl + "/api/auth/example/callback",
        Code = "c0de",
        Settings = new Dictionary<string, string> { ["TeamId"] = "ABCDE12345", ["KeyId"] = "KEY1234567" },
        CodeChallenge = Flows.Challenge,
    };

    [Fact]
    public async Task A_request_that_differs_from_the_fixture_fails_naming_the_request_and_the_field()
    {
        var fixture = FixtureFiles.Load("github");
        var token = fixture.Requests[0];
        var broken = fixture with
        {
            Requests = [token with { Request = token.Request with { Headers = new Dictionary<string, string?> { ["Accept"] = "application/xml" } } }, .. fixture.Requests.Skip(1)],
        };
        await using var run = await ConformanceRun.StartAsync(broken, ReplayScript.SignIn(broken));

        run.CheckAuthorizeUrl(await run.LoginAsync()).ShouldBeEmpty();
        (await run.CallbackAsync()).ShouldBe(TestApp.SpaUrl + "#error=provider_error");

        var failure = run.Replay.Unexpected.ShouldHaveSingleItem();
        failure.ShouldContain("request #1 'token'");
        failure.ShouldContain("header Accept: expected 'application/xml', got 'application/json'");
        run.Replay.Pending.ShouldBe(["token", "user", "emails"]);
    }

    [Fact]
    public async Task A_request_the_fixture_does_not_list_fails_the_run()
    {
        var fixture = FixtureFiles.Load("github");
        var withoutEmails = fixture with { Requests = [.. fixture.Requests.Where(r => r.Name != "emails")] };
        await using var run = await ConformanceRun.StartAsync(withoutEmails, ReplayScript.SignIn(withoutEmails));

        run.CheckAuthorizeUrl(await run.LoginAsync()).ShouldBeEmpty();
        await run.CallbackAsync();

        run.Replay.Unexpected.ShouldHaveSingleItem().ShouldContain("request #3 GET https://api.github.com/user/emails: not expected");
    }

    [Fact]
    public async Task A_form_post_callback_and_an_ES256_id_token_go_through_the_same_replay()
    {
        var fixture = FixtureFiles.Load("google");
        var variant = fixture with { Callback = fixture.Callback with { Method = "POST" }, IdToken = fixture.IdToken! with { Alg = "ES256", Kid = null } };
        await using var run = await ConformanceRun.StartAsync(variant, ReplayScript.SignIn(variant));

        run.CheckAuthorizeUrl(await run.LoginAsync()).ShouldBeEmpty();
        var back = await run.CallbackAsync();

        run.Replay.Unexpected.ShouldBeEmpty(run.Replay.Report());
        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        run.Replay.Pending.ShouldBeEmpty();
    }

    [Fact]
    public void An_authorize_url_with_a_missing_or_extra_parameter_or_fragment_is_reported()
    {
        var expected = new AuthorizeExpectation
        {
            Url = "https://open.weixin.qq.com/connect/qrconnect",
            Parameters = new Dictionary<string, string> { ["appid"] = "{client_id}", ["state"] = "{state}", ["scope"] = "snsapi_login" },
            Fragment = "wechat_redirect",
        };
        var values = Fresh();

        var problems = AuthorizeUrlMatcher.Mismatches(expected, new Uri("https://open.weixin.qq.com/connect/qrconnect?appid=com.example.web&state=s1&client_id=x"), values);

        problems.ShouldBe(
        [
            "authorize parameter scope: missing (expected 'snsapi_login')",
            "authorize parameter client_id: not expected",
            "authorize fragment: expected #wechat_redirect, got none",
        ]);
        values.State.ShouldBe("s1");
    }

    [Fact]
    public void A_code_verifier_must_hash_to_the_captured_challenge()
    {
        Template.Mismatch("{code_verifier}", Flows.Verifier, Values).ShouldBeNull();
        Template.Mismatch("{code_verifier}", new string('a', 43), Values).ShouldNotBeNull().ShouldContain("S256");
        Template.Mismatch("Bearer {any}", "Bearer", Values).ShouldNotBeNull();
        Template.Mismatch("{settings.TeamId}.{client_id}", "ABCDE12345.com.example.web", Values).ShouldBeNull();
        Template.Render("https://login.microsoftonline.com/{tenantid}/v2.0", Values).ShouldBe("https://login.microsoftonline.com/{tenantid}/v2.0");
    }

    [Fact]
    public void Basic_client_credentials_must_be_form_encoded_before_they_are_joined()
    {
        var expected = new ExpectedRequest { Method = "POST", Url = "https://example.test/token", ClientAuth = "basic" };
        static RecordedRequest Sent(string pair) => new("POST", new Uri("https://example.test/token"),
            new Dictionary<string, string> { ["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)) }, null, []);

        RequestMatcher.Mismatches(expected, Sent($"{Uri.EscapeDataString(Values.ClientId)}:{Uri.EscapeDataString(Values.ClientSecret!)}"), Values, DateTimeOffset.UnixEpoch)
            .ShouldBeEmpty();
        RequestMatcher.Mismatches(expected, Sent($"{Values.ClientId}:{Values.ClientSecret}"), Values, DateTimeOffset.UnixEpoch)
            .ShouldContain(p => p.Contains("form-urlencoded before they are joined"));
    }

    [Fact]
    public void The_client_secret_may_not_travel_where_the_fixture_does_not_put_it()
    {
        var expected = new ExpectedRequest { Method = "GET", Url = "https://api.example.test/me?access_token=t" };
        var sent = new RecordedRequest("GET", new Uri("https://api.example.test/me?access_token=t&client_secret=" + Uri.EscapeDataString(Values.ClientSecret!)),
            new Dictionary<string, string>(), null, []);

        RequestMatcher.Mismatches(expected, sent, Values, DateTimeOffset.UnixEpoch).ShouldBe(
        [
            "query parameter client_secret: not expected",
            "the client secret is in the URL",
        ]);
    }

    [Fact]
    public void An_apple_style_client_secret_JWT_is_checked_against_the_fixtures_public_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
        var assertion = new ClientAssertion
        {
            PublicKey = key.ExportSubjectPublicKeyInfoPem(),
            Header = new Dictionary<string, string> { ["kid"] = "{settings.KeyId}" },
            Claims = new JsonObject { ["iss"] = "{settings.TeamId}", ["sub"] = "{client_id}", ["aud"] = "https://appleid.apple.com" },
            MaxLifetimeSeconds = 15_777_000,
        };
        string Sign(ECDsa with, string sub, long lifetime) => new JsonWebTokenHandler().CreateToken(
            JsonSerializer.Serialize(new { iss = "ABCDE12345", iat = now.ToUnixTimeSeconds(), exp = now.ToUnixTimeSeconds() + lifetime, aud = "https://appleid.apple.com", sub }),
            new SigningCredentials(new ECDsaSecurityKey(with) { KeyId = "KEY1234567" }, SecurityAlgorithms.EcdsaSha256));

        ClientAssertionMatcher.Mismatches(assertion, Sign(key, "com.example.web", 3600), Values, now).ShouldBeEmpty();
        ClientAssertionMatcher.Mismatches(assertion, Sign(other, "com.example.web", 3600), Values, now).ShouldHaveSingleItem().ShouldContain("signature does not verify");
        ClientAssertionMatcher.Mismatches(assertion, Sign(key, "com.example.other", 3600), Values, now).ShouldHaveSingleItem().ShouldBe("claims.sub: expected '{client_id}', got 'com.example.other'");
        ClientAssertionMatcher.Mismatches(assertion, Sign(key, "com.example.web", 15_777_001), Values, now).ShouldHaveSingleItem().ShouldContain("more than the 15777000 s");
    }

    [Fact]
    public void A_minted_id_token_carries_the_fixture_claims_the_nonce_and_the_client_as_audience()
    {
        var values = Fresh();
        values.Nonce = "n-0S6_WzA2Mj";
        var minter = new IdTokenMinter(new IdTokenSpec { Alg = "ES256", Claims = new JsonObject { ["iss"] = "https://issuer.example", ["sub"] = "u1", ["azp"] = "{client_id}" } }, values);

        var jwt = new JsonWebToken(minter.Mint(values, DateTimeOffset.FromUnixTimeSeconds(1_750_000_000), new JsonObject { ["email"] = "a@example.test", ["sub"] = null }));

        jwt.Alg.ShouldBe("ES256");
        jwt.Audiences.ShouldBe(["com.example.web"]);
        jwt.GetClaim("nonce").Value.ShouldBe("n-0S6_WzA2Mj");
        jwt.GetClaim("azp").Value.ShouldBe("com.example.web");
        jwt.GetClaim("email").Value.ShouldBe("a@example.test");
        jwt.TryGetClaim("sub", out _).ShouldBeFalse();
        jwt.GetPayloadValue<long>("exp").ShouldBe(1_750_003_600);
        new JsonWebKeySet(minter.Jwks().ToJsonString()).Keys.ShouldHaveSingleItem().Kid.ShouldBe(jwt.Kid);
    }

    private static FlowValues Fresh() => new()
    {
        ClientId = Values.ClientId,
        ClientSecret = Values.ClientSecret,
        RedirectUri = Values.RedirectUri,
        Code = Values.Code,
        Settings = Values.Settings,
    };
}
