using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Secrets;

/// <summary>
/// GitHub sign-ins whose client secret is read from Key Vault by the real SecretClient (bearer challenge, token,
/// JSON), against a loopback vault that speaks the Key Vault REST API: caching, rotation, and failing closed.
/// </summary>
public sealed class KeyVaultSignInTests : IAsyncLifetime
{
    private const string SecretName = "github-client-secret";
    private readonly LogSink _logs = new();
    private GitHubStandIn _github = null!;
    private KeyVaultStandIn _vault = null!;

    public async ValueTask InitializeAsync()
    {
        _github = await GitHubStandIn.StartNewAsync();
        _vault = await KeyVaultStandIn.StartNewAsync();
        _vault.SetSecret("app-signing-key", KeyVaultApp.NewSigningKeyPem());
    }

    public async ValueTask DisposeAsync()
    {
        await _vault.DisposeAsync();
        await _github.DisposeAsync();
    }

    /// <summary>GitHub settings without a client secret: with Key Vault on, the secret is the vault's.</summary>
    private Dictionary<string, string?> GitHubSettings()
    {
        var settings = _github.Settings();
        settings.Remove("OAuth:Providers:github:ClientSecret");
        return settings;
    }

    [Fact]
    public async Task A_GitHub_sign_in_uses_the_client_secret_read_from_Key_Vault()
    {
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        var settings = GitHubSettings();
        settings["OAuth:Providers:github:ClientSecret"] = "a-stale-value-in-app-settings";
        await using var app = await KeyVaultApp.StartAsync(_vault, settings, _logs);

        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);
        var session = await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);

        session.GetProperty("user").GetProperty("id").GetString().ShouldBe("github:583231");
        _github.Unexpected.ShouldBeEmpty();
        _vault.Unexpected.ShouldBeEmpty();
        _vault.Reads(SecretName).ShouldBe(1);
        // The SDK's first request went without a token, and the challenge told it which resource to ask a token for.
        _vault.Requests.First().Authenticated.ShouldBeFalse();
        _vault.Requests.First().Status.ShouldBe(401);
        _vault.Credential.Requests.ShouldAllBe(r => r.Scopes.Single() == "https://vault.azure.net/.default");
        _logs.Entries.ShouldContain(e => e.Message.Contains("OAuth__Providers__github__ClientSecret is ignored", StringComparison.Ordinal));
        _logs.Entries.ShouldNotContain(e => e.Message.Contains(GitHubStandIn.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_thousand_sign_ins_read_the_secret_once_per_refresh_interval_and_once_more_after_it()
    {
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        var settings = GitHubSettings();
        foreach (var (k, v) in RateLimitsOff.Settings())
        {
            settings[k] = v;
        }
        await using var app = await KeyVaultApp.StartAsync(_vault, settings, refreshInterval: TimeSpan.FromMinutes(5));

        // 1,000 complete sign-ins, four tabs at a time (the machine has two cores). The first one alone sets the
        // browser's binding cookie, which later logins reuse; tabs racing for a first cookie would each set one.
        (await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync)).ShouldStartWith(TestApp.SpaUrl + "#code=");
        await Parallel.ForAsync(1, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            (await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync)).ShouldStartWith(TestApp.SpaUrl + "#code="));

        _vault.Reads(SecretName).ShouldBe(1);
        app.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            (await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync)).ShouldStartWith(TestApp.SpaUrl + "#code=");
        }

        _vault.Reads(SecretName).ShouldBe(2);
        _github.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_secret_rotated_after_it_was_cached_is_read_once_more_on_invalid_client_and_the_sign_in_succeeds()
    {
        _vault.SetSecret(SecretName, "the-secret-before-rotation");
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHubSettings());
        using var login = await Flows.LoginAsync(app, "github");
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var callback = await Flows.ApproveAtStandInAsync(login.Headers.Location!);

        // Meanwhile the secret is rotated: GitHub knows only the new one, and the vault has it as a new version.
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        using var done = await Flows.CallbackAsync(app, callback);

        done.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
        _github.Unexpected.ShouldBe(["access_token: incorrect_client_credentials"]);
        _vault.Reads(SecretName).ShouldBe(2);
    }

    [Fact]
    public async Task A_provider_that_still_refuses_after_one_refresh_sends_the_user_back_with_provider_error()
    {
        _vault.SetSecret(SecretName, "a-secret-GitHub-never-had");
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHubSettings());
        using var login = await Flows.LoginAsync(app, "github");
        var callback = await Flows.ApproveAtStandInAsync(login.Headers.Location!);

        using var done = await Flows.CallbackAsync(app, callback);

        done.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=provider_error");
        _github.Unexpected.ShouldBe(["access_token: incorrect_client_credentials"]);
        _vault.Reads(SecretName).ShouldBe(2);
    }

    [Fact]
    public async Task Login_answers_503_secret_unavailable_and_never_redirects_when_the_vault_is_unreachable_and_nothing_is_cached()
    {
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        _vault.Unreachable = true;
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHubSettings());

        using var response = await Flows.LoginAsync(app, "github");

        await ShouldBeSecretUnavailableAsync(response);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Login_answers_503_when_the_vault_refuses_or_fails_the_read(int status)
    {
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        _vault.FailEveryRequestWith = status;
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHubSettings());

        using var response = await Flows.LoginAsync(app, "github");

        await ShouldBeSecretUnavailableAsync(response);
        // 403 and 404 are not retried; a 500 is, a bounded number of times.
        _vault.Reads(SecretName).ShouldBe(status == 500 ? 3 : 1);
    }

    [Fact]
    public async Task Login_answers_503_when_no_credential_can_get_a_token_for_Key_Vault()
    {
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHubSettings(), configure: b =>
            b.Services.AddKeyedSingleton<Azure.Core.TokenCredential>(AuthFunctions.Secrets.SecretsServiceCollectionExtensions.KeyVaultServiceKey, new SignedOutCredential()));

        using var response = await Flows.LoginAsync(app, "github");

        await ShouldBeSecretUnavailableAsync(response);
        _vault.Reads(SecretName).ShouldBe(0);
    }

    [Fact]
    public async Task A_secret_that_is_not_in_the_vault_answers_503()
    {
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHubSettings());

        using var response = await Flows.LoginAsync(app, "github");

        await ShouldBeSecretUnavailableAsync(response);
        _vault.Requests.Last().Status.ShouldBe(404);
    }

    [Fact]
    public async Task A_throttled_read_is_retried_after_Retry_After_and_the_login_succeeds()
    {
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHubSettings());
        _vault.FailNext(429, retryAfterSeconds: 1);

        using var response = await Flows.LoginAsync(app, "github");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var reads = _vault.Requests.Where(r => r.Authenticated && r.Kind == "latest").ToList();
        reads.Select(r => r.Status).ShouldBe([429, 200]);
        (reads[1].At - reads[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task When_a_refresh_fails_the_cached_secret_is_served_through_the_grace_period_with_a_warning_then_503()
    {
        _vault.SetSecret(SecretName, GitHubStandIn.ClientSecret);
        var settings = GitHubSettings();
        settings["KeyVault:GracePeriod"] = "00:30:00";
        await using var app = await KeyVaultApp.StartAsync(_vault, settings, _logs, refreshInterval: TimeSpan.FromMinutes(5));
        using (var first = await Flows.LoginAsync(app, "github"))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        _vault.FailEveryRequestWith = 503;
        app.Time.Advance(TimeSpan.FromMinutes(6));
        (await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync)).ShouldStartWith(TestApp.SpaUrl + "#code=");
        _logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("serving the cached value", StringComparison.Ordinal));

        app.Time.Advance(TimeSpan.FromMinutes(30));
        using var late = await Flows.LoginAsync(app, "github");
        await ShouldBeSecretUnavailableAsync(late, providerUntouched: false);

        _vault.FailEveryRequestWith = null;
        using var recovered = await Flows.LoginAsync(app, "github");
        recovered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private async Task ShouldBeSecretUnavailableAsync(HttpResponseMessage response, bool providerUntouched = true)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.Location.ShouldBeNull();
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("secret_unavailable");
        if (providerUntouched)
        {
            _github.Requests.ShouldBeEmpty();
        }
    }
}

/// <summary>What DefaultAzureCredential does with no managed identity and no developer sign-in.</summary>
internal sealed class SignedOutCredential : Azure.Core.TokenCredential
{
    public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new Azure.Identity.CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token from the included credentials.");

    public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
