using System.Diagnostics;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>
/// Table Storage slow (answers held back, under the client's 5 s network time-out) or stalled (never answering):
/// through a TCP relay in front of the run's Azurite. Slow completes; stalled ends in 503 within the time-outs and,
/// because a stalled request never reaches the service, the very same step completes once storage answers again.
/// </summary>
public sealed class SlowStorageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private SlowProxy _proxy = null!;
    private GitHubStandIn _github = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _proxy = SlowProxy.Start(azurite.Port);
        _github = await GitHubStandIn.StartNewAsync();
        var settings = _github.Settings();
        settings["AzureWebJobsStorage"] = AzuriteProcess.ConnectionStringFor($"http://127.0.0.1:{_proxy.Port}/{AzuriteFixture.AccountName}");
        _app = await TestApp.StartAsync(settings, environment: "Production");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _github.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_sign_in_session_and_refresh_complete_when_every_storage_answer_is_slow()
    {
        _proxy.Delay = TimeSpan.FromMilliseconds(400);

        var token = await ResilienceFlows.UpToRefreshAsync(_app);

        (await ResilienceFlows.RotateAsync(_app, token)).ShouldNotBe(token);
    }

    [Fact]
    public async Task Login_callback_session_and_refresh_answer_503_when_storage_stalls_and_each_completes_once_it_answers()
    {
        using var login = await Flows.LoginAsync(_app, "github"); // sets the binding cookie and creates the tables
        var callback = await ResilienceFlows.UpToCallbackAsync(_app);
        var code = await ResilienceFlows.UpToSessionAsync(_app);
        var token = await ResilienceFlows.UpToRefreshAsync(_app);
        _proxy.Stalled = true;
        var clock = Stopwatch.StartNew();

        var refused = await Task.WhenAll(
            Flows.LoginAsync(_app, "github"), Flows.CallbackAsync(_app, callback), Flows.SessionAsync(_app, code, Flows.Verifier),
            ResilienceFlows.RefreshAsync(_app, token));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(25)); // three tries of 5 s and their back-off, not a hang
        foreach (var response in refused)
        {
            await ResilienceFlows.ShouldBeUnavailableAsync(response, "storage_unavailable");
            response.Dispose();
        }

        _proxy.Stalled = false;
        using var done = await Flows.CallbackAsync(_app, callback);
        Flows.Fragment(done.Headers.Location!.ToString(), "code").ShouldNotBeNull();
        (await Flows.RedeemAsync(_app, code)).GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
        (await ResilienceFlows.RotateAsync(_app, token)).ShouldNotBe(token);
    }
}
