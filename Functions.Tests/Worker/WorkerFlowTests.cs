using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Worker;

/// <summary>
/// The sign-in flows through the real built worker under the protocol test host, on Azurite: what the Functions
/// host does in Azure or under <c>func start</c>. The other flow tests run the same function methods on Kestrel.
/// </summary>
public sealed class WorkerFlowTests(AzuriteFixture azurite, OidcProviderFixture oidc)
{
    private Dictionary<string, string?> Storage() => new() { ["AzureWebJobsStorage"] = azurite.ConnectionString };

    private static async Task<JsonElement> MeAsync(WorkerApp app, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await app.Browser.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_dev_sign_in_then_me_refresh_and_logout_work_through_the_worker()
    {
        await using var app = await WorkerApp.StartAsync(Storage());

        var session = await Flows.DevSignInAsync(app);
        (await MeAsync(app, session.GetProperty("access_token").GetString()!)).GetProperty("id").GetString().ShouldBe("dev:ada@example.test");

        var refreshToken = session.GetProperty("refresh_token").GetString()!;
        using var refreshed = await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = refreshToken });
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
        var next = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement.GetProperty("refresh_token").GetString()!;

        using var logout = await app.Browser.PostAsJsonAsync("/api/auth/logout", new Dictionary<string, string> { ["refresh_token"] = next });
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var afterLogout = await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = next });
        afterLogout.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        app.Output.ShouldNotContain(refreshToken);
    }

    [Fact]
    public async Task A_GitHub_sign_in_against_the_stand_in_works_through_the_worker_in_Production()
    {
        await using var github = await GitHubStandIn.StartNewAsync();
        var settings = github.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var app = await WorkerApp.StartAsync(settings, "Production");

        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);
        var session = await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);

        (await MeAsync(app, session.GetProperty("access_token").GetString()!)).GetProperty("id").GetString().ShouldBe("github:583231");
        github.Unexpected.ShouldBeEmpty();
        app.Output.ShouldNotContain("code=");
        app.Output.ShouldNotContain("state=");
    }

    [Fact]
    public async Task An_OIDC_sign_in_against_a_real_OpenID_provider_works_through_the_worker()
    {
        var client = oidc.Client("google");
        var settings = Storage();
        settings["OAuth:Providers:google:ClientId"] = client.ClientId;
        settings["OAuth:Providers:google:ClientSecret"] = client.ClientSecret;
        settings["OAuth:Providers:google:Issuer"] = oidc.Issuer;
        await using var app = await WorkerApp.StartAsync(settings, "Production");

        var back = await Flows.SignInAsync(app, "google", u => oidc.AuthorizeAsync(u));
        var session = await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);

        session.GetProperty("user").GetProperty("id").GetString().ShouldBe("google:alice");
    }

    [Fact]
    public async Task A_form_post_callback_is_accepted_through_the_worker()
    {
        await using var github = await GitHubStandIn.StartNewAsync();
        var settings = github.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var app = await WorkerApp.StartAsync(settings, "Production");
        using var login = await Flows.LoginAsync(app, "github");
        var callback = await Flows.ApproveAtStandInAsync(login.Headers.Location!);
        var q = System.Web.HttpUtility.ParseQueryString(callback.Query);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = q["code"]!, ["state"] = q["state"]! });
        using var done = await app.Browser.PostAsync("/api/auth/github/callback", form);

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        done.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
    }

    [Fact]
    public async Task Cookie_mode_sets_an_HttpOnly_session_and_refresh_needs_the_CSRF_header_through_the_worker()
    {
        await using var app = await WorkerApp.StartAsync(Storage());

        using var back = await Flows.DevLoginAsync(app, "&mode=cookie");
        back.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("auth-session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        JsonDocument.Parse(await app.Browser.GetStringAsync("/api/auth/me")).RootElement.GetProperty("id").GetString().ShouldBe("dev:ada@example.test");

        using var withoutHeader = await app.Browser.PostAsync("/api/auth/refresh", null);
        withoutHeader.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh");
        request.Headers.Add("X-CSRF", "1");
        using var withHeader = await app.Browser.SendAsync(request);
        withHeader.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_CORS_preflight_from_the_SPA_origin_is_answered_and_another_origin_gets_no_grant()
    {
        await using var app = await WorkerApp.StartAsync(Storage());

        using var allowed = await app.Browser.SendAsync(Preflight("http://localhost:5173"));
        using var other = await app.Browser.SendAsync(Preflight("https://evil.example"));

        allowed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["http://localhost:5173"]);
        allowed.Headers.GetValues("Access-Control-Allow-Credentials").ShouldBe(["true"]);
        other.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/auth/session");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    [Fact]
    public async Task With_storage_down_a_login_answers_503_problem_json_and_stores_nothing()
    {
        var closed = AzuriteFixture.FreePort();
        await using var app = await WorkerApp.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};TableEndpoint=http://127.0.0.1:{closed}/{AzuriteFixture.AccountName}",
        });

        using var login = await Flows.LoginAsync(app, "dev");

        login.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await Flows.ProblemAsync(login)).GetProperty("code").GetString().ShouldBe("storage_unavailable");
        login.Headers.CacheControl!.NoStore.ShouldBeTrue();
        login.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task The_cleanup_timer_deletes_expired_rows_and_keeps_live_ones()
    {
        var tables = azurite.CreateTableClient();
        var table = TableTicketStore.TableName(TicketKind.LoginState);
        await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        string expired = Crypto.RandomToken(), live = Crypto.RandomToken();
        (await tables.InsertAsync(table, new TableRow(expired, "t", now.AddMinutes(-1), "{}"), CancellationToken.None)).ShouldBeTrue();
        (await tables.InsertAsync(table, new TableRow(live, "t", now.AddMinutes(10), "{}"), CancellationToken.None)).ShouldBeTrue();
        await using var app = await WorkerApp.StartAsync(Storage());

        var result = await app.Host.InvokeAsync("CleanupExpired");

        result.Succeeded.ShouldBeTrue(result.ExceptionMessage);
        (await tables.GetAsync(table, expired, "t", CancellationToken.None)).ShouldBeNull();
        (await tables.GetAsync(table, live, "t", CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_dev_function_can_be_switched_off_by_its_app_setting()
    {
        var settings = Storage();
        settings["AzureWebJobs.dev.Disabled"] = "true";
        await using var app = await WorkerApp.StartAsync(settings);

        using var login = await Flows.LoginAsync(app, "dev");
        using var providers = await app.Browser.GetAsync("/api/auth/providers");

        login.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        providers.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
