using System.Net;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>The cross-cutting parts of the HTTP contract: headers, CORS, the provider list, the timer function.</summary>
public sealed class HttpContractTests : IAsyncLifetime
{
    private TestApp _app = null!;

    // TestApp leaves the standalone sweep out, so it cannot race the timer invocation under test.
    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(new Dictionary<string, string?>());

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/api/auth/providers")]
    [InlineData("/api/auth/jwks")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/auth/dev/login?return_url=https%3A%2F%2Fevil.example")]
    [InlineData("/api/auth/dev/callback")]
    public async Task Every_auth_response_is_no_store_and_no_referrer(string path)
    {
        using var response = await _app.Browser.GetAsync(path);

        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task CORS_preflight_is_allowed_for_a_configured_SPA_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/auth/session");
        request.Headers.Add("Origin", "http://localhost:5173");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await _app.Browser.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("http://localhost:5173");
    }

    [Fact]
    public async Task CORS_is_not_granted_to_another_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/providers");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await _app.Browser.SendAsync(request);

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task The_provider_list_gives_each_enabled_providers_login_url()
    {
        var list = JsonDocument.Parse(await _app.Browser.GetStringAsync("/api/auth/providers")).RootElement;

        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("id").GetString().ShouldBe("dev");
        list[0].GetProperty("loginUrl").GetString().ShouldBe(TestApp.PublicBaseUrl + "/api/auth/dev/login");
    }

    [Fact]
    public async Task The_jwks_publishes_one_ES256_public_key_and_no_private_part()
    {
        var key = JsonDocument.Parse(await _app.Browser.GetStringAsync("/api/auth/jwks")).RootElement.GetProperty("keys")[0];

        key.GetProperty("kty").GetString().ShouldBe("EC");
        key.GetProperty("alg").GetString().ShouldBe("ES256");
        key.TryGetProperty("d", out _).ShouldBeFalse();
    }
}

/// <summary>Standalone there is no timer trigger: a hosted service sweeps on the same schedule, every table.</summary>
public sealed class CleanupServiceTests
{
    private static async Task<int> RowsAsync(TestApp app)
    {
        var tables = app.Services.GetRequiredService<AuthFunctions.Storage.ITableClient>();
        var count = 0;
        foreach (var table in app.Services.GetRequiredService<AuthFunctions.Storage.ExpiredRowSweeper>().Tables)
        {
            await foreach (var _ in tables.QueryExpiredAsync(table, DateTimeOffset.MaxValue, CancellationToken.None))
            {
                count++;
            }
        }

        return count;
    }

    [Fact]
    public async Task The_standalone_cleanup_service_sweeps_expired_state_handoffs_and_refresh_tokens()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(), sweeper: true);
        await Flows.DevSignInAsync(app);
        using (await Flows.LoginAsync(app, "dev"))
        {
        }

        var before = await RowsAsync(app);
        app.Time.Advance(TimeSpan.FromMinutes(4));
        (await RowsAsync(app)).ShouldBe(before);
        app.Time.Advance(TimeSpan.FromDays(91));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await RowsAsync(app) > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        before.ShouldBeGreaterThanOrEqualTo(3); // a login state, a refresh token and its family at least
    }
}

/// <summary>The Development-only dev provider, driven through its sign-in page as a person would.</summary>
public sealed class DevSignInTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_newcomer_signs_in_with_the_dev_provider(bool withAzurite)
    {
        await using var app = await TestApp.StartAsync(withAzurite
            ? new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }
            : new Dictionary<string, string?>());

        var user = (await Flows.DevSignInAsync(app, "Grace Hopper", "grace@example.test")).GetProperty("user");

        user.GetProperty("id").GetString().ShouldBe("dev:grace@example.test");
        user.GetProperty("name").GetString().ShouldBe("Grace Hopper");
    }

    [Fact]
    public async Task The_dev_sign_in_page_refuses_a_foreign_redirect_uri()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());

        using var response = await app.Browser.GetAsync("/api/auth/dev/authorize?redirect_uri=https%3A%2F%2Fevil.example%2Fcb&state=s&code_challenge=" + new string('a', 43) + "&code_challenge_method=S256");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_home_page_is_served_in_Development()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());

        var html = await app.Browser.GetStringAsync("/");

        html.ShouldContain("<h1>Sign-in demo</h1>");
        html.ShouldContain("/api/auth/client.js");
    }
}
