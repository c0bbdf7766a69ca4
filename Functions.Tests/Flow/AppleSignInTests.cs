using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Flow;

/// <summary>
/// Sign in with Apple against its loopback stand-in, the app on Kestrel: the form_post authorization request, the
/// posted callback with the first-sign-in <c>user</c> field, the minted client secret, and the binding cookie a
/// cross-site POST can carry.
/// </summary>
public sealed class AppleSignInTests : IAsyncLifetime
{
    private const string HttpsBase = "https://auth.example";
    private const string HttpsSpa = "https://app.example/";
    private AppleStandIn _apple = null!;

    public async ValueTask InitializeAsync() => _apple = await AppleStandIn.StartNewAsync();

    public async ValueTask DisposeAsync() => await _apple.DisposeAsync();

    private async Task<TestApp> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = _apple.Settings();
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var app = await TestApp.StartAsync(settings);
        _apple.Now = app.Time.GetUtcNow;
        return app;
    }

    private static Dictionary<string, string?> Https() => new() { ["OAuth:PublicBaseUrl"] = HttpsBase, ["OAuth:AllowedReturnUrls:0"] = HttpsSpa };

    /// <summary>Login, Apple's page, and its form posted to the callback by <paramref name="app"/>'s browser.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(TestApp app, Action<Dictionary<string, string>>? spoil = null)
    {
        using var login = await Flows.LoginAsync(app, "apple");
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        var (action, fields) = await AppleStandIn.ApproveAsync(login.Headers.Location!);
        spoil?.Invoke(fields);
        using var form = new FormUrlEncodedContent(fields);
        return await app.Browser.PostAsync(app.Local(action.ToString()), form);
    }

    [Fact]
    public async Task The_authorization_request_asks_for_a_form_post_with_Apples_scopes_a_nonce_and_no_PKCE()
    {
        await using var app = await StartAsync();

        using var login = await Flows.LoginAsync(app, "apple");

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = login.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(_apple.Issuer + "/auth/authorize");
        var q = System.Web.HttpUtility.ParseQueryString(location.Query);
        q["response_mode"].ShouldBe("form_post");
        q["response_type"].ShouldBe("code");
        q["scope"].ShouldBe("openid name email");
        q["client_id"].ShouldBe(AppleStandIn.ClientId);
        q["redirect_uri"].ShouldBe(TestApp.PublicBaseUrl + "/api/auth/apple/callback");
        q["nonce"].ShouldNotBeNullOrEmpty();
        q["code_challenge"].ShouldBeNull();
    }

    [Fact]
    public async Task A_first_sign_in_takes_the_name_from_the_posted_user_field_and_the_email_from_the_id_token()
    {
        _apple.FirstUserField = """{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"attacker@evil.example"}""";
        await using var app = await StartAsync();

        using var done = await SignInAsync(app);

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        var user = (await Flows.RedeemAsync(app, Flows.Fragment(done.Headers.Location!.ToString(), "code")!)).GetProperty("user");
        user.GetProperty("id").GetString().ShouldBe("apple:" + AppleStandIn.Subject);
        user.GetProperty("name").GetString().ShouldBe("Ada Lovelace");
        user.GetProperty("email").GetString().ShouldBe(AppleStandIn.Email, "the email comes from the signed id_token, never the posted field");
        user.GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        _apple.Unexpected.ShouldBeEmpty();
        AppleClientSecretRules.Problem(_apple.AcceptedSecrets.Single(), _apple.DeveloperKey, AppleStandIn.KeyId, AppleStandIn.TeamId, AppleStandIn.ClientId, app.Time.GetUtcNow())
            .ShouldBeNull();
    }

    [Fact]
    public async Task A_later_sign_in_without_the_user_field_keeps_the_name_of_the_first_and_reuses_the_client_secret()
    {
        await using var app = await StartAsync();
        using var first = await SignInAsync(app);

        using var second = await SignInAsync(app);

        var user = (await Flows.RedeemAsync(app, Flows.Fragment(second.Headers.Location!.ToString(), "code")!)).GetProperty("user");
        user.GetProperty("id").GetString().ShouldBe("apple:" + AppleStandIn.Subject);
        user.GetProperty("name").GetString().ShouldBe("Ada Lovelace", "Apple posted it once; the users table remembers it");
        _apple.AcceptedSecrets.Distinct().Count().ShouldBe(1);
        _apple.Unexpected.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"name\":[1,2,3]}")]
    [InlineData("\"Ada\"")]
    public async Task Junk_in_the_user_field_is_ignored_and_the_sign_in_still_works(string junk)
    {
        _apple.FirstUserField = junk;
        await using var app = await StartAsync();

        using var done = await SignInAsync(app);

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        var user = (await Flows.RedeemAsync(app, Flows.Fragment(done.Headers.Location!.ToString(), "code")!)).GetProperty("user");
        user.GetProperty("name").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_user_who_cancels_at_Apple_comes_back_with_access_denied()
    {
        await using var app = await StartAsync();

        using var done = await SignInAsync(app, fields =>
        {
            // Apple's form_post when the user cancels: state and error, no code.
            fields.Remove("code");
            fields.Remove("user");
            fields["error"] = "user_cancelled_authorize";
        });

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=access_denied");
    }

    [Fact]
    public async Task A_repeated_user_field_is_a_bad_request()
    {
        await using var app = await StartAsync();
        using var login = await Flows.LoginAsync(app, "apple");
        var (action, fields) = await AppleStandIn.ApproveAsync(login.Headers.Location!);
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("user", "{}")).Append(new("user", "{}"));

        using var form = new FormUrlEncodedContent(pairs);
        using var done = await app.Browser.PostAsync(app.Local(action.ToString()), form);

        done.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_client_secret_Apple_refuses_sends_the_user_back_with_an_error_not_a_500()
    {
        await using var app = await StartAsync(new() { ["OAuth:Providers:apple:TeamId"] = "OTHERTEAM1" });

        using var done = await SignInAsync(app);

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=provider_error");
        _apple.Unexpected.ShouldContain(u => u.Contains("invalid_client", StringComparison.Ordinal) || u.Contains("claims", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Over_https_the_form_post_login_sets_a_SameSite_None_Secure_Host_cookie_that_the_posted_callback_takes()
    {
        await using var app = await StartAsync(Https());

        using var login = await Flows.LoginAsync(app, "apple", HttpsSpa);

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldStartWith("__Host-auth-binding-post=");
        cookie.ShouldContain("samesite=none", Case.Insensitive);
        cookie.ShouldContain("secure", Case.Insensitive);
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("path=/;", Case.Insensitive);
        cookie.ShouldNotContain("domain", Case.Insensitive);

        // Apple's page posts from appleid.apple.com: a browser sends the SameSite=None cookie with it, and only that one.
        var (action, fields) = await AppleStandIn.ApproveAsync(login.Headers.Location!);
        action.ToString().ShouldBe(HttpsBase + "/api/auth/apple/callback");
        using var crossSite = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Address };
        using var post = new HttpRequestMessage(HttpMethod.Post, app.Local(action.ToString())) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", cookie.Split(';')[0]);
        post.Headers.Add("Origin", "https://appleid.apple.com");
        using var done = await crossSite.SendAsync(post);

        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        done.Headers.Location!.ToString().ShouldStartWith(HttpsSpa + "#code=");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("github")]
    public async Task Over_https_other_providers_keep_their_Lax_binding_cookie(string provider)
    {
        await using var github = await GitHubStandIn.StartNewAsync();
        var settings = Https();
        foreach (var (k, v) in github.Settings())
        {
            settings[k] = v;
        }

        await using var app = await StartAsync(settings);

        using var login = await Flows.LoginAsync(app, provider, HttpsSpa);

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldStartWith("__Host-auth-binding=");
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
        cookie.ShouldNotContain("samesite=none", Case.Insensitive);
    }

    [Fact]
    public async Task On_plain_http_the_form_post_login_keeps_a_Lax_cookie_since_browsers_drop_SameSite_None_without_Secure()
    {
        await using var app = await StartAsync();

        using var login = await Flows.LoginAsync(app, "apple");

        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldStartWith("auth-binding-post=");
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
        cookie.ShouldNotContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task A_posted_callback_from_a_browser_without_the_binding_cookie_is_refused()
    {
        await using var app = await StartAsync();
        using var login = await Flows.LoginAsync(app, "apple");
        var (action, fields) = await AppleStandIn.ApproveAsync(login.Headers.Location!);

        using var otherBrowser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var form = new FormUrlEncodedContent(fields);
        using var done = await otherBrowser.PostAsync(app.Local(action.ToString()), form);

        done.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(done)).GetProperty("code").GetString().ShouldBe("invalid_state");
    }
}
