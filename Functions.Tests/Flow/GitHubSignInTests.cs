using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace AuthFunctions.Tests.Flow;

/// <summary>The whole sign-in with the github catalog entry against a stand-in that speaks GitHub's API, state in Azurite.</summary>
public sealed class GitHubSignInTests(AzuriteFixture azurite) : GitHubOnAzurite(azurite)
{

    [Fact]
    public async Task Sign_in_with_GitHub_ends_with_a_session_whose_token_another_backend_can_verify()
    {
        var back = await Flows.SignInAsync(App, "github", Flows.ApproveAtStandInAsync);

        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        var session = await Flows.RedeemAsync(App, Flows.Fragment(back, "code")!);
        var user = session.GetProperty("user");
        user.GetProperty("id").GetString().ShouldBe("github:583231");
        user.GetProperty("name").GetString().ShouldBe("The Octocat");
        user.GetProperty("email").GetString().ShouldBe("octo@example.test");
        user.GetProperty("avatarUrl").GetString().ShouldBe("https://avatars.githubusercontent.com/u/583231?v=4");
        GitHub.Unexpected.ShouldBeEmpty();

        var token = session.GetProperty("access_token").GetString()!;
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new("Bearer", token);
        using var meResponse = await App.Browser.SendAsync(me);
        meResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await meResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString().ShouldBe("github:583231");

        // Another backend: fetch JWKS, validate with a plain JWT library.
        var jwks = new JsonWebKeySet(await App.Browser.GetStringAsync("/api/auth/jwks"));
        var principal = new JwtSecurityTokenHandler { MapInboundClaims = false }.ValidateToken(token, new TokenValidationParameters
        {
            ValidIssuer = TestApp.PublicBaseUrl,
            ValidAudience = TestApp.PublicBaseUrl,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            LifetimeValidator = (_, expires, _, _) => expires > App.Time.GetUtcNow().UtcDateTime,
        }, out _);
        principal.FindFirst("sub")!.Value.ShouldBe("github:583231");
        principal.FindFirst("email")!.Value.ShouldBe("octo@example.test");
    }

    [Fact]
    public async Task A_private_GitHub_email_is_taken_from_the_primary_verified_address()
    {
        GitHub.ProfileEmail = null;

        var back = await Flows.SignInAsync(App, "github", Flows.ApproveAtStandInAsync);
        var user = (await Flows.RedeemAsync(App, Flows.Fragment(back, "code")!)).GetProperty("user");

        user.GetProperty("email").GetString().ShouldBe("octo-private@example.test");
        user.GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        GitHub.Requests.ShouldContain("GET /api/user/emails");
        GitHub.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task Login_redirects_to_GitHub_with_state_PKCE_S256_and_the_exact_callback()
    {
        using var login = await Flows.LoginAsync(App, "github");

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = login.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(GitHub.AuthorizeUrl);
        var q = System.Web.HttpUtility.ParseQueryString(location.Query);
        q["client_id"].ShouldBe(GitHubStandIn.ClientId);
        q["redirect_uri"].ShouldBe(TestApp.PublicBaseUrl + "/api/auth/github/callback");
        q["code_challenge_method"].ShouldBe("S256");
        q["code_challenge"]!.Length.ShouldBe(43);
        Base64UrlEncoder.DecodeBytes(q["state"]).Length.ShouldBeGreaterThanOrEqualTo(16);
        q["scope"].ShouldBe("read:user user:email");
        login.Headers.GetValues("Set-Cookie").Single().ShouldContain("httponly", Case.Insensitive);
        login.Headers.CacheControl!.NoStore.ShouldBeTrue();
        login.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task A_GitHub_error_in_a_200_answer_sends_the_user_back_with_provider_error()
    {
        using var login = await Flows.LoginAsync(App, "github");
        var callback = await Flows.ApproveAtStandInAsync(login.Headers.Location!);
        var spoiled = new Uri(callback.ToString().Replace("code=", "code=bad", StringComparison.Ordinal));

        using var done = await Flows.CallbackAsync(App, spoiled);

        done.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=provider_error");
    }

    [Fact]
    public async Task The_user_declining_at_GitHub_goes_back_to_the_SPA_as_access_denied()
    {
        using var login = await Flows.LoginAsync(App, "github");
        var state = System.Web.HttpUtility.ParseQueryString(login.Headers.Location!.Query)["state"];

        using var done = await Flows.CallbackAsync(App, new Uri($"{TestApp.PublicBaseUrl}/api/auth/github/callback?error=access_denied&error_description=The+user+has+denied&state={state}"));

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=access_denied");
    }
}
