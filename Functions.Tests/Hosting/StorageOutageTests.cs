using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>Fail closed: with Table Storage unreachable, login never redirects to the provider and callback answers 503.</summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private GitHubStandIn _github = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _github = await GitHubStandIn.StartNewAsync();
        var settings = _github.Settings();
        // Nothing listens on this port: connections are refused at once.
        settings["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};TableEndpoint=http://127.0.0.1:{AzuriteFixture.FreePort()}/{AzuriteFixture.AccountName};";
        _app = await TestApp.StartAsync(settings, environment: "Production");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task Login_answers_503_and_never_redirects_when_storage_is_down()
    {
        using var response = await Flows.LoginAsync(_app, "github");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.Location.ShouldBeNull();
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("storage_unavailable");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        _github.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Callback_answers_503_when_storage_is_down()
    {
        using var response = await _app.Browser.GetAsync("/api/auth/github/callback?code=abc&state=" + new string('A', 43));

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task Session_answers_503_when_storage_is_down()
    {
        using var response = await Flows.SessionAsync(_app, AuthFunctions.Core.Crypto.RandomToken());

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }
}

/// <summary>
/// Fail closed when the provider cannot be reached: never send the user off first. (A client id without any secret
/// source stops start-up: ConfigurationTests; a secret missing from Key Vault answers 503: KeyVaultSignInTests.)
/// </summary>
public sealed class ProviderOutageTests
{
    [Fact]
    public async Task Login_answers_503_when_the_providers_discovery_is_unreachable()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:Providers:acme:ClientId"] = "acme",
            ["OAuth:Providers:acme:ClientSecret"] = "acme-secret",
            ["OAuth:Providers:acme:Issuer"] = $"http://127.0.0.1:{AzuriteFixture.FreePort()}",
        }, environment: "Production");

        using var response = await Flows.LoginAsync(app, "acme");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.Location.ShouldBeNull();
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("provider_unavailable");
    }
}
