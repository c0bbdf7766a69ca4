using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>A malformed OAuth__ setting stops start-up with a message naming the setting.</summary>
public sealed class ConfigurationTests
{
    private static Task<string> StartupFailureAsync(Dictionary<string, string?> settings, string environment = "Production") =>
        TestApp.StartupFailureAsync(settings, environment);

    [Theory]
    [InlineData("OAuth:Providers:github:ClientIdd", "x", "ClientIdd")]
    [InlineData("OAuth:StateLifetimee", "00:10:00", "StateLifetimee")]
    public async Task An_unknown_setting_stops_startup_naming_it(string key, string value, string named)
    {
        (await StartupFailureAsync(new() { [key] = value })).ShouldContain(named);
    }

    [Theory]
    [InlineData("OAuth:StateLifetime", "ten minutes", "StateLifetime")]
    [InlineData("OAuth:StateLifetime", "-00:10:00", "OAuth__StateLifetime")]
    [InlineData("OAuth:HandoffLifetime", "02:00:00", "OAuth__HandoffLifetime")]
    [InlineData("OAuth:PublicBaseUrl", "not a url", "OAuth__PublicBaseUrl")]
    [InlineData("OAuth:AllowedReturnUrls:0", "javascript:alert(1)", "OAuth__AllowedReturnUrls__0")]
    [InlineData("OAuth:AllowedReturnUrls:0", "https://user@app.example/", "OAuth__AllowedReturnUrls__0")]
    [InlineData("OAuth:SigningKey", "not a pem", "OAuth__SigningKey")]
    [InlineData("OAuth:Providers:acme:ClientId", "acme", "OAuth__Providers__acme__Issuer")]
    [InlineData("OAuth:Providers:Bad_Id:ClientId", "x", "OAuth__Providers__bad_id")]
    [InlineData("OAuth:Providers:github:Scopes", "a\"b", "OAuth__Providers__github__Scopes")]
    [InlineData("OAuth:Providers:microsoft:Tenant", "../evil", "OAuth__Providers__microsoft__Tenant")]
    public async Task A_malformed_setting_stops_startup_naming_it(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("OAuth:Providers:github", StringComparison.Ordinal) || key.StartsWith("OAuth:Providers:microsoft", StringComparison.Ordinal))
        {
            settings[key.Split(':')[0] + ":Providers:" + key.Split(':')[2] + ":ClientId"] = "client";
        }

        (await StartupFailureAsync(settings)).ShouldContain(named);
    }

    [Fact]
    public async Task A_custom_provider_with_an_http_issuer_on_a_public_host_stops_startup()
    {
        (await StartupFailureAsync(new() { ["OAuth:Providers:acme:ClientId"] = "acme", ["OAuth:Providers:acme:Issuer"] = "http://idp.example" }))
            .ShouldContain("OAuth__Providers__acme__Issuer");
    }

    [Fact]
    public async Task Outside_Development_a_signing_key_is_required()
    {
        // LocalHost.Create directly: TestApp would supply a signing key.
        var e = await Should.ThrowAsync<Exception>(async () =>
        {
            var app = AuthFunctions.Hosting.LocalHost.Create(["--environment=Production", "--urls=http://127.0.0.1:0"]);
            await using (app)
            {
                await app.StartAsync();
            }
        });

        AuthFunctions.Hosting.StartupErrors.Describe(e, configuration: null).ShouldContain(f => f.StartsWith("OAuth__SigningKey", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> GitHubOnly => new()
    {
        ["OAuth:Providers:github:ClientId"] = "client",
        ["OAuth:Providers:github:ClientSecret"] = "secret",
    };

    [Fact]
    public async Task Outside_Development_an_app_with_no_provider_stops_startup_saying_so()
    {
        (await StartupFailureAsync(new())).ShouldContain("OAuth__Providers: no provider is enabled");
    }

    [Fact]
    public async Task A_client_id_without_a_secret_source_stops_startup_naming_the_secret_setting()
    {
        (await StartupFailureAsync(new() { ["OAuth:Providers:github:ClientId"] = "client" }))
            .ShouldContain("OAuth__Providers__github__ClientSecret: github has a client id but no secret");
    }

    [Fact]
    public async Task Outside_Development_an_app_without_Table_Storage_stops_startup_saying_so()
    {
        var settings = GitHubOnly;
        settings["AzureWebJobsStorage"] = null;

        (await StartupFailureAsync(settings)).ShouldContain("AzureWebJobsStorage: not set; outside Development login state must be in Table Storage");
    }

    [Fact]
    public async Task Outside_Development_the_public_base_url_is_required()
    {
        var settings = GitHubOnly;
        settings["OAuth:PublicBaseUrl"] = null;

        (await StartupFailureAsync(settings)).ShouldContain("OAuth__PublicBaseUrl: required outside Development");
    }

    [Fact]
    public async Task The_dev_provider_cannot_be_switched_on_outside_Development()
    {
        (await StartupFailureAsync(new() { ["OAuth:Providers:dev:Enabled"] = "true" })).ShouldContain("OAuth__Providers__dev__Enabled");
    }

    [Fact]
    public async Task The_dev_provider_is_absent_outside_Development_and_present_in_it()
    {
        await using var production = await TestApp.StartAsync(GitHubOnly, "Production");
        await using var development = await TestApp.StartAsync(new Dictionary<string, string?>(), "Development");

        (await production.Browser.GetStringAsync("/api/auth/providers")).ShouldNotContain("\"id\":\"dev\"");
        (await development.Browser.GetStringAsync("/api/auth/providers")).ShouldContain("\"id\":\"dev\"");
        using var devLogin = await Flows.LoginAsync(production, "dev");
        devLogin.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_custom_OIDC_provider_is_added_by_settings_alone()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:Providers:acme:ClientId"] = "acme-client",
            ["OAuth:Providers:acme:ClientSecret"] = "acme-secret",
            ["OAuth:Providers:acme:Issuer"] = "https://login.acme.example",
            ["OAuth:Providers:acme:DisplayName"] = "Acme SSO",
        }, "Production");

        (await app.Browser.GetStringAsync("/api/auth/providers"))
            .ShouldBe("[{\"id\":\"acme\",\"name\":\"Acme SSO\",\"loginUrl\":\"http://localhost:7071/api/auth/custom/acme/login\"}]");
    }
}

/// <summary>Standalone, the same app setting switches a function off as under the Functions host.</summary>
public sealed class FunctionSwitchTests
{
    [Fact]
    public async Task The_dev_function_can_be_switched_off_by_its_app_setting_standalone()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["AzureWebJobs.dev.Disabled"] = "true" });

        using var login = await Flows.LoginAsync(app, "dev");
        using var providers = await app.Browser.GetAsync("/api/auth/providers");

        login.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        providers.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }
}
