using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>A state row is consumed once, however many callbacks race for it on real Table Storage.</summary>
public sealed class ConcurrentCallbackTests(AzuriteFixture azurite) : GitHubOnAzurite(azurite)
{
    protected override Task<Dictionary<string, string?>> MoreSettingsAsync() => Task.FromResult(RateLimitsOff.Settings());

    [Fact]
    public async Task A_hundred_concurrent_callbacks_with_one_state_make_exactly_one_session()
    {
        var callback = await ResilienceFlows.UpToCallbackAsync(App);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Flows.CallbackAsync(App, callback)));

        var codes = responses.Where(r => r.StatusCode == HttpStatusCode.Redirect).Select(r => Flows.Fragment(r.Headers.Location!.ToString(), "code")).ToList();
        codes.Count.ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).ShouldBe(99);
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.BadRequest))
        {
            (await Flows.ProblemAsync(r)).GetProperty("code").GetString().ShouldBe("invalid_state");
        }

        (await Flows.RedeemAsync(App, codes.Single()!)).GetProperty("user").GetProperty("id").GetString().ShouldBe("github:583231");
        GitHub.Requests.Count(r => r == "POST /login/oauth/access_token").ShouldBe(1);
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }
}
