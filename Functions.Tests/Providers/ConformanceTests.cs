using System.Text.Json.Nodes;
using AuthFunctions.Providers;
using AuthFunctions.Tests.Infrastructure;
using AuthFunctions.Tests.Providers.Conformance;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>
/// Every catalog provider signs in through one shared test against a replay of its documented wire format
/// (<c>Providers/&lt;id&gt;/fixture.json</c>): the authorize URL, every request the app makes in order, and the user.
/// </summary>
public sealed class ConformanceTests
{
    /// <summary>The catalog's providers, not the fixture folder: a provider without a fixture fails, it is not skipped.</summary>
    public static TheoryData<string> CatalogProviders() => [.. CatalogIds()];

    /// <summary>Each failure case of each catalog provider's fixture.</summary>
    public static TheoryData<string, string> FailureCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var id in CatalogIds().Where(FixtureFiles.Exists))
        {
            ProviderFixture fixture;
            try
            {
                fixture = FixtureFiles.Load(id);
            }
            catch (InvalidOperationException)
            {
                // The sign-in theory reports a broken fixture, by provider; here it would hide every other case.
                continue;
            }

            foreach (var failure in fixture.Failures)
            {
                data.Add(id, failure.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CatalogProviders))]
    public async Task A_provider_sign_in_matches_its_documented_wire_format(string provider)
    {
        var fixture = FixtureFiles.Load(provider);
        await using var run = await ConformanceRun.StartAsync(fixture, ReplayScript.SignIn(fixture));

        var authorize = await run.LoginAsync();
        run.CheckAuthorizeUrl(authorize).ShouldBeEmpty($"{provider}: the authorization URL differs from the fixture");
        var back = await run.CallbackAsync();
        run.Replay.Unexpected.ShouldBeEmpty(run.Replay.Report());
        back.ShouldStartWith(TestApp.SpaUrl + "#code=", customMessage: run.Replay.Report());
        var session = await run.SessionAsync(Flows.Fragment(back, "code")!);
        var me = await run.MeAsync(session["access_token"]!.GetValue<string>());

        ShouldBeUser(me, fixture.User, run.Values, "/me");
        // /session may say more than the app token carries (Microsoft's tenant), never something else.
        var sessionUser = session["user"]!.AsObject();
        ShouldBeUser(new JsonObject(sessionUser.Where(m => me.ContainsKey(m.Key)).Select(m => KeyValuePair.Create(m.Key, m.Value?.DeepClone()))), me, run.Values, "/session user");
        run.Replay.Pending.ShouldBeEmpty(run.Replay.Report());
    }

    [Theory]
    [MemberData(nameof(FailureCases))]
    public async Task A_provider_failure_sends_the_SPA_its_error_code(string provider, string failure)
    {
        var fixture = FixtureFiles.Load(provider);
        var failureCase = fixture.Failures.Single(f => f.Name == failure);
        await using var run = await ConformanceRun.StartAsync(fixture, ReplayScript.Failure(fixture, failureCase));

        var authorize = await run.LoginAsync();
        run.CheckAuthorizeUrl(authorize).ShouldBeEmpty();
        var back = await run.CallbackAsync();

        run.Replay.Unexpected.ShouldBeEmpty(run.Replay.Report());
        back.ShouldBe(TestApp.SpaUrl + "#error=" + failureCase.Error, run.Replay.Report());
        run.Replay.Pending.ShouldBeEmpty(run.Replay.Report());
    }

    [Fact]
    public void Every_catalog_provider_has_a_fixture()
    {
        CatalogIds().Except(FixtureFiles.InSourceTree()).ShouldBeEmpty("catalog providers without Functions.Tests/Providers/<id>/fixture.json");
    }

    [Fact]
    public void Every_fixture_belongs_to_a_catalog_provider()
    {
        FixtureFiles.InSourceTree().Except(CatalogIds()).ShouldBeEmpty("fixtures whose provider is not in the catalog (or is dev)");
    }

    private static IEnumerable<string> CatalogIds() =>
        ProviderCatalog.Embedded().ReadAll().Where(p => p.Protocol != Protocols.Dev).Select(p => p.Id);

    private static void ShouldBeUser(JsonObject actual, JsonObject expected, FlowValues values, string where)
    {
        var differences = JsonMatch.Mismatches(expected, actual, values, "user").ToList();
        differences.ShouldBeEmpty($"{where} returned {actual.ToJsonString()}");
    }
}
