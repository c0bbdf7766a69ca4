using System.Net;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Sessions;

/// <summary>Cookie mode: the session is an HttpOnly cookie; state-changing requests need the CSRF header.</summary>
public sealed class CookieModeTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(new Dictionary<string, string?>());

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task SignInWithCookieAsync()
    {
        using var back = await Flows.DevLoginAsync(_app, "&mode=cookie");
        back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        back.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl);
        var cookie = back.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("auth-session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
    }

    private HttpRequestMessage Post(string path, bool csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (csrf)
        {
            request.Headers.Add("X-CSRF", "1");
        }

        return request;
    }

    [Fact]
    public async Task After_a_cookie_mode_sign_in_me_answers_from_the_cookie_alone()
    {
        await SignInWithCookieAsync();

        var me = JsonDocument.Parse(await _app.Browser.GetStringAsync("/api/auth/me")).RootElement;

        me.GetProperty("id").GetString().ShouldBe("dev:ada@example.test");
    }

    [Fact]
    public async Task Refresh_with_the_cookie_and_the_CSRF_header_rotates_the_cookie_and_returns_no_refresh_token()
    {
        await SignInWithCookieAsync();

        using var response = await _app.Browser.SendAsync(Post("/api/auth/refresh", csrf: true));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        body.GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("auth-session=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/auth/refresh")]
    [InlineData("/api/auth/logout")]
    public async Task A_cookie_mode_request_without_the_CSRF_header_is_refused(string path)
    {
        await SignInWithCookieAsync();

        using var response = await _app.Browser.SendAsync(Post(path, csrf: false));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("csrf_header_required");
        (await _app.Browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_with_the_CSRF_header_revokes_the_session_and_clears_the_cookie()
    {
        await SignInWithCookieAsync();

        using var logout = await _app.Browser.SendAsync(Post("/api/auth/logout", csrf: true));

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        logout.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("auth-session=;", StringComparison.Ordinal));
        (await _app.Browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_mode_is_refused_at_login()
    {
        using var response = await Flows.LoginAsync(_app, "dev", extraQuery: "&mode=implicit");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("invalid_mode");
    }

    [Fact]
    public async Task CORS_preflight_allows_the_CSRF_header_with_credentials_for_an_SPA_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/auth/refresh");
        request.Headers.Add("Origin", "http://localhost:5173");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-csrf");

        using var response = await _app.Browser.SendAsync(request);

        response.Headers.GetValues("Access-Control-Allow-Credentials").Single().ShouldBe("true");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldContain("X-CSRF", Case.Insensitive);
    }
}

/// <summary>GET /api/auth/client.js: an ES module with the right type and cache headers.</summary>
public sealed class ClientScriptTests
{
    [Fact]
    public async Task Client_js_is_served_as_a_cacheable_javascript_module_loadable_from_any_origin()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:Providers:github:ClientId"] = "client",
            ["OAuth:Providers:github:ClientSecret"] = "secret",
        }, "Production");

        using var response = await app.Browser.GetAsync("/api/auth/client.js");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/javascript; charset=utf-8");
        response.Headers.CacheControl!.Public.ShouldBeTrue();
        response.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromHours(1));
        response.Headers.CacheControl.NoStore.ShouldBeFalse();
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("*");
        var js = await response.Content.ReadAsStringAsync();
        foreach (var export in new[] { "signIn", "handleRedirect", "getUser", "fetchWithAuth", "signOut" })
        {
            js.ShouldContain($"export async function {export}(");
        }

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/auth/client.js");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        using var notModified = await app.Browser.SendAsync(conditional);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }
}
