using AuthFunctions.Core;
using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Sessions;

/// <summary>The handoff code is one-time, short-lived, and bound to the SPA's PKCE challenge when it sent one.</summary>
public sealed class HandoffTests(AzuriteFixture azurite) : GitHubOnAzurite(azurite)
{

    private async Task<string> HandoffCodeAsync(string extraQuery = "") =>
        Flows.Fragment(await Flows.SignInAsync(App, "github", Flows.ApproveAtStandInAsync, extraQuery), "code")!;

    private static async Task ShouldBeInvalidGrantAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task A_handoff_code_redeemed_twice_fails_the_second_time()
    {
        var code = await HandoffCodeAsync();
        await Flows.RedeemAsync(App, code);

        using var again = await Flows.SessionAsync(App, code);

        await ShouldBeInvalidGrantAsync(again);
    }

    [Fact]
    public async Task An_expired_handoff_code_is_refused()
    {
        var code = await HandoffCodeAsync();
        App.Time.Advance(TimeSpan.FromSeconds(61));

        using var response = await Flows.SessionAsync(App, code);

        await ShouldBeInvalidGrantAsync(response);
    }

    [Fact]
    public async Task An_unknown_handoff_code_is_refused()
    {
        using var response = await Flows.SessionAsync(App, Crypto.RandomToken());

        await ShouldBeInvalidGrantAsync(response);
    }

    [Fact]
    public async Task A_code_bound_to_an_SPA_challenge_needs_the_matching_verifier()
    {
        var verifier = Crypto.RandomToken();
        var code = await HandoffCodeAsync($"&code_challenge={Crypto.S256(verifier)}&code_challenge_method=S256");

        var session = await Flows.RedeemAsync(App, code, verifier);

        session.GetProperty("user").GetProperty("id").GetString().ShouldBe("github:583231");
    }

    [Fact]
    public async Task A_code_bound_to_an_SPA_challenge_is_refused_without_a_verifier_and_then_burnt()
    {
        var verifier = Crypto.RandomToken();
        var code = await HandoffCodeAsync($"&code_challenge={Crypto.S256(verifier)}&code_challenge_method=S256");

        using var stolen = await Flows.SessionAsync(App, code);
        using var wrong = await Flows.SessionAsync(App, code, Crypto.RandomToken());
        using var late = await Flows.SessionAsync(App, code, verifier);

        await ShouldBeInvalidGrantAsync(stolen);
        await ShouldBeInvalidGrantAsync(wrong);
        await ShouldBeInvalidGrantAsync(late);
    }

    [Fact]
    public async Task A_plain_code_challenge_method_is_refused_at_login()
    {
        using var response = await Flows.LoginAsync(App, "github", extraQuery: "&code_challenge=" + Crypto.RandomToken() + "&code_challenge_method=plain");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("invalid_code_challenge");
    }

    [Theory]
    [InlineData("text/plain", "{\"code\":\"x\"}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json", "not json", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "[1,2]", HttpStatusCode.BadRequest)]
    public async Task A_malformed_session_request_gets_a_problem(string contentType, string body, HttpStatusCode expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        using var response = await App.Browser.PostAsync("/api/auth/session", content);

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_oversized_session_request_is_refused()
    {
        using var content = new StringContent("{\"code\":\"" + new string('a', 10_000) + "\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await App.Browser.PostAsync("/api/auth/session", content);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Me_refuses_a_missing_expired_or_tampered_token()
    {
        var token = (await Flows.RedeemAsync(App, await HandoffCodeAsync())).GetProperty("access_token").GetString()!;

        async Task<HttpStatusCode> MeAsync(string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            if (bearer is not null)
            {
                request.Headers.Authorization = new("Bearer", bearer);
            }

            using var response = await App.Browser.SendAsync(request);
            return response.StatusCode;
        }

        (await MeAsync(token)).ShouldBe(HttpStatusCode.OK);
        (await MeAsync(null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(token[..^3] + (token.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA"))).ShouldBe(HttpStatusCode.Unauthorized);
        App.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        (await MeAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
    }
}
