using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shouldly;

namespace AuthFunctions.Tests.Sessions;

/// <summary>
/// Issue 12: the storage round trips of one whole GitHub sign-in (login, callback, <c>POST /session</c>) on Azurite,
/// counted at the table client. The floor is 9: state insert + read + If-Match delete; the user's read + insert or
/// compare-and-swap; handoff insert + read + If-Match delete; one write of the refresh family and its first token.
/// </summary>
public sealed class SignInRoundTripTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CountingTableClient _counted = new(azurite.CreateTableClient());
    private GitHubStandIn _github = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _github = await GitHubStandIn.StartNewAsync();
        var settings = _github.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        _app = await TestApp.StartAsync(
            settings, environment: "Production", configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<ITableClient>(_counted)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _github.DisposeAsync();
    }

    private async Task SignInAsync(int userId)
    {
        _github.UserId = userId;
        var back = await Flows.SignInAsync(_app, "github", Flows.ApproveAtStandInAsync);
        (await Flows.RedeemAsync(_app, Flows.Fragment(back, "code")!)).GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_first_sign_in_of_a_user_makes_nine_round_trips()
    {
        await SignInAsync(Random.Shared.Next(10_000_000, int.MaxValue)); // tables are created once per process
        _counted.Reset();

        await SignInAsync(Random.Shared.Next(10_000_000, int.MaxValue));

        _counted.RoundTrips.ShouldBe(9, _counted.ToString());
        (_counted["insert"], _counted["get"], _counted["delete"], _counted["replace"], _counted["batch"]).ShouldBe((3, 3, 2, 0, 1), _counted.ToString());
    }

    [Fact]
    public async Task A_returning_users_sign_in_makes_nine_round_trips()
    {
        var user = Random.Shared.Next(10_000_000, int.MaxValue);
        await SignInAsync(user);
        _counted.Reset();

        await SignInAsync(user);

        _counted.RoundTrips.ShouldBe(9, _counted.ToString());
        (_counted["insert"], _counted["get"], _counted["delete"], _counted["replace"], _counted["batch"]).ShouldBe((2, 3, 2, 1, 1), _counted.ToString());
    }
}
