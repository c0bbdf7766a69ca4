using System.Net;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>Concurrent refreshes of one token on real Table Storage make one successor chain, never a fork.</summary>
public sealed class ConcurrentRefreshTests(AzuriteFixture azurite) : GitHubOnAzurite(azurite)
{
    protected override Task<Dictionary<string, string?>> MoreSettingsAsync() => Task.FromResult(RateLimitsOff.Settings());

    [Fact]
    public async Task Fifty_concurrent_refreshes_of_one_token_get_the_same_successor_or_a_clean_refusal()
    {
        GitHub.UserId = Random.Shared.Next(10_000_000, int.MaxValue); // this test's user alone, in tables other tests share
        var token = await ResilienceFlows.UpToRefreshAsync(App);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => ResilienceFlows.RefreshAsync(App, token)));

        var successors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in responses)
        {
            var body = await r.Content.ReadAsStringAsync();
            r.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.BadRequest], body);
            if (r.StatusCode == HttpStatusCode.OK)
            {
                successors.Add(JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!);
            }
            else
            {
                JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().ShouldBe("invalid_grant");
            }

            r.Dispose();
        }

        successors.Count.ShouldBe(1);
        // One family, one chain: the first token, spent, and its one successor, live; nothing forked off.
        (await RefreshRows.CountAsync(Azurite.ConnectionString, $"github:{GitHub.UserId}")).ShouldBe(new RefreshRows(Families: 1, Tokens: 2, Other: 0));
        var next = await ResilienceFlows.RotateAsync(App, successors.Single());
        (await ResilienceFlows.RotateAsync(App, next)).ShouldNotBe(next);
    }
}
