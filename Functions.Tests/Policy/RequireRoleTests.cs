using System.Net;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>
/// Issue 11 item 4: the sample <c>[RequireRole("admin")]</c> function answers 200 to an admin, 401 without a valid
/// app JWT and 403 without the role, under both hosts: the worker (middleware) and standalone Kestrel (invoker);
/// so do the users functions.
/// </summary>
public sealed class RequireRoleTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Sample = "/api/auth/sample/admin";

    private GitHubStandIn _github = null!;

    public async ValueTask InitializeAsync() => _github = await GitHubStandIn.StartNewAsync();

    public async ValueTask DisposeAsync() => await _github.DisposeAsync();

    public static TheoryData<string> Hosts() => ["standalone", "worker"];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task The_admin_sample_lets_an_admin_in_and_refuses_everyone_else(string host)
    {
        var settings = _github.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["OAuth:Roles:admin:0"] = "github:583231";
        await using var app = await StartAsync(host, settings);

        var admin = await TokenAsync(app);
        _github.UserId = 42;
        var other = await TokenAsync(app);

        using (var ok = await GetAsync(app, admin))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
            body.GetProperty("subject").GetString().ShouldBe("github:583231");
            body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["admin"]);
        }

        // The users functions sit behind the same gate, and their {id} route takes a user id with its colon.
        using (var user = await GetAsync(app, admin, "/api/auth/users/github:42"))
        {
            user.StatusCode.ShouldBe(HttpStatusCode.OK);
            JsonDocument.Parse(await user.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString().ShouldBe("github:42");
        }

        await ShouldBeRefusedAsync(await GetAsync(app, other, "/api/auth/users"), HttpStatusCode.Forbidden, "insufficient_role", "insufficient_scope");
        await ShouldBeRefusedAsync(await GetAsync(app, other), HttpStatusCode.Forbidden, "insufficient_role", "insufficient_scope");
        await ShouldBeRefusedAsync(await GetAsync(app, null), HttpStatusCode.Unauthorized, "invalid_token", "invalid_token");
        await ShouldBeRefusedAsync(await GetAsync(app, admin[..^4] + "AAAA"), HttpStatusCode.Unauthorized, "invalid_token", "invalid_token");
        _github.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_admin_token_expires_like_any_other()
    {
        var settings = _github.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["OAuth:Roles:admin:0"] = "github";
        await using var app = await TestApp.StartAsync(settings, environment: "Production");
        var admin = await TokenAsync(app);

        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await ShouldBeRefusedAsync(await GetAsync(app, admin), HttpStatusCode.Unauthorized, "invalid_token", "invalid_token");
    }

    private static async Task<IAsyncDisposableApp> StartAsync(string host, Dictionary<string, string?> settings) => host == "worker"
        ? new IAsyncDisposableApp(await WorkerApp.StartAsync(settings, "Production"))
        : new IAsyncDisposableApp(await TestApp.StartAsync(settings, environment: "Production"));

    private static async Task<string> TokenAsync(IAppUnderTest app)
    {
        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);
        return (await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!)).GetProperty("access_token").GetString()!;
    }

    private static Task<HttpResponseMessage> GetAsync(IAppUnderTest app, string? token, string path = Sample)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return app.Browser.SendAsync(request);
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code, string challenge)
    {
        using (response)
        {
            response.StatusCode.ShouldBe(status);
            (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe(code);
            response.Headers.WwwAuthenticate.ToString().ShouldContain($"error=\"{challenge}\"");
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }
    }

    /// <summary>Either host behind one disposable, so the theory reads the same for both.</summary>
    private sealed class IAsyncDisposableApp(IAppUnderTest app) : IAppUnderTest, IAsyncDisposable
    {
        public HttpClient Browser => app.Browser;

        public Uri Address => app.Address;

        public Uri Local(string publicUrl) => app.Local(publicUrl);

        public ValueTask DisposeAsync() => ((IAsyncDisposable)app).DisposeAsync();
    }
}
