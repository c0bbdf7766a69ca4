using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>State is one-time, expires, is bound to the browser that started the login and belongs to one provider.</summary>
public sealed class StateTests(AzuriteFixture azurite) : GitHubOnAzurite(azurite)
{
    private OidcStandIn _oidc = null!;

    protected override async Task<Dictionary<string, string?>> MoreSettingsAsync()
    {
        _oidc = await OidcStandIn.StartNewAsync();
        return _oidc.Settings();
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _oidc.Now = App.Time.GetUtcNow;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _oidc.DisposeAsync();
    }

    private async Task<Uri> CallbackFromGitHubAsync()
    {
        using var login = await Flows.LoginAsync(App, "github");
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return await Flows.ApproveAtStandInAsync(login.Headers.Location!);
    }

    private static async Task ShouldBeInvalidStateAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("invalid_state");
    }

    [Fact]
    public async Task Callback_without_state_is_refused()
    {
        using var response = await App.Browser.GetAsync("/api/auth/github/callback?code=abc");
        await ShouldBeInvalidStateAsync(response);
    }

    [Fact]
    public async Task Callback_with_unknown_state_is_refused()
    {
        using var response = await App.Browser.GetAsync("/api/auth/github/callback?code=abc&state=" + new string('A', 43));
        await ShouldBeInvalidStateAsync(response);
    }

    [Fact]
    public async Task Callback_with_expired_state_is_refused()
    {
        var callback = await CallbackFromGitHubAsync();
        App.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        using var response = await Flows.CallbackAsync(App, callback);

        await ShouldBeInvalidStateAsync(response);
    }

    [Fact]
    public async Task Callback_just_before_expiry_still_works()
    {
        var callback = await CallbackFromGitHubAsync();
        App.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        using var response = await Flows.CallbackAsync(App, callback);

        response.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
    }

    [Fact]
    public async Task Callback_replayed_is_refused()
    {
        var callback = await CallbackFromGitHubAsync();
        using var first = await Flows.CallbackAsync(App, callback);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var second = await Flows.CallbackAsync(App, callback);

        await ShouldBeInvalidStateAsync(second);
    }

    [Fact]
    public async Task State_from_one_provider_is_refused_at_another_providers_callback()
    {
        var callback = await CallbackFromGitHubAsync();
        var other = new Uri(callback.ToString().Replace("/api/auth/github/", "/api/auth/custom/standin/", StringComparison.Ordinal));

        using var response = await Flows.CallbackAsync(App, other);

        await ShouldBeInvalidStateAsync(response);
    }

    [Fact]
    public async Task Callback_without_the_binding_cookie_is_refused()
    {
        var callback = await CallbackFromGitHubAsync();
        using var otherBrowser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.Address };

        using var response = await otherBrowser.GetAsync(App.Local(callback.ToString()));

        await ShouldBeInvalidStateAsync(response);
    }

    [Fact]
    public async Task Callback_with_another_browsers_binding_cookie_is_refused()
    {
        var callback = await CallbackFromGitHubAsync();
        using var attacker = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, App.Local(callback.ToString()));
        request.Headers.Add("Cookie", "auth-binding=" + new string('B', 43));

        using var response = await attacker.SendAsync(request);

        await ShouldBeInvalidStateAsync(response);
    }

    [Fact]
    public async Task Twenty_concurrent_callbacks_with_one_state_make_exactly_one_session()
    {
        var callback = await CallbackFromGitHubAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Flows.CallbackAsync(App, callback)));

        var codes = responses.Where(r => r.StatusCode == HttpStatusCode.Redirect)
            .Select(r => Flows.Fragment(r.Headers.Location!.ToString(), "code")).ToList();
        codes.Count.ShouldBe(1);
        codes[0].ShouldNotBeNull();
        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).ShouldBe(19);
        (await Flows.RedeemAsync(App, codes[0]!)).GetProperty("user").GetProperty("id").GetString().ShouldBe("github:583231");
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task Two_logins_in_two_tabs_of_one_browser_both_complete()
    {
        var first = await CallbackFromGitHubAsync();
        var second = await CallbackFromGitHubAsync();

        using var a = await Flows.CallbackAsync(App, first);
        using var b = await Flows.CallbackAsync(App, second);

        a.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
        b.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
    }

    [Fact]
    public async Task The_state_row_is_stored_hashed_never_as_the_state_value()
    {
        using var login = await Flows.LoginAsync(App, "github");
        var state = System.Web.HttpUtility.ParseQueryString(login.Headers.Location!.Query)["state"]!;
        var client = Azurite.CreateTableClient();

        (await client.GetAsync("LoginStates", state, "t", CancellationToken.None)).ShouldBeNull();
        (await client.GetAsync("LoginStates", AuthFunctions.Core.Crypto.Hash(state), "t", CancellationToken.None)).ShouldNotBeNull();
    }
}

/// <summary>Over https the binding cookie takes the __Host- prefix: Secure, Path=/, no Domain, so no sibling subdomain can plant it.</summary>
public sealed class BindingCookieTests
{
    [Fact]
    public async Task Over_https_the_binding_cookie_is_a_Secure_Host_prefixed_HttpOnly_Lax_cookie()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:PublicBaseUrl"] = "https://auth.example",
            ["OAuth:AllowedReturnUrls:0"] = "https://app.example/",
        });

        using var login = await Flows.LoginAsync(app, "dev", "https://app.example/");

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldStartWith("__Host-auth-binding=");
        cookie.ShouldContain("secure", Case.Insensitive);
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
        cookie.ShouldContain("path=/;", Case.Insensitive);
        cookie.ShouldNotContain("domain", Case.Insensitive);
        login.Headers.Location!.ToString().ShouldStartWith("https://auth.example/api/auth/dev/authorize?");
    }
}
