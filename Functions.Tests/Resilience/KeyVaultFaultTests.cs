using System.Diagnostics;
using System.Net;
using AuthFunctions.Tests.Infrastructure;
using AuthFunctions.Tests.Secrets;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>
/// Key Vault failing under a GitHub sign-in whose client secret it holds, through the real SecretClient: a 5xx,
/// throttling with Retry-After, a slow vault, and a vault down while the secret is cached. Each ends in a completed
/// sign-in or a 503 before the user is sent anywhere, and the next attempt after the fault works.
/// </summary>
public sealed class KeyVaultFaultTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string SecretName = "github-client-secret";
    private GitHubStandIn _github = null!;
    private KeyVaultStandIn _vault = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _github = await GitHubStandIn.StartNewAsync();
        _vault = await KeyVaultStandIn.StartNewAsync();
        _vault.SetSecret("app-signing-key", KeyVaultApp.NewSigningKeyPem());
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        var settings = _github.Settings();
        settings.Remove("OAuth:Providers:github:ClientSecret");
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        _app = await KeyVaultApp.StartAsync(_vault, settings, refreshInterval: TimeSpan.FromMinutes(5));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _vault.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task A_5xx_from_the_vault_is_retried_and_the_sign_in_completes()
    {
        _vault.FailNext(503);

        (await ResilienceFlows.UpToRefreshAsync(_app)).ShouldNotBeNullOrEmpty();

        _vault.Reads(SecretName).ShouldBe(2);
    }

    [Fact]
    public async Task A_vault_failing_every_retry_answers_503_and_the_next_login_completes()
    {
        _vault.FailNext(500, count: 3);

        using var refused = await Flows.LoginAsync(_app, "github");

        await ResilienceFlows.ShouldBeUnavailableAsync(refused, "secret_unavailable");
        _github.Requests.ShouldBeEmpty();
        (await ResilienceFlows.UpToRefreshAsync(_app)).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_vault_throttling_every_retry_with_a_long_Retry_After_answers_503_at_the_read_time_out()
    {
        _vault.FailNext(429, count: 3, retryAfterSeconds: 300);
        var login = Flows.LoginAsync(_app, "github");
        while (!_vault.Requests.Any(r => r.Status == 429))
        {
            await Task.Delay(20); // until the vault has throttled the read; the time-out itself is the fake clock's
        }

        _app.Time.Advance(AuthFunctions.Secrets.RefreshingValue<object>.FetchTimeout);

        using var refused = await login.WaitAsync(TimeSpan.FromSeconds(10));
        await ResilienceFlows.ShouldBeUnavailableAsync(refused, "secret_unavailable");
        _github.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_slow_vault_still_completes_the_sign_in()
    {
        _vault.Delay = TimeSpan.FromSeconds(1);

        (await ResilienceFlows.UpToRefreshAsync(_app)).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task With_the_vault_down_the_cached_secrets_complete_a_callback_and_a_new_sign_in_past_the_refresh_interval()
    {
        await ResilienceFlows.UpToRefreshAsync(_app); // caches the client secret and the signing key
        var callback = await ResilienceFlows.UpToCallbackAsync(_app);
        _vault.Unreachable = true;
        _app.Time.Advance(TimeSpan.FromMinutes(6)); // the secret is due for a refresh, which fails; the state is still valid

        using var done = await Flows.CallbackAsync(_app, callback);

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Flows.RedeemAsync(_app, Flows.Fragment(done.Headers.Location!.ToString(), "code")!)).GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
        (await ResilienceFlows.UpToRefreshAsync(_app)).ShouldNotBeNullOrEmpty();
        _github.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task With_the_vault_down_before_the_signing_key_is_cached_session_answers_503_and_the_same_code_redeems_once_it_is_back()
    {
        var code = await ResilienceFlows.UpToSessionAsync(_app);
        _vault.Unreachable = true;

        using var refused = await Flows.SessionAsync(_app, code, Flows.Verifier);

        await ResilienceFlows.ShouldBeUnavailableAsync(refused, "secret_unavailable");
        _vault.Unreachable = false;
        (await Flows.RedeemAsync(_app, code)).GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
    }
}
