using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>A handoff code redeems once, however many /session requests race for it on real Table Storage.</summary>
public sealed class ConcurrentSessionTests(AzuriteFixture azurite) : GitHubOnAzurite(azurite)
{
    protected override Task<Dictionary<string, string?>> MoreSettingsAsync() => Task.FromResult(RateLimitsOff.Settings());

    [Fact]
    public async Task A_hundred_concurrent_session_requests_with_one_code_make_exactly_one_session()
    {
        GitHub.UserId = Random.Shared.Next(10_000_000, int.MaxValue); // this test's user alone, in tables other tests share
        var code = await ResilienceFlows.UpToSessionAsync(App);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Flows.SessionAsync(App, code, Flows.Verifier)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).ShouldBe(99);
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.BadRequest))
        {
            (await Flows.ProblemAsync(r)).GetProperty("code").GetString().ShouldBe("invalid_grant");
        }

        // The 99 losers started no session: one refresh family and its one token for this user.
        (await RefreshRows.CountAsync(Azurite.ConnectionString, $"github:{GitHub.UserId}")).ShouldBe(new RefreshRows(Families: 1, Tokens: 1, Other: 0));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }
}
