using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>The steps of a sign-in as a browser performs them, for tests to compose.</summary>
public static class Flows
{
    /// <summary>The SPA's PKCE verifier every test sign-in uses (RFC 7636 appendix B), and its S256 challenge.</summary>
    public const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    public const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static readonly HttpClient Provider = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>GET /api/auth/{provider}/login with the SPA's code_challenge, as client.js sends it; the response as is.</summary>
    public static Task<HttpResponseMessage> LoginAsync(
        IAppUnderTest app, string provider, string? returnUrl = TestApp.SpaUrl, string extraQuery = "", bool challenge = true)
    {
        var query = returnUrl is null ? "?" : "?return_url=" + Uri.EscapeDataString(returnUrl);
        var pkce = challenge && !extraQuery.Contains("code_challenge=", StringComparison.Ordinal) ? $"&code_challenge={Challenge}&code_challenge_method=S256" : "";
        return app.Browser.GetAsync($"{Routes.Provider(provider)}/login{query}{pkce}{extraQuery}");
    }

    /// <summary>A provider that approves at once: its authorization endpoint redirects straight back.</summary>
    public static async Task<Uri> ApproveAtStandInAsync(Uri authorizationUrl)
    {
        using var response = await Provider.GetAsync(authorizationUrl);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    /// <summary>Follows the provider's redirect to our callback, in the browser that started the login.</summary>
    public static Task<HttpResponseMessage> CallbackAsync(IAppUnderTest app, Uri callback) => app.Browser.GetAsync(app.Local(callback.ToString()));

    /// <summary>Login → provider → callback; returns where the callback sent the browser (or fails the test).</summary>
    public static async Task<string> SignInAsync(IAppUnderTest app, string provider, Func<Uri, Task<Uri>> approve, string extraQuery = "")
    {
        using var login = await LoginAsync(app, provider, extraQuery: extraQuery);
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        var callback = await approve(login.Headers.Location!);
        using var done = await CallbackAsync(app, callback);
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        return done.Headers.Location!.ToString();
    }

    /// <summary>A value from the fragment of <c>return_url#name=value</c>.</summary>
    public static string? Fragment(string url, string name)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            return null;
        }

        foreach (var part in url[(hash + 1)..].Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq] == name)
            {
                return Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return null;
    }

    /// <summary>
    /// The dev provider as a person uses it: login, its sign-in page (which must show the form), the form posted,
    /// the callback. Returns the callback's response.
    /// </summary>
    public static async Task<HttpResponseMessage> DevLoginAsync(
        IAppUnderTest app, string extraQuery = "", string name = "Ada Lovelace", string email = "ada@example.test", bool challenge = true,
        string returnUrl = TestApp.SpaUrl)
    {
        using var login = await LoginAsync(app, "dev", returnUrl, extraQuery, challenge);
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        var page = app.Local(login.Headers.Location!.ToString());
        (await app.Browser.GetStringAsync(page)).ShouldContain("<form method=\"post\"");
        var q = System.Web.HttpUtility.ParseQueryString(page.Query);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["state"] = q["state"]!, ["redirect_uri"] = q["redirect_uri"]!, ["code_challenge"] = q["code_challenge"]!,
            ["code_challenge_method"] = "S256", ["name"] = name, ["email"] = email,
        });
        using var submitted = await app.Browser.PostAsync("/api/auth/dev/authorize", form);
        return await CallbackAsync(app, submitted.Headers.Location!);
    }

    /// <summary>A dev sign-in through to the redeemed session JSON.</summary>
    public static async Task<JsonElement> DevSignInAsync(IAppUnderTest app, string name = "Ada Lovelace", string email = "ada@example.test")
    {
        using var back = await DevLoginAsync(app, name: name, email: email);
        return await RedeemAsync(app, Fragment(back.Headers.Location!.ToString(), "code")!);
    }

    public static Task<HttpResponseMessage> SessionAsync(IAppUnderTest app, string code, string? verifier = null) =>
        app.Browser.PostAsJsonAsync("/api/auth/session", verifier is null
            ? new Dictionary<string, string> { ["code"] = code }
            : new Dictionary<string, string> { ["code"] = code, ["code_verifier"] = verifier });

    /// <summary>Redeems the handoff code and returns the session JSON.</summary>
    public static async Task<JsonElement> RedeemAsync(IAppUnderTest app, string code, string? verifier = Verifier)
    {
        using var response = await SessionAsync(app, code, verifier);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
