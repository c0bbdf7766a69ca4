using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

[assembly: AssemblyFixture(typeof(OidcProviderFixture))]

namespace AuthFunctions.Tests.Flow;

/// <summary>
/// Full sign-ins against a certified OpenID provider (npm oidc-provider on 127.0.0.1): discovery, PKCE,
/// nonce, RFC 9207 iss, id_token by JWKS, userinfo. google and microsoft are catalog entries pointed at it;
/// acme is a provider added by settings alone.
/// </summary>
public sealed class OidcSignInTests(OidcProviderFixture provider, AzuriteFixture azurite)
{
    private Task<TestApp> StartAppAsync(string id, string issuer, Dictionary<string, string?>? extra = null)
    {
        var client = provider.Client(id);
        var settings = new Dictionary<string, string?>
        {
            [$"OAuth:Providers:{id}:ClientId"] = client.ClientId,
            [$"OAuth:Providers:{id}:ClientSecret"] = client.ClientSecret,
            [$"OAuth:Providers:{id}:Issuer"] = issuer,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return TestApp.StartAsync(settings, environment: "Production");
    }

    private static async Task<System.Text.Json.JsonElement> SignInAsync(TestApp app, string id, Func<Uri, Task<Uri>> authorize)
    {
        var back = await Flows.SignInAsync(app, id, authorize);
        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        var session = await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new("Bearer", session.GetProperty("access_token").GetString());
        using var response = await app.Browser.SendAsync(me);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return session.GetProperty("user");
    }

    [Fact]
    public async Task Sign_in_with_google_by_discovery_against_a_real_OpenID_provider()
    {
        await using var app = await StartAppAsync("google", provider.Issuer);

        var user = await SignInAsync(app, "google", u => provider.AuthorizeAsync(u));

        user.GetProperty("id").GetString().ShouldBe("google:alice");
        user.GetProperty("name").GetString().ShouldBe("Alice Example");
        user.GetProperty("email").GetString().ShouldBe("alice@example.test");
        user.GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        user.GetProperty("avatarUrl").GetString().ShouldBe("https://example.test/alice.png");
    }

    [Fact]
    public async Task Sign_in_with_a_custom_OIDC_provider_added_by_settings_alone_uses_client_secret_basic_as_discovery_allows()
    {
        await using var app = await StartAppAsync("acme", provider.Issuer, new() { ["OAuth:Providers:acme:DisplayName"] = "Acme SSO" });

        var user = await SignInAsync(app, "acme", u => provider.AuthorizeAsync(u, loginHint: "bob"));

        user.GetProperty("id").GetString().ShouldBe("acme:bob");
        user.GetProperty("emailVerified").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_custom_OIDC_provider_registered_for_client_secret_post_signs_in_when_the_setting_says_so()
    {
        // By default a custom provider uses client_secret_basic (OIDC Discovery §3); this client only accepts post.
        await using var app = await StartAppAsync("acme-post", provider.Issuer, new() { ["OAuth:Providers:acme-post:TokenEndpointAuthMethod"] = "client_secret_post" });

        var user = await SignInAsync(app, "acme-post", u => provider.AuthorizeAsync(u, loginHint: "bob"));

        user.GetProperty("id").GetString().ShouldBe("acme-post:bob");
    }

    [Fact]
    public async Task Sign_in_with_microsoft_for_one_tenant_with_client_secret_basic()
    {
        const string tenant = "3c1f7a52-2c5d-4f7e-9a0b-6d2e8f1b4c7a";
        await using var entra = await OidcProviderFixture.StartAsync(new OidcProviderOptions
        {
            IssuerPath = $"/{tenant}/v2.0",
            ExtraIdTokenClaims = new Dictionary<string, object?> { ["tid"] = tenant },
        });
        await using var app = await StartAppAsync("microsoft", entra.Issuer, new() { ["OAuth:Providers:microsoft:Tenant"] = tenant });

        var user = await SignInAsync(app, "microsoft", u => entra.AuthorizeAsync(u));

        user.GetProperty("id").GetString().ShouldBe("microsoft:alice");
    }

    [Fact]
    public async Task The_real_provider_refuses_our_code_twice_and_we_send_the_user_back_with_an_error()
    {
        await using var app = await StartAppAsync("google", provider.Issuer);
        using var login = await Flows.LoginAsync(app, "google");
        var callback = await provider.AuthorizeAsync(login.Headers.Location!);
        System.Web.HttpUtility.ParseQueryString(callback.Query)["iss"].ShouldBe(provider.Issuer);

        // A second browser session replays the provider's answer with a fresh state of its own.
        using var first = await Flows.CallbackAsync(app, callback);
        first.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
        using var login2 = await Flows.LoginAsync(app, "google");
        var state2 = System.Web.HttpUtility.ParseQueryString(login2.Headers.Location!.Query)["state"];
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"];
        using var replay = await Flows.CallbackAsync(app, new Uri($"{TestApp.PublicBaseUrl}/api/auth/google/callback?code={code}&state={state2}&iss={Uri.EscapeDataString(provider.Issuer)}"));

        replay.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=provider_error");
    }
}

/// <summary>RP-initiated logout: the provider's session ends too, and the browser lands back on the SPA.</summary>
public sealed class ProviderLogoutTests(OidcProviderFixture provider)
{
    [Fact]
    public async Task Logout_ends_the_cookie_session_by_POST_then_the_providers_session_and_returns_to_the_SPA()
    {
        var client = provider.Client("google");
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:Providers:google:ClientId"] = client.ClientId,
            ["OAuth:Providers:google:ClientSecret"] = client.ClientSecret,
            ["OAuth:Providers:google:Issuer"] = provider.Issuer,
        }, "Production");
        var providerCookies = new System.Net.CookieContainer();
        using var login = await Flows.LoginAsync(app, "google", extraQuery: "&mode=cookie");
        using var signedIn = await Flows.CallbackAsync(app, await provider.AuthorizeAsync(login.Headers.Location!, cookies: providerCookies));
        signedIn.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl);
        (await app.Browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // As client.js signOut({ provider }) does: our session ends by POST (CSRF header), then the provider's by GET.
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        post.Headers.Add("X-CSRF", "1");
        (await app.Browser.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var logout = await app.Browser.GetAsync("/api/auth/google/logout?return_url=" + Uri.EscapeDataString(TestApp.SpaUrl));
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var endSession = logout.Headers.Location!;
        endSession.ToString().ShouldStartWith(provider.Issuer);
        System.Web.HttpUtility.ParseQueryString(endSession.Query)["post_logout_redirect_uri"].ShouldBe(TestApp.PublicBaseUrl + "/api/auth/google/logout");
        var backFromProvider = await provider.EndSessionAsync(endSession, providerCookies);
        using var landed = await app.Browser.GetAsync(app.Local(backFromProvider.ToString()));

        landed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        landed.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl);
        (await app.Browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var replay = await app.Browser.GetAsync(app.Local(backFromProvider.ToString()));
        replay.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Logout_for_a_provider_without_end_session_goes_straight_back_and_refuses_foreign_return_urls()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());

        using var ok = await app.Browser.GetAsync("/api/auth/dev/logout?return_url=" + Uri.EscapeDataString(TestApp.SpaUrl));
        using var evil = await app.Browser.GetAsync("/api/auth/dev/logout?return_url=" + Uri.EscapeDataString("https://evil.example/"));

        ok.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl);
        evil.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        evil.Headers.Location.ShouldBeNull();
    }
}
