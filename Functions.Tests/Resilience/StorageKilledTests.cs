using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>
/// Table Storage killed mid-sign-in: a private Azurite (so no other test loses its storage) is stopped, each step
/// answers 503 and stores or consumes nothing, and after a restart on the same port the very same step completes.
/// </summary>
public sealed class StorageKilledTests : IAsyncLifetime
{
    private AzuriteProcess _azurite = null!;
    private GitHubStandIn _github = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(persisted: true);
        _github = await GitHubStandIn.StartNewAsync();
        var settings = _github.Settings();
        settings["AzureWebJobsStorage"] = _azurite.ConnectionString;
        _app = await TestApp.StartAsync(settings, environment: "Production");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _github.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private Task<int> RowsAsync(string table) => StorageRows.CountAsync(_azurite.ConnectionString, table);

    [Fact]
    public async Task Login_with_storage_killed_answers_503_stores_nothing_and_the_next_login_after_the_restart_completes()
    {
        await _azurite.StopAsync();

        using var refused = await Flows.LoginAsync(_app, "github");

        await ResilienceFlows.ShouldBeUnavailableAsync(refused, "storage_unavailable");
        await _azurite.RestartAsync();
        (await RowsAsync("LoginStates")).ShouldBe(0);
        _github.Requests.ShouldBeEmpty();
        (await ResilienceFlows.UpToRefreshAsync(_app)).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Callback_with_storage_killed_answers_503_and_the_same_callback_completes_after_the_restart()
    {
        var callback = await ResilienceFlows.UpToCallbackAsync(_app);
        await _azurite.StopAsync();

        using var refused = await Flows.CallbackAsync(_app, callback);

        await ResilienceFlows.ShouldBeUnavailableAsync(refused, "storage_unavailable");
        await _azurite.RestartAsync();
        (await RowsAsync("Handoffs")).ShouldBe(0);
        _github.Requests.ShouldNotContain("POST /login/oauth/access_token"); // the provider's code is not spent either
        using var done = await Flows.CallbackAsync(_app, callback);
        var code = Flows.Fragment(done.Headers.Location!.ToString(), "code")!;
        (await Flows.RedeemAsync(_app, code)).GetProperty("user").GetProperty("id").GetString().ShouldBe("github:583231");
        await ResilienceFlows.ShouldBeSpentAsync(_app, callback);
    }

    [Fact]
    public async Task Session_with_storage_killed_answers_503_and_the_same_code_redeems_after_the_restart()
    {
        var code = await ResilienceFlows.UpToSessionAsync(_app);
        await _azurite.StopAsync();

        using var refused = await Flows.SessionAsync(_app, code, Flows.Verifier);

        await ResilienceFlows.ShouldBeUnavailableAsync(refused, "storage_unavailable");
        await _azurite.RestartAsync();
        (await RefreshRows.CountAsync(_azurite.ConnectionString)).ShouldBe(new RefreshRows(Families: 0, Tokens: 0, Other: 0));
        (await Flows.RedeemAsync(_app, code)).GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
        using var replay = await Flows.SessionAsync(_app, code, Flows.Verifier);
        replay.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Refresh_with_storage_killed_answers_503_and_the_same_token_rotates_after_the_restart()
    {
        var token = await ResilienceFlows.UpToRefreshAsync(_app);
        await _azurite.StopAsync();

        using var refused = await ResilienceFlows.RefreshAsync(_app, token);

        await ResilienceFlows.ShouldBeUnavailableAsync(refused, "storage_unavailable");
        await _azurite.RestartAsync();
        (await RefreshRows.CountAsync(_azurite.ConnectionString)).ShouldBe(new RefreshRows(Families: 1, Tokens: 1, Other: 0)); // no successor written
        var successor = await ResilienceFlows.RotateAsync(_app, token);
        (await ResilienceFlows.RotateAsync(_app, successor)).ShouldNotBe(successor);
    }
}
